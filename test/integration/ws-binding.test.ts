/**
 * P-WS between the reference peers: a device behind NAT (no notification URL) holds a WebSocket open
 * to its server, runs its sessions over it and is notified over it; TLS and client authentication
 * as over HTTPS; a session goes on across a move between the WebSocket and HTTP and a dropped
 * connection; what is not P-WS is refused.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DEFAULT_PERM } from '../../harness/client/factory-profile.ts';
import { NOTIFICATION_MEDIA_TYPE } from '../../harness/protocol/media-types.ts';
import { DM_WS_SUBPROTOCOL, wsUrlOf } from '../../harness/protocol/ws-frame.ts';
import { createTestPki, type TestPki } from '../../harness/security/test-pki.ts';
import type { DmServer } from '../../harness/server/dm-server.ts';
import { DEV_ID, DEVINFO, DIAG, integrationEnv, queue, traceLog, SECRET, settled, statusOf, until } from './support.ts';

const env = integrationEnv();
let pki: TestPki;
beforeAll(async () => {
  pki = await createTestPki();
});
const tls = () => ({ cert: pki.server.chainPem, key: pki.server.keyPem });

/** Opens a raw WebSocket to the server's DM URL; resolves with the HTTP status of a refusal, or 101. */
function rawUpgrade(server: DmServer, protocols: string[], headers: Record<string, string>): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(wsUrlOf(server.dmUrl), protocols, { headers, ca: pki.ca.certPem });
    ws.on('open', () => {
      ws.close();
      resolve(101);
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    ws.on('error', () => resolve(-1));
  });
}

