/**
 * Every read of a peer is bounded while it streams (issue 7, items 4 and 5): the harness's HTTP client
 * against servers that never answer, trickle, or send without end; its endpoint against clients that
 * do the same. Each ends within its bound, says which bound and how many bytes came, and holds no
 * more than the limit in memory.
 */
import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HttpClient, HttpFailure } from '../../../harness/transport/http-client.ts';
import { startEndpoint, type Endpoint } from '../../../harness/transport/http-endpoint.ts';
import type { TraceEvent } from '../../../harness/transport/trace.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function peerServer(answer: (res: ServerResponse) => void): Promise<string> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((_req, res) => answer(res));
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  cleanups.push(
    () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  );
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/dm`;
}

function client(): HttpClient {
  const c = new HttpClient({ side: 'harness', maxBodyBytes: 64 * 1024, exchange: { headersMs: 400, bodyIdleMs: 400, exchangeMs: 1_500 } });
  cleanups.push(() => c.destroy());
  return c;
}

async function failure(promise: Promise<unknown>): Promise<{ error: HttpFailure; ms: number }> {
  const t0 = Date.now();
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(HttpFailure);
    return { error: error as HttpFailure, ms: Date.now() - t0 };
  }
  throw new Error('the exchange did not fail');
}

function trickle(res: ServerResponse, everyMs: number, chunk = 'x'): void {
  const timer = setInterval(() => res.write(chunk), everyMs);
  res.on('close', () => clearInterval(timer));
}

describe('the harness HTTP client', () => {
  it('gives up on a server that never sends its headers after headersMs', async () => {
    const url = await peerServer(() => undefined);
    const { error, ms } = await failure(client().send({ method: 'POST', url }));
    expect(error.code).toBe('TIMEOUT');
    expect(error.detail).toMatchObject({ bound: 'headers', limit: 400 });
    expect(error.message).toMatch(/no response headers within 400 ms/);
    expect(ms).toBeLessThan(1_400);
  });

  it('gives up on a body that stalls after bodyIdleMs, saying how much came', async () => {
    const url = await peerServer((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"CMD":');
    });
    const { error, ms } = await failure(client().send({ method: 'POST', url }));
    expect(error.detail).toMatchObject({ bound: 'bodyIdle', limit: 400, received: 7 });
    expect(error.message).toMatch(/stalled: no byte of the body for 400 ms \(7 bytes received\)/);
    expect(ms).toBeLessThan(1_400);
  });

  it('ends a trickled body (one byte every 100 ms, never idle) at exchangeMs', async () => {
    const url = await peerServer((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      trickle(res, 100);
    });
    const { error, ms } = await failure(client().send({ method: 'POST', url }));
    expect(error.detail?.bound).toBe('exchange');
    expect(error.detail!.received).toBeGreaterThan(5);
    expect(error.message).toMatch(/not complete within 1500 ms/);
    expect(ms).toBeGreaterThanOrEqual(1_400);
    expect(ms).toBeLessThan(2_500);
  });

  it('stops reading an endless chunked body at the size limit', async () => {
    const url = await peerServer((res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = 'y'.repeat(16 * 1024);
      const pump = () => {
        while (!res.destroyed && res.write(chunk));
        if (!res.destroyed) res.once('drain', pump);
      };
      pump();
    });
    const before = process.memoryUsage().arrayBuffers;
    const { error } = await failure(client().send({ method: 'POST', url }));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.detail).toMatchObject({ bound: 'size', limit: 64 * 1024 });
    expect(error.detail!.received).toBeGreaterThan(64 * 1024);
    expect(error.message).toMatch(/exceeded 64 KiB \(\d+(\.\d+)? KiB received\)/);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(8 * 1024 * 1024);
  });

  it('refuses a gzip bomb beyond the size limit', async () => {
    const { gzipSync } = await import('node:zlib');
    const bomb = gzipSync(Buffer.alloc(8 * 1024 * 1024));
    const url = await peerServer((res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(bomb);
    });
    const { error } = await failure(client().send({ method: 'POST', url }));
    expect(error.code).toBe('TOO_LARGE');
    expect(error.message).toMatch(/decodes to more than 64 KiB/);
  });
});

describe('the harness HTTP endpoint', () => {
  async function endpoint(): Promise<{ ep: Endpoint; problems: string[] }> {
    const problems: string[] = [];
    const trace = (e: TraceEvent) => e.problem && problems.push(e.problem);
    const ep = await startEndpoint(
      { host: '127.0.0.1', port: 0, maxBodyBytes: 1024, side: 'harness', timeouts: { headersMs: 500, bodyIdleMs: 500, exchangeMs: 1_500 }, trace },
      () => ({ status: 204 }),
    );
    cleanups.push(() => ep.close());
    return { ep, problems };
  }

  function raw(ep: Endpoint, start: string, then?: (s: Socket) => void): Promise<{ status: string; ms: number }> {
    const t0 = Date.now();
    return new Promise((resolve) => {
      const s = connect(ep.port, '127.0.0.1');
      let got = '';
      s.on('data', (d) => (got += d.toString()));
      s.on('error', () => undefined);
      s.on('close', () => resolve({ status: got.split('\r\n')[0] ?? '', ms: Date.now() - t0 }));
      s.write(start);
      then?.(s);
    });
  }

  it('answers 408 to headers trickled past headersMs (slowloris) and traces it', async () => {
    const { ep, problems } = await endpoint();
    const r = await raw(ep, 'POST /dm HTTP/1.1\r\nHost: x\r\n', (s) => {
      const timer = setInterval(() => s.write('X'), 100);
      s.on('close', () => clearInterval(timer));
    });
    expect(r.status).toBe('HTTP/1.1 408 Request Timeout');
    expect(r.ms).toBeLessThan(2_000);
    expect(problems.join()).toMatch(/request headers were not complete within 500 ms/);
  });

  it('answers 408 to a body that stalls, and to one trickled past exchangeMs', async () => {
    const { ep, problems } = await endpoint();
    const stalled = await raw(ep, 'POST /dm HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc');
    expect(stalled.status).toBe('HTTP/1.1 408 Request Timeout');
    expect(stalled.ms).toBeLessThan(1_200);
    const trickled = await raw(ep, 'POST /dm HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n', (s) => {
      const timer = setInterval(() => s.write('a'), 100);
      s.on('close', () => clearInterval(timer));
    });
    expect(trickled.status).toBe('HTTP/1.1 408 Request Timeout');
    expect(trickled.ms).toBeLessThan(2_500);
    expect(problems).toEqual([
      expect.stringMatching(/stalled: no byte of the body for 500 ms \(3 bytes received\)/),
      expect.stringMatching(/not complete within 1500 ms/),
    ]);
  });

  it('answers 413 to an endless chunked body without keeping it', async () => {
    const { ep, problems } = await endpoint();
    const r = await raw(ep, 'POST /dm HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', (s) => {
      const chunk = `4000\r\n${'z'.repeat(0x4000)}\r\n`;
      const pump = () => {
        while (!s.destroyed && s.write(chunk));
        if (!s.destroyed) s.once('drain', pump);
      };
      pump();
    });
    expect(r.status).toBe('HTTP/1.1 413 Payload Too Large');
    expect(problems[0]).toMatch(/the request body exceeded 1 KiB \(\d+(\.\d+)? (KiB|MiB) received\)/);
  });
});
