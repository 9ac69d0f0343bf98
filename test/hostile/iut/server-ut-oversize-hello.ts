/** An adapter whose ut.hello is a 2 MiB message. */
import WebSocket from 'ws';
import { UT_SUBPROTOCOL } from '../../../harness/protocol/upper-tester.ts';
import { utUrl } from './kit.ts';

const ws = new WebSocket(utUrl(), UT_SUBPROTOCOL);
ws.on('error', () => undefined);
ws.on('open', () => {
  const params = { protocol: 1, role: 'server', product: { name: 'n'.repeat(2 * 1024 * 1024), version: '1' }, methods: ['server.queue', 'server.result'] };
  ws.send(JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'ut.hello', params }));
});
ws.on('close', () => setTimeout(() => process.exit(0), 60_000).unref());
setInterval(() => undefined, 1 << 30);
