/**
 * The HTTP(S) client both reference peers use (undici): TLS 1.2+ against a trust anchor, optional
 * client certificate, a local address to leave from (a device that changes network), timeouts, a
 * response size cap, content decoding, and a trace event per message. Failures are values with a code.
 */
import { Agent, request } from 'undici';
import { BodyTooLargeError, decodeContent } from './content-coding.ts';
import { readBody } from './read-body.ts';
import { flattenHeaders, type TraceSink } from './trace.ts';

export interface HttpClientOptions {
  /** PEM trust anchor(s) for https URLs; absent means the system store. */
  ca?: string;
  /** PEM client certificate chain and key for mutual TLS. */
  cert?: string;
  key?: string;
  /** Leave from this local address (e.g. 127.0.0.2 to look like another network). */
  localAddress?: string;
  timeoutMs?: number;
  maxBodyBytes?: number;
  trace?: TraceSink;
  side?: 'client' | 'server' | 'harness';
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

export type HttpFailureCode = 'UNREACHABLE' | 'TIMEOUT' | 'TLS' | 'TOO_LARGE' | 'BAD_URL' | 'PROTOCOL';

export class HttpFailure extends Error {
  constructor(
    readonly code: HttpFailureCode,
    message: string,
  ) {
    super(message);
  }
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BODY = 16 * 1024 * 1024;

export class HttpClient {
  private readonly agent: Agent;
  private readonly timeoutMs: number;
  private readonly maxBodyBytes: number;

  constructor(private readonly options: HttpClientOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
    this.agent = new Agent({
      connect: {
        minVersion: 'TLSv1.2',
        ...(options.ca ? { ca: options.ca } : {}),
        ...(options.cert ? { cert: options.cert } : {}),
        ...(options.key ? { key: options.key } : {}),
        timeout: this.timeoutMs,
      },
      // undici takes the local address as a client option: in `connect` it is overridden (by null).
      ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      headersTimeout: this.timeoutMs,
      bodyTimeout: this.timeoutMs,
      keepAliveTimeout: 4_000,
    });
  }

  async send(req: HttpRequest): Promise<HttpResponse> {
    let url: URL;
    try {
      url = new URL(req.url);
    } catch {
      throw new HttpFailure('BAD_URL', `"${req.url}" is not a URL`);
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new HttpFailure('BAD_URL', `"${req.url}" is not an http(s) URL`);
    const headers = { ...(req.headers ?? {}) };
    const body = req.body ? Buffer.from(req.body) : undefined;
    const side = this.options.side ?? 'client';
    const sentHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
    this.options.trace?.({
      at: Date.now(),
      side,
      direction: 'out',
      kind: 'request',
      method: req.method,
      url: url.href,
      headers: sentHeaders,
      // The trace holds bodies content-decoded, as on the receiving side.
      body: body ? decodeContent(body, sentHeaders['content-encoding'], this.maxBodyBytes) : new Uint8Array(),
      wireBytes: body?.length ?? 0,
    });
    let res: Awaited<ReturnType<typeof request>>;
    try {
      res = await request(url, { method: req.method as 'GET', headers, body, dispatcher: this.agent });
    } catch (error) {
      throw toFailure(error, url);
    }
    let raw: Buffer;
    let decoded: Buffer;
    try {
      raw = await readBody(res.body, this.maxBodyBytes);
      const resHeaders0 = flattenHeaders(res.headers as Record<string, string | string[] | undefined>);
      decoded = decodeContent(raw, resHeaders0['content-encoding'], this.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) throw new HttpFailure('TOO_LARGE', `the response from ${url.origin} exceeds ${this.maxBodyBytes} bytes`);
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

  /** Closes once the requests under way are done. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  /** Closes now: requests under way fail at once. */
  async destroy(): Promise<void> {
    await this.agent.destroy();
  }
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
    return new HttpFailure('UNREACHABLE', `${url.origin} is unreachable (${code})`);
  }
  return new HttpFailure('PROTOCOL', `HTTP exchange with ${url.origin} failed: ${message}`);
}
