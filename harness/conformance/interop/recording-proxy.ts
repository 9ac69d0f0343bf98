/**
 * The interop proxy: sits between a client IUT and a server IUT, forwards every byte of every
 * request and answer unchanged (method, target, header names, values and order, body) and records
 * them (wire-tap.ts). HTTP bodies are read whole, bounded in size and time, before they go on; an
 * HTTP Upgrade (the WebSocket binding, P-WS) is relayed as a byte stream both ways, its DM frames
 * read by a tap beside the relay (ws-frame-tap.ts) that never holds the stream back.
 *
 * TLS (P-SEC): the proxy terminates the client's TLS with a certificate of the interop run's PKI
 * (the client IUT is given that CA as its trust anchor) and opens its own TLS to the server IUT,
 * verifying it against the CA the server's IXIT names. A TLS client certificate therefore ends at
 * the proxy: X.509 client authentication cannot be carried through it (the scenarios say so).
 */
import { createServer as createHttpServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, request as httpsRequest } from 'node:https';
import { connect as netConnect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import { readBody } from '../../transport/read-body.ts';
import { startFrameTap } from './ws-frame-tap.ts';
import { headerRecord, WireTap, type TappedHttp, type TappedUpgrade } from './wire-tap.ts';

export interface RecordingProxyOptions {
  host: string;
  /** Present to the client: the proxy then speaks HTTPS (and WSS). */
  tls?: { cert: string; key: string };
  /** Where requests go: the server IUT's origin (http or https). */
  target: string;
  /** The CA the target's certificate must chain to (else the system's). */
  targetCa?: string;
  maxBodyBytes: number;
  /** Bounds per exchange: headers of the answer, the longest pause in a body, the whole exchange. */
  timeouts: { headersMs: number; bodyIdleMs: number; exchangeMs: number };
}

export interface RecordingProxy {
  /** scheme://host:port of the proxy. */
  origin: string;
  tap: WireTap;
  /** Points the proxy at another target (used when a server starts after its proxy). */
  retarget(target: string, targetCa?: string): void;
  close(): Promise<void>;
}

const HEAD_MAX_BYTES = 64 * 1024;

export async function startRecordingProxy(options: RecordingProxyOptions): Promise<RecordingProxy> {
  const tap = new WireTap();
  let target = new URL(options.target);
  let targetCa = options.targetCa;
  const sockets = new Set<Duplex>();

  const upstreamRequest = (req: IncomingMessage) => {
    const secure = target.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    return send({
      host: target.hostname,
      port: target.port || (secure ? 443 : 80),
      method: req.method,
      path: req.url,
      // The raw header list: names, values, order and repetitions as the client sent them (Host included).
      headers: req.rawHeaders as unknown as Record<string, string>,
      agent: false,
      ...(secure ? { ca: targetCa, minVersion: 'TLSv1.2' as const, servername: isIp(target.hostname) ? undefined : target.hostname } : {}),
    });
  };

  const onRequest = async (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    const deadline = { at: started + options.timeouts.exchangeMs, totalMs: options.timeouts.exchangeMs };
    const base = { at: started, kind: 'http' as const, method: req.method ?? 'GET', path: req.url ?? '/', requestHeaders: headerRecord(req.rawHeaders) };
    let requestBody: Buffer = Buffer.alloc(0);
    const fail = (why: string, responseBody?: Buffer, status?: number, responseHeaders?: Record<string, string>) => {
      tap.add<TappedHttp>(
        { ...base, requestBody, error: why, ms: Date.now() - started, ...(status ? { status, responseHeaders, responseBody } : {}) },
        requestBody.length,
      );
      if (!res.headersSent) {
        res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8', 'x-dmcts-proxy': 'error' });
        res.end(`dmcts interop proxy: ${why}\n`);
      } else res.destroy();
    };
    try {
      requestBody = await readBody(req, options.maxBodyBytes, { drain: true, idleMs: options.timeouts.bodyIdleMs, deadline });
    } catch (error) {
      fail(`the client's request body could not be read: ${(error as Error).message}`);
      return;
    }
    const up = upstreamRequest(req);
    const headersTimer = setTimeout(
      () => up.destroy(new Error(`no answer headers from the server within ${options.timeouts.headersMs} ms`)),
      options.timeouts.headersMs,
    );
    up.once('error', (error) => {
      clearTimeout(headersTimer);
      fail(`the server could not be reached or broke the exchange: ${error.message}`);
    });
    up.once('response', async (answer) => {
      clearTimeout(headersTimer);
      let responseBody: Buffer;
      try {
        responseBody = await readBody(answer, options.maxBodyBytes, { idleMs: options.timeouts.bodyIdleMs, deadline });
      } catch (error) {
        fail(`the server's answer body could not be read: ${(error as Error).message}`, undefined, answer.statusCode, headerRecord(answer.rawHeaders));
        return;
      }
      const responseHeaders = headerRecord(answer.rawHeaders);
      tap.add<TappedHttp>(
        { ...base, requestBody, status: answer.statusCode ?? 0, responseHeaders, responseBody, ms: Date.now() - started },
        requestBody.length + responseBody.length,
      );
      res.writeHead(answer.statusCode ?? 502, answer.statusMessage ?? '', answer.rawHeaders as unknown as Record<string, string>);
      res.end(responseBody);
    });
    up.end(requestBody);
  };

  const onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const upgrade: Omit<TappedUpgrade, 'seq'> = { at: Date.now(), kind: 'upgrade', path: req.url ?? '/', requestHeaders: headerRecord(req.rawHeaders) };
    const secure = target.protocol === 'https:';
    const port = Number(target.port || (secure ? 443 : 80));
    const upstream: Socket = secure
      ? tlsConnect({ host: target.hostname, port, ca: targetCa, minVersion: 'TLSv1.2', ...(isIp(target.hostname) ? {} : { servername: target.hostname }) })
      : netConnect({ host: target.hostname, port });
    sockets.add(upstream);
    upstream.once('close', () => {
      sockets.delete(upstream);
      socket.destroy();
    });
    socket.once('close', () => upstream.destroy());
    upstream.once('error', (error) => {
      if (!headDone) tap.add<TappedUpgrade>({ ...upgrade, error: `the server could not be reached: ${error.message}` }, 0);
      socket.destroy();
    });
    let headDone = false;
    let headBytes: Buffer = Buffer.alloc(0);
    const toServer = startFrameTap(tap, 'to-server', options.maxBodyBytes);
    const toClient = startFrameTap(tap, 'to-client', options.maxBodyBytes);
    upstream.once(secure ? 'secureConnect' : 'connect', () => {
      const lines = [`${req.method} ${req.url} HTTP/${req.httpVersion}`];
      for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length) {
        upstream.write(head);
        toServer.feed(head);
      }
      socket.on('data', (chunk: Buffer) => {
        upstream.write(chunk);
        toServer.feed(chunk);
      });
    });
    upstream.on('data', (chunk: Buffer) => {
      socket.write(chunk);
      if (headDone) {
        toClient.feed(chunk);
        return;
      }
      headBytes = Buffer.concat([headBytes, chunk]);
      const end = headBytes.indexOf('\r\n\r\n');
      if (end < 0) {
        if (headBytes.length > HEAD_MAX_BYTES) {
          headDone = true;
          tap.add<TappedUpgrade>({ ...upgrade, error: `the server's upgrade answer head passed ${HEAD_MAX_BYTES} bytes (relayed, not read)` }, 0);
        }
        return;
      }
      headDone = true;
      const [statusLine = '', ...headerLines] = headBytes.subarray(0, end).toString('latin1').split('\r\n');
      const raw = headerLines.flatMap((l) => {
        const colon = l.indexOf(':');
        return colon < 0 ? [] : [l.slice(0, colon).trim(), l.slice(colon + 1).trim()];
      });
      tap.add<TappedUpgrade>({ ...upgrade, status: Number(statusLine.split(' ')[1]) || 0, responseHeaders: headerRecord(raw) }, 0);
      const rest = headBytes.subarray(end + 4);
      if (rest.length) toClient.feed(rest);
    });
  };

  const server: Server = options.tls
    ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key, minVersion: 'TLSv1.2' }, (req, res) => void onRequest(req, res))
    : createHttpServer((req, res) => void onRequest(req, res));
  server.headersTimeout = options.timeouts.headersMs * 2;
  server.requestTimeout = options.timeouts.exchangeMs * 2;
  server.on('upgrade', onUpgrade);
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostText = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    origin: `${options.tls ? 'https' : 'http'}://${hostText}:${port}`,
    tap,
    retarget(next, ca) {
      target = new URL(next);
      targetCa = ca;
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function isIp(host: string): boolean {
  return /^[\d.]+$/.test(host) || host.includes(':');
}
