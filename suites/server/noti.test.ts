/**
 * Package#0 from the IUT server (K-NOTI, P-NOTI): what server.notify puts on the wire to the harness
 * device's notification URL — decodable, the server's SrvID, a fresh NOTIFICATION-ID each time, a
 * current TIMESTAMP, a digest keyed with the device's secret — and the server-initiated session the
 * device then opens. The Package#0 bytes are read from the harness device's own trace.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { HarnessDevice, type TraceEvent } from '../../harness/conformance/fixtures/harness-device.ts';
import { expectHttp, sameJson, show } from '../../harness/conformance/fixtures/verify.ts';
import { notify, tryUt } from '../../harness/conformance/fixtures/server/operator.ts';
import { DIAGNOSTICS_MOID as DIAG } from '../../harness/protocol/moids.ts';
import { essence, NOTIFICATION_MEDIA_TYPE } from '../../harness/protocol/media-types.ts';
import { NOTIFICATION_TIMESTAMP_WINDOW_SECONDS, verifyDigest } from '../../harness/protocol/package0-digest.ts';
import { decodePackage0, type Notification } from '../../harness/protocol/package0.ts';
import { ALERT } from '../../harness/protocol/packages.ts';

/** A harness device the IUT has met once (a client-initiated session), with the secret the IXIT names. */
async function knownDevice(t: CaseContext): Promise<{ dev: HarnessDevice; secret: string }> {
  const secret = t.session.server?.notificationSecret;
  if (!secret) t.inconclusive("the IXIT gives no server.notificationSecret: the harness device cannot authenticate the IUT's Package#0");
  const dev = await HarnessDevice.start(t);
  if (!dev.notificationUrl)
    t.inconclusive(
      `the harness device has no notification URL: it takes Package#0 over plain HTTP on loopback only, and the IXIT's harness host is ${t.ixit.harness.host}`,
    );
  const first = await dev.session();
  t.check(first.ok, `the client-initiated session that introduces the device failed: ${first.reason}`, 'K');
  return { dev, secret };
}

interface Delivery {
  request: TraceEvent;
  response: TraceEvent | undefined;
  notification: Notification;
  /** What the upper tester answered server.notify. */
  ut: Awaited<ReturnType<typeof notify>>;
}

/**
 * Has the IUT notify the device (at its notification URL) and returns what arrived, decoded. Every
 * check here rests on the profile: delivery by HTTP POST, the media type and the option encoding are
 * P-NOTI/P-DETAIL (K-NOTI says only that Package#0 is a binary format with options 1-6 and a digest).
 */
async function notifyOnce(t: CaseContext, dev: HarnessDevice, extra: Record<string, unknown> = {}): Promise<Delivery> {
  const before = dev.wire.length;
  t.step('server.notify');
  const r = await notify(t, dev.devId, { url: dev.notificationUrl, ...extra });
  const events = dev.wire.slice(before);
  const requests = events.filter((e) => e.direction === 'in' && e.kind === 'request');
  t.check(requests.length === 1, `the device's notification URL received ${requests.length} requests for one server.notify (delivered=${r.delivered})`, 'P');
  const request = t.need(requests[0], `no Package#0 reached the device's notification URL for server.notify (delivered=${r.delivered})`, 'P');
  const response = events.find((e) => e.direction === 'out' && e.kind === 'response');
  t.check(request.method === 'POST', `Package#0 came as HTTP ${request.method}, not POST`, 'P');
  t.check(
    essence(request.headers['content-type']) === NOTIFICATION_MEDIA_TYPE,
    `Package#0 came as "${request.headers['content-type']}", not ${NOTIFICATION_MEDIA_TYPE}`,
    'P',
  );
  const decoded = decodePackage0(request.body);
  if (!decoded.ok) t.fail(`the Package#0 does not decode (${Buffer.from(request.body).toString('hex')}): ${decoded.error.code} ${decoded.error.message}`, 'P');
  return { request, response, notification: decoded.value, ut: r };
}

