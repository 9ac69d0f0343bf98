// A management session (K-FLOW): Package#1 to the SrvURI, then for each Package#2 run its commands and
// answer with a Package#3 at the URL of the latest CONT, until a Package#2 holds END. An HTTP 4xx/5xx,
// an answer that is not a Package#2, or a TLS failure aborts the session without retry.
import { ALERT, MT, cborOf, decodeBody, mediaType } from '../common/media.ts';
import { fromWire } from './wire-values.ts';
import type { Account } from './acl.ts';
import { runCommand, type SessionState, type Status } from './commands.ts';
import type { Device } from './device.ts';
import { postPackage } from './package-post.ts';
import { MOID } from './moid.ts';
import { fault } from '../common/faults.ts';

export interface Alert {
  AlertType: string;
  SourceURI?: string;
  TargetURI?: string;
  Mark?: string;
  DataType?: string;
  Data?: unknown;
}

export interface SessionRequest {
  url?: string;
  reason: string;
  alerts: Alert[];
}

const MAX_PACKAGES = 1000;

function isPackage2(v: unknown): v is { CMD: unknown[][] } {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const keys = Object.keys(v);
  if (keys.length !== 1 || keys[0] !== 'CMD') return false;
  const cmd = (v as { CMD: unknown }).CMD;
  return Array.isArray(cmd) && cmd.every((c) => Array.isArray(c) && typeof c[0] === 'string');
}

export async function runSession(device: Device, account: Account, req: SessionRequest, started: () => void): Promise<void> {
  const url = req.url ?? account.srvUri;
  const info = device.tree.get(MOID.sessionInfo, '1');
  if (info) {
    device.tree.deviceSet(info, ['CBT'], new Date().toISOString());
    device.tree.deviceSet(info, ['Reason'], req.reason);
  }
  const result = (r: string): void => {
    if (info) device.tree.deviceSet(info, ['LastSessionResult'], r);
    device.log(`session with ${account.srvId}: ${r}`);
  };
  if (!url.toLowerCase().startsWith('https://')) {
    started();
    result('aborted');
    device.log(`refusing to open a session over ${url}: TLS only`);
    return;
  }
  const s: SessionState = {
    account,
    actor: { kind: 'server', srvId: account.srvId },
    origins: new Set([new URL(account.srvUri).origin, new URL(url).origin]),
  };
  const alerts = [...req.alerts];
  const mos = device.mosFor(s.actor);
  let target = url;
  let type: string = MT.initiation;
  let body: unknown = { MOS: mos, Alert: alerts };
  started();
  for (let n = 0; n < MAX_PACKAGES; n++) {
    const res = await postPackage(device, s, target, type, body);
    if (!res.ok) return result(`aborted: ${res.why}`);
    if (res.status < 200 || res.status > 299) return result(`aborted: HTTP ${res.status}`);
    const p2type = mediaType(res.contentType);
    if (p2type !== MT.request && p2type !== cborOf(MT.request)) return result(`aborted: answer is ${res.contentType ?? 'untyped'}`);
    let pkg: unknown;
    try {
      pkg = fromWire(decodeBody(p2type, MT.request, res.body));
    } catch {
      return result('aborted: Package#2 does not parse');
    }
    if (!isPackage2(pkg)) return result('aborted: not a Package#2');
    const statuses: Status[] = [];
    let end = false;
    // SEEDED FAULT client-end-skips-commands: END read as "stop now", the package's other commands dropped.
    if (fault('client-end-skips-commands') && pkg.CMD.some((c) => c[0] === 'END')) return result('ok');
    for (const cmd of pkg.CMD) {
      if (cmd[0] === 'END') end = true;
      statuses.push(await runCommand({ device, s }, cmd));
      if (s.abort) return result(`aborted: ${s.abort}`);
    }
    // SEEDED FAULT client-p3-after-end: a Package#3 is sent for a Package#2 holding END too.
    if (end && !fault('client-p3-after-end')) return result('ok');
    // SEEDED FAULT client-ignore-cont: the Package#3 goes back to the Package#1's URL.
    target = fault('client-ignore-cont') ? url : (s.contUrl ?? target);
    // SEEDED FAULT client-drop-last-status: the last command (the CONT) gets no Status.
    if (fault('client-drop-last-status')) statuses.pop();
    // SEEDED FAULT client-reverse-status: the Status entries in reverse order.
    if (fault('client-reverse-status')) statuses.reverse();
    if (!target.toLowerCase().startsWith('https://')) return result('aborted: plain http session URL');
    // A Package#2 in CBOR is answered in CBOR; a JSON one in JSON.
    type = p2type === MT.request ? MT.response : cborOf(MT.response);
    body = { Status: statuses };
    if (end) {
      // Only reached with client-p3-after-end: send that Package#3, then stop.
      await postPackage(device, s, target, type, body);
      return result('ok');
    }
  }
  result('aborted: too many packages');
}

export const SESSION_ALERTS = ALERT;
