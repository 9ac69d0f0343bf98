/**
 * The WebSocket binding from the device's side (P-WS; DM-HLF-002 devices behind a firewall or NAT):
 * a device whose DMAcc names its server by a wss:// URI holds a WebSocket open to it, runs its
 * sessions over it as frames and takes Package#0 over it — while the harness never opens a
 * connection to the device (it is behind NAT: its notification URL, if it has one, is not used) —
 * and a device told mid-session to switch between HTTP and its WebSocket goes on in the same session.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { dmPosts } from '../../harness/conformance/fixtures/client/dm-wire.ts';
import { craftedNotification, mustIgnoreWsNotification, serverInitiatedIds } from '../../harness/conformance/fixtures/client/notification-checks.ts';
import { resendAfterLostAnswer } from '../../harness/conformance/fixtures/client/resend.ts';
import { tracedSessions } from '../../harness/conformance/fixtures/client/sessions.ts';
import { switchTransportMidSession } from '../../harness/conformance/fixtures/client/transport-switch.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { show } from '../../harness/conformance/fixtures/verify.ts';
import { MOID } from '../../harness/protocol/moids.ts';
import { signNotification } from '../../harness/protocol/package0-digest.ts';
import { ALERT } from '../../harness/protocol/packages.ts';

/** A harness server the IUT was bootstrapped with as wss://, once the IUT holds its WebSocket open (FAIL otherwise). */
async function behindNat(t: CaseContext): Promise<HarnessServer> {
  const srv = await HarnessServer.bootstrapped(t, { transport: 'ws' });
  t.step('wait for the IUT to open its WebSocket to the wss:// SrvURI');
  // P-WS: the client opens wss://<server>/dm with subprotocol oma.dm.2.0 and keeps it open.
  if (!(await srv.wsOpened()))
    t.fail(`the IUT opened no WebSocket (subprotocol oma.dm.2.0) to its server's wss:// SrvURI within ${t.ixit.timeouts.sessionMs} ms of bootstrap`, 'P');
  t.check(true, 'the IUT holds a WebSocket open to its wss:// server', 'P');
  return srv;
}

/** The harness must never have opened a connection to a device behind NAT: that would be a harness fault, not a pass. */
function neverReachedOut(srv: HarnessServer): void {
  const out = srv.wire.find((e) => e.direction === 'out' && e.kind === 'request');
  if (out) throw new Error(`harness error: the harness server opened a connection to the IUT behind NAT (${out.method} ${out.url})`);
}

defineCase(
  {
    id: 'DMCTS-C-WS-001',
    title: 'A device whose server is a wss:// SrvURI runs its sessions over its WebSocket, as frames',
    requirement:
      'A client that claims P-WS MUST reach a server its DMAcc names by a wss:// URI over a WebSocket with subprotocol oma.dm.2.0, keep it open, and send its packages there as frames (media type line, then the body), getting the Package#2 back the same way (P-WS; DM-HLF-002).',
    labels: ['DM-HLF-002', 'DM-HLF-001'],
    rules: ['P-WS', 'K-FLOW'],
    level: 'MUST',
    features: ['WS'],
  },
  async (t: CaseContext) => {
    const srv = await behindNat(t);
    const [get] = await srv.run([['GET', `${MOID.DEVINFO}//DevID`]]);
    // K-FLOW: one Status per command, whatever carries the packages.
    t.check(get.status?.sc === 200, `GET of DevID over the WebSocket got ${show(get.status)}, not 200`, 'K');
    const posts = dmPosts(srv.wire);
    const overHttp = posts.filter((p) => p.method !== 'WS');
    t.check(
      overHttp.length === 0,
      `${overHttp.length} of the session's packages came as HTTP ${overHttp[0]?.method} to ${overHttp[0]?.path}, not as frames`,
      'P',
    );
    t.check(
      posts.some((p) => p.kind === 'package1') && posts.some((p) => p.kind === 'package3'),
      `the frames carried ${posts.map((p) => p.kind).join(', ') || 'nothing'}, not a Package#1 and a Package#3`,
      'P',
    );
    const undecoded = posts.find((p) => p.decodeError);
    t.check(!undecoded, `a frame did not hold its package: ${undecoded?.decodeError}`, 'P');
    neverReachedOut(srv);
  },
);

