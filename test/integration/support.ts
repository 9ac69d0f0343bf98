/**
 * Shared set-up of the integration tests: reference servers and devices on loopback sockets that are
 * stopped after each test, trace collectors, a raw HTTP helper and a few bounded waits.
 */
import { createServer as createHttpServer, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { afterEach, expect } from 'vitest';
import { DmDevice, type DmDeviceOptions } from '../../harness/client/dm-device.ts';
import { buildFactoryTree, DEFAULT_PERM, type ServerAccount } from '../../harness/client/factory-profile.ts';
import type { RawCommand } from '../../harness/protocol/commands.ts';
import type { QueuedCommand } from '../../harness/server/queued-command.ts';
import { DmServer, type DmServerOptions } from '../../harness/server/dm-server.ts';
import type { QueueOptions, ServerUriPlan } from '../../harness/server/operator.ts';
import type { TraceEvent, TraceSink } from '../../harness/transport/trace.ts';

export const DEV_ID = 'IMEI:490154203237518';
export const SECRET = 'noti-s3cret';
export const DIAG = 'urn:oma:mo:dmcts-diagnostics:1.0';
export const DEVINFO = 'urn:oma:mo:oma-dm-devinfo:1.0';
export const DMACC = 'urn:oma:mo:oma-dm-dmacc:1.0';
export const FEATURES = 'urn:oma:mo:oma-dm-features:1.0';
export const SESSIONINFO = 'urn:oma:mo:oma-sessioninfomo:1.0';
export const CONNMO = 'urn:oma:mo:oma-dm-connmo:1.0';

export interface DeviceSpec extends Omit<DmDeviceOptions, 'tree'> {
  devId?: string;
  /** The DMAcc accounts; default: one for `server` with DEFAULT_PERM and SECRET. */
  servers?: ServerAccount[];
}

export interface StubRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
  peer: string;
}

export interface Stub {
  url: string;
  requests: StubRequest[];
}

export type Cleanup = () => Promise<unknown> | unknown;

/** Registers an afterEach that stops everything a test started, newest first. */
export function integrationEnv() {
  const cleanups: Cleanup[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const env = {
    defer(cleanup: Cleanup): void {
      cleanups.push(cleanup);
    },
    async server(options: Partial<DmServerOptions> = {}): Promise<DmServer> {
      const server = await DmServer.start({ srvId: 'srv1', host: '127.0.0.1', ...options });
      cleanups.push(() => server.stop());
      return server;
    },
    async device(server: DmServer | undefined, spec: DeviceSpec = {}): Promise<DmDevice> {
      const { devId = DEV_ID, servers, ...options } = spec;
      const accounts: ServerAccount[] =
        servers ?? (server ? [{ srvId: server.options.srvId, srvUri: server.dmUrl, perm: DEFAULT_PERM, notificationSecret: SECRET }] : []);
      const device = await DmDevice.start({ tree: buildFactoryTree({ devId, servers: accounts, ...(options.ui ? { ui: true } : {}) }), ...options });
      cleanups.push(() => device.stop());
      return device;
    },
    /** A tiny node:http server on 127.0.0.1 standing in for a peer; it records every request. */
    async stub(handler: (req: StubRequest, res: ServerResponse) => void): Promise<Stub> {
      const requests: StubRequest[] = [];
      const server = createHttpServer((req: IncomingMessage, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const recorded: StubRequest = {
            method: req.method ?? '',
            url: req.url ?? '',
            headers: req.headers,
            body: Buffer.concat(chunks),
            peer: req.socket.remoteAddress ?? '',
          };
          requests.push(recorded);
          handler(recorded, res);
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      cleanups.push(
        () =>
          new Promise<void>((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
          }),
      );
      return { url: `http://127.0.0.1:${port}`, requests };
    },
    /** A server and one device that has an account with it. */
    async pair(serverOptions: Partial<DmServerOptions> = {}, spec: DeviceSpec = {}): Promise<{ server: DmServer; device: DmDevice }> {
      const server = await env.server(serverOptions);
      const device = await env.device(server, spec);
      return { server, device };
    },
  };
  return env;
}

/** Queues a command through the server's operator; a refused command fails the test. */
export function queue(server: DmServer, command: RawCommand, options: QueueOptions & { devId?: string } = {}): QueuedCommand & ServerUriPlan {
  const { devId = DEV_ID, ...rest } = options;
  const queued = server.operator.queue(devId, command, rest);
  if (!queued.ok) throw new Error(`the operator refused ${JSON.stringify(command)}: ${queued.error.message}`);
  return queued.value;
}

/** Waits until a queued command is done (or lost); a timeout fails with the command and its state. */
export async function settled(server: DmServer, command: QueuedCommand, timeoutMs = 3_000): Promise<QueuedCommand> {
  await server.operator.wait(command, timeoutMs);
  if (command.state !== 'done' && command.state !== 'lost') {
    throw new Error(`${JSON.stringify(command.command)} is still "${command.state}" after ${timeoutMs} ms`);
  }
  return command;
}

/** The Status entry a device answered for a command (fails when it has none). */
export function statusOf(command: QueuedCommand) {
  expect(command.state, `${JSON.stringify(command.command)}: ${command.reason ?? ''}`).toBe('done');
  expect(command.status, `no Status for ${JSON.stringify(command.command)}`).toBeDefined();
  return command.status!;
}

/** Runs one client-initiated session and fails unless it ended well. */
export async function runSession(device: DmDevice, srvId?: string) {
  const outcome = await device.clientInitiated(srvId);
  expect(outcome.ok, `session failed: ${outcome.reason ?? ''}`).toBe(true);
  return outcome;
}

export interface TraceLog {
  sink: TraceSink;
  events: TraceEvent[];
  /** Requests this side received (server side: what devices sent). */
  requestsIn(filter?: (e: TraceEvent) => boolean): TraceEvent[];
  requestsOut(filter?: (e: TraceEvent) => boolean): TraceEvent[];
  responsesOut(): TraceEvent[];
}

export function traceLog(): TraceLog {
  const events: TraceEvent[] = [];
  return {
    sink: (e) => events.push(e),
    events,
    requestsIn: (filter = () => true) => events.filter((e) => e.direction === 'in' && e.kind === 'request' && filter(e)),
    requestsOut: (filter = () => true) => events.filter((e) => e.direction === 'out' && e.kind === 'request' && filter(e)),
    responsesOut: () => events.filter((e) => e.direction === 'out' && e.kind === 'response'),
  };
}

/** The DM packages a server received (POSTs under /dm). */
export function dmPosts(log: TraceLog): TraceEvent[] {
  return log.requestsIn((e) => e.method === 'POST' && (e.url ?? '').startsWith('/dm'));
}

// biome-ignore lint/suspicious/noExplicitAny: the tests read decoded bodies of every shape; they check what they read
export function json(body: Uint8Array): any {
  return JSON.parse(Buffer.from(body).toString('utf8'));
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One HTTP request with node:http, no content decoding, no retries. */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Uint8Array; localAddress?: string } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      url,
      {
        method: options.method ?? 'POST',
        headers: options.headers ?? {},
        agent: false,
        ...(options.localAddress ? { localAddress: options.localAddress } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body ? Buffer.from(options.body) : undefined);
  });
}

/** A TCP port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Rejects with a clear message when a promise does not settle in time. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `condition` every 10 ms; false when it still does not hold after `ms`. */
export async function until(condition: () => boolean, ms = 3_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}
