/**
 * The device side of the P-WS binding: one WebSocket the device opens to a server's DM URL
 * (`wss://<server>/dm`, subprotocol `oma.dm.2.0`) and keeps open, so a device behind NAT can be
 * reached. TLS and client authentication as over HTTPS: the trust anchor, a client certificate, or
 * HTTP Basic/Digest credentials on the upgrade (a Digest challenge is answered once). DM packages
 * go as frames, one exchange at a time (an HttpSender, so a session runs over it unchanged); a
 * Package#0 frame may come at any time. Every answer is bounded in time and size.
 */
import type { IncomingMessage } from 'node:http';
import WebSocket from 'ws';
import { basicAuthorization, digestAlgorithmOf, digestAuthorization, offersQopAuth, parseAuthHeader } from '../security/http-auth.ts';
import { NOTIFICATION_MEDIA_TYPE, essence } from '../protocol/media-types.ts';
import { decodeDmFrame, DM_WS_SUBPROTOCOL, encodeDmFrame, PROBLEM_MEDIA_TYPE, readProblem, wsUrlOf } from '../protocol/ws-frame.ts';
import { decodeContent } from './content-coding.ts';
import { HttpFailure, type HttpRequest, type HttpResponse, type HttpSender } from './http-client.ts';
import { flattenHeaders, type TraceSink } from './trace.ts';

export interface WsLinkOptions {
  /** The server's DM URL (https://host:port/dm); the WebSocket goes to its wss:// twin. */
  dmUrl: string;
  devId: string;
  ca?: string;
  cert?: string;
  key?: string;
  auth?: { scheme: 'basic' | 'digest'; name: string; password: string };
  localAddress?: string;
  requireTls?: boolean;
  /** Bound on opening the connection and on each answer. */
  timeoutMs: number;
  /** The largest frame taken. */
  maxFrameBytes: number;
  /** Ping interval (the DMAcc's, P-WS); a server that has not answered one by the next is dropped. */
  pingMs: number;
  trace?: TraceSink;
  onNotification: (bytes: Uint8Array) => void;
  onClose?: (why: string) => void;
  /** Called once each time the connection is opened (reopened). */
  onOpen?: () => void;
}

/** At most this much of a refused upgrade's explanation is read and reported. */
const MAX_EXPLANATION = 300;

interface Pending {
  resolve: (res: HttpResponse) => void;
  reject: (error: Error) => void;
  url: string;
}

export class WsLink implements HttpSender {
  private socket: WebSocket | undefined;
  private pending: Pending | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private ping: NodeJS.Timeout | undefined;
  private closedBy: string | undefined;
  private connecting: Promise<void> | undefined;
  /** Closed for good (the device stopped or left this network): a handshake still under way is dropped. */
  private shut = false;

  constructor(private readonly o: WsLinkOptions) {}

  get url(): string {
    return wsUrlOf(this.o.dmUrl);
  }

  /** Whether the connection is open now. */
  get connected(): boolean {
    return this.socket?.readyState === WebSocket.OPEN;
  }

