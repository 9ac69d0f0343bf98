/**
 * The WebSocket binding from the server's side (P-WS; DM-HLF-002 devices behind a firewall or NAT):
 * a device the IUT can reach only over the WebSocket the device opened runs its sessions over it and
 * is notified over it. The harness device has no notification URL: the IUT cannot connect to it.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { runOne } from '../../harness/conformance/fixtures/server/command-run.ts';
import { resendAfterEnd, resendMidSession } from '../../harness/conformance/fixtures/server/retransmission.ts';
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

/**
 * Runs one GET in a session in which the device does `change` as the first Package#2 arrives (before
 * its Package#3): the session must go on; returns the exchanges and what the IUT recorded.
 */
async function changeMidSession(t: CaseContext, dev: HarnessDevice, what: string, change: () => void) {
  const id = await dev.queue(['GET', `${MOID.DEVINFO}/1/DevID`]);
  const sessionsBefore = (await dev.info()).sessions;
  let changed = false;
  const off = dev.onWire((e) => {
    if (!changed && e.direction === 'in' && e.kind === 'response' && /dm\.request/.test(e.headers['content-type'] ?? '')) {
      changed = true;
      t.step(`${what}, before the Package#3`);
      change();
    }
  });
  const outcome = await dev.session();
  off();
  if (!changed) t.inconclusive(`precondition: no Package#2 arrived, so the device never changed (${outcome.ok ? 'the session ended' : outcome.reason})`);
  // P-SESSION: a Package#3 is matched by its session URI, whatever carries it (P-WS: the frame's target).
  t.check(outcome.ok, `after the device ${what}, the session broke: ${outcome.reason}`, 'P');
  const r = await dev.settle(id);
  t.check(
    r.state === 'done' && r.status?.Data?.[0]?.MOData === dev.devId,
    `the GET answered after the change is recorded ${r.state} with ${show(r.status)}`,
    'P',
  );
  const info = await dev.info();
  t.check(info.sessions === sessionsBefore + 1, `the IUT counts ${info.sessions - sessionsBefore} new sessions for the device, not 1`, 'P');
  return dev.exchanges();
}

defineCase(
  {
    id: 'DMCTS-S-WS-003',
    title: 'A session begun over HTTP goes on over the WebSocket: the Package#3 frame names the CONT URI',
    requirement:
      'A server that claims P-WS MUST take a Package#3 sent as a frame whose target is the session URI of a session begun over HTTP, and go on in that session (P-WS, P-SESSION; DM-HLF-008, DM-HLF-001).',
    labels: ['DM-HLF-008', 'DM-HLF-001', 'DM-HLF-002'],
    rules: ['P-WS', 'P-SESSION', 'K-FLOW'],
    level: 'MUST',
    features: ['WS'],
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const exchanges = await changeMidSession(t, dev, 'switches to its WebSocket', () => dev.useTransport('ws'));
    const [p1, p3] = exchanges;
    if (p1?.request.method !== 'POST' || p3?.request.method !== 'WS') throw new Error('harness error: the device did not switch from HTTP to its WebSocket');
    t.check(
      p3.response !== undefined && p3.response.status === 200,
      `the Package#3 frame got ${p3.response ? `status ${p3.response.status}` : 'no answer'}`,
      'P',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-S-WS-004',
    title: 'A session begun over the WebSocket goes on over HTTP, POSTing the Package#3 to the CONT URI',
    requirement:
      'A server that claims P-WS MUST take a Package#3 POSTed over HTTP to the session URI of a session begun over the WebSocket, and go on in that session (P-WS, P-SESSION; DM-HLF-008, DM-HLF-001).',
    labels: ['DM-HLF-008', 'DM-HLF-001', 'DM-HLF-002'],
    rules: ['P-WS', 'P-SESSION', 'K-FLOW'],
    level: 'MUST',
    features: ['WS'],
  },
  async (t: CaseContext) => {
    const dev = await natDevice(t);
    const exchanges = await changeMidSession(t, dev, 'switches to HTTP', () => dev.useTransport('http'));
    const [p1, p3] = exchanges;
    if (p1?.request.method !== 'WS' || p3?.request.method !== 'POST') throw new Error('harness error: the device did not switch from its WebSocket to HTTP');
    t.check(p3.response?.status === 200, `the Package#3 POSTed to the session URI got HTTP ${p3.response?.status ?? '(no answer)'}`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-S-WS-005',
    title: 'A device whose WebSocket drops mid-session opens a new one from 127.0.0.2 and goes on in the same session',
    requirement:
      'A server that claims P-WS MUST take, on a new WebSocket of the device (from another address), the Package#3 frame of a session begun on a WebSocket that dropped, and go on in that session (P-WS, P-SESSION; DM-HLF-008, DM-HLF-007).',
    labels: ['DM-HLF-008', 'DM-HLF-007', 'DM-HLF-002'],
    rules: ['P-WS', 'P-SESSION', 'K-FLOW'],
    level: 'MUST',
    features: ['WS'],
  },
  async (t: CaseContext) => {
    const dev = await natDevice(t);
    const exchanges = await changeMidSession(t, dev, 'loses its WebSocket and moves to 127.0.0.2', () => dev.moveTo('127.0.0.2'));
    const p3 = exchanges[1];
    if (p3?.request.method !== 'WS') throw new Error('harness error: the device did not go on over a new WebSocket');
    t.check(p3.response?.status === 200, `the Package#3 frame on the new WebSocket got ${p3.response ? `status ${p3.response.status}` : 'no answer'}`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-S-WS-006',
    title: 'A Package#3 frame sent again on a new WebSocket after the first dropped gets the same Package#2, and is not processed twice',
    requirement:
      'A server that claims P-WS MUST answer a Package#3 frame identical to the last one it answered in that session (same session URI, byte-identical body), sent again on a new WebSocket from another address after the first dropped with the answer in flight, with the Package#2 it had sent, byte for byte, without processing it again: the Status of its next command comes from the next Package#3 only (P-SESSION, P-WS, ours; DM-HLF-008).',
    labels: ['DM-HLF-008', 'DM-HLF-002', 'DM-HLF-007'],
    rules: ['P-SESSION', 'P-WS', 'K-FLOW'],
    level: 'MUST',
    features: ['WS'],
  },
  (t: CaseContext) => resendMidSession(t, 'ws'),
);

defineCase(
  {
    id: 'DMCTS-S-WS-007',
    title: 'A Package#3 frame sent again after the END it got was lost gets the same END, not 404; a different one gets 404',
    requirement:
      'A server that claims P-WS MUST answer a Package#3 frame identical to the one whose answer ended the session, sent again on a new WebSocket within the grace period (ours: 60 s), with the same Package#2 (END), byte for byte, processing nothing again; a different Package#3 to that session URI gets 404 (P-SESSION, P-WS, ours; DM-HLF-008).',
    labels: ['DM-HLF-008', 'DM-HLF-002'],
    rules: ['P-SESSION', 'P-WS', 'K-FLOW'],
    level: 'MUST',
    features: ['WS'],
  },
  (t: CaseContext) => resendAfterEnd(t, 'ws'),
);
