/**
 * A Package#3 whose connection drops before its answer (P-SESSION, P-WS, ours), between the reference
 * peers: the device sends the identical Package#3 again on a new connection, the server answers it
 * with the Package#2 it had sent, processing nothing twice — over the WebSocket and over HTTP.
 */
import { createServer, Socket } from 'node:net';
import { describe, expect, it } from 'vitest';
import type { DmServer } from '../../../harness/server/dm-server.ts';
import { DIAG, integrationEnv, queue, traceLog, settled, statusOf, until } from '../../integration/support.ts';

const env = integrationEnv();

const runCount = (device: { tree: { instance: (moid: string, miid: string) => { root: { children: Map<string, unknown> } } | undefined } }) =>
  (device.tree.instance(DIAG, '1')!.root.children.get('RunCount') as { value: unknown }).value;

/** A TCP relay to the server that, once, forwards a Package#3 POST and then cuts the device off instead of relaying the answer. */
async function cuttingRelay(server: DmServer): Promise<{ url: string; cuts: () => number }> {
  let cut = 0;
  let armed = true;
  const relay = createServer((inbound: Socket) => {
    const outbound = new Socket();
    let dropAnswer = false;
    outbound.connect(server.port, '127.0.0.1');
    inbound.on('data', (chunk: Buffer) => {
      if (armed && chunk.toString('latin1').startsWith('POST /dm/s/')) {
        armed = false;
        dropAnswer = true;
      }
      outbound.write(chunk);
    });
    outbound.on('data', (chunk: Buffer) => {
      if (dropAnswer) {
        cut += 1;
        inbound.destroy();
        outbound.destroy();
        return;
      }
      inbound.write(chunk);
    });
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
    inbound.on('close', () => outbound.destroy());
    outbound.on('close', () => inbound.destroy());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  env.defer(() => new Promise<void>((resolve) => relay.close(() => resolve())));
  const { port } = relay.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, cuts: () => cut };
}

describe('a Package#3 whose answer is lost with the connection', () => {
  it('over the WebSocket: sent again on a new socket, answered with the same Package#2; the EXEC ran once, every Status arrived', async () => {
    const serverLog = traceLog();
    const server = await env.server({ maxCommandsPerPackage: 1, trace: serverLog.sink });
    const device = await env.device(server, { ws: { retryMs: 50 } });
    expect(await until(() => server.wsConnected().length === 1)).toBe(true);
    const exec = queue(server, ['EXEC', `${DIAG}/1/Run`]);
    const get = queue(server, ['GET', `${DIAG}/1/RunCount`]);
    server.dropAnswer(device.devId);
    const outcome = await device.clientInitiated();
    expect(outcome.ok, outcome.reason).toBe(true);
    expect(outcome.resends).toBe(1);
    expect(runCount(device), 'the EXEC ran once').toBe(1);
    await settled(server, exec);
    await settled(server, get);
    expect(statusOf(exec).sc).toBe(200);
    expect(statusOf(get).Data?.[0]?.MOData, 'the Status of the Package#2 sent again arrived').toBe(1);
    const frames = serverLog.requestsIn((e) => e.method === 'WS' && (e.url ?? '').startsWith('/dm/s/'));
    expect(frames.length, 'the first Package#3, its resend, the Package#3 of the GET').toBe(3);
    expect(Buffer.from(frames[1]!.body).equals(Buffer.from(frames[0]!.body)), 'the resend is byte-identical').toBe(true);
    expect(frames[1]!.url).toBe(frames[0]!.url);
    expect(server.registry.get(device.devId)!.events.filter((e) => e.kind === 'retransmission')).toHaveLength(1);
    expect(server.registry.get(device.devId)!.sessions).toBe(1);
  });

  it('over HTTP: POSTed again on a new connection, answered with the same Package#2 even after END; nothing processed twice', async () => {
    const server = await env.server();
    const relay = await cuttingRelay(server);
    const device = await env.device(server, { sessionUrl: `${relay.url}/dm` });
    // The CONT URIs point at the relay too.
    (server.options as { publicUrl?: string }).publicUrl = relay.url;
    const exec = queue(server, ['EXEC', `${DIAG}/1/Run`]);
    const outcome = await device.clientInitiated();
    expect(outcome.ok, outcome.reason).toBe(true);
    expect(relay.cuts()).toBe(1);
    expect(outcome.resends).toBe(1);
    expect(runCount(device)).toBe(1);
    await settled(server, exec);
    expect(statusOf(exec).sc).toBe(200);
    // The answer cut was the END: the ended session still answered the resend, once.
    expect(server.registry.get(device.devId)!.events.filter((e) => e.kind === 'retransmission')).toHaveLength(1);
    expect(server.registry.get(device.devId)!.events.filter((e) => e.kind === 'protocol-error')).toHaveLength(0);
  });

  it('two Package#2s with the same command: the Package#3s differ, so the second is processed, not taken for a retransmission', async () => {
    const serverLog = traceLog();
    const server = await env.server({ maxCommandsPerPackage: 1, trace: serverLog.sink });
    const device = await env.device(server);
    const first = queue(server, ['EXEC', `${DIAG}/1/Run`]);
    const second = queue(server, ['EXEC', `${DIAG}/1/Run`]);
    const outcome = await device.clientInitiated();
    expect(outcome.ok, outcome.reason).toBe(true);
    expect(outcome.packagesSent, 'Package#1 and two Package#3s').toBe(3);
    expect(runCount(device), 'each EXEC ran once').toBe(2);
    await settled(server, first);
    await settled(server, second);
    expect([statusOf(first).sc, statusOf(second).sc]).toEqual([200, 200]);
    const p3 = serverLog.requestsIn((e) => (e.url ?? '').startsWith('/dm/s/')).map((e) => JSON.parse(Buffer.from(e.body).toString()));
    expect(p3).toEqual([{ Status: [statusOf(first), { sc: 200, URI: [] }] }, { Status: [statusOf(second), { sc: 200, URI: [] }], Alert: [] }]);
    expect(server.registry.get(device.devId)!.events.filter((e) => e.kind === 'retransmission')).toHaveLength(0);
  });

  it('a device whose every resend is cut gives up after three, with a reason saying so', async () => {
    let server: DmServer | undefined;
    // Every Package#3 frame is processed and its answer dropped with the connection.
    server = await env.server({
      maxCommandsPerPackage: 1,
      trace: (e) => {
        if (e.direction === 'in' && e.method === 'WS' && (e.url ?? '').startsWith('/dm/s/')) server?.dropAnswer(e.headers['omadm-devid'] ?? '');
      },
    });
    const device = await env.device(server, { ws: { retryMs: 50 } });
    expect(await until(() => server.wsConnected().length === 1)).toBe(true);
    queue(server, ['EXEC', `${DIAG}/1/Run`]);
    queue(server, ['GET', `${DIAG}/1/RunCount`]);
    const outcome = await device.clientInitiated();
    expect(outcome.ok).toBe(false);
    expect(outcome.resends).toBe(3);
    expect(outcome.reason).toMatch(/sent 4 times, each connection dropped before the answer/);
    expect(runCount(device), 'the EXEC ran once all the same').toBe(1);
  }, 20_000);

  it('a device stopped while it waits to send a Package#3 again stops at once: no resend, no wait', async () => {
    let server: DmServer | undefined;
    server = await env.server({
      maxCommandsPerPackage: 1,
      trace: (e) => {
        if (e.direction === 'in' && e.method === 'WS' && (e.url ?? '').startsWith('/dm/s/')) server?.dropAnswer(e.headers['omadm-devid'] ?? '');
      },
    });
    const device = await env.device(server, { ws: { retryMs: 50 } });
    expect(await until(() => server.wsConnected().length === 1)).toBe(true);
    queue(server, ['EXEC', `${DIAG}/1/Run`]);
    queue(server, ['GET', `${DIAG}/1/RunCount`]);
    const session = device.clientInitiated();
    // The first Package#3's answer is dropped: the device now waits 250 ms before sending it again.
    expect(await until(() => runCount(device) === 1)).toBe(true);
    await new Promise((r) => setTimeout(r, 60));
    const started = Date.now();
    await device.stop({ abort: true });
    const outcome = await session;
    expect(Date.now() - started, 'stop() did not wait out the resend delays (3.25 s in all)').toBeLessThan(200);
    expect(outcome.ok).toBe(false);
    expect(outcome.resends ?? 0).toBe(0);
  }, 20_000);
});
