/**
 * What the hostile IUTs share: the upper-tester connection (harness/transport/ut-link.ts, as a vendor
 * adapter may use it), a well-behaved client or server adapter whose DM side then misbehaves, and the
 * raw sockets they misbehave on. Each hostile IUT is a standalone program run by `dmcts run` through
 * the process adapter: node bin/run-ts.mjs test/hostile/iut/<name>.ts [--port N] --tag T
 */
import { createServer, type Server, type Socket } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { parseArgs } from 'node:util';
import { UT_URL_ENV } from '../../../harness/protocol/upper-tester.ts';
import { connectUpperTester, type UtHandlers } from '../../../harness/transport/ut-link.ts';

export const args = parseArgs({ options: { port: { type: 'string' }, tag: { type: 'string' } }, allowPositionals: true, strict: false }).values as {
  port?: string;
  tag?: string;
};

export function utUrl(): string {
  const url = process.env[UT_URL_ENV];
  if (!url) {
    process.stderr.write(`${UT_URL_ENV} is not set\n`);
    process.exit(2);
  }
  return url;
}

/** Connects, says hello with these methods, answers with the handlers; exits when the harness closes the channel. */
export async function adapter(role: 'client' | 'server', name: string, handlers: UtHandlers): Promise<void> {
  const link = await connectUpperTester({ url: utUrl(), role, product: { name: `hostile ${name}`, version: '1' }, handlers });
  await link.closed;
  process.exit(0);
}

export const DEV_ID = 'hostile-dev-1';

/**
 * A client adapter that bootstraps (remembering each server's URL) and, on client.startSession, hands
 * the server's DM URL to `misbehave` instead of opening a proper session.
 */
export function clientAdapter(name: string, misbehave: (srvUri: URL) => void, extra: UtHandlers = {}): Promise<void> {
  const servers = new Map<string, URL>();
  return adapter('client', name, {
    'client.bootstrap': (p: { servers: Array<{ srvId: string; srvUri: string }> }) => {
      servers.clear();
      for (const s of p.servers) servers.set(s.srvId, new URL(s.srvUri));
      return { devId: DEV_ID };
    },
    'client.startSession': (p: { srvId: string }) => {
      const url = servers.get(p.srvId);
      if (!url) throw new Error(`no server ${p.srvId}`);
      misbehave(url);
      return {};
    },
    'client.factoryReset': () => ({}),
    ...extra,
  });
}

/** A server adapter that takes every command and never sees it done: the DM side is where it misbehaves. */
export function serverAdapter(name: string, extra: UtHandlers = {}): Promise<void> {
  let next = 1;
  return adapter('server', name, {
    'server.queue': () => ({ commandId: `cmd-${next++}` }),
    'server.result': () => ({ state: 'queued' }),
    'server.device': () => ({ known: false, sessions: 0, alerts: [] }),
    'server.notify': () => ({ delivered: false }),
    ...extra,
  });
}

/** A TLS connection to a harness server's DM URL (the harness's test CA is not checked). */
export function tlsTo(url: URL): TLSSocket {
  const socket = tlsConnect({ host: url.hostname, port: Number(url.port || 443), rejectUnauthorized: false, servername: 'localhost' });
  socket.on('error', () => undefined);
  return socket;
}

/** Listens on the IXIT's DM port (plain HTTP on loopback) and hands each raw connection to `onSocket`. */
export function dmListener(onSocket: (socket: Socket, request: string) => void): Server {
  const port = Number(args.port);
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let head = '';
    const onData = (d: Buffer) => {
      head += d.toString('latin1');
      if (!head.includes('\r\n\r\n') && head.length < 64 * 1024) return;
      socket.off('data', onData);
      onSocket(socket, head);
    };
    socket.on('data', onData);
  });
  server.listen(port, '127.0.0.1');
  return server;
}

/** Writes `chunk` again and again as fast as the socket takes it, until it closes. */
export function pump(socket: Socket, chunk: Buffer | string): void {
  const go = () => {
    while (!socket.destroyed && socket.write(chunk));
    if (!socket.destroyed) socket.once('drain', go);
  };
  go();
}

/** Writes `chunk` every `ms` until the socket closes. */
export function trickle(socket: Socket, chunk: string, ms: number): void {
  const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write(chunk)), ms);
  socket.once('close', () => clearInterval(timer));
}

export const PACKAGE1_HEADERS = (host: string, extra = '') =>
  `POST /dm HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/vnd.oma.dm.initiation+json\r\nAccept: application/vnd.oma.dm.request+json\r\nOMADM-DevID: ${DEV_ID}\r\n${extra}`;
