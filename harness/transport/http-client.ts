/**
 * The HTTP(S) client both reference peers use (undici): TLS 1.2+ against a trust anchor, optional
 * client certificate, a local address to leave from (a device that changes network), timeouts, a
 * response size cap, content decoding, and a trace event per message. Failures are values with a code.
 *
 * HTTP authentication (K-SEC, P-SEC), when `auth` is given: Basic credentials go preemptively, and
 * only over HTTPS; Digest (RFC 7616) answers a 401 challenge and then keeps using that nonce with an
 * increasing nonce-count. A request is re-sent at most once, and only after a 401 carrying a
 * challenge of the configured scheme this client can answer (our clarification of K-FLOW: this is
 * HTTP authentication, not a retry of the session); any other 401 is returned as it is.
 * With `requireTls`, an http:// URL fails with code INSECURE before anything is sent.
 */
import { createHash } from 'node:crypto';
import { createSecureContext, type SecureContext } from 'node:tls';
import { Agent, buildConnector, request } from 'undici';
import {
  basicAuthorization,
  digestAlgorithmOf,
  digestAuthorization,
  offersQopAuth,
  parseAuthHeader,
  type DigestChallengeState,
} from '../security/http-auth.ts';
import { bytesText } from './bytes-text.ts';
import { networkErrorText } from './network-error-text.ts';
import { BodyTooLargeError, decodeContent } from './content-coding.ts';
import type { ExchangeTimeouts } from './exchange-timeouts.ts';
import { BodyBrokenError, BodyDeadlineError, BodyStalledError, readBody } from './read-body.ts';
import { flattenHeaders, type TraceSink } from './trace.ts';
import { streamBody, type ChunkSink } from './body-stream.ts';

export interface HttpClientOptions {
  /** PEM trust anchor(s) for https URLs; absent means the system store. */
  ca?: string;
  /** PEM client certificate chain and key for mutual TLS. */
  cert?: string;
  key?: string;
  /** Leave from this local address (e.g. 127.0.0.2 to look like another network). */
  localAddress?: string;
  /** Connection timeout, and the default of the response headers and body-idle timeouts. */
  timeoutMs?: number;
  /**
   * Per exchange: response headers within `headersMs`, no stretch without a body byte longer than
   * `bodyIdleMs`, the whole answer within `exchangeMs` (default: twice timeoutMs).
   */
  exchange?: Partial<ExchangeTimeouts>;
  /** The largest response body read (content-coded and decoded); a larger one is TOO_LARGE, read no further. */
  maxBodyBytes?: number;
  trace?: TraceSink;
  side?: 'client' | 'server' | 'harness';
  /** Refuse http:// URLs (HttpFailure INSECURE, nothing sent). */
  requireTls?: boolean;
  /** Credentials for HTTP authentication (see the header comment). Never logged. */
  auth?: HttpAuthCredentials;
}

export interface HttpAuthCredentials {
  scheme: 'basic' | 'digest';
  name: string;
  password: string;
}

/** What a caller needs of an HTTP client to exchange messages (HttpClient, or a router over several). */
export interface HttpSender {
  send(req: HttpRequest): Promise<HttpResponse>;
  /** Streams the response body instead of reading it whole (large objects, P-LO): see HttpClient.open. */
  open?(req: HttpRequest): Promise<HttpStream>;
}

/**
 * A response whose body is handed on chunk by chunk (harness/transport/body-stream.ts bounds each
 * wait by the body-idle timeout): the caller stores each chunk as it comes, never the body whole.
 */
export interface HttpStream {
  status: number;
  headers: Record<string, string>;
  /**
   * Hands each chunk to `sink` synchronously as it arrives (false from the sink stops); resolves with
   * the byte count at the body's end, rejects with BodyStalledError / BodyBrokenError / BodyStopped.
   */
  read(sink: ChunkSink): Promise<number>;
  /** Stops reading: the rest of the body is dropped and the connection closed. */
  cancel(): void;
  /** The client's bound on a body read whole (maxBodyBytes): what a caller that holds the body keeps to. */
  maxBodyBytes: number;
}

