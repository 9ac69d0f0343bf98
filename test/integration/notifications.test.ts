/**
 * Package#0 over HTTP (K-NOTI, P-NOTI, P-SEC): an authentic notification makes the device open a
 * server-initiated session; a wrong digest, a replay, a stale TIMESTAMP or an unknown server gets
 * nothing done (no session), and the sender learns nothing beyond "not accepted".
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PERM } from '../../harness/client/factory-profile.ts';
import { NOTIFICATION_MEDIA_TYPE } from '../../harness/protocol/media-types.ts';
import { signNotification } from '../../harness/protocol/package0-digest.ts';
import type { DmServer } from '../../harness/server/dm-server.ts';
import { DEV_ID, DEVINFO, integrationEnv, queue, rawRequest, SECRET, settled, statusOf, traceLog, within } from './support.ts';

const env = integrationEnv();

const now = () => Math.floor(Date.now() / 1000);

function sessionsOf(server: DmServer): number {
  return server.registry.get(DEV_ID)?.sessions ?? 0;
}

async function listeningPair(serverTrace?: ReturnType<typeof traceLog>) {
  const { server, device } = await env.pair(serverTrace ? { trace: serverTrace.sink } : {}, { notification: { host: '127.0.0.1' } });
  expect(device.notificationUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/notify$/);
  server.operator.setNotificationTarget(DEV_ID, { url: device.notificationUrl!, secret: SECRET });
  return { server, device };
}

describe('an authentic Package#0', () => {
  it('opens a server-initiated session that runs the queued commands', async () => {
    const log = traceLog();
    const { server, device } = await listeningPair(log);
    const get = queue(server, ['GET', `${DEVINFO}//DevID`]);
    const started = server.operator.waitForSession(DEV_ID, 3_000);

    const sent = await server.operator.notify(DEV_ID);

    expect(sent.ok, sent.ok ? '' : sent.error.message).toBe(true);
    if (!sent.ok) return;
    expect(sent.value.httpStatus, 'accepted').toBe(202);
    expect(await started, 'a session started').toBe(true);
    await settled(server, get);
    expect(statusOf(get).Data![0]!.MOData).toBe(DEV_ID);
    // The Package#0 on the wire, and the alert that answered it.
    const p0 = log.requestsOut((e) => e.url === device.notificationUrl);
    expect(p0).toHaveLength(1);
    expect(p0[0]!.headers['content-type']).toBe(NOTIFICATION_MEDIA_TYPE);
    const alert = server.registry.get(DEV_ID)!.events.find((e) => e.kind === 'alert')!.alert!;
    expect(alert).toEqual({
      AlertType: 'urn:oma:at:dm:2.0:ServerInitiatedMgmt',
      SourceURI: device.notificationUrl,
      Data: { NotificationID: sent.value.notificationId },
    });
    await device.idle();
    expect(device.sessionsRun.map((s) => s.ok)).toEqual([true]);
  });

  it('works with what the server learnt in an earlier session (SourceURI) and its configured secret', async () => {
    const { server, device } = await env.pair({ notificationSecret: SECRET }, { notification: { host: '127.0.0.1' } });
    const before = await server.operator.notify(DEV_ID);
    expect(before.ok, 'no URL is known before the device was seen').toBe(false);
    expect(before.ok ? '' : before.error.code).toBe('NOTIFY_NO_URL');

    expect((await device.clientInitiated()).ok).toBe(true);
    expect(server.registry.get(DEV_ID)!.notificationUrl).toBe(device.notificationUrl);
    const started = server.operator.waitForSession(DEV_ID, 3_000);
    const sent = await server.operator.notify(DEV_ID);
    expect(sent.ok && sent.value.httpStatus).toBe(202);
    expect(await started).toBe(true);
    await device.idle();
    expect(sessionsOf(server)).toBe(2);
  });
});

describe('an unacceptable Package#0 is ignored: no session', () => {
  it('with a wrong secret', async () => {
    const { server, device } = await listeningPair();
    const get = queue(server, ['GET', `${DEVINFO}//DevID`]);
    const sent = await server.operator.notify(DEV_ID, { secret: 'not-the-secret' });
    expect(sent.ok && sent.value.httpStatus, 'not accepted, no detail').toBe(204);
    await device.idle();
    expect(sessionsOf(server)).toBe(0);
    expect(get.state).toBe('queued');
    expect(device.sessionsRun).toHaveLength(0);

    const direct = device.handleNotification(
      signNotification({ version: 0, reqMos: false, serverId: 'srv1', notificationId: 7, timestamp: now() }, 'not-the-secret', DEV_ID),
    );
    expect(direct.accepted).toBe(false);
    expect(direct.reason).toMatch(/SHA256-DIGEST does not match/);
    // The digest also binds the device: the right secret for another DevID fails the same way.
    const otherDevice = device.handleNotification(
      signNotification({ version: 0, reqMos: false, serverId: 'srv1', notificationId: 8, timestamp: now() }, SECRET, 'IMEI:other'),
    );
    expect(otherDevice.reason).toMatch(/SHA256-DIGEST does not match/);
    await device.idle();
    expect(sessionsOf(server)).toBe(0);
  });

  it('when replayed: the second copy of the same bytes is a duplicate', async () => {
    const log = traceLog();
    const { server, device } = await listeningPair(log);
    const started = server.operator.waitForSession(DEV_ID, 3_000);
    const sent = await server.operator.notify(DEV_ID);
    expect(sent.ok && sent.value.httpStatus).toBe(202);
    expect(await started).toBe(true);
    await device.idle();
    expect(sessionsOf(server)).toBe(1);

    // Replay the captured bytes over HTTP, as an attacker on the path would.
    const captured = log.requestsOut((e) => e.url === device.notificationUrl)[0]!.body;
    const replay = await rawRequest(device.notificationUrl!, { headers: { 'content-type': NOTIFICATION_MEDIA_TYPE }, body: captured });
    expect(replay.status).toBe(204);
    expect(replay.body).toHaveLength(0);
    await device.idle();
    expect(sessionsOf(server)).toBe(1);

    // The same with bytes signed here, handed to the device twice.
    const bytes = signNotification({ version: 0, reqMos: false, serverId: 'srv1', notificationId: 4242, timestamp: now() }, SECRET, DEV_ID);
    const first = device.handleNotification(bytes);
    expect(first.accepted).toBe(true);
    expect((await within(first.session!, 3_000, 'the session of the first copy')).ok).toBe(true);
    const second = device.handleNotification(bytes);
    expect(second).toEqual({ accepted: false, reason: expect.stringMatching(/already sent NOTIFICATION-ID 4242/) });
    await device.idle();
    expect(sessionsOf(server)).toBe(2);
  });

  it('from a server that is not in the DMAcc, or with a stale TIMESTAMP', async () => {
    const { server, device } = await listeningPair();
    const intruder = signNotification({ version: 0, reqMos: false, serverId: 'intruder', notificationId: 1, timestamp: now() }, SECRET, DEV_ID);
    const res = await rawRequest(device.notificationUrl!, { headers: { 'content-type': NOTIFICATION_MEDIA_TYPE }, body: intruder });
    expect(res.status).toBe(204);
    expect(device.handleNotification(intruder).reason).toMatch(/"intruder", which is not a server of this device's DMAcc/);

    const stale = signNotification({ version: 0, reqMos: false, serverId: 'srv1', notificationId: 2, timestamp: now() - 3_600 }, SECRET, DEV_ID);
    expect(device.handleNotification(stale).reason).toMatch(/outside the ±300 s window/);
    const future = signNotification({ version: 0, reqMos: false, serverId: 'srv1', notificationId: 3, timestamp: now() + 3_600 }, SECRET, DEV_ID);
    expect(device.handleNotification(future).reason).toMatch(/in the future/);
    const garbage = device.handleNotification(new Uint8Array([0xff, 0xff, 0x00]));
    expect(garbage.accepted).toBe(false);
    await device.idle();
    expect(sessionsOf(server)).toBe(0);
    expect(device.sessionsRun).toHaveLength(0);
  });

  it('for an account without notification credentials', async () => {
    const server = await env.server();
    const device = await env.device(undefined, {
      servers: [{ srvId: 'srv1', srvUri: server.dmUrl, perm: DEFAULT_PERM }],
      notification: { host: '127.0.0.1' },
    });
    const outcome = device.handleNotification(
      signNotification({ version: 0, reqMos: false, serverId: 'srv1', notificationId: 5, timestamp: now() }, '', DEV_ID),
    );
    expect(outcome.accepted).toBe(false);
    expect(outcome.reason).toMatch(/no notification secret/);
    await device.idle();
    expect(sessionsOf(server)).toBe(0);
  });
});

describe('the notification endpoint', () => {
  it('takes only POSTs of application/vnd.oma.dm.notification', async () => {
    const { device } = await listeningPair();
    const get = await rawRequest(device.notificationUrl!, { method: 'GET' });
    expect(get.status).toBe(405);
    const wrongType = await rawRequest(device.notificationUrl!, { headers: { 'content-type': 'application/json' }, body: Buffer.from('{}') });
    expect(wrongType.status).toBe(415);
    expect(wrongType.body.toString()).toContain(NOTIFICATION_MEDIA_TYPE);
    const huge = await rawRequest(device.notificationUrl!, { headers: { 'content-type': NOTIFICATION_MEDIA_TYPE }, body: Buffer.alloc(100 * 1024) });
    expect(huge.status).toBe(413);
  });
});