defineCase(
  {
    id: 'DMCTS-S-NOTI-001',
    title: 'Package#0: decodes, names the server, is current, and its digest verifies',
    requirement:
      "A server MUST send a Package#0 that decodes, carries its SrvID as SERVER-ID, a TIMESTAMP within ±300 s and a SHA256-DIGEST over the device's secret, the notification and the DevID (K-NOTI, P-NOTI).",
    labels: ['DM-HLF-002'],
    rules: ['K-NOTI', 'P-NOTI', 'K-SEC'],
    level: 'MUST',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { dev, secret } = await knownDevice(t);
    const d = await notifyOnce(t, dev);
    const n = d.notification;
    const srvId = dev.iut.srvId;
    // K-NOTI: its options name the server and carry a notification ID, a timestamp and a SHA-256 digest.
    t.check(n.serverId === srvId, `SERVER-ID is ${show(n.serverId)}, not the server's SrvID "${srvId}"`, 'K');
    t.check(n.notificationId !== undefined, 'the Package#0 has no NOTIFICATION-ID', 'K');
    const now = Math.floor(Date.now() / 1000);
    const timestamp = t.need(n.timestamp, 'the Package#0 has no TIMESTAMP', 'K');
    t.check(n.digest !== undefined, 'the Package#0 has no SHA256-DIGEST', 'K');
    // P-NOTI: the ±300 s window, and what the digest is computed over.
    t.check(
      Math.abs(now - timestamp) <= NOTIFICATION_TIMESTAMP_WINDOW_SECONDS,
      `TIMESTAMP ${timestamp} is ${now - timestamp} s away from now, outside ±${NOTIFICATION_TIMESTAMP_WINDOW_SECONDS} s`,
      'P',
    );
    const verified = verifyDigest(d.request.body, secret, dev.devId);
    t.check(verified.ok, `the SHA256-DIGEST does not verify with the device's secret and DevID: ${verified.ok ? '' : verified.error.message}`, 'P');
    t.check(d.response?.status === 202, `the harness device answered the Package#0 with HTTP ${d.response?.status}, not 202 (accepted)`, 'P');
    await dev.idle('the server-initiated session');
  },
);