export interface HttpRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: Uint8Array;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
  wireBytes: number;
}

export type HttpFailureCode = 'UNREACHABLE' | 'TIMEOUT' | 'TLS' | 'TOO_LARGE' | 'BAD_URL' | 'PROTOCOL' | 'INSECURE';

/**
 * Which bound of the exchange a TIMEOUT or TOO_LARGE hit: response headers late, the body idle, the
 * whole exchange too long, or the body too large; `limit` in ms or bytes, `received` body bytes read.
 */
export interface HttpFailureDetail {
  bound: 'headers' | 'bodyIdle' | 'exchange' | 'size' | 'decodedSize' | 'broken';
  limit: number;
  received: number;
}

export class HttpFailure extends Error {
  constructor(
    readonly code: HttpFailureCode,
    message: string,
    readonly detail?: HttpFailureDetail,
  ) {
    super(message);
  }
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BODY = 16 * 1024 * 1024;

export class HttpClient implements HttpSender {
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private readonly timeouts: ExchangeTimeouts;
  private readonly maxBodyBytes: number;
  /** The Digest challenge last answered, per origin, and the nonce-count used with it. */
  private readonly digest = new Map<string, DigestChallengeState & { nc: number }>();

  constructor(private readonly options: HttpClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    this.timeouts = {
      headersMs: options.exchange?.headersMs ?? this.timeoutMs,
      bodyIdleMs: options.exchange?.bodyIdleMs ?? this.timeoutMs,
      exchangeMs: options.exchange?.exchangeMs ?? this.timeoutMs * 2,
    };
    let connector: buildConnector.connector | undefined;
    this.agent = new Agent({
      connect: (opts, callback) => {
        connector ??= buildConnector({ secureContext: secureContextFor(options), timeout: this.timeoutMs });
        connector(opts, (error, socket) => {
          // Node reports a TLS failure after the handshake (a record that fails its integrity check)
          // without closing the connection, and undici leaves it open too: hang up at once.
          socket?.on('error', () => socket.destroy());
          if (error) callback(error, null);
          else callback(null, socket!);
        });
      },
      // undici takes the local address as a client option: in `connect` it is overridden (by null).
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      headersTimeout: this.timeouts.headersMs,
      // readBody's own idle timer reports it with the bytes received; this is only a backstop.
      bodyTimeout: this.timeouts.bodyIdleMs + 1_000,
      keepAliveTimeout: 4_000,
    });
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    const url = this.target(req.url);
    const headers = { ...(req.headers ?? {}) };
    const body = req.body ? Buffer.from(req.body) : undefined;
    const sent = this.authorization(req.method, url);
    const first = await this.exchange(req.method, url, sent ? { ...headers, authorization: sent } : headers, body);
    if (first.status !== 401 || !this.answerChallenge(url, first.headers['www-authenticate'], sent !== undefined)) return first;
    const retry = this.authorization(req.method, url);
    if (!retry) return first;
    return this.exchange(req.method, url, { ...headers, authorization: retry }, body);
  }

