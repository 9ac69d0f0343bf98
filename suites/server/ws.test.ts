/**
 * The WebSocket binding from the server's side (P-WS; DM-HLF-002 devices behind a firewall or NAT):
 * a device the IUT can reach only over the WebSocket the device opened runs its sessions over it and
 * is notified over it. The harness device has no notification URL: the IUT cannot connect to it.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { runOne } from '../../harness/conformance/fixtures/server/command-run.ts';
import { tryUt } from '../../harness/conformance/fixtures/server/operator.ts';
import { HarnessDevice } from '../../harness/conformance/fixtures/harness-device.ts';
import { show } from '../../harness/conformance/fixtures/verify.ts';
import { essence, NOTIFICATION_MEDIA_TYPE } from '../../harness/protocol/media-types.ts';
import { MOID } from '../../harness/protocol/moids.ts';
import { decodePackage0 } from '../../harness/protocol/package0.ts';
import { ALERT } from '../../harness/protocol/packages.ts';

/** A harness device behind NAT: it reaches the IUT over P-WS only. */
async function natDevice(t: CaseContext): Promise<HarnessDevice> {
  const dev = await HarnessDevice.start(t, { transport: 'ws' });
  if (dev.notificationUrl) throw new Error('harness error: a device behind NAT has a notification URL');
  return dev;
}

defineCase(
  {
    id: 'DMCTS-S-WS-001',
    title: 'A device behind NAT runs its session over the WebSocket it opened: packages as frames, commands and Status as over HTTP',
    requirement:
      'A server that claims P-WS MUST take a WebSocket at its DM URL (wss://, subprotocol oma.dm.2.0), answer each package frame with one frame (the Package#2), and record the Status the device sends there as it would over HTTP (P-WS, K-FLOW; DM-HLF-002, DM-HLF-001).',
    labels: ['DM-HLF-002', 'DM-HLF-001', 'DM-IOP-001'],
    rules: ['P-WS', 'K-FLOW'],
    level: 'MUST',
    features: ['WS'],
  },
  async (t: CaseContext) => {
    const dev = await natDevice(t);
    // runOne checks the command reached the device once and server.result shows the Status it sent.
    await runOne(t, dev, ['GET', `${MOID.DEVINFO}//DevID`], 'P');
    t.check(dev.wsOpen(), 'the harness device holds no WebSocket to the IUT: it refused or dropped the connection', 'P');
    const exchanges = dev.exchanges();
    const overHttp = exchanges.filter((e) => e.request.method !== 'WS');
    if (overHttp.length > 0) throw new Error(`harness error: a device behind NAT sent ${overHttp.length} packages over HTTP`);
    t.check(
      exchanges.some((e) => e.kind === 'initiation') && exchanges.some((e) => e.kind === 'response'),
      `the session over the WebSocket carried ${exchanges.map((e) => e.kind).join(', ') || 'nothing'}, not a Package#1 and a Package#3`,
      'P',
    );
    const unanswered = exchanges.find((e) => e.response === undefined);
    t.check(!unanswered, `the IUT answered no frame to the ${unanswered?.kind} frame sent to ${unanswered?.url}`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-S-WS-002',
    title: 'server.notify reaches a device behind NAT as a Package#0 frame over its WebSocket',
    requirement:
      'A server that claims P-WS MUST deliver the Package#0 of a device that holds a WebSocket open to it (and has no notification URL) as a frame over that WebSocket; the device then opens its server-initiated session (P-WS, P-NOTI, K-NOTI; DM-HLF-002).',
    labels: ['DM-HLF-002'],
    rules: ['P-WS', 'P-NOTI', 'K-NOTI', 'K-FLOW'],
    level: 'MUST',
    features: ['WS', 'NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const secret = t.session.server?.notificationSecret;
    if (!secret) t.inconclusive("the IXIT gives no server.notificationSecret: the harness device cannot authenticate the IUT's Package#0");
    const dev = await natDevice(t);
    const first = await dev.session();
    t.check(first.ok, `the client-initiated session over the WebSocket that introduces the device failed: ${first.reason}`, 'P');
    const before = dev.wire.length;
    t.step('server.notify (no URL: the device is behind NAT)');
    const r = await tryUt(t, 'server.notify', { devId: dev.devId });
    // The device holds its WebSocket open to the IUT: a server claiming P-WS that cannot notify it fails the binding.
    if (!r.ok && r.unsupported) t.notApplicable('the upper tester offers no server.notify');
    if (!r.ok) t.fail(`server.notify could not reach the device, which holds a WebSocket open to the IUT: ${r.message}`, 'P');
    t.check(r.value.delivered === true, `server.notify says the Package#0 was not delivered (${show(r.value)})`, 'P');
    await dev.idle('the server-initiated session');
    const events = dev.wire.slice(before);
    const frame = events.find((e) => e.kind === 'frame' && e.direction === 'in' && essence(e.headers['content-type']) === NOTIFICATION_MEDIA_TYPE);
    const p0 = t.need(frame, 'no Package#0 frame came over the WebSocket for server.notify', 'P');
    const decoded = decodePackage0(p0.body);
    t.check(decoded.ok, `the Package#0 frame does not decode: ${decoded.ok ? '' : decoded.error.message}`, 'P');
    const session = dev.exchanges().find((e) => e.request.at >= p0.at && e.kind === 'initiation');
    const alert = session?.kind === 'initiation' ? session.sent?.Alert.find((a) => a.AlertType === ALERT.SERVER_INITIATED) : undefined;
    t.check(alert !== undefined, 'the device opened no server-initiated session after the Package#0 frame (it was not accepted)', 'P');
    t.check(session?.response !== undefined, 'the IUT did not answer the server-initiated session over the WebSocket', 'P');
  },
);