defineCase(
  {
    id: 'DMCTS-C-WS-002',
    title: 'A Package#0 frame over the WebSocket opens a server-initiated session over it',
    requirement:
      'A client that claims P-WS MUST take a valid Package#0 sent as a frame over its WebSocket, at any time, and open the server-initiated session it asks for, with its NOTIFICATION-ID, over the same binding (P-WS, K-NOTI; DM-HLF-002).',
    labels: ['DM-HLF-002', 'DM-HLF-015'],
    rules: ['P-WS', 'K-NOTI', 'P-NOTI', 'K-FLOW'],
    level: 'MUST',
    features: ['WS', 'NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const srv = await behindNat(t);
    t.step('send a valid Package#0 over the WebSocket and wait for the session');
    const seen = srv.nextSession();
    const sent = await srv.notify();
    if (!sent.ok) return t.fail(`the Package#0 could not be sent over the IUT's WebSocket: ${sent.error.message}`, 'P');
    if (!(await seen)) t.fail(`no session came within ${t.ixit.timeouts.sessionMs} ms of a valid Package#0 sent over the WebSocket`, 'P');
    await tracedSessions(t, srv, 1);
    const p1 = dmPosts(srv.wire).find((p) => p.kind === 'package1');
    t.check(p1?.method === 'WS', `the server-initiated session's Package#1 came as ${p1?.method} ${p1?.path}, not as a frame over the WebSocket`, 'P');
    const alert = p1?.package1?.Alert.find((a) => a.AlertType === ALERT.SERVER_INITIATED);
    t.check(alert !== undefined, `the session's Package#1 carries no ${ALERT.SERVER_INITIATED} alert`, 'K');
    const ids = serverInitiatedIds(srv);
    t.check(ids[0] === sent.value.notificationId, `the alert carries NotificationID ${show(ids[0])}, not ${sent.value.notificationId} (ours)`, 'P');
    neverReachedOut(srv);
  },
);

defineCase(
  {
    id: 'DMCTS-C-WS-003',
    title: 'A Package#0 frame with a wrong digest opens no session',
    requirement:
      'A client MUST ignore a Package#0 whose SHA256-DIGEST does not match, over the WebSocket as over HTTP: the binding adds no trust (K-NOTI, P-WS; DM-HLF-015).',
    labels: ['DM-HLF-002', 'DM-HLF-015', 'DM-DI-001'],
    rules: ['K-NOTI', 'P-NOTI', 'P-WS'],
    level: 'MUST',
    features: ['WS', 'NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const srv = await behindNat(t);
    const bytes = signNotification(craftedNotification(t, srv, 11), `${srv.notificationSecret}-but-wrong`, srv.devId);
    await mustIgnoreWsNotification(t, srv, bytes, 'a Package#0 frame signed with the wrong secret', 'K');
    neverReachedOut(srv);
  },
);

defineCase(
  {
    id: 'DMCTS-C-WS-004',
    title:
      'A device whose WebSocket drops with a Package#3 in flight sends the identical Package#3 again on a new one: no command runs twice, no Status is lost',
    requirement:
      'A client that claims P-WS MUST, when its WebSocket drops after it sent a Package#3 and before the Package#2 came, open a new WebSocket and send the identical Package#3 frame again (same session URI, byte-identical body), neither executing the commands it answered again nor opening a new session; the Package#2 it then gets is executed and answered (P-SESSION, P-WS, ours; DM-HLF-008, DM-HLF-002).',
    labels: ['DM-HLF-008', 'DM-HLF-002'],
    rules: ['P-SESSION', 'P-WS', 'K-FLOW'],
    level: 'MUST',
    features: ['WS'],
  },
  async (t: CaseContext) => {
    const srv = await resendAfterLostAnswer(t, 'ws');
    neverReachedOut(srv);
  },
);

defineCase(
  {
    id: 'DMCTS-C-WS-005',
    title:
      'A device told mid-session to use its WebSocket, then HTTP again, goes on in the same session: each next Package#3 over the new transport to the session URI',
    requirement:
      'A client that claims P-WS MUST, when told mid-session to reach its server over its WebSocket (client.useTransport) and later over HTTP again, send its next Package#3 over the new transport — a frame, then a POST — to the same session URI, answering the Package#2 before it, without running a command twice, losing a Status or opening a new session (P-WS, P-SESSION, ours; DM-HLF-008, DM-HLF-001, DM-HLF-002).',
    labels: ['DM-HLF-008', 'DM-HLF-001', 'DM-HLF-002'],
    rules: ['P-WS', 'P-SESSION', 'K-FLOW'],
    level: 'MUST',
    features: ['WS'],
    utMethods: ['client.useTransport'],
  },
  async (t: CaseContext) => {
    await switchTransportMidSession(t);
  },
);