  /** The URL of a request, checked: http(s), and https when this side talks over HTTPS only. */
  private target(text: string): URL {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      throw new HttpFailure('BAD_URL', `"${text}" is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HttpFailure('BAD_URL', `"${text}" is not an http(s) URL`);
    if (this.options.requireTls && url.protocol !== 'https:') {
      throw new HttpFailure('INSECURE', `${url.origin} is plain HTTP: this side talks over HTTPS only`);
    }
    return url;
  }

  /** Reports a request to the trace; `body` as the trace holds it (content-decoded where the caller decoded it). */
  private traceRequest(method: string, url: URL, headers: Record<string, string>, body: Uint8Array, wireBytes: number): void {
    this.options.trace?.({
      at: Date.now(),
      side: this.options.side ?? 'client',
      direction: 'out',
      kind: 'request',
      method,
      url: url.href,
      headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
      body,
      wireBytes,
    });
  }

  /** The Authorization value this client sends unasked to that URL, if any. */
  private authorization(method: string, url: URL): string | undefined {
    const auth = this.options.auth;
    if (!auth) return undefined;
    if (auth.scheme === 'basic') return url.protocol === 'https:' ? basicAuthorization(auth.name, auth.password) : undefined;
    const state = this.digest.get(url.origin);
    if (!state) return undefined;
    state.nc += 1;
    return digestAuthorization(state, auth, { method, uri: url.pathname + url.search, nc: state.nc });
  }

  /**
   * Takes a 401's challenges; true when the request should go once more with credentials: a Digest
   * challenge (qop=auth, SHA-256 or MD5) for a Digest client, a Basic one for a Basic client that
   * did not already send its credentials (it never does over plain HTTP).
   */
  private answerChallenge(url: URL, header: string | undefined, alreadySent: boolean): boolean {
    const auth = this.options.auth;
    if (!auth) return false;
    const challenges = parseAuthHeader(header).filter((c) => c.scheme === auth.scheme);
    if (auth.scheme === 'basic') return false;
    // Prefer SHA-256 when the server offers both.
    const usable = challenges
      .filter((c) => c.params.nonce && c.params.realm !== undefined && offersQopAuth(c.params) && digestAlgorithmOf(c.params))
      .sort((a, b) => (digestAlgorithmOf(a.params) === 'SHA-256' ? -1 : 0) - (digestAlgorithmOf(b.params) === 'SHA-256' ? -1 : 0));
    const chosen = usable[0];
    if (!chosen) return false;
    const previous = this.digest.get(url.origin);
    // A repeated refusal of a fresh answer to this very nonce means wrong credentials.
    if (alreadySent && previous?.nonce === chosen.params.nonce) return false;
    this.digest.set(url.origin, {
      realm: chosen.params.realm!,
      nonce: chosen.params.nonce!,
      algorithm: digestAlgorithmOf(chosen.params)!,
      nc: 0,
      ...(chosen.params.opaque !== undefined ? { opaque: chosen.params.opaque } : {}),
    });
    return true;
  }

  private async exchange(method: string, url: URL, headers: Record<string, string>, body: Buffer | undefined): Promise<HttpResponse> {
    const side = this.options.side ?? 'client';
    const coding = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-encoding')?.[1];
    // The trace holds bodies content-decoded, as on the receiving side.
    this.traceRequest(method, url, headers, body ? decodeContent(body, coding, this.maxBodyBytes) : new Uint8Array(), body?.length ?? 0);
    const { headersMs, bodyIdleMs, exchangeMs } = this.timeouts;
    const deadline = { at: Date.now() + exchangeMs, totalMs: exchangeMs };
    // The whole exchange is bounded: until the headers by this abort, then by readBody's deadline.
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), exchangeMs);
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(url, { method: method as 'GET', headers, body, dispatcher: this.agent, signal: abort.signal });
    } catch (error) {
      if (abort.signal.aborted) {
        throw new HttpFailure('TIMEOUT', `${url.origin} sent no response within ${exchangeMs} ms (the whole exchange)`, {
          bound: 'exchange',
          limit: exchangeMs,
          received: 0,
        });
      }
      if (codeOf(error) === 'UND_ERR_HEADERS_TIMEOUT') {
        throw new HttpFailure('TIMEOUT', `${url.origin} sent no response headers within ${headersMs} ms`, { bound: 'headers', limit: headersMs, received: 0 });
      }
      if (codeOf(error) === 'UND_ERR_HEADERS_OVERFLOW') {
        throw new HttpFailure('PROTOCOL', `the response headers from ${url.origin} exceeded the HTTP client's limit (headers overflow)`);
      }
      throw toFailure(error, url);
    } finally {
      clearTimeout(timer);
    }
    let raw: Buffer;
    let decoded: Buffer;
    let wireBytes: number | undefined;
    try {
      raw = await readBody(res.body, this.maxBodyBytes, { idleMs: bodyIdleMs, deadline });
      wireBytes = raw.length;
      const resHeaders0 = flattenHeaders(res.headers as Record<string, string | string[] | undefined>);
      decoded = decodeContent(raw, resHeaders0['content-encoding'], this.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError && error.received === undefined) {
        // Read whole within the limit, but its content coding inflates past it (a compression bomb).
        const wire = wireBytes ?? 0;
        throw new HttpFailure('TOO_LARGE', `the response from ${url.origin} decodes to more than ${bytesText(error.limit)} (${bytesText(wire)} on the wire)`, {
          bound: 'decodedSize',
          limit: error.limit,
          received: wire,
        });
      }
      if (error instanceof BodyTooLargeError) {
        throw new HttpFailure('TOO_LARGE', `the response from ${url.origin} exceeded ${bytesText(error.limit)} (${bytesText(error.received!)} received)`, {
          bound: 'size',
          limit: error.limit,
          received: error.received!,
        });
      }
      if (error instanceof BodyStalledError) {
        throw new HttpFailure('TIMEOUT', `the response body from ${url.origin} stalled: ${error.message}`, {
          bound: 'bodyIdle',
          limit: bodyIdleMs,
          received: error.received,
        });
      }
      if (error instanceof BodyDeadlineError) {
        throw new HttpFailure(
          'TIMEOUT',
          `the response from ${url.origin} was not complete within ${exchangeMs} ms (${bytesText(error.received)} of its body received)`,
          {
            bound: 'exchange',
            limit: exchangeMs,
            received: error.received,
          },
        );
      }
      if (error instanceof BodyBrokenError) {
        if (error.code === 'UND_ERR_BODY_TIMEOUT') {
          throw new HttpFailure('TIMEOUT', `the response body from ${url.origin} stalled for ${bodyIdleMs} ms`, {
            bound: 'bodyIdle',
            limit: bodyIdleMs,
            received: error.received,
          });
        }
        throw new HttpFailure('UNREACHABLE', `the response from ${url.origin} broke off mid-body: ${error.message}`, {
          bound: 'broken',
          limit: 0,
          received: error.received,
        });
      }
      if (codeOf(error) === 'UND_ERR_BODY_TIMEOUT') {
        throw new HttpFailure('TIMEOUT', `the response body from ${url.origin} stalled for ${bodyIdleMs} ms`, {
          bound: 'bodyIdle',
          limit: bodyIdleMs,
          received: 0,
        });
      }
      throw toFailure(error, url);
    }
    const resHeaders = flattenHeaders(res.headers as Record<string, string | string[] | undefined>);
    this.options.trace?.({
      at: Date.now(),
      side,
      direction: 'in',
      kind: 'response',
      status: res.statusCode,
      url: url.href,
      headers: resHeaders,
      body: decoded,
      wireBytes: raw.length,
    });
    return { status: res.statusCode, headers: resHeaders, body: decoded, wireBytes: raw.length };
  }

