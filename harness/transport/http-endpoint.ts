/**
 * An HTTP(S) endpoint: reads each request body (size-capped, content-decoded), hands it to a handler,
 * writes the reply (compressed where the peer's Accept-Encoding allows and the handler wants it), and
 * reports both messages to the trace. HTTPS is TLS 1.2+; plain HTTP binds only loopback addresses.
 * Each request is bounded while it arrives: its headers within `headersMs`, no stretch without a
 * body byte longer than `bodyIdleMs`, the whole request within `exchangeMs`, the body within
 * `maxBodyBytes`; a peer past a bound gets 408 or 413 and the trace says which bound it broke.
 */
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { ServerOptions as HttpsOptions } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { chooseContentCoding } from '../protocol/negotiation.ts';
import { bytesText } from './bytes-text.ts';
import { BodyTooLargeError, compressIfSmaller, decodeContent, UnsupportedCodingError } from './content-coding.ts';
import { DEFAULT_EXCHANGE_TIMEOUTS, type ExchangeTimeouts } from './exchange-timeouts.ts';
import { isLoopbackHost } from './loopback.ts';
import { BodyBrokenError, BodyDeadlineError, BodyStalledError, readBody } from './read-body.ts';
import { flattenHeaders, type TraceSink } from './trace.ts';
import { createHttpsServer } from './https-server.ts';

export interface EndpointRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Buffer;
  wireBytes: number;
  remoteAddress: string;
  /**
   * The connection the request came on (its socket, or the WebSocket connection of a frame): an
   * identity only, e.g. to tell a package sent again on a new connection from one on the same (P-SESSION).
   */
  connection?: object;
  /**
   * The device this request comes from, authenticated already: a frame over a WebSocket whose
   * upgrade was authenticated for that OMADM-DevID (P-WS). Absent for every HTTP request.
   */
  authenticatedAs?: string;
  /**
   * The TLS peer certificate, when the client presented one (the endpoint asks for it when its TLS
   * options say requestCert): whether the handshake verified it against the endpoint's `ca`, why
   * not, its subject CN and its subjectAltName values (without their `DNS:`/`IP Address:` prefixes).
   */
  peerCertificate?: { subjectCN?: string; authorized: boolean; authorizationError?: string; fingerprint256?: string; subjectAltNames?: string[] };
}

export interface EndpointReply {
  status: number;
  headers?: Record<string, string>;
  body?: Uint8Array;
  /** Compress with the request's Accept-Encoding (P-SEL). */
  compress?: boolean;
  /** HTTP authentication challenges, each sent as its own WWW-Authenticate header (a 401). */
  challenges?: string[];
}

export type EndpointHandler = (request: EndpointRequest) => Promise<EndpointReply> | EndpointReply;

export interface EndpointOptions {
  host: string;
  port: number;
  /** TLS options (certificate, key, minVersion); absent means plain HTTP, loopback only. */
  tls?: HttpsOptions;
  maxBodyBytes: number;
  /** Bounds on receiving each request (default DEFAULT_EXCHANGE_TIMEOUTS). */
  timeouts?: Partial<ExchangeTimeouts>;
  trace?: TraceSink;
  side: 'client' | 'server' | 'harness';
  /** Reported on unexpected handler failures; the peer gets a 500. */
  onError?: (error: unknown) => void;
  /**
   * Connections open at once (default MAX_CONNECTIONS); more are refused until some end. A server that
   * holds a WebSocket per device (P-WS) needs one per device it serves.
   */
  maxConnections?: number;
  /** Takes HTTP Upgrade requests (the P-WS binding); without it they are refused. */
  upgrade?: UpgradeHandler;
}

/** Takes an HTTP Upgrade request and its socket (a WebSocket server's handleUpgrade). */
export type UpgradeHandler = (req: IncomingMessage, socket: Duplex, head: Buffer) => void;

export interface Endpoint {
  url: string;
  port: number;
  host: string;
  close(): Promise<void>;
}

