/**
 * The harness's end of the upper tester (P-UT): a WebSocket server the IUT's adapter connects to.
 * It accepts one adapter at a time after checking its `ut.hello`, then calls methods with their
 * params and results checked against the JSON Schemas of harness/protocol/upper-tester.ts. Every
 * failure is a UtError with a code a case can turn into a verdict. A message from the adapter is
 * bounded while it arrives (UT_MESSAGE_MAX_BYTES, the ws library's maxPayload): a larger one closes the
 * channel (1009), and the calls under way, a later call, or the wait for a hello say why.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { UT_ERROR, UT_METHODS, UT_SUBPROTOCOL, type JsonRpcRequest, type JsonRpcResponse, type UtHello, type UtMethod } from '../protocol/upper-tester.ts';
import { MAX_BODY_NESTING, nestsDeeperThan } from '../protocol/nesting.ts';
import { bytesText } from '../transport/bytes-text.ts';
import { UT_MESSAGE_MAX_BYTES } from './iut-limits.ts';

export type UtErrorCode = 'UT_NOT_CONNECTED' | 'UT_TIMEOUT' | 'UT_UNSUPPORTED' | 'UT_FAILED' | 'UT_INVALID_PARAMS' | 'UT_INVALID_RESULT' | 'UT_DISCONNECTED';

export class UtError extends Error {
  constructor(
    readonly code: UtErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'UtError';
  }
}

export interface UtTraceEvent {
  at: number;
  direction: 'out' | 'in';
  message: unknown;
}

// The method schemas are constants, checked against the meta-schema by test/unit/protocol/schemas-valid.test.ts.
const ajv = new Ajv2020({ strict: true, strictTuples: false, allErrors: false, validateSchema: false });
const compiled = new Map<string, { params: ValidateFunction; result: ValidateFunction }>();
/** A method's validators, compiled when the method is first used (a role uses about half of them). */
const validators = {
  get(method: string): { params: ValidateFunction; result: ValidateFunction } | undefined {
    let v = compiled.get(method);
    const spec = Object.hasOwn(UT_METHODS, method) ? (UT_METHODS as Record<string, { params: object; result: object }>)[method] : undefined;
    if (!v && spec) compiled.set(method, (v = { params: ajv.compile(spec.params), result: ajv.compile(spec.result) }));
    return v;
  },
};

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: UtError) => void;
  timer: NodeJS.Timeout;
  method: string;
}