defineCase(
  {
    id: 'DMCTS-S-NOTI-002',
    title: 'Every notification carries a fresh NOTIFICATION-ID',
    requirement:
      'A server MUST give each Package#0 it sends a device a NOTIFICATION-ID it did not use for that device in the last 24 h, so none is dropped as a replay (K-NOTI, P-NOTI).',
    labels: [],
    rules: ['K-NOTI', 'P-NOTI'],
    level: 'MUST',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { dev } = await knownDevice(t);
    const ids: Array<number | undefined> = [];
    for (let i = 0; i < 3; i++) {
      const d = await notifyOnce(t, dev);
      ids.push(d.notification.notificationId);
      t.check(
        d.response?.status === 202,
        `notification ${i + 1} (NOTIFICATION-ID ${d.notification.notificationId}) was not accepted by the device (HTTP ${d.response?.status})`,
      );
      await dev.idle(`the server-initiated session of notification ${i + 1}`);
    }
    t.check(
      ids.every((id) => id !== undefined),
      `some notifications have no NOTIFICATION-ID: ${show(ids)}`,
      'K',
    );
    t.check(new Set(ids).size === ids.length, `three notifications carried the NOTIFICATION-IDs ${show(ids)}: a repeated one is dropped as a replay`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-NOTI-003',
    title: "After Package#0 the device's server-initiated session is served with the queued work",
    requirement:
      'A server MUST serve the server-initiated session a Package#0 caused, sending the commands queued for the device, and record their Status (K-NOTI, K-FLOW).',
    labels: ['DM-HLF-004'],
    rules: ['K-NOTI', 'K-FLOW', 'P-NOTI'],
    level: 'MUST',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { dev } = await knownDevice(t);
    const id = await dev.queue(['GET', `${DIAG}/1/Label`]);
    const before = dev.exchanges().length;
    const d = await notifyOnce(t, dev);
    await dev.idle('the server-initiated session');
    const session = dev.exchanges().slice(before);
    const p1 = session[0]?.kind === 'initiation' ? session[0].sent : undefined;
    const alert = p1?.Alert?.find((a) => a.AlertType === ALERT.SERVER_INITIATED);
    if (!alert) t.inconclusive('precondition: the harness device did not open a server-initiated session');
    if (!sameJson(alert.Data, { NotificationID: d.notification.notificationId }))
      t.inconclusive(
        `precondition: the harness device's ServerInitiatedMgmt alert carries ${show(alert.Data)}, not the NOTIFICATION-ID ${d.notification.notificationId}`,
      );
    // K: the session the device opens after Package#0 is served like any other (K-FLOW), with the queued work.
    expectHttp(t, session[0]?.response?.status, 200, 'the server-initiated Package#1', 'K');
    const received = session.flatMap((e) => e.package2?.CMD ?? []);
    t.check(
      received.some((c) => sameJson(c, ['GET', `${DIAG}/1/Label`])),
      `the server-initiated session carried ${show(received)}, not the queued GET`,
      'K',
    );
    t.check(dev.lastSession()?.ok, `the server-initiated session did not end well: ${dev.lastSession()?.reason}`, 'K');
    const r = await dev.settle(id);
    t.check(r.state === 'done', `the GET of the server-initiated session is recorded ${r.state} with ${show(r.status)}, not done`, 'K');
    t.check(
      r.status?.Data?.[0]?.MOData === 'diagnostics',
      `the GET of the server-initiated session is recorded with ${show(r.status)}, not the device's Label in its Data (P-GET)`,
      'P',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-S-NOTI-004',
    title: 'The server notifies at the URL the device gave as the SourceURI of its session alert',
    requirement:
      'A server MUST send Package#0 to the notification URL the device reported as the SourceURI of its ClientInitiatedMgmt alert when it was given no other (P-NOTI; our profile choice).',
    labels: ['DM-HLF-002'],
    rules: ['P-NOTI', 'K-NOTI', 'K-FLOW'],
    level: 'MUST',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { dev } = await knownDevice(t);
    const first = dev.exchanges()[0];
    const sent = first?.kind === 'initiation' ? first.sent : undefined;
    if (sent?.Alert?.[0]?.SourceURI !== dev.notificationUrl)
      t.inconclusive('precondition: the harness device did not report its notification URL as the SourceURI of its session alert');
    t.step('server.notify without a URL');
    const before = dev.wire.length;
    const notified = await tryUt(t, 'server.notify', { devId: dev.devId });
    if (!notified.ok) {
      if (notified.unsupported) t.notApplicable("the IUT's upper-tester adapter does not offer server.notify");
      t.fail(`server.notify without a URL failed, though the device reported ${dev.notificationUrl} in its session alert: ${notified.message}`);
    }
    const requests = dev.wire.slice(before).filter((e) => e.direction === 'in' && e.kind === 'request');
    t.check(requests.length === 1, `the device's notification URL received ${requests.length} requests, not the Package#0`);
    await dev.idle('the server-initiated session');
  },
);

defineCase(
  {
    id: 'DMCTS-S-NOTI-005',
    title: 'REQ-MOS is in the Package#0 when asked for, and only then',
    requirement: "A server SHOULD put the REQ-MOS option in a Package#0 when its operator asks for the device's MOs, and MUST NOT put it otherwise (K-NOTI).",
    labels: ['DM-HLF-004'],
    rules: ['K-NOTI', 'P-NOTI'],
    level: 'SHOULD',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { dev } = await knownDevice(t);
    const plain = await notifyOnce(t, dev, { reqMos: false });
    // K-NOTI: REQ-MOS is one of its options.
    t.check(!plain.notification.reqMos, 'a Package#0 not asked to request the MOs carries REQ-MOS', 'K');
    await dev.idle('the first server-initiated session');
    const asked = await notifyOnce(t, dev, { reqMos: true });
    if (!asked.notification.reqMos) t.warn('a Package#0 asked to request the MOs (reqMos) carries no REQ-MOS option', 'K');
    t.check(sameJson(asked.notification.serverId, dev.iut.srvId), `the REQ-MOS Package#0 names ${show(asked.notification.serverId)}`, 'K');
    await dev.idle('the second server-initiated session');
  },
);

defineCase(
  {
    id: 'DMCTS-S-NOTI-006',
    title: 'PREFERRED-CON-TYPE is in the Package#0 as the operator asked (the bearer for the session), and only then',
    requirement:
      'A server MUST put the PREFERRED-CON-TYPE option, with the bearer its operator named (1 cellular, 2 WLAN, 3 wireline), in a Package#0 asked to carry one, and none in one not asked to (P-NOTI, P-ENV; DM-HLF-007).',
    labels: ['DM-HLF-007', 'DM-HLF-018'],
    rules: ['P-NOTI', 'P-ENV', 'K-NOTI'],
    level: 'MUST',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { dev } = await knownDevice(t);
    const plain = await notifyOnce(t, dev);
    // P-NOTI: the option's encoding; P-ENV: what it asks the device for.
    t.check(
      plain.notification.preferredConType === undefined,
      `a Package#0 not asked for a bearer carries PREFERRED-CON-TYPE ${show(plain.notification.preferredConType)}`,
      'P',
    );
    await dev.idle('the first server-initiated session');
    for (const bearer of [2, 3] as const) {
      const asked = await notifyOnce(t, dev, { preferredConType: bearer });
      // An adapter that cannot pass a bearer on does not echo it: the server was never asked, so nothing is shown either way.
      if (asked.ut.preferredConType !== bearer) {
        t.inconclusive(
          `the upper tester's server.notify result does not echo preferredConType ${bearer} (it has ${show(asked.ut.preferredConType)}): the adapter could not ask its server for a bearer, so whether the server puts one in a Package#0 is not demonstrated (fix: pass preferredConType on to the server and echo it, docs/adapters.md)`,
        );
      }
      t.check(
        asked.notification.preferredConType === bearer,
        `a Package#0 asked for bearer ${bearer} carries PREFERRED-CON-TYPE ${show(asked.notification.preferredConType)}, not ${bearer}`,
        'P',
      );
      await dev.idle(`the server-initiated session for bearer ${bearer}`);
    }
  },
);