export class EndpointConfigError extends Error {
  readonly code = 'ENDPOINT_CONFIG';
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function startEndpoint(options: EndpointOptions, handler: EndpointHandler): Promise<Endpoint> {
  if (!options.tls && !isLoopbackHost(options.host)) {
    throw new EndpointConfigError(
      `plain HTTP may only listen on a loopback address, not "${options.host}": use a 127.x.x.x address or ::1, or serve HTTPS (drop --plain)`,
    );
  }
  const timeouts: ExchangeTimeouts = { ...DEFAULT_EXCHANGE_TIMEOUTS, ...(options.timeouts ?? {}) };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    void serve(req, res, options, timeouts, handler);
  };
  // Node checks headersTimeout and requestTimeout every connectionsCheckingInterval (30 s by default):
  // every second, so a slowloris peer is cut off close to the bound. They back up the body timers of serve().
  const limits = {
    connectionsCheckingInterval: 1_000,
    headersTimeout: timeouts.headersMs,
    requestTimeout: Math.max(timeouts.exchangeMs, timeouts.headersMs) + 1_000,
  };
  const server: Server = options.tls
    ? createHttpsServer({ ...options.tls, minVersion: options.tls.minVersion ?? 'TLSv1.2', ...limits }, onRequest)
    : createHttpServer(limits, onRequest);
  server.keepAliveTimeout = 5_000;
  // A flood of connections is refused past this many at once, before it runs out of file descriptors.
  server.maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('secureConnection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => {
    // A failed handshake (wrong version, unknown CA) is the client's problem; the socket is closed.
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  // Accept errors later on (EMFILE under a flood) must not end the process: the listener goes on.
  server.on('error', (error) => options.onError?.(error));
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => onClientError(error, socket, timeouts, options));
  if (options.upgrade) server.on('upgrade', options.upgrade);
  const address = server.address() as AddressInfo;
  const scheme = options.tls ? 'https' : 'http';
  return {
    url: `${scheme}://${hostForUrl(options.host)}:${address.port}`,
    port: address.port,
    host: options.host,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections?.();
        for (const s of sockets) s.destroy();
      }),
  };
}

/**
 * A request Node's parser gave up on: headers not complete within headersMs (a slowloris peer),
 * headers over Node's limit (16 KiB), or bytes that are not HTTP. The peer gets 408, 431 or 400 and the
 * trace says what it did; a connection that sent nothing at all is only closed (an unused preconnect).
 */
function onClientError(error: NodeJS.ErrnoException, socket: Socket, timeouts: ExchangeTimeouts, options: EndpointOptions): void {
  const sent = socket.bytesRead;
  const [status, problem] =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? [408, `the request headers were not complete within ${timeouts.headersMs} ms (${bytesText(sent)} received on the connection)`]
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? [431, `the request headers exceeded the limit of the harness's HTTP parser (${bytesText(sent)} received on the connection)`]
        : [400, `the request is not HTTP (${error.code ?? error.message}, ${bytesText(sent)} received on the connection)`];
  const gone = error.code === 'ECONNRESET' || error.code === 'HPE_INVALID_EOF_STATE' || socket.destroyed || !socket.writable;
  if (sent > 0 && !gone) {
    options.trace?.({
      at: Date.now(),
      side: options.side,
      direction: 'in',
      kind: 'request',
      headers: {},
      body: new Uint8Array(),
      wireBytes: 0,
      peer: socket.remoteAddress ?? '',
      problem,
    });
  }
  if (gone) {
    socket.destroy();
    return;
  }
  const reason = status === 408 ? 'Request Timeout' : status === 431 ? 'Request Header Fields Too Large' : 'Bad Request';
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  socket.destroySoon?.();
}

/** Connections open at once on one endpoint; more are refused (closed at once) until some end. */
export const MAX_CONNECTIONS = 512;

