/**
 * Notifications (K-NOTI, P-NOTI; DM-HLF-015 only authorized servers): an accepted Package#0 opens a
 * server-initiated session carrying its NOTIFICATION-ID; one with a wrong digest, without credentials,
 * stale, replayed or from an unknown server opens none. Each negative case ends with a valid control
 * notification, so an IUT that ignores every Package#0 cannot pass it, and a session the bad one caused
 * would show up before the control's.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { ALERT_SERVER_INITIATED, package1Count, postPackage0, SETTLE_MS, sleep, tracedSessions } from '../../harness/conformance/fixtures/client/client-case.ts';
import { dmPosts } from '../../harness/conformance/fixtures/client/dm-wire.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { signNotification } from '../../harness/protocol/package0-digest.ts';
import { encodePackage0, type Notification } from '../../harness/protocol/package0.ts';

const now = () => Math.floor(Date.now() / 1000);

async function notifiable(t: CaseContext) {
  const srv = await HarnessServer.start(t);
  await srv.bootstrap();
  const url = srv.notificationUrl;
  if (!url) t.notApplicable('the IUT gave no notification URL at bootstrap (client.bootstrap notificationUrl): Package#0 over HTTP cannot be sent');
  return { srv, url };
}

/** A NOTIFICATION-ID for a crafted Package#0, from the case's seed. */
function craftedId(t: CaseContext, salt = 0): number {
  return ((t.seed >>> 0) + salt * 7919) % 0x10000;
}

/** The NotificationIDs the ServerInitiatedMgmt alerts of the sessions so far carried. */
function serverInitiatedIds(srv: HarnessServer): unknown[] {
  return dmPosts(srv.wire)
    .filter((p) => p.kind === 'package1')
    .flatMap((p) => p.package1?.Alert.filter((a) => a.AlertType === ALERT_SERVER_INITIATED) ?? [])
    .map((a) => (a.Data as { NotificationID?: unknown } | undefined)?.NotificationID);
}

/** Sends a valid Package#0 through the harness server's notifier; returns its ID once its session came. */
async function control(t: CaseContext, srv: HarnessServer, what: string): Promise<number> {
  t.step(`control: a valid Package#0 ${what}`);
  const seen = srv.server.operator.waitForSession(srv.devId, t.ixit.timeouts.sessionMs);
  const sent = await srv.server.operator.notify(srv.devId);
  if (!sent.ok) t.inconclusive(`the control Package#0 could not be sent: ${sent.error.message}`);
  if (!(await seen)) t.inconclusive(`the IUT opened no session for a valid Package#0 either (HTTP ${sent.value.httpStatus}): ignoring the bad one proves nothing`);
  await sleep(SETTLE_MS);
  return sent.value.notificationId;
}

/** Posts a Package#0 that must be ignored, then a valid control; FAILs when a session came for the bad one. */
async function mustIgnore(t: CaseContext, srv: HarnessServer, url: string, bytes: Uint8Array, what: string): Promise<void> {
  t.step(`send ${what}`);
  const status = await postPackage0(t, url, bytes);
  t.note(`the IUT answered ${what} with HTTP ${status}`);
  await sleep(SETTLE_MS);
  const early = dmPosts(srv.wire).filter((p) => p.kind === 'package1').length;
  t.check(early === 0, `the IUT opened a session after ${what}`);
  const id = await control(t, srv, `after ${what}`);
  const ids = serverInitiatedIds(srv);
  const p1s = dmPosts(srv.wire).filter((p) => p.kind === 'package1').length;
  t.check(p1s === 1, `${p1s} sessions came, not only the control's: the IUT acted on ${what}`);
  t.check(ids.length === 1 && ids[0] === id, `the server-initiated sessions carried NotificationIDs [${ids.join(', ')}], not only the control's ${id}`);
}

function base(srv: HarnessServer, t: CaseContext, salt: number): Notification {
  return { version: 0, serverId: srv.srvId, notificationId: craftedId(t, salt), timestamp: now(), reqMos: false };
}

