/**
 * The interop recording proxy forwards bytes unchanged: the same exchange made directly and
 * through the proxy reaches the server with the same method, target, raw header list and body, and
 * comes back with the same status, raw headers and body; WebSocket frames pass both ways unchanged
 * and are recorded as sent; a body over the bound is refused (502), not forwarded cut.
 */
import { createServer, request, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { startRecordingProxy, type RecordingProxy } from '../../../harness/conformance/interop/recording-proxy.ts';

interface Seen {
  method: string;
  url: string;
  rawHeaders: string[];
  body: Buffer;
}

const closers: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of closers.splice(0).reverse()) await c();
});

/** A server that remembers every request raw and answers with fixed raw headers (mixed case, repeated) and binary bytes. */
async function origin(): Promise<{ url: string; seen: Seen[]; server: Server }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, rawHeaders: [...req.rawHeaders], body: Buffer.concat(chunks) });
      res.writeHead(207, 'Odd Status', [
        'X-Mixed-Case',
        'Value One',
        'Set-Cookie',
        'a=1',
        'Set-Cookie',
        'b=2',
        'Content-Type',
        'application/vnd.oma.dm.request+cbor',
        'Date',
        'Thu, 01 Jan 2026 00:00:00 GMT',
        'Content-Length',
        '5',
      ]);
      res.end(Buffer.from([0xa1, 0x00, 0xff, 0x0a, 0x0d]));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  closers.push(() => new Promise((r) => server.close(() => r())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

async function proxyTo(target: string, maxBodyBytes = 1024 * 1024): Promise<RecordingProxy> {
  const p = await startRecordingProxy({ host: '127.0.0.1', target, maxBodyBytes, timeouts: { headersMs: 2000, bodyIdleMs: 2000, exchangeMs: 5000 } });
  closers.push(() => p.close());
  return p;
}

/** One request with a fixed raw header list; what came back, raw. */
function exchange(base: string, body: Buffer, host: string): Promise<{ status: number; message: string; rawHeaders: string[]; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}/dm/s/tok?x=1`, {
      method: 'POST',
      headers: [
        'Host',
        host,
        'OMADM-DevID',
        'dev-1',
        'X-Repeat',
        'one',
        'X-Repeat',
        'two',
        'Content-Type',
        'application/vnd.oma.dm.response+json',
        'Content-Length',
        String(body.length),
      ] as unknown as Record<string, string>,
      agent: false,
    });
    req.on('response', (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, message: res.statusMessage!, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

// Hop-by-hop: the connection handling between each pair of hops is each hop's own.
const endToEnd = (raw: string[]) =>
  raw.filter((_, i, a) => !['connection', 'keep-alive', 'transfer-encoding'].includes((i % 2 === 0 ? a[i] : a[i - 1])!.toLowerCase()));

describe('the interop recording proxy', () => {
  it('forwards a request and its answer byte for byte, as a direct exchange, and records both', async () => {
    const o = await origin();
    const p = await proxyTo(o.url);
    const body = Buffer.from('{"Status":[{"sc":200,"URI":["a"]}]}\u00e9');
    const direct = await exchange(o.url, body, 'dm.example:443');
    const proxied = await exchange(p.origin, body, 'dm.example:443');
    const [a, b] = o.seen;
    expect(b!.method).toBe(a!.method);
    expect(b!.url).toBe(a!.url);
    expect(endToEnd(b!.rawHeaders)).toEqual(endToEnd(a!.rawHeaders));
    expect(b!.body.equals(a!.body)).toBe(true);
    expect(proxied.status).toBe(direct.status);
    expect(proxied.message).toBe(direct.message);
    expect(endToEnd(proxied.rawHeaders)).toEqual(endToEnd(direct.rawHeaders));
    expect(proxied.body.equals(direct.body)).toBe(true);
    const [rec] = p.tap.all();
    expect(rec).toMatchObject({ kind: 'http', method: 'POST', path: '/dm/s/tok?x=1', status: 207 });
    if (rec?.kind !== 'http') throw new Error('no http record');
    expect(rec.requestBody.equals(body)).toBe(true);
    expect(rec.responseBody?.equals(direct.body)).toBe(true);
    expect(rec.requestHeaders['x-repeat']).toBe('one, two');
  });

  it('refuses a body over its bound with 502 and forwards nothing cut', async () => {
    const o = await origin();
    const p = await proxyTo(o.url, 64);
    const r = await exchange(p.origin, Buffer.alloc(200, 0x41), 'x');
    expect(r.status).toBe(502);
    expect(o.seen).toHaveLength(0);
    expect(p.tap.all()[0]).toMatchObject({ kind: 'http', error: expect.stringContaining('could not be read') });
  });

  it('relays a WebSocket both ways unchanged and records each frame as sent', async () => {
    const http = createServer();
    const wss = new WebSocketServer({ server: http, handleProtocols: () => 'oma.dm.2.0' });
    wss.on('connection', (ws) => ws.on('message', (data, binary) => ws.send(Buffer.concat([Buffer.from('echo:'), data as Buffer]), { binary })));
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
    closers.push(async () => {
      for (const c of wss.clients) c.terminate();
      await new Promise<void>((r) => http.close(() => r()));
    });
    const p = await proxyTo(`http://127.0.0.1:${(http.address() as AddressInfo).port}`);
    const ws = new WebSocket(`${p.origin.replace('http', 'ws')}/dm`, 'oma.dm.2.0', { headers: { 'OMADM-DevID': 'dev-1' } });
    await new Promise((r, j) => ws.once('open', r).once('error', j));
    expect(ws.protocol).toBe('oma.dm.2.0');
    const big = Buffer.alloc(70_000, 7); // a 64-bit length frame
    const got: Buffer[] = [];
    ws.on('message', (d: Buffer) => got.push(d));
    ws.send(Buffer.from('application/vnd.oma.dm.initiation+json\n{}'));
    ws.send(big);
    await new Promise<void>((r) => {
      const t = setInterval(() => {
        if (got.length < 2) return;
        clearInterval(t);
        r();
      }, 10);
    });
    ws.close();
    expect(got[0]!.toString()).toBe('echo:application/vnd.oma.dm.initiation+json\n{}');
    expect(got[1]!.equals(Buffer.concat([Buffer.from('echo:'), big]))).toBe(true);
    const recs = p.tap.all();
    expect(recs[0]).toMatchObject({ kind: 'upgrade', status: 101, requestHeaders: { 'omadm-devid': 'dev-1' } });
    const frames = recs.filter((r) => r.kind === 'frame');
    const sizes = (d: string) => frames.flatMap((f) => (f.kind === 'frame' && f.direction === d ? [f.payload.length] : []));
    expect(sizes('to-server')).toEqual([41, 70_000]);
    expect(sizes('to-client')).toEqual([46, 70_005]);
    const last = frames.findLast((f) => f.kind === 'frame' && f.direction === 'to-server');
    expect(last?.kind === 'frame' && last.payload.equals(big)).toBe(true);
  });
});