  /**
   * Sends a request and hands back the response with its body unread, for bodies too large to hold
   * (P-LO): headers within `headersMs`, then each chunk within `bodyIdleMs` (the caller bounds the
   * size: it knows what it expects). Credentials go as with send (Basic preemptively over HTTPS, a
   * Digest nonce already known); a 401 is returned, not answered. The trace gets the request and,
   * once the body is read or abandoned, the response with an empty body and its byte count.
   */
  async open(req: HttpRequest): Promise<HttpStream> {
    const url = this.target(req.url);
    const sent = this.authorization(req.method, url);
    const headers = { ...(req.headers ?? {}), ...(sent ? { authorization: sent } : {}) };
    const body = req.body ? Buffer.from(req.body) : undefined;
    const side = this.options.side ?? 'client';
    this.traceRequest(req.method, url, headers, body ?? new Uint8Array(), body?.length ?? 0);
    const { headersMs, bodyIdleMs } = this.timeouts;
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), headersMs);
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(url, { method: req.method as 'GET', headers, body, dispatcher: this.agent, signal: abort.signal });
    } catch (error) {
      if (abort.signal.aborted) {
        throw new HttpFailure('TIMEOUT', `${url.origin} sent no response headers within ${headersMs} ms`, { bound: 'headers', limit: headersMs, received: 0 });
      }
      throw toFailure(error, url);
    } finally {
      clearTimeout(timer);
    }
    const resHeaders = flattenHeaders(res.headers as Record<string, string | string[] | undefined>);
    const trace = this.options.trace;
    const status = res.statusCode;
    let traced = false;
    const report = (received: number, problem?: string) => {
      if (traced) return;
      traced = true;
      trace?.({
        at: Date.now(),
        side,
        direction: 'in',
        kind: 'response',
        status,
        url: url.href,
        headers: resHeaders,
        body: new Uint8Array(),
        wireBytes: received,
        ...(problem ? { problem } : {}),
      });
    };
    const stream = res.body;
    return {
      status,
      headers: resHeaders,
      read: (sink) => streamBody(stream, bodyIdleMs, sink, report),
      maxBodyBytes: this.maxBodyBytes,
      cancel: () => {
        report(0, 'the body was left unread by this side');
        stream.on('error', () => undefined);
        stream.destroy();
      },
    };
  }

  /** Closes once the requests under way are done. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  /** Closes now: requests under way fail at once. */
  async destroy(): Promise<void> {
    await this.agent.destroy();
  }
}

