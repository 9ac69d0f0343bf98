/**
 * A man-in-the-middle that turns a correct reference peer into a faulty one: every HTTP message
 * between the device and the server passes through it, and a mutant's hooks change one thing (a
 * Status order, a header, a query). DM bodies are handed to hooks decoded (JSON or CBOR) and
 * re-encoded after; absolute URLs of the target inside Package#2 are rewritten to the proxy, so a
 * whole session (CONT included) stays on the proxy.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer, type ServerOptions as HttpsOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { decodeValue, encodeBody } from '../../harness/protocol/body-codec.ts';
import { parseMediaType } from '../../harness/protocol/media-types.ts';
import { decodeContent } from '../../harness/transport/content-coding.ts';
import { readBody } from '../../harness/transport/read-body.ts';

export interface ProxyMessage {
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The decoded DM body (Package#1/#2/#3, MO serialization), when the message carries one. */
  dm?: unknown;
  body: Buffer;
}

export interface ProxyReply {
  status: number;
  headers: Record<string, string>;
  dm?: unknown;
  body: Buffer;
}

export interface ProxyHooks {
  /** Change the request before it goes to the target (edit msg.dm or msg.headers). */
  request?: (msg: ProxyMessage) => void;
  /** Change the reply before it goes back. */
  response?: (reply: ProxyReply, msg: ProxyMessage) => void;
  /** Called after the reply went back (e.g. to send an extra request as a faulty peer would). */
  after?: (
    msg: ProxyMessage,
    reply: ProxyReply,
    send: (m: Pick<ProxyMessage, 'method' | 'path' | 'headers' | 'body'>) => Promise<number>,
  ) => Promise<void> | void;
  /** Send a request again once when the target answers 5xx (a peer that retries). */
  retryOn5xx?: boolean;
  /** Never answer this request (a peer that hangs); the connection stays open until the proxy closes. */
  hang?: (reply: ProxyReply, msg: ProxyMessage) => boolean;
}

export interface FaultyProxy {
  origin: string;
  close(): Promise<void>;
}

function decodeDm(headers: Record<string, string>, body: Buffer): unknown {
  const type = parseMediaType(headers['content-type']);
  if (!type || body.length === 0) return undefined;
  const d = decodeValue(body, type.encoding);
  return d.ok ? d.value : undefined;
}

function encodeDm(headers: Record<string, string>, dm: unknown): Buffer {
  const type = parseMediaType(headers['content-type']);
  return encodeBody(dm, type?.encoding ?? 'json');
}

function flat(h: IncomingMessage['headers'] | Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(h)) if (v !== undefined) out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : String(v);
  return out;
}

const HOP = ['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'content-encoding', 'accept-encoding'];

/**
 * `tls`: the proxy listens for HTTPS with these options (certificate, key, and whatever TLS versions
 * and ciphers a faulty peer offers); plain HTTP otherwise.
 */
export async function startFaultyProxy(options: {
  target: string;
  ca?: string;
  hooks: ProxyHooks;
  host?: string;
  port?: number;
  tls?: HttpsOptions;
}): Promise<FaultyProxy> {
  const target = new URL(options.target);
  const agent = new Agent({ connect: { ...(options.ca ? { ca: options.ca } : {}) } });
  let origin = '';
  const forward = async (m: Pick<ProxyMessage, 'method' | 'path' | 'headers' | 'body'>) => {
    const headers = Object.fromEntries(Object.entries(m.headers).filter(([k]) => !HOP.includes(k)));
    const res = await request(new URL(m.path, target.origin), {
      method: m.method as 'POST',
      headers,
      body: m.body.length ? m.body : undefined,
      dispatcher: agent,
    });
    const resHeaders = flat(res.headers as Record<string, string | string[] | undefined>);
    const raw = Buffer.from(await res.body.arrayBuffer());
    return { status: res.statusCode, headers: resHeaders, body: decodeContent(raw, resHeaders['content-encoding'], 64 * 1024 * 1024) };
  };
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    void (async () => {
      try {
        const headers = flat(req.headers);
        const body = decodeContent(await readBody(req, 64 * 1024 * 1024), headers['content-encoding'], 64 * 1024 * 1024);
        const msg: ProxyMessage = { method: req.method ?? 'GET', path: req.url ?? '/', headers, body, dm: decodeDm(headers, body) };
        options.hooks.request?.(msg);
        if (msg.dm !== undefined) msg.body = encodeDm(msg.headers, msg.dm);
        let answer = await forward(msg);
        if (options.hooks.retryOn5xx && answer.status >= 500) answer = await forward(msg);
        let text = answer.body.toString('utf8');
        const reply: ProxyReply = { status: answer.status, headers: answer.headers, body: answer.body, dm: decodeDm(answer.headers, answer.body) };
        if (reply.dm !== undefined) {
          // Keep the session on the proxy: the target's absolute URLs become the proxy's.
          text = JSON.stringify(reply.dm).split(target.origin).join(origin);
          reply.dm = JSON.parse(text) as unknown;
        }
        options.hooks.response?.(reply, msg);
        if (options.hooks.hang?.(reply, msg)) return;
        if (reply.dm !== undefined) reply.body = encodeDm(reply.headers, reply.dm);
        const outHeaders = Object.fromEntries(Object.entries(reply.headers).filter(([k]) => !HOP.includes(k)));
        res.writeHead(reply.status, { ...outHeaders, 'content-length': String(reply.body.length) });
        res.end(reply.body);
        await options.hooks.after?.(msg, reply, async (m) => (await forward(m)).status);
      } catch (error) {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
        res.end(`faulty proxy: ${(error as Error).message}\n`);
      }
    })();
  };
  const server = options.tls ? createHttpsServer(options.tls, handle) : createServer(handle);
  // A handshake a client refuses (or a probe) is not the proxy's problem.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, options.host ?? '127.0.0.1', resolve));
  origin = `${options.tls ? 'https' : 'http'}://${options.host ?? '127.0.0.1'}:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await agent.close();
    },
  };
}