defineCase(
  {
    id: 'DMCTS-C-NOTI-001',
    title: 'A valid Package#0 opens a server-initiated session carrying its NotificationID',
    requirement: 'A client MUST answer a valid Package#0 by opening a session with that server whose Package#1 carries the ServerInitiatedMgmt alert with the NOTIFICATION-ID (K-NOTI, K-FLOW).',
    labels: ['DM-HLF-015'],
    rules: ['K-NOTI', 'P-NOTI', 'K-FLOW'],
    level: 'MUST',
    role: 'client',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { srv } = await notifiable(t);
    t.step('send a valid Package#0 and wait for the session');
    const seen = srv.server.operator.waitForSession(srv.devId, t.ixit.timeouts.sessionMs);
    const sent = await srv.server.operator.notify(srv.devId);
    if (!sent.ok) return t.fail(`the Package#0 could not be delivered: ${sent.error.message}`);
    t.check(sent.value.httpStatus >= 200 && sent.value.httpStatus < 300, `the IUT answered the valid Package#0 with HTTP ${sent.value.httpStatus}`);
    t.check(await seen, `no session came within ${t.ixit.timeouts.sessionMs} ms of a valid Package#0`);
    await tracedSessions(t, srv, 1);
    const p1 = dmPosts(srv.wire).find((p) => p.kind === 'package1');
    const alert = p1?.package1?.Alert.find((a) => a.AlertType === ALERT_SERVER_INITIATED);
    if (!alert) return t.fail(`the session's Package#1 carries [${p1?.package1?.Alert.map((a) => a.AlertType).join(', ') ?? p1?.decodeError}], no ${ALERT_SERVER_INITIATED}`);
    const id = (alert.Data as { NotificationID?: unknown } | undefined)?.NotificationID;
    t.check(id === sent.value.notificationId, `the ServerInitiatedMgmt alert carries NotificationID ${JSON.stringify(id)}, not ${sent.value.notificationId} (ours: Data {"NotificationID": n})`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-NOTI-002',
    title: 'A Package#0 with a wrong digest opens no session',
    requirement: 'A client MUST ignore a Package#0 whose SHA256-DIGEST does not match (K-NOTI; DM-HLF-015).',
    labels: ['DM-HLF-015', 'DM-DI-001'],
    rules: ['K-NOTI', 'P-NOTI'],
    level: 'MUST',
    role: 'client',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { srv, url } = await notifiable(t);
    const bytes = signNotification(base(srv, t, 1), `${srv.notificationSecret}-but-wrong`, srv.devId);
    await mustIgnore(t, srv, url, bytes, 'a Package#0 signed with the wrong secret');
  },
);

defineCase(
  {
    id: 'DMCTS-C-NOTI-003',
    title: 'A Package#0 whose digest covers another DevID opens no session',
    requirement: 'A client MUST ignore a Package#0 whose digest was computed for another device (K-NOTI; ours: P-NOTI digest over the DevID).',
    labels: ['DM-HLF-015', 'DM-DI-001'],
    rules: ['K-NOTI', 'P-NOTI'],
    level: 'MUST',
    role: 'client',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { srv, url } = await notifiable(t);
    const bytes = signNotification(base(srv, t, 2), srv.notificationSecret, `${srv.devId}-other`);
    await mustIgnore(t, srv, url, bytes, 'a Package#0 signed for another DevID');
  },
);

defineCase(
  {
    id: 'DMCTS-C-NOTI-004',
    title: 'A Package#0 without a digest opens no session',
    requirement: 'A client MUST ignore a Package#0 without notification credentials (K-NOTI).',
    labels: ['DM-HLF-015'],
    rules: ['K-NOTI', 'P-NOTI'],
    level: 'MUST',
    role: 'client',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { srv, url } = await notifiable(t);
    const encoded = encodePackage0(base(srv, t, 3));
    if (!encoded.ok) return t.inconclusive(`the harness could not encode the Package#0: ${encoded.error.message}`);
    await mustIgnore(t, srv, url, encoded.value, 'a Package#0 without SHA256-DIGEST');
  },
);

defineCase(
  {
    id: 'DMCTS-C-NOTI-005',
    title: 'A Package#0 with a stale TIMESTAMP opens no session',
    requirement: 'A client MUST ignore a Package#0 whose TIMESTAMP is outside ±300 s of its clock (P-NOTI, K-NOTI replay protection).',
    labels: ['DM-HLF-015'],
    rules: ['K-NOTI', 'P-NOTI'],
    level: 'MUST',
    role: 'client',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { srv, url } = await notifiable(t);
    const bytes = signNotification({ ...base(srv, t, 4), timestamp: now() - 3600 }, srv.notificationSecret, srv.devId);
    await mustIgnore(t, srv, url, bytes, 'a Package#0 stamped an hour ago');
  },
);

defineCase(
  {
    id: 'DMCTS-C-NOTI-006',
    title: 'A replayed NOTIFICATION-ID opens no second session',
    requirement: 'A client MUST ignore a Package#0 whose NOTIFICATION-ID that server already sent in the last 24 hours (K-NOTI, P-NOTI).',
    labels: ['DM-HLF-015'],
    rules: ['K-NOTI', 'P-NOTI'],
    level: 'MUST',
    role: 'client',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { srv, url } = await notifiable(t);
    const first = base(srv, t, 5);
    const bytes = signNotification(first, srv.notificationSecret, srv.devId);
    t.step('send a valid crafted Package#0 and wait for its session');
    const seen = srv.server.operator.waitForSession(srv.devId, t.ixit.timeouts.sessionMs);
    const status = await postPackage0(t, url, bytes);
    if (!(await seen)) return t.inconclusive(`the IUT opened no session for the valid crafted Package#0 (HTTP ${status})`);
    await sleep(SETTLE_MS);
    t.step('replay the same Package#0');
    await postPackage0(t, url, bytes);
    await sleep(SETTLE_MS);
    const id = await control(t, srv, 'after the replay');
    const ids = serverInitiatedIds(srv);
    t.check(
      ids.length === 2 && ids[0] === first.notificationId && ids[1] === id,
      `the server-initiated sessions carried NotificationIDs [${ids.join(', ')}], not [${first.notificationId}, ${id}]: the replay was acted on`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-NOTI-007',
    title: 'A Package#0 from a server not in DMAcc opens no session',
    requirement: 'A client MUST ignore a Package#0 whose SERVER-ID is not a server of its DMAcc (K-NOTI, P-SEC; DM-HLF-015).',
    labels: ['DM-HLF-015', 'DM-SECARIZE-002'],
    rules: ['K-NOTI', 'P-NOTI', 'P-SEC'],
    level: 'MUST',
    role: 'client',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { srv, url } = await notifiable(t);
    const bytes = signNotification({ ...base(srv, t, 6), serverId: `${srv.srvId}-impostor` }, srv.notificationSecret, srv.devId);
    await mustIgnore(t, srv, url, bytes, 'a Package#0 from an unknown server');
  },
);

defineCase(
  {
    id: 'DMCTS-C-NOTI-008',
    title: 'The server-initiated session goes to the server that sent the Package#0',
    requirement: 'A client with several servers MUST open the session a Package#0 asks for with the server named in its SERVER-ID (K-NOTI; DM-HLF-012, DM-HLF-018).',
    labels: ['DM-HLF-012', 'DM-HLF-018'],
    rules: ['K-NOTI', 'K-FLOW'],
    level: 'MUST',
    role: 'client',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const srvA = await HarnessServer.start(t);
    const srvB = await HarnessServer.start(t);
    await srvA.bootstrap([srvB]);
    if (!srvB.notificationUrl) t.notApplicable('the IUT gave no notification URL at bootstrap');
    t.step(`notify from ${srvB.srvId} and wait for its session`);
    const seen = srvB.server.operator.waitForSession(srvB.devId, t.ixit.timeouts.sessionMs);
    const sent = await srvB.server.operator.notify(srvB.devId);
    if (!sent.ok) return t.fail(`the Package#0 could not be delivered: ${sent.error.message}`);
    t.check(await seen, `no session came to ${srvB.srvId}, the server that sent the Package#0`);
    await sleep(SETTLE_MS);
    const atA = dmPosts(srvA.wire).filter((p) => p.kind === 'package1').length;
    t.check(atA === 0, `${atA} session(s) went to ${srvA.srvId}, which sent no Package#0`);
    t.check(serverInitiatedIds(srvB)[0] === sent.value.notificationId, `the session at ${srvB.srvId} carries NotificationIDs [${serverInitiatedIds(srvB).join(', ')}]`);
  },
);
