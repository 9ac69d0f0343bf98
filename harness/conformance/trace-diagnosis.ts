/**
 * The root cause a FAIL's trace shows (issue: "a FAIL reason names the root cause the trace shows,
 * not only the symptom further down"): the first protocol fault of the IUT in the case's evidence —
 * an HTTP error or a non-DM answer to a DM package, a Package#2 that neither continues (CONT) nor
 * ends (END), a DM package without OMADM-DevID, a new session opened instead of answering at the
 * CONT URI. Judged only from what crossed the wire.
 */
import type { Evidence, WireRecord } from '../core/evidence-model.ts';

const DM_TYPE = /application\/vnd\.oma\.dm\.(initiation|request|response)\+(json|cbor)/i;

function dmKind(r: WireRecord): string | undefined {
  return DM_TYPE.exec(r.headers?.['content-type'] ?? '')?.[1]?.toLowerCase();
}

const packageName = (kind: string | undefined) =>
  kind === 'initiation' ? 'Package#1' : kind === 'response' ? 'Package#3' : kind === 'request' ? 'Package#2' : 'package';

function commandsOf(r: WireRecord): unknown[] | undefined {
  const body = r.body as { CMD?: unknown } | undefined;
  return body && typeof body === 'object' && Array.isArray(body.CMD) ? body.CMD : undefined;
}

function commandName(c: unknown): string | undefined {
  return Array.isArray(c) && typeof c[0] === 'string' ? c[0] : undefined;
}

/** Faults of an IUT server, seen by the harness's devices and raw clients. */
function serverFaults(wire: readonly WireRecord[]): string | undefined {
  for (let i = 0; i < wire.length; i++) {
    const req = wire[i]!;
    if (req.direction !== 'out' || req.kind !== 'request' || !/^harness device|^raw /.test(req.by)) continue;
    const sent = dmKind(req);
    if (!sent) continue;
    const res = wire.slice(i + 1).find((r) => r.by === req.by && r.direction === 'in' && r.kind === 'response' && r.url === req.url);
    if (!res || res.status === undefined) continue;
    if (res.status === 401) continue; // authentication: judged by the cases that ask for it
    if (res.status >= 400) return `the IUT answered a ${packageName(sent)} with HTTP ${res.status}`;
    if (res.status !== 200) continue;
    if (dmKind(res) !== 'request')
      return `the IUT answered a ${packageName(sent)} with Content-Type "${res.headers?.['content-type'] ?? 'none'}", not a Package#2`;
    const cmds = commandsOf(res);
    if (!cmds) continue;
    const last = commandName(cmds.at(-1));
    if (!cmds.some((c) => commandName(c) === 'END') && last !== 'CONT')
      return `a Package#2 of the IUT has no CONT and no END (its last command is ${last ?? 'none'})`;
  }
  return undefined;
}

/** Faults of an IUT client, seen by the harness's servers. */
function clientFaults(wire: readonly WireRecord[]): string | undefined {
  let contUrl: string | undefined;
  for (const r of wire) {
    if (!/^harness server/.test(r.by)) continue;
    if (r.direction === 'in' && r.kind === 'request') {
      const kind = dmKind(r);
      if (!kind) continue;
      if (!r.headers?.['omadm-devid']) return `a ${packageName(kind)} of the IUT has no OMADM-DevID header`;
      if (contUrl && kind === 'initiation') return `the IUT opened a new session (Package#1) instead of answering the Package#2 at its CONT URI ${contUrl}`;
      if (kind === 'response') contUrl = undefined;
    } else if (r.direction === 'out' && r.kind === 'response' && dmKind(r) === 'request') {
      const cmds = commandsOf(r) ?? [];
      const cont = cmds.find((c) => commandName(c) === 'CONT') as unknown[] | undefined;
      contUrl = cont && typeof cont[1] === 'string' ? cont[1] : undefined;
    }
  }
  return undefined;
}

/** The first IUT fault the trace shows, in words, or undefined. */
export function rootCauseInTrace(evidence: Evidence, role: 'client' | 'server'): string | undefined {
  return role === 'server' ? serverFaults(evidence.wire) : clientFaults(evidence.wire);
}

/** The FAIL reason with the trace's root cause added, unless it already says it. */
export function withRootCause(reason: string, evidence: Evidence, role: 'client' | 'server'): string {
  const cause = rootCauseInTrace(evidence, role);
  if (!cause || reason.includes(cause)) return reason;
  return `${reason} (the trace shows, earlier: ${cause})`;
}