async function serve(req: IncomingMessage, res: ServerResponse, options: EndpointOptions, timeouts: ExchangeTimeouts, handler: EndpointHandler): Promise<void> {
  const started = Date.now();
  const headers = flattenHeaders(req.headers);
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `http://${headers.host ?? 'localhost'}`);
  } catch {
    url = new URL(`http://localhost/${encodeURIComponent(req.url ?? '')}`);
  }
  let reply: EndpointReply;
  let raw: Buffer = Buffer.alloc(0);
  let body: Buffer = Buffer.alloc(0);
  try {
    raw = await readBody(req, options.maxBodyBytes, {
      drain: true,
      idleMs: timeouts.bodyIdleMs,
      deadline: { at: started + timeouts.exchangeMs, totalMs: timeouts.exchangeMs },
    });
    body = decodeContent(raw, headers['content-encoding'], options.maxBodyBytes);
  } catch (error) {
    reply = bodyErrorReply(error, options.maxBodyBytes);
    return respond(req, res, headers, url, raw, body, reply, options, bodyProblem(error, options.maxBodyBytes));
  }
  const socket = req.socket as TLSSocket;
  const request: EndpointRequest = {
    method: req.method ?? 'GET',
    url,
    headers,
    body,
    wireBytes: raw.length,
    remoteAddress: req.socket.remoteAddress ?? '',
    connection: req.socket,
  };
  const peerCertificate = peerCertificateOf(socket);
  if (peerCertificate) request.peerCertificate = peerCertificate;
  try {
    reply = await handler(request);
  } catch (error) {
    options.onError?.(error);
    reply = { status: 500, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from('internal error of the reference implementation\n') };
  }
  respond(req, res, headers, url, raw, body, reply, options);
}

/**
 * The TLS peer certificate of a connection as EndpointRequest.peerCertificate reports it; undefined
 * without one. Asked once per connection (a keep-alive connection carries many requests; the peer and
 * the verdict on it do not change after the handshake).
 */
export function peerCertificateOf(socket: TLSSocket | Socket): EndpointRequest['peerCertificate'] {
  if (peerCertificates.has(socket)) return peerCertificates.get(socket);
  const found = readPeerCertificate(socket);
  peerCertificates.set(socket, found);
  return found;
}

const peerCertificates = new WeakMap<TLSSocket | Socket, EndpointRequest['peerCertificate']>();

function readPeerCertificate(socket: TLSSocket | Socket): EndpointRequest['peerCertificate'] {
  const tls = socket as TLSSocket;
  if (typeof tls.getPeerCertificate !== 'function') return undefined;
  const cert = tls.getPeerCertificate();
  if (!cert || Object.keys(cert).length === 0) return undefined;
  const cn = cert.subject?.CN;
  const error = tls.authorizationError as unknown;
  const sans = subjectAltNames(cert.subjectaltname);
  return {
    authorized: tls.authorized,
    fingerprint256: cert.fingerprint256,
    ...(typeof cn === 'string' ? { subjectCN: cn } : {}),
    ...(error ? { authorizationError: error instanceof Error ? error.message : String(error) } : {}),
    ...(sans.length > 0 ? { subjectAltNames: sans } : {}),
  };
}

/**
 * The values of Node's `subjectaltname` string ("DNS:a, IP Address:1.2.3.4, URI:x"); Node JSON-quotes
 * a value holding a comma or a quote, so split only outside quotes.
 */
