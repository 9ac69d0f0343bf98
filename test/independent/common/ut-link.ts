// Upper-tester link (docs/adapters.md): JSON-RPC 2.0 over a WebSocket, subprotocol dmcts.ut.1,
// opened by the adapter to DMCTS_UT_URL; the first message is ut.hello.
import WebSocket from 'ws';

export type Handler = (params: Record<string, unknown>) => Promise<unknown>;

export class UtError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

export interface UtLinkOptions {
  url: string;
  role: 'client' | 'server';
  product: { name: string; version: string; vendor?: string };
  handlers: Record<string, Handler>;
  onClose: () => void;
  log: (line: string) => void;
}

export function connectUt(opts: UtLinkOptions): WebSocket {
  const ws = new WebSocket(opts.url, 'dmcts.ut.1');
  const send = (msg: object): void => {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ jsonrpc: '2.0', ...msg }));
  };
  ws.on('open', () => {
    send({
      id: 0,
      method: 'ut.hello',
      params: { protocol: 1, role: opts.role, product: opts.product, methods: Object.keys(opts.handlers) },
    });
  });
  ws.on('message', (data) => {
    let msg: { id?: unknown; method?: unknown; params?: unknown; error?: { message?: string } };
    try {
      msg = JSON.parse(String(data)) as typeof msg;
    } catch {
      send({ id: null, error: { code: -32700, message: 'not JSON' } });
      return;
    }
    if (typeof msg.method !== 'string') {
      if (msg.id === 0 && msg.error) {
        opts.log(`harness refused the adapter: ${msg.error.message ?? '?'}`);
        ws.close();
      }
      return;
    }
    if (msg.id === undefined || msg.id === null) return;
    const id = msg.id;
    const handler = opts.handlers[msg.method];
    if (!handler) {
      send({ id, error: { code: -32601, message: `not implemented: ${msg.method}` } });
      return;
    }
    const method = msg.method;
    const params = (msg.params ?? {}) as Record<string, unknown>;
    opts.log(`ut <- ${method}`);
    handler(params).then(
      (result) => send({ id, result: result ?? {} }),
      (err: unknown) => {
        const code = err instanceof UtError ? err.code : -32000;
        const message = err instanceof Error ? err.message : String(err);
        opts.log(`ut ${method} failed: ${message}`);
        send({ id, error: { code, message } });
      },
    );
  });
  ws.on('error', (err) => opts.log(`ut link error: ${err.message}`));
  ws.on('close', () => opts.onClose());
  return ws;
}
