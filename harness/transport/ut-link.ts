/**
 * The adapter's end of the upper tester (P-UT): opens the WebSocket to the harness, announces itself
 * with `ut.hello`, then answers the harness's JSON-RPC requests with the handlers it was given.
 * A handler that throws answers error -32000 with its message; an unknown method answers -32601.
 * Vendors may use this module as it is, or write the same few messages in their own language.
 */
import WebSocket from 'ws';
import { UT_ERROR, UT_SUBPROTOCOL, type JsonRpcRequest, type JsonRpcResponse, type UtHello } from '../protocol/upper-tester.ts';

export type UtHandler = (params: never) => Promise<unknown> | unknown;
export type UtHandlers = Record<string, UtHandler>;

export interface UtLinkOptions {
  url: string;
  role: UtHello['role'];
  product: UtHello['product'];
  handlers: UtHandlers;
  /** How long to wait for the harness to accept the hello. */
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface UtLink {
  /** Resolves when the channel closes (the harness ended the run or went away). */
  closed: Promise<void>;
  close(): Promise<void>;
}

function reply(ws: WebSocket, response: JsonRpcResponse): void {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(response));
}

export async function connectUpperTester(options: UtLinkOptions): Promise<UtLink> {
  const ws = new WebSocket(options.url, UT_SUBPROTOCOL, { handshakeTimeout: options.timeoutMs ?? 10_000 });
  const closed = new Promise<void>((resolve) => ws.once('close', () => resolve()));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', (error) => reject(new Error(`cannot reach the harness's upper tester at ${options.url}: ${error.message}`)));
  });
  const hello: UtHello = { protocol: 1, role: options.role, product: options.product, methods: Object.keys(options.handlers) };
  const accepted = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the harness did not answer ut.hello')), options.timeoutMs ?? 10_000);
    const onMessage = (data: WebSocket.RawData) => {
      let msg: JsonRpcResponse;
      try {
        msg = JSON.parse(data.toString()) as JsonRpcResponse;
      } catch {
        return;
      }
      if (msg.id !== 0) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      if (msg.error) reject(new Error(`the harness refused this adapter: ${msg.error.message}`));
      else {
        // Listen for requests now, not after the await below: the harness's first request may come in
        // the same read as its answer to ut.hello, and its 'message' event fires before any await resumes.
        ws.on('message', (d) => void answer(ws, d, options));
        resolve();
      }
    };
    ws.on('message', onMessage);
  });
  ws.send(JSON.stringify({ jsonrpc: '2.0', id: 0, method: 'ut.hello', params: hello } satisfies JsonRpcRequest));
  await accepted;
  return {
    closed,
    close: async () => {
      if (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING) ws.close(1000, 'adapter closing');
      await closed;
    },
  };
}

async function answer(ws: WebSocket, data: WebSocket.RawData, options: UtLinkOptions): Promise<void> {
  let request: JsonRpcRequest;
  try {
    request = JSON.parse(data.toString()) as JsonRpcRequest;
  } catch {
    reply(ws, { jsonrpc: '2.0', id: null, error: { code: UT_ERROR.PARSE, message: 'not JSON' } });
    return;
  }
  if (request.id === undefined) return;
  const handler = options.handlers[request.method];
  if (!handler) {
    reply(ws, { jsonrpc: '2.0', id: request.id, error: { code: UT_ERROR.METHOD_NOT_FOUND, message: `this adapter does not implement ${request.method}` } });
    return;
  }
  try {
    const result = await (handler as (p: unknown) => unknown)(request.params ?? {});
    reply(ws, { jsonrpc: '2.0', id: request.id, result: result ?? {} });
  } catch (error) {
    options.log?.(`${request.method} failed: ${(error as Error).message}`);
    reply(ws, { jsonrpc: '2.0', id: request.id, error: { code: UT_ERROR.FAILED, message: (error as Error).message } });
  }
}