export function subjectAltNames(text: string | undefined): string[] {
  if (!text) return [];
  const out: string[] = [];
  for (const part of text.match(/(?:[^,"]|"(?:[^"\\]|\\.)*")+/g) ?? []) {
    const entry = part.trim();
    const colon = entry.indexOf(':');
    if (colon < 0) continue;
    let value = entry.slice(colon + 1);
    if (value.startsWith('"')) {
      try {
        value = JSON.parse(value) as string;
      } catch {
        continue;
      }
    }
    out.push(value);
  }
  return out;
}

function bodyErrorReply(error: unknown, limit: number): EndpointReply {
  const text = (status: number, message: string): EndpointReply => ({
    status,
    headers: { 'content-type': 'text/plain; charset=utf-8', connection: 'close' },
    body: Buffer.from(`${message}\n`),
  });
  if (error instanceof BodyTooLargeError) return text(413, `the body exceeds the limit of ${limit} bytes`);
  if (error instanceof UnsupportedCodingError) return text(415, error.message);
  if (error instanceof BodyStalledError || error instanceof BodyDeadlineError) return text(408, `the request was not received in time: ${error.message}`);
  return text(400, `the body could not be read: ${(error as Error).message}`);
}

/** What the peer did, for the trace, when its request body broke a bound or could not be read; undefined for an unsupported coding. */
function bodyProblem(error: unknown, limit: number): string | undefined {
  if (error instanceof BodyTooLargeError) {
    return error.received === undefined
      ? `the request body decodes to more than ${bytesText(limit)}`
      : `the request body exceeded ${bytesText(limit)} (${bytesText(error.received)} received)`;
  }
  if (error instanceof BodyStalledError) return `the request body stalled: ${error.message}`;
  if (error instanceof BodyDeadlineError) return `the request was not complete within ${error.totalMs} ms (${bytesText(error.received)} of its body received)`;
  if (error instanceof UnsupportedCodingError) return undefined;
  if (error instanceof BodyBrokenError) return `the request broke off mid-body: ${error.message}`;
  return `the request body could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): the connection broke mid-body`;
}

function respond(
  req: IncomingMessage,
  res: ServerResponse,
  headers: Record<string, string>,
  url: URL,
  raw: Buffer,
  body: Buffer,
  reply: EndpointReply,
  options: EndpointOptions,
  problem?: string,
): void {
  const out: Record<string, string> = { ...(reply.headers ?? {}) };
  let payload: Buffer = reply.body ? Buffer.from(reply.body) : Buffer.alloc(0);
  const plain = payload;
  if (reply.compress && payload.length > 0) {
    const packed = compressIfSmaller(payload, chooseContentCoding(headers['accept-encoding']));
    out.vary = 'Accept-Encoding';
    if (packed.coding !== 'identity') {
      payload = packed.body;
      out['content-encoding'] = packed.coding;
    }
  }
  out['content-length'] = String(payload.length);
  const now = Date.now();
  options.trace?.({
    at: now,
    side: options.side,
    direction: 'in',
    kind: 'request',
    method: req.method ?? 'GET',
    url: url.pathname + url.search,
    headers,
    body,
    wireBytes: raw.length,
    peer: req.socket.remoteAddress ?? '',
    ...(problem ? { problem } : {}),
  });
  const traced = reply.challenges && reply.challenges.length > 0 ? { ...out, 'www-authenticate': reply.challenges.join(', ') } : out;
  options.trace?.({
    at: now,
    side: options.side,
    direction: 'out',
    kind: 'response',
    status: reply.status,
    headers: traced,
    body: plain,
    wireBytes: payload.length,
  });
  if (res.destroyed) return;
  if (reply.challenges && reply.challenges.length > 0) res.setHeader('www-authenticate', reply.challenges);
  // A request refused mid-body (413, 408) still has bytes on their way: closing at once with them
  // unread would reset the connection and could destroy the answer before the peer reads it.
  if (out.connection === 'close') lingerOnClose(req);
  res.writeHead(reply.status, out);
  res.end(payload);
}

/** How long a connection closed after a refusal keeps reading (and dropping) what the peer still sends. */
const LINGER_MS = 500;

/**
 * A lingering close (as HTTP servers do after an error answer): the socket is half-closed once the
 * answer is out, what still comes is read and dropped, and it is destroyed LINGER_MS later at most.
 */
function lingerOnClose(req: IncomingMessage): void {
  const socket = req.socket as Socket & { destroySoon?: () => void };
  socket.destroySoon = () => {
    socket.end();
    // The rest of the body flows through the parser into the request, which drops it (no buffering).
    req.resume();
    setTimeout(() => socket.destroy(), LINGER_MS).unref();
  };
}
