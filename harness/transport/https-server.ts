/**
 * An HTTPS server whose TLS context is shared with the other servers of this process that present
 * the same certificate and key and trust the same CAs. Building a context parses the key and the
 * certificates (about 2 ms); a conformance run starts hundreds of short-lived endpoints (every case
 * its own harness servers) with the same few certificates, and that was most of starting one.
 *
 * Node builds a server's context in its constructor from the options (no option takes a ready one),
 * so the server is made without a certificate and given the shared context (its `_sharedCreds`, as
 * Node's own setSecureContext does); a Node without that field gets its context the public way.
 * Each server start gives the context fresh session-ticket keys: a TLS session from an earlier server
 * (an earlier case) is never resumed at a later one — such a client gets a full handshake, with its
 * certificate, as it would from a server of its own.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type Server, type ServerOptions } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSecureContext, type SecureContext } from 'node:tls';

/** The options that make up the TLS context; a server with any other context option gets its own. */
const CONTEXT_OPTIONS = ['cert', 'key', 'ca', 'minVersion', 'maxVersion'] as const;
/** Options of the server or its sockets, not of the context. */
const SOCKET_OPTIONS = new Set(['requestCert', 'rejectUnauthorized', 'headersTimeout', 'requestTimeout', 'connectionsCheckingInterval', 'keepAliveTimeout']);

/** Contexts kept at once (the oldest is dropped past this; servers using it keep it). */
const MAX_CONTEXTS = 32;
const contexts = new Map<string, SecureContext>();

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/** The shared context's key, or undefined when the options hold something only a context of its own can carry. */
function contextKey(options: ServerOptions): string | undefined {
  for (const name of Object.keys(options)) {
    if (!(CONTEXT_OPTIONS as readonly string[]).includes(name) && !SOCKET_OPTIONS.has(name)) return undefined;
  }
  const parts = CONTEXT_OPTIONS.map((name) => options[name]);
  if (parts.some((p) => p !== undefined && typeof p !== 'string')) return undefined;
  return JSON.stringify(parts);
}

export function createHttpsServer(options: ServerOptions, listener: Listener): Server {
  const key = contextKey(options);
  if (key === undefined) return createServer(options, listener);
  let context = contexts.get(key);
  if (!context) {
    context = createSecureContext({
      ...Object.fromEntries(CONTEXT_OPTIONS.filter((n) => options[n] !== undefined).map((n) => [n, options[n]])),
      // As Node's own servers have (OpenSSL refuses to ask for a client certificate without one).
      sessionIdContext: createHash('sha1').update(key).digest('hex').slice(0, 32),
    });
    if (contexts.size >= MAX_CONTEXTS) contexts.delete(contexts.keys().next().value!);
    contexts.set(key, context);
  }
  const socketOptions = Object.fromEntries(Object.entries(options).filter(([name]) => SOCKET_OPTIONS.has(name)));
  const server = createServer(socketOptions, listener);
  const node = server as unknown as { _sharedCreds?: SecureContext };
  if (Object.hasOwn(node, '_sharedCreds')) node._sharedCreds = context;
  else server.setSecureContext(options);
  server.setTicketKeys(randomBytes(48));
  return server;
}
