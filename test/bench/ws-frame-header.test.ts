/**
 * What the B.1 bench counts as a WebSocket message's bytes on the wire: the RFC 6455 frame header
 * (bench/support/ws-frame-header.ts) plus the message, checked against the bytes a counting relay
 * (bench/support/counting-relay.ts) sees cross a real loopback connection, each way, at every length
 * boundary of the header (125/126, 65,535/65,536).
 */
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { startCountingRelay, type CountingRelay } from '../../bench/support/counting-relay.ts';
import { wsFrameHeaderBytes } from '../../bench/support/ws-frame-header.ts';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until(condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not reached within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('WebSocket bytes on the wire', () => {
  it('the header is 2, 4 or 10 bytes by payload length, plus 4 from a client', () => {
    expect([0, 125, 126, 65_535, 65_536].map((n) => wsFrameHeaderBytes(n, false))).toEqual([2, 2, 4, 4, 10]);
    expect([0, 125, 126, 65_535, 65_536].map((n) => wsFrameHeaderBytes(n, true))).toEqual([6, 6, 8, 8, 14]);
  });

  it('header + message is exactly what a relay counts each way, across every length boundary', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise<void>((r) => wss.once('listening', () => r()));
    cleanups.push(() => new Promise<void>((r) => wss.close(() => r())));
    wss.on('connection', (ws) => ws.on('message', (data: Buffer) => ws.send(data, { binary: true })));
    const relay: CountingRelay = await startCountingRelay();
    cleanups.push(() => relay.close());
    relay.target((wss.address() as { port: number }).port);
    const client = new WebSocket(relay.url.replace(/^http/, 'ws'));
    cleanups.push(() => client.terminate());
    const echoes: number[] = [];
    client.on('message', (data: Buffer) => echoes.push(data.length));
    await new Promise<void>((resolve, reject) => {
      client.once('open', () => resolve());
      client.once('error', reject);
    });
    expect(client.extensions, 'no permessage-deflate: messages cross uncompressed').toBe('');
    for (const n of [0, 1, 125, 126, 127, 65_535, 65_536, 200_000]) {
      const before = relay.counts();
      client.send(Buffer.alloc(n, 7), { binary: true });
      await until(() => echoes.length > 0);
      await until(() => relay.counts().down - before.down >= n + wsFrameHeaderBytes(n, false));
      const after = relay.counts();
      expect(echoes.splice(0), `${n}-byte echo`).toEqual([n]);
      expect({ up: after.up - before.up, down: after.down - before.down }, `${n}-byte message`).toEqual({
        up: n + wsFrameHeaderBytes(n, true),
        down: n + wsFrameHeaderBytes(n, false),
      });
    }
  });
});