describe('P-WS: a device behind NAT', () => {
  it('holds a WebSocket open, runs a client-initiated session over it, and sends nothing over HTTP', async () => {
    const serverLog = traceLog();
    const deviceLog = traceLog();
    const { server, device } = await env.pair({ tls: tls(), trace: serverLog.sink }, { ca: pki.ca.certPem, ws: {}, trace: deviceLog.sink });
    expect(await until(() => server.wsConnected().includes(DEV_ID)), 'the device opened its WebSocket').toBe(true);
    const get = queue(server, ['GET', `${DEVINFO}//DevID`]);
    const outcome = await device.clientInitiated();
    expect(outcome.ok, outcome.reason).toBe(true);
    await settled(server, get);
    expect(statusOf(get).Data![0]!.MOData).toBe(DEV_ID);
    // Every package went as a frame: the server saw no HTTP POST at all.
    const frames = serverLog.requestsIn((e) => e.method === 'WS');
    expect(frames.map((e) => e.url)).toEqual(['/dm', expect.stringMatching(/^\/dm\/s\//)]);
    expect(serverLog.requestsIn((e) => e.method === 'POST')).toEqual([]);
    expect(deviceLog.requestsOut((e) => e.method !== 'WS')).toEqual([]);
  });

  it('is notified over its WebSocket (Package#0 frame) and opens the server-initiated session over it', async () => {
    const { server, device } = await env.pair({ tls: tls(), notificationSecret: SECRET }, { ca: pki.ca.certPem, ws: {} });
    expect(device.notificationUrl, 'a device behind NAT takes no HTTP notification').toBeUndefined();
    expect(await until(() => server.wsConnected().includes(DEV_ID))).toBe(true);
    server.operator.setNotificationTarget(DEV_ID, { secret: SECRET });
    const get = queue(server, ['GET', `${DEVINFO}//DevID`]);
    const sent = await server.operator.notify(DEV_ID);
    expect(sent.ok, sent.ok ? '' : sent.error.message).toBe(true);
    if (!sent.ok) return;
    expect(sent.value.via).toBe('ws');
    await settled(server, get);
    expect(statusOf(get).Data![0]!.MOData).toBe(DEV_ID);
    const alert = server.registry.get(DEV_ID)!.events.find((e) => e.kind === 'alert')!.alert!;
    expect(alert.AlertType).toBe('urn:oma:at:dm:2.0:ServerInitiatedMgmt');
    expect(alert.Data).toEqual({ NotificationID: sent.value.notificationId });
  });

  it('cannot be notified once its WebSocket is gone and it has no notification URL', async () => {
    const { server, device } = await env.pair({ tls: tls(), notificationSecret: SECRET }, { ca: pki.ca.certPem, ws: { retryMs: 60_000 } });
    expect(await until(() => server.wsConnected().includes(DEV_ID))).toBe(true);
    await device.stop();
    expect(await until(() => !server.wsConnected().includes(DEV_ID))).toBe(true);
    const sent = await server.operator.notify(DEV_ID, { secret: SECRET });
    expect(sent.ok).toBe(false);
    if (!sent.ok) expect(sent.error.message).toMatch(/no WebSocket open/);
  });

  it('reopens a dropped WebSocket and goes on with the session where it stopped', async () => {
    const serverLog = traceLog();
    const { server, device } = await env.pair({ tls: tls(), trace: serverLog.sink, maxCommandsPerPackage: 1 }, { ca: pki.ca.certPem, ws: { retryMs: 50 } });
    expect(await until(() => server.wsConnected().includes(DEV_ID))).toBe(true);
    // The device moves to another network mid-session (while it runs the first command): its
    // WebSocket is dropped, and the Package#3 goes over a new one from 127.0.0.2.
    let runs = 0;
    device.exec.register(DIAG, ['Run'], () => {
      runs += 1;
      device.moveTo('127.0.0.2');
      return 200;
    });
    const exec = queue(server, ['EXEC', `${DIAG}/1/Run`]);
    const get = queue(server, ['GET', `${DEVINFO}//DevID`]);
    const outcome = await device.clientInitiated();
    expect(outcome.ok, outcome.reason).toBe(true);
    expect(statusOf(await settled(server, exec)).sc).toBe(200);
    expect(statusOf(await settled(server, get)).Data![0]!.MOData).toBe(DEV_ID);
    expect(runs, 'the EXEC ran once, not again after the move').toBe(1);
    const frames = serverLog.requestsIn((e) => e.method === 'WS');
    expect(frames.map((e) => e.peer)).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.2']);
    expect(
      frames.slice(1).every((e) => (e.url ?? '').startsWith('/dm/s/')),
      'the same session went on',
    ).toBe(true);
  });
});

describe('P-WS: the upgrade', () => {
  it('is refused without the subprotocol or without OMADM-DevID, taken with both', async () => {
    const server = await env.server({ tls: tls() });
    expect(await rawUpgrade(server, ['something-else'], { 'omadm-devid': DEV_ID })).toBe(400);
    expect(await rawUpgrade(server, [DM_WS_SUBPROTOCOL], {})).toBe(400);
    expect(await rawUpgrade(server, [DM_WS_SUBPROTOCOL], { 'omadm-devid': DEV_ID })).toBe(101);
  });

  it('carries HTTP client authentication: wrong credentials get 401 and no connection, Digest is answered', async () => {
    const NAME = 'dev-user';
    const PASSWORD = 'ws-pa55';
    for (const scheme of ['basic', 'digest'] as const) {
      const server = await env.server({ tls: tls(), clientAuth: { modes: [scheme], required: true } });
      server.operator.setCredentials(DEV_ID, { basic: { name: NAME, password: PASSWORD } });
      const account = (secret: string) => [
        { srvId: 'srv1', srvUri: server.dmUrl, perm: DEFAULT_PERM, notificationSecret: SECRET, clientAuth: { type: scheme, name: NAME, secret } },
      ];
      expect(await rawUpgrade(server, [DM_WS_SUBPROTOCOL], { 'omadm-devid': DEV_ID }), `${scheme}: no credentials`).toBe(401);
      const wrong = await env.device(server, { ca: pki.ca.certPem, ws: { retryMs: 60_000 }, servers: account('wrong'), devId: DEV_ID });
      const refused = await wrong.clientInitiated();
      expect(refused.ok, `${scheme}: wrong password`).toBe(false);
      expect(server.wsConnected()).toEqual([]);
      await wrong.stop();
      const right = await env.device(server, { ca: pki.ca.certPem, ws: {}, servers: account(PASSWORD), devId: DEV_ID });
      const outcome = await right.clientInitiated();
      expect(outcome.ok, `${scheme}: ${outcome.reason}`).toBe(true);
      expect(server.wsConnected()).toEqual([DEV_ID]);
    }
  });

  it('checks the server certificate like HTTPS: another CA gets no connection', async () => {
    const other = await createTestPki({ commonName: 'some other CA' });
    const { server, device } = await env.pair({ tls: tls() }, { ca: other.ca.certPem, ws: { retryMs: 60_000 } });
    const outcome = await device.clientInitiated();
    expect(outcome.ok).toBe(false);
    expect(outcome.reason).toMatch(/WebSocket .*could not be opened/);
    expect(server.wsConnected()).toEqual([]);
  });

  it('sends Package#0 frames with the notification media type', async () => {
    const deviceLog = traceLog();
    const { server } = await env.pair({ tls: tls(), notificationSecret: SECRET }, { ca: pki.ca.certPem, ws: {}, trace: deviceLog.sink });
    expect(await until(() => server.wsConnected().includes(DEV_ID))).toBe(true);
    const sent = await server.operator.notify(DEV_ID, { secret: SECRET });
    expect(sent.ok).toBe(true);
    expect(await until(() => deviceLog.events.some((e) => e.kind === 'frame' && e.direction === 'in'))).toBe(true);
    const frame = deviceLog.events.find((e) => e.kind === 'frame' && e.direction === 'in')!;
    expect(frame.headers['content-type']).toBe(NOTIFICATION_MEDIA_TYPE);
  });
});