export class UpperTesterHub {
  private socket: WebSocket | undefined;
  private helloInfo: UtHello | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private waiters: Array<(hello: UtHello) => void> = [];
  private readonly traceSinks = new Set<(e: UtTraceEvent) => void>();
  /** Why the last adapter connection ended badly (a message too large, a socket error), for later reasons. */
  private lastProblem: string | undefined;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    readonly url: string,
    private readonly expectedRole: 'client' | 'server',
  ) {
    wss.on('connection', (ws) => this.onConnection(ws));
  }

  static async start(options: { host: string; port: number; role: 'client' | 'server' }): Promise<UpperTesterHub> {
    const http = createServer({ connectionsCheckingInterval: 1_000, headersTimeout: 10_000, requestTimeout: 20_000 }, (_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' });
      res.end(`the dmcts upper tester speaks WebSocket (subprotocol ${UT_SUBPROTOCOL}) at /ut\n`);
    });
    http.maxConnections = 64;
    const wss = new WebSocketServer({
      server: http,
      path: '/ut',
      maxPayload: UT_MESSAGE_MAX_BYTES,
      handleProtocols: (protocols) => (protocols.has(UT_SUBPROTOCOL) ? UT_SUBPROTOCOL : false),
    });
    wss.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      http.once('error', reject);
      http.listen(options.port, options.host, () => resolve());
    });
    const { port } = http.address() as AddressInfo;
    const host = options.host.includes(':') ? `[${options.host}]` : options.host;
    return new UpperTesterHub(http, wss, `ws://${host}:${port}/ut`, options.role);
  }

  get hello(): UtHello | undefined {
    return this.helloInfo;
  }

  get connected(): boolean {
    return this.socket !== undefined && this.helloInfo !== undefined;
  }

  supports(method: string): boolean {
    return this.helloInfo?.methods.includes(method) ?? false;
  }

  onTrace(sink: (e: UtTraceEvent) => void): () => void {
    this.traceSinks.add(sink);
    return () => this.traceSinks.delete(sink);
  }

  /** Resolves with the adapter's hello once one is connected. */
  waitForAdapter(timeoutMs: number): Promise<UtHello> {
    if (this.helloInfo) return Promise.resolve(this.helloInfo);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== done);
        if (this.socket) {
          reject(new UtError('UT_NOT_CONNECTED', `an upper-tester adapter connected to ${this.url} but did not say ut.hello within ${timeoutMs} ms`));
          return;
        }
        if (this.lastProblem) {
          reject(
            new UtError(
              'UT_NOT_CONNECTED',
              `the upper-tester adapter that connected to ${this.url} gave no usable ut.hello within ${timeoutMs} ms: ${this.lastProblem}`,
            ),
          );
          return;
        }
        reject(
          new UtError(
            'UT_NOT_CONNECTED',
            `no upper-tester adapter connected to ${this.url} within ${timeoutMs} ms (is the IUT adapter started with ${'DMCTS_UT_URL'}=${this.url}?)`,
          ),
        );
      }, timeoutMs);
      const done = (hello: UtHello) => {
        clearTimeout(timer);
        resolve(hello);
      };
      this.waiters.push(done);
    });
  }

  async call<M extends UtMethod>(method: M, params: unknown, timeoutMs: number): Promise<Record<string, unknown>> {
    const socket = this.socket;
    if (!socket || !this.helloInfo)
      throw new UtError('UT_NOT_CONNECTED', `no upper-tester adapter is connected${this.lastProblem ? ` (the last one: ${this.lastProblem})` : ''}`);
    if (!this.supports(method)) throw new UtError('UT_UNSUPPORTED', `the IUT's adapter does not offer ${method}`);
    const v = validators.get(method)!;
    if (!v.params(params)) throw new UtError('UT_INVALID_PARAMS', `${method}: params ${ajv.errorsText(v.params.errors)}`);
    const id = this.nextId++;
    const message: JsonRpcRequest = { jsonrpc: '2.0', id, method, params };
    const result = await new Promise<unknown>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new UtError('UT_TIMEOUT', `the adapter did not answer ${method} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer, method });
      this.trace('out', message);
      socket.send(JSON.stringify(message));
    });
    if (!v.result(result)) throw new UtError('UT_INVALID_RESULT', `${method}: the adapter's result ${ajv.errorsText(v.result.errors)}`);
    return result as Record<string, unknown>;
  }

  async close(): Promise<void> {
    for (const [, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new UtError('UT_DISCONNECTED', 'the harness closed the upper tester'));
    }
    this.pending.clear();
    this.socket?.close(1001, 'run over');
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private trace(direction: 'in' | 'out', message: unknown): void {
    for (const sink of this.traceSinks) sink({ at: Date.now(), direction, message });
  }

  private onConnection(ws: WebSocket): void {
    if (this.socket) {
      ws.close(1013, 'an adapter is already connected');
      return;
    }
    this.socket = ws;
    let problem: string | undefined;
    ws.on('message', (data) => this.onMessage(ws, data.toString()));
    // Without a listener a frame over maxPayload (or a protocol error) would throw in the harness.
    ws.on('error', (error: Error & { code?: string }) => {
      problem =
        error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH'
          ? `it sent a message over the harness's limit of ${bytesText(UT_MESSAGE_MAX_BYTES)}; the channel was closed (1009)`
          : `its connection failed: ${error.message}`;
    });
    ws.on('close', () => {
      if (this.socket !== ws) return;
      this.socket = undefined;
      this.helloInfo = undefined;
      if (problem) this.lastProblem = problem;
      for (const [id, p] of this.pending) {
        clearTimeout(p.timer);
        p.reject(new UtError('UT_DISCONNECTED', `the adapter disconnected during ${p.method}${problem ? `: ${problem}` : ''}`));
        this.pending.delete(id);
      }
    });
  }

  private onMessage(ws: WebSocket, text: string): void {
    let msg: JsonRpcRequest & JsonRpcResponse;
    try {
      msg = JSON.parse(text) as JsonRpcRequest & JsonRpcResponse;
    } catch {
      return;
    }
    // Not a JSON-RPC message at all (null, a number, a string): ignored like text that is not JSON.
    if (msg === null || typeof msg !== 'object') return;
    // Nested deeper than any result may be: whatever walks it (evidence, a case's comparisons) would
    // overflow its stack. The call it answers ends naming that; the message itself is not kept.
    if (nestsDeeperThan(msg, MAX_BODY_NESTING)) {
      const why = `nested deeper than ${MAX_BODY_NESTING} levels of arrays and objects`;
      this.trace('in', { id: typeof msg.id === 'number' ? msg.id : null, truncated: why });
      const p = typeof msg.id === 'number' ? this.pending.get(msg.id) : undefined;
      if (p && typeof msg.id === 'number') {
        this.pending.delete(msg.id);
        clearTimeout(p.timer);
        p.reject(new UtError('UT_INVALID_RESULT', `${p.method}: the adapter's answer is ${why}`));
      }
      return;
    }
    this.trace('in', msg);
    if (typeof msg.method === 'string') {
      if (msg.method !== 'ut.hello' || msg.id === undefined) return;
      const v = validators.get('ut.hello')!;
      const send = (r: JsonRpcResponse) => ws.send(JSON.stringify(r));
      if (!v.params(msg.params)) {
        send({ jsonrpc: '2.0', id: msg.id, error: { code: UT_ERROR.INVALID_PARAMS, message: `ut.hello: ${ajv.errorsText(v.params.errors)}` } });
        return;
      }
      const hello = msg.params as UtHello;
      if (hello.role !== this.expectedRole) {
        send({
          jsonrpc: '2.0',
          id: msg.id,
          error: { code: UT_ERROR.INVALID_PARAMS, message: `this run tests a ${this.expectedRole}, the adapter announced a ${hello.role}` },
        });
        ws.close(1008, 'wrong role');
        return;
      }
      this.helloInfo = hello;
      send({ jsonrpc: '2.0', id: msg.id, result: { accepted: true } });
      for (const w of this.waiters.splice(0)) w(hello);
      return;
    }
    if (typeof msg.id !== 'number') return;
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    if (msg.error) {
      const code = msg.error.code === UT_ERROR.METHOD_NOT_FOUND ? 'UT_UNSUPPORTED' : 'UT_FAILED';
      p.reject(new UtError(code, `${p.method}: ${msg.error.message}`));
    } else p.resolve(msg.result);
  }
}