  /** Opens the connection (once; again after it closed). Rejects with an HttpFailure naming why it could not. */
  connect(): Promise<void> {
    if (this.shut) return Promise.reject(new HttpFailure('UNREACHABLE', `the WebSocket to ${this.url} was ${this.closedBy ?? 'closed'}`));
    if (this.connected) return Promise.resolve();
    this.connecting ??= this.handshake().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async handshake(): Promise<void> {
    this.closedBy = undefined;
    if (this.o.requireTls && !/^https:/i.test(this.o.dmUrl)) {
      throw new HttpFailure('INSECURE', `${this.o.dmUrl} is plain HTTP: this device opens its WebSocket over TLS only (wss)`);
    }
    let authorization = this.o.auth?.scheme === 'basic' ? basicAuthorization(this.o.auth.name, this.o.auth.password) : undefined;
    const first = await this.attempt(authorization);
    if (first !== 'open') {
      // A 401 with a Digest challenge: answered once (P-SEC, as over HTTPS).
      authorization = this.digestAnswer(first);
      if (!authorization) throw refusal(this.url, first);
      const second = await this.attempt(authorization);
      if (second !== 'open') throw refusal(this.url, second);
    }
    this.o.onOpen?.();
  }

  /** Sends a DM package as a frame; resolves with the server's answer as an HTTP response would be. */
  send(req: HttpRequest): Promise<HttpResponse> {
    const run = this.chain.then(() => this.exchange(req));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Closes the connection (the device is done with it, or moves network). */
  close(why = 'closed by the device'): void {
    this.shut = true;
    this.closedBy = why;
    this.stopPing();
    this.socket?.close(1000, why.slice(0, 100));
    this.failPending(new HttpFailure('UNREACHABLE', `the WebSocket to ${this.url} was ${why}`, { bound: 'broken', limit: 0, received: 0 }));
  }

  /** Drops the connection at once, as a network failure would. */
  terminate(): void {
    this.shut = true;
    this.closedBy = 'dropped';
    this.stopPing();
    this.socket?.terminate();
  }

  private attempt(authorization: string | undefined): Promise<'open' | IncomingMessage | Error> {
    return new Promise((resolve) => {
      const socket = new WebSocket(this.url, DM_WS_SUBPROTOCOL, {
        headers: { 'omadm-devid': this.o.devId, ...(authorization ? { authorization } : {}) },
        handshakeTimeout: this.o.timeoutMs,
        maxPayload: this.o.maxFrameBytes,
        // P-WS (ours): permessage-deflate is not offered (the ws library would by default).
        perMessageDeflate: false,
        minVersion: 'TLSv1.2',
        ...(this.o.ca ? { ca: this.o.ca } : {}),
        ...(this.o.cert && this.o.key ? { cert: this.o.cert, key: this.o.key } : {}),
        ...(this.o.localAddress ? { localAddress: this.o.localAddress } : {}),
      });
      let settled = false;
      const settle = (value: 'open' | IncomingMessage | Error) => {
        if (settled) return;
        settled = true;
        resolve(value);
      };
      socket.on('unexpected-response', (_req, res: IncomingMessage) => {
        // The refusal's explanation (its first bytes, bounded in size and time) goes into the error.
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () => {
          clearTimeout(timer);
          socket.terminate();
          settle(Object.assign(res, { explanation: Buffer.concat(chunks).toString('utf8').slice(0, MAX_EXPLANATION) }));
        };
        const timer = setTimeout(done, 1_000);
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_EXPLANATION) chunks.push(chunk.subarray(0, MAX_EXPLANATION - size));
          size += chunk.length;
        });
        res.on('end', done);
        res.on('error', done);
      });
      socket.on('open', () => {
        if (this.shut) {
          socket.close(1000, 'closed by the device');
          settle(new Error(`the device closed the WebSocket (${this.closedBy ?? 'closed'}) while it opened`));
          return;
        }
        if (socket.protocol !== DM_WS_SUBPROTOCOL) {
          socket.terminate();
          settle(new Error(`the server did not take the subprotocol ${DM_WS_SUBPROTOCOL} (it chose "${socket.protocol}")`));
          return;
        }
        this.socket = socket;
        this.startPing(socket);
        settle('open');
      });
      socket.on('message', (data: Buffer, isBinary: boolean) => this.onFrame(data, isBinary));
      socket.on('error', (error) => settle(error));
      socket.on('close', (code, reason) => {
        settle(new Error(`the connection closed during the handshake (${code})`));
        if (this.socket !== socket) return;
        this.stopPing();
        const why = this.closedBy ?? `closed by the server (${code}${reason.length ? ` ${reason.toString('utf8').slice(0, 120)}` : ''})`;
        this.failPending(
          new HttpFailure('UNREACHABLE', `the WebSocket to ${this.url} was ${why} before the answer came`, { bound: 'broken', limit: 0, received: 0 }),
        );
        this.socket = undefined;
        this.o.onClose?.(why);
      });
    });
  }

  /** The Authorization answering a 401's Digest challenge to the upgrade, when this link has Digest credentials. */
  private digestAnswer(refused: IncomingMessage | Error): string | undefined {
    const auth = this.o.auth;
    if (refused instanceof Error || refused.statusCode !== 401 || auth?.scheme !== 'digest') return undefined;
    const header = flattenHeaders(refused.headers)['www-authenticate'];
    const chosen = parseAuthHeader(header)
      .filter((c) => c.scheme === 'digest' && c.params.nonce && c.params.realm !== undefined && offersQopAuth(c.params) && digestAlgorithmOf(c.params))
      .sort((a, b) => (digestAlgorithmOf(a.params) === 'SHA-256' ? -1 : 0) - (digestAlgorithmOf(b.params) === 'SHA-256' ? -1 : 0))[0];
    if (!chosen) return undefined;
    const url = new URL(this.url);
    return digestAuthorization(
      {
        realm: chosen.params.realm!,
        nonce: chosen.params.nonce!,
        algorithm: digestAlgorithmOf(chosen.params)!,
        ...(chosen.params.opaque !== undefined ? { opaque: chosen.params.opaque } : {}),
      },
      auth,
      { method: 'GET', uri: url.pathname + url.search, nc: 1 },
    );
  }

  private async exchange(req: HttpRequest): Promise<HttpResponse> {
    if (!this.connected) await this.connect();
    const socket = this.socket!;
    const type = req.headers?.['content-type'] ?? req.headers?.['Content-Type'] ?? '';
    // A frame carries the body itself (P-WS: no content coding): one coded for HTTP is decoded first.
    const coding = req.headers?.['content-encoding'];
    const body = coding && req.body ? decodeContent(Buffer.from(req.body), coding, this.o.maxFrameBytes) : (req.body ?? new Uint8Array());
    // A package to the DM URL needs no target; a Package#3 names the session URI of the last CONT.
    const target = req.url === this.o.dmUrl ? undefined : req.url;
    const bytes = encodeDmFrame({ type, ...(target ? { target } : {}), body });
    this.o.trace?.({
      at: Date.now(),
      side: 'client',
      direction: 'out',
      kind: 'request',
      method: 'WS',
      url: req.url,
      headers: { 'content-type': type, 'omadm-devid': this.o.devId },
      body,
      wireBytes: bytes.length,
    });
    return new Promise<HttpResponse>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        reject(
          new HttpFailure('TIMEOUT', `no answer over the WebSocket to ${this.url} within ${this.o.timeoutMs} ms`, {
            bound: 'headers',
            limit: this.o.timeoutMs,
            received: 0,
          }),
        );
      }, this.o.timeoutMs);
      this.pending = {
        url: req.url,
        resolve: (res) => {
          clearTimeout(timer);
          resolve(res);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      socket.send(bytes, { binary: true }, (error) => {
        if (error) this.failPending(new HttpFailure('UNREACHABLE', `the frame could not be sent over the WebSocket to ${this.url}: ${error.message}`));
      });
    });
  }

  private onFrame(data: Buffer, isBinary: boolean): void {
    const decoded = isBinary ? decodeDmFrame(data) : undefined;
    const trace = (kind: 'response' | 'frame', extra: { status?: number; url?: string; type?: string; problem?: string }) =>
      this.o.trace?.({
        at: Date.now(),
        side: 'client',
        direction: 'in',
        kind,
        method: 'WS',
        ...(extra.status !== undefined ? { status: extra.status } : {}),
        ...(extra.url ? { url: extra.url } : {}),
        headers: extra.type ? { 'content-type': extra.type } : {},
        body: decoded?.ok ? decoded.value.body : data,
        wireBytes: data.length,
        ...(extra.problem ? { problem: extra.problem } : {}),
      });
    if (!decoded?.ok) {
      const problem = decoded ? decoded.error.message : 'a text frame (P-WS frames are binary)';
      trace('frame', { problem: `the server sent ${problem}` });
      this.failPending(new HttpFailure('PROTOCOL', `the server sent ${problem} over the WebSocket`));
      return;
    }
    const frame = decoded.value;
    if (essence(frame.type) === NOTIFICATION_MEDIA_TYPE) {
      trace('frame', { type: frame.type });
      this.o.onNotification(frame.body);
      return;
    }
    const pending = this.pending;
    if (!pending) {
      trace('frame', { type: frame.type, problem: 'the server sent a frame no package of the device asked for' });
      return;
    }
    this.pending = undefined;
    const problem = essence(frame.type) === PROBLEM_MEDIA_TYPE ? readProblem(frame.body) : undefined;
    const status = problem?.status ?? 200;
    trace('response', { status, url: pending.url, type: frame.type });
    pending.resolve({
      status,
      headers: { 'content-type': problem ? 'text/plain; charset=utf-8' : frame.type },
      body: problem ? Buffer.from(problem.detail) : Buffer.from(frame.body),
      wireBytes: data.length,
    });
  }

  private failPending(error: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }

  private startPing(socket: WebSocket): void {
    let alive = true;
    socket.on('pong', () => {
      alive = true;
    });
    this.ping = setInterval(() => {
      if (!alive) {
        this.closedBy = `dropped: the server answered no ping within ${this.o.pingMs} ms`;
        socket.terminate();
        return;
      }
      alive = false;
      socket.ping();
    }, this.o.pingMs);
    this.ping.unref();
  }

  private stopPing(): void {
    if (this.ping) clearInterval(this.ping);
    this.ping = undefined;
  }
}

function refusal(url: string, outcome: IncomingMessage | Error): HttpFailure {
  if (outcome instanceof Error) {
    const code = (outcome as NodeJS.ErrnoException).code ?? '';
    const tls = /CERT|SSL|TLS|self.signed|altnames/i.test(`${code} ${outcome.message}`);
    return new HttpFailure(tls ? 'TLS' : 'UNREACHABLE', `the WebSocket to ${url} could not be opened: ${outcome.message}`);
  }
  const explanation = ((outcome as IncomingMessage & { explanation?: string }).explanation ?? '').replace(/\s+/g, ' ').trim();
  return new HttpFailure(
    'PROTOCOL',
    `the server refused the WebSocket to ${url}: HTTP ${outcome.statusCode}${explanation ? ` (${JSON.stringify(explanation)})` : ''}`,
  );
}
