/**
 * P-WS (ours): the WebSocket binding negotiates no permessage-deflate (RFC 7692). The reference
 * server declines an offer (its 101 names no extension, frames go uncompressed) and the reference
 * device offers none.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { DM_WS_SUBPROTOCOL, wsUrlOf } from '../../../harness/protocol/ws-frame.ts';
import { WsLink } from '../../../harness/transport/ws-link.ts';
import { DEV_ID, integrationEnv } from '../../integration/support.ts';

const env = integrationEnv();

describe('P-WS: no permessage-deflate', () => {
  it('the server declines an offer: the 101 carries no Sec-WebSocket-Extensions and the connection works uncompressed', async () => {
    const server = await env.server();
    const ws = new WebSocket(wsUrlOf(server.dmUrl), DM_WS_SUBPROTOCOL, { headers: { 'omadm-devid': DEV_ID }, perMessageDeflate: true });
    env.defer(() => ws.terminate());
    let extensions: string | undefined;
    ws.once('upgrade', (res) => {
      extensions = res.headers['sec-websocket-extensions'] as string | undefined;
    });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    expect(extensions, 'the server took permessage-deflate').toBeUndefined();
    expect(ws.extensions).toBe('');
  });

  it('the device offers none: its upgrade request carries no Sec-WebSocket-Extensions', async () => {
    const offered: Array<string | undefined> = [];
    const http = createServer();
    const wss = new WebSocketServer({ server: http, perMessageDeflate: true, handleProtocols: () => DM_WS_SUBPROTOCOL });
    wss.on('headers', (_headers, req) => offered.push(req.headers['sec-websocket-extensions']));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    env.defer(
      () =>
        new Promise<void>((resolve) => {
          for (const c of wss.clients) c.terminate();
          wss.close();
          http.close(() => resolve());
        }),
    );
    const { port } = http.address() as AddressInfo;
    const link = new WsLink({
      dmUrl: `http://127.0.0.1:${port}/dm`,
      devId: DEV_ID,
      timeoutMs: 2_000,
      maxFrameBytes: 1 << 20,
      pingMs: 30_000,
      onNotification: () => undefined,
    });
    env.defer(() => link.close());
    await link.connect();
    expect(offered).toEqual([undefined]);
  });
});