/**
 * TLS settings by trust anchor and client certificate, shared by every client with the same ones:
 * parsing the PEMs for each connection (a fresh harness server per case) cost the run seconds.
 */
const secureContexts = new Map<string, SecureContext>();
const SECURE_CONTEXTS_KEPT = 32;

function secureContextFor(options: Pick<HttpClientOptions, 'ca' | 'cert' | 'key'>): SecureContext {
  const key = createHash('sha256')
    .update(JSON.stringify([options.ca ?? null, options.cert ?? null, options.key ?? null]))
    .digest('base64url');
  let context = secureContexts.get(key);
  if (!context) {
    context = createSecureContext({
      minVersion: 'TLSv1.2',
      ...(options.ca ? { ca: options.ca } : {}),
      ...(options.cert ? { cert: options.cert } : {}),
      ...(options.key ? { key: options.key } : {}),
    });
    if (secureContexts.size >= SECURE_CONTEXTS_KEPT) secureContexts.delete(secureContexts.keys().next().value!);
    secureContexts.set(key, context);
  }
  return context;
}

function codeOf(error: unknown): string {
  const err = error as { code?: string; cause?: { code?: string } };
  return err?.code ?? err?.cause?.code ?? '';
}

function toFailure(error: unknown, url: URL): HttpFailure {
  const err = error as NodeJS.ErrnoException & { cause?: NodeJS.ErrnoException };
  const code = err.code ?? err.cause?.code ?? '';
  const message = err.message ?? String(error);
  if (/TIMEOUT/i.test(code)) return new HttpFailure('TIMEOUT', `${url.origin} did not answer in time (${code})`);
  if (/CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_VERIFY|ALTNAME/i.test(code) || /certificate|ssl|tls/i.test(message)) {
    return new HttpFailure('TLS', `TLS with ${url.origin} failed: ${message}`);
  }
  if (/ECONNREFUSED|ENOTFOUND|EHOSTUNREACH|ENETUNREACH|ECONNRESET|EADDRNOTAVAIL|EPIPE|UND_ERR_SOCKET|UND_ERR_CLOSED/i.test(code)) {
    return new HttpFailure('UNREACHABLE', networkErrorText(error, url.origin));
  }
  return new HttpFailure('PROTOCOL', `HTTP exchange with ${url.origin} failed: ${message}`);
}
