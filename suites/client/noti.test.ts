/**
 * Notifications (K-NOTI, P-NOTI; DM-HLF-015 only authorized servers): an accepted Package#0 opens a
 * server-initiated session carrying its NOTIFICATION-ID; one with a wrong digest, without credentials,
 * stale, replayed or from an unknown server opens none. Each negative case ends with a valid control
 * notification, so an IUT that ignores every Package#0 cannot pass it, and a session the bad one caused
 * would show up before the control's.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { dmPosts } from '../../harness/conformance/fixtures/client/dm-wire.ts';
import {
  controlNotification,
  craftedNotification,
  mustIgnoreNotification,
  notifiable,
  nowSeconds,
  serverInitiatedIds,
} from '../../harness/conformance/fixtures/client/notification-checks.ts';
import { postPackage0 } from '../../harness/conformance/fixtures/client/raw-http.ts';
import { tracedSessions } from '../../harness/conformance/fixtures/client/sessions.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { expectNothingArrives } from '../../harness/conformance/fixtures/verify.ts';
import { quiet } from '../../harness/conformance/fixtures/waits.ts';
import { signNotification } from '../../harness/protocol/package0-digest.ts';
import { encodePackage0 } from '../../harness/protocol/package0.ts';
import { ALERT } from '../../harness/protocol/packages.ts';

defineCase(
  {
    id: 'DMCTS-C-NOTI-001',
    title: 'A valid Package#0 opens a server-initiated session carrying its NotificationID',
    requirement:
      'A client MUST answer a valid Package#0 by opening a session with that server whose Package#1 carries the ServerInitiatedMgmt alert with the NOTIFICATION-ID (K-NOTI, K-FLOW).',
    labels: ['DM-HLF-015'],
    rules: ['K-NOTI', 'P-NOTI', 'K-FLOW'],
    level: 'MUST',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { srv } = await notifiable(t);
    t.step('send a valid Package#0 and wait for the session');
    const seen = srv.nextSession();
    const sent = await srv.notify();
    // Delivery over HTTP POST (P-NOTI) and a Package#0 built as P-NOTI encodes and signs it (its header
    // layout, the digest's input: ours): that the IUT takes it rests on the profile.
    if (!sent.ok) return t.fail(`the Package#0 could not be delivered to the IUT's notification URL over HTTP (P-NOTI): ${sent.error.message}`, 'P');
    const status = sent.value.httpStatus;
    t.check(status === undefined || (status >= 200 && status < 300), `the IUT answered the valid Package#0 with HTTP ${status}`, 'P');
    if (!(await seen)) t.fail(`no session came within ${t.ixit.timeouts.sessionMs} ms of a valid Package#0 (encoded and signed as P-NOTI says)`, 'P');
    await tracedSessions(t, srv, 1);
    const p1 = dmPosts(srv.wire).find((p) => p.kind === 'package1');
    // The session a notification asked for carries the ServerInitiatedMgmt alert (K-FLOW).
    const alert = p1?.package1?.Alert.find((a) => a.AlertType === ALERT.SERVER_INITIATED);
    if (!alert)
      return t.fail(
        `the session's Package#1 carries [${p1?.package1?.Alert.map((a) => a.AlertType).join(', ') ?? p1?.decodeError}], no ${ALERT.SERVER_INITIATED}`,
        'K',
      );
    t.check(true, `the session's Package#1 carries ${ALERT.SERVER_INITIATED}`, 'K');
    const id = (alert.Data as { NotificationID?: unknown } | undefined)?.NotificationID;
    t.check(
      id === sent.value.notificationId,
      `the ServerInitiatedMgmt alert carries NotificationID ${JSON.stringify(id)}, not ${sent.value.notificationId} (ours: Data {"NotificationID": n})`,
      'P',
    );
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
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { srv, url } = await notifiable(t);
    const bytes = signNotification(craftedNotification(t, srv, 1), `${srv.notificationSecret}-but-wrong`, srv.devId);
    // K-NOTI: the client ignores a wrong digest.
    await mustIgnoreNotification(t, srv, url, bytes, 'a Package#0 signed with the wrong secret', 'K');
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
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { srv, url } = await notifiable(t);
    const bytes = signNotification(craftedNotification(t, srv, 2), srv.notificationSecret, `${srv.devId}-other`);
    await mustIgnoreNotification(t, srv, url, bytes, 'a Package#0 signed for another DevID');
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
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { srv, url } = await notifiable(t);
    const encoded = encodePackage0(craftedNotification(t, srv, 3));
    if (!encoded.ok) return t.inconclusive(`the harness could not encode the Package#0: ${encoded.error.message}`);
    // K-NOTI: the client ignores a notification without credentials.
    await mustIgnoreNotification(t, srv, url, encoded.value, 'a Package#0 without SHA256-DIGEST', 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-NOTI-005',
    title: 'A Package#0 with a stale TIMESTAMP opens no session',
    requirement:
      'A client MUST ignore a Package#0 whose TIMESTAMP is outside ±300 s of its clock, however well signed: a recorded notification cannot be played back later (P-NOTI, K-NOTI replay protection; DM-DI-001).',
    labels: ['DM-HLF-015', 'DM-DI-001'],
    rules: ['K-NOTI', 'P-NOTI'],
    level: 'MUST',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { srv, url } = await notifiable(t);
    // Ten minutes and one second old: just outside the window, so a lax window (e.g. an hour) is caught too.
    const bytes = signNotification({ ...craftedNotification(t, srv, 4), timestamp: nowSeconds() - 601 }, srv.notificationSecret, srv.devId);
    await mustIgnoreNotification(t, srv, url, bytes, 'a correctly signed Package#0 stamped 601 s ago');
  },
);

defineCase(
  {
    id: 'DMCTS-C-NOTI-006',
    title: 'A replayed NOTIFICATION-ID opens no second session',
    requirement:
      'A client MUST ignore a Package#0 whose NOTIFICATION-ID that server already sent in the last 24 hours, even byte for byte the one it accepted (K-NOTI, P-NOTI; DM-DI-001).',
    labels: ['DM-HLF-015', 'DM-DI-001'],
    rules: ['K-NOTI', 'P-NOTI'],
    level: 'MUST',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { srv, url } = await notifiable(t);
    const first = craftedNotification(t, srv, 5);
    const bytes = signNotification(first, srv.notificationSecret, srv.devId);
    t.step('send a valid crafted Package#0 and wait for its session');
    const seen = srv.nextSession();
    const status = await postPackage0(t, url, bytes);
    if (!(await seen)) return t.inconclusive(`the IUT opened no session for the valid crafted Package#0 (HTTP ${status})`);
    await quiet(t);
    t.step('replay the same Package#0');
    await postPackage0(t, url, bytes);
    await quiet(t);
    const id = await controlNotification(t, srv, 'after the replay');
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
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { srv, url } = await notifiable(t);
    const bytes = signNotification({ ...craftedNotification(t, srv, 6), serverId: `${srv.srvId}-impostor` }, srv.notificationSecret, srv.devId);
    await mustIgnoreNotification(t, srv, url, bytes, 'a Package#0 from an unknown server');
  },
);

defineCase(
  {
    id: 'DMCTS-C-NOTI-008',
    title: 'The server-initiated session goes to the server that sent the Package#0',
    requirement:
      'A client with several servers MUST open the session a Package#0 asks for with the server named in its SERVER-ID (K-NOTI; DM-HLF-012, DM-HLF-018).',
    labels: ['DM-HLF-012', 'DM-HLF-018'],
    rules: ['K-NOTI', 'K-FLOW'],
    level: 'MUST',
    features: ['NOTIFICATION'],
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const srvA = await HarnessServer.start(t);
    const srvB = await HarnessServer.start(t);
    await srvA.bootstrap([srvB]);
    if (!srvB.notificationUrl) t.notApplicable('the IUT gave no notification URL at bootstrap');
    t.step(`notify from ${srvB.srvId} and wait for its session`);
    const seen = srvB.nextSession();
    const sent = await srvB.notify();
    // Delivery over HTTP (P-NOTI) and taking a Package#0 encoded and signed as P-NOTI says (ours) rest on the profile.
    if (!sent.ok) return t.fail(`the Package#0 could not be delivered to the IUT's notification URL over HTTP (P-NOTI): ${sent.error.message}`, 'P');
    if (!(await seen)) t.fail(`no session came to ${srvB.srvId}, the server that sent the Package#0 (encoded and signed as P-NOTI says)`, 'P');
    await expectNothingArrives(
      t,
      () => dmPosts(srvA.wire).filter((p) => p.kind === 'package1'),
      (atA) => `${atA.length} session(s) went to ${srvA.srvId}, which sent no Package#0`,
    );
    t.check(
      serverInitiatedIds(srvB)[0] === sent.value.notificationId,
      `the session at ${srvB.srvId} carries NotificationIDs [${serverInitiatedIds(srvB).join(', ')}], not ${sent.value.notificationId} (ours: Data {"NotificationID": n})`,
      'P',
    );
  },
);
