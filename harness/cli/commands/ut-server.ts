/**
 * `dmcts ut-server`: the reference DM server as a standalone IUT. It listens for devices at a fixed
 * address (so an IXIT can name server.dmUrl), over HTTPS with the certificate files given or a test CA
 * kept in --tls-dir (server.caFile), and is driven only through its upper-tester adapter, which
 * connects to the harness — so it can be tested through the process, container and remote adapters
 * exactly like a third party's server.
 *
 * It authenticates devices as the in-process reference server of the self-test does (K-SEC): HTTP
 * Basic and Digest, and X.509 client certificates from the device CA the harness hands it with
 * server.setCredentials (x509CaPem, the run's test CA, new each run); credentials are optional for a
 * device the operator gave none (server.clientAuth {modes: [basic, digest, x509], required: false}).
 * A TLS server trusts the CAs it was started with, so a device CA it does not trust yet restarts its
 * DM endpoint on the same port, trusting it too (StandaloneDmServer below).
 */
import type { PreferredConType } from '../../protocol/package0.ts';
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { BootstrapAccount } from '../../protocol/upper-tester.ts';
import type { RawCommand } from '../../protocol/commands.ts';
import { createTestPki } from '../../security/test-pki.ts';
import type { DeviceCredentials } from '../../server/client-auth.ts';
import { DmServer, type DmServerOptions } from '../../server/dm-server.ts';
import { type FumoUpdateRequest, queueFumoUpdate } from '../../server/fumo-update.ts';
import { queueScomoInstall, queueScomoRemove, type ScomoInstallRequest, type ScomoRemoveRequest } from '../../server/scomo-queue.ts';
import { connectUpperTester, type UtHandlers, type UtLink } from '../../transport/ut-link.ts';
import { UT_URL_ENV } from '../../protocol/upper-tester.ts';
import { isLoopbackHost } from '../../transport/loopback.ts';
import { consoleLogger } from '../console-log.ts';
import { intOption, parseOptions } from '../parse-options.ts';
import { DEFAULT_STATE_DIR } from '../state-dir.ts';
import { UsageError } from '../usage-error.ts';
import { runStandaloneAdapter, utUrlOption } from '../ut-standalone.ts';
import { DMCTS_VERSION } from '../../core/version.ts';

export const DEFAULT_TLS_DIR = `${DEFAULT_STATE_DIR}/ut-server/tls`;

export const UT_SERVER_HELP = `dmcts ut-server — the reference DM server as an IUT behind its upper-tester adapter

Usage: dmcts ut-server [--ut-url URL] [options]

The server listens for devices at --host:--port and prints its DM URL; the adapter connects to
the harness's upper tester (JSON-RPC over WebSocket, docs/adapters.md), announces itself with
ut.hello, and lets the harness queue commands for its devices, read their results and notify them.
The IXIT of such an IUT names what these options fix:
  server.dmUrl               https://<host>:<port>/dm   (--host, --port)
  server.srvId               --srv-id
  server.caFile              <tls-dir>/ca.pem           (--tls-dir; or your CA with --cert/--key)
  server.notificationSecret  --noti-secret (or DMCTS_NOTI_SECRET in the environment)
  server.clientAuth          {"modes": ["basic", "digest", "x509"], "required": false}
                             (devices the harness enrols with server.setCredentials must
                             authenticate; X.509 trusts the device CA it hands over; --plain: no x509)
See docs/examples/server.process.ixit.json. dmcts run starts it for such an IXIT and sets
${UT_URL_ENV}; started by hand (remote IXIT), give --ut-url with the harness's fixed utPort.

Stops when the harness closes the upper tester (the run is over), on SIGTERM or Ctrl-C.
Exit: 0 stopped cleanly, 1 the harness could not be reached or refused the adapter, 2 bad usage.

Options:
  --ut-url URL           the harness's upper tester (default: $${UT_URL_ENV}), e.g. ws://127.0.0.1:7311/ut
  --host ADDR            address to listen on for devices (default 127.0.0.1)
  --port N               port for devices (default 8443; 0 = any free port, printed)
  --srv-id ID            the server identifier devices know (DMAcc SrvID; default dmcts-server)
  --noti-secret S        Package#0 digest key for devices (their DMAcc Auth/Noti/Secret);
                         default: $DMCTS_NOTI_SECRET (an IXIT's adapter.env keeps it out of
                         the report, which redacts secret-named env values but not commands)
  --tls-dir DIR          where the test CA (ca.pem) and the server certificate (server.pem,
                         server.key) are kept: reused while valid for --host, else generated
                         (default ${DEFAULT_TLS_DIR})
  --cert FILE --key FILE your own HTTPS certificate chain and key (PEM) instead of --tls-dir
  --plain                plain HTTP for debugging; only a loopback --host is accepted
  --public-url URL       the base URL devices reach this server at, if not the listening one
  --idle-timeout S       seconds a session may wait for its next Package#3 (default 60)
  --connect-timeout S    keep trying to reach the harness this long (default 30)
  --reconnect            after a run, wait for the next one instead of exiting (remote adapters)
  --quiet                no line per package
  -h, --help             this help
`;

export interface TlsDirFiles {
  cert: string;
  key: string;
  caPath: string;
  generated: boolean;
}

/**
 * The test CA and server certificate kept in a directory (ca.pem, server.pem, server.key): reused
 * while valid for a day more and covering every host, else generated anew (also used to put them
 * into the reference peers' image, docker/assemble-context.ts).
 */
export async function tlsDirFiles(dir: string, hosts: string[]): Promise<TlsDirFiles> {
  const caPath = join(dir, 'ca.pem');
  const certPath = join(dir, 'server.pem');
  const keyPath = join(dir, 'server.key');
  if (existsSync(caPath) && existsSync(certPath) && existsSync(keyPath)) {
    try {
      const cert = readFileSync(certPath, 'utf8');
      const leaf = new X509Certificate(cert);
      const fresh = new Date(leaf.validTo).getTime() > Date.now() + 24 * 3600 * 1000;
      const covers = hosts.every((h) => leaf.checkHost(h) !== undefined || leaf.checkIP(h) !== undefined);
      if (fresh && covers) return { cert, key: readFileSync(keyPath, 'utf8'), caPath, generated: false };
    } catch {
      // unreadable or not a certificate: make new ones
    }
  }
  const pki = await createTestPki({ commonName: 'dmcts ut-server test CA', serverHosts: hosts, validityDays: 365 });
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(caPath, pki.ca.certPem);
    writeFileSync(certPath, pki.server.chainPem);
    writeFileSync(keyPath, pki.server.keyPem, { mode: 0o600 });
    chmodSync(keyPath, 0o600);
  } catch (error) {
    throw new UsageError(`cannot write the test CA into --tls-dir ${dir}: ${(error as Error).message}`);
  }
  return { cert: pki.server.chainPem, key: pki.server.keyPem, caPath, generated: true };
}

/** Device CAs trusted at once: one per run served (--reconnect), the oldest forgotten past this. */
const MAX_DEVICE_CAS = 8;

/** How the standalone server authenticates devices: X.509 once it knows a device CA (a TLS server needs one). */
function clientAuthFor(deviceCas: string[]): NonNullable<DmServerOptions['clientAuth']> {
  return deviceCas.length > 0
    ? { modes: ['basic', 'digest', 'x509'], required: false, ca: deviceCas.join('\n') }
    : { modes: ['basic', 'digest'], required: false };
}

/**
 * The reference server behind ut-server. A device CA it does not trust yet (server.setCredentials
 * with x509CaPem) stops its DM endpoint and starts it again on the same port trusting that CA too:
 * Node's TLS server takes its CAs when it starts. What the server knew (devices, queued commands,
 * results) does not survive that; the credentials set so far do. The harness sends one CA per run,
 * with the first device it enrols for X.509, before that device's first session.
 */
class StandaloneDmServer {
  private deviceCas: string[] = [];
  private readonly credentials = new Map<string, DeviceCredentials>();

  private constructor(
    private server: DmServer,
    private readonly options: DmServerOptions,
  ) {}

  static async start(options: DmServerOptions): Promise<StandaloneDmServer> {
    return new StandaloneDmServer(await DmServer.start({ ...options, clientAuth: clientAuthFor([]) }), options);
  }

  get current(): DmServer {
    return this.server;
  }

  async setCredentials(devId: string, creds: DeviceCredentials, deviceCaPem: string | undefined): Promise<void> {
    if (creds.x509 && deviceCaPem && !this.deviceCas.includes(deviceCaPem)) await this.trust(deviceCaPem);
    const set = this.server.operator.setCredentials(devId, creds);
    if (!set.ok) throw new Error(set.error.message);
    if (creds.basic || creds.x509) this.credentials.set(devId, creds);
    else this.credentials.delete(devId);
  }

  private async trust(deviceCaPem: string): Promise<void> {
    if (!this.options.tls) throw new Error('X.509 device certificates need HTTPS: this ut-server runs --plain');
    try {
      new X509Certificate(deviceCaPem);
    } catch (error) {
      throw new Error(`x509CaPem is not a PEM certificate (${(error as Error).message}): the server trusts no new device CA`);
    }
    const previous = this.deviceCas;
    const port = this.server.port;
    this.options.log?.(`trusting a new device CA (x509CaPem): the DM endpoint restarts on port ${port}`);
    await this.server.stop();
    try {
      this.server = await this.startWith([...previous, deviceCaPem].slice(-MAX_DEVICE_CAS), port);
    } catch (error) {
      // Back as it was, so the devices it served still reach it.
      this.server = await this.startWith(previous, port);
      throw new Error(`the DM endpoint could not restart trusting x509CaPem (${(error as Error).message}); it runs as before`);
    }
  }

  private async startWith(deviceCas: string[], port: number): Promise<DmServer> {
    const server = await DmServer.start({ ...this.options, port, clientAuth: clientAuthFor(deviceCas) });
    this.deviceCas = deviceCas;
    for (const [devId, creds] of this.credentials) server.operator.setCredentials(devId, creds);
    return server;
  }

  stop(): Promise<void> {
    return this.server.stop();
  }
}

/**
 * The server methods of the upper tester (docs/adapters.md), as the reference server's adapter
 * (harness/server/ut-adapter.ts) answers them, on whichever server is current; server.setCredentials
 * also takes x509CaPem.
 */
function standaloneHandlers(s: StandaloneDmServer): UtHandlers {
  const op = () => s.current.operator;
  return {
    'server.queue': (p: { devId: string; command: RawCommand; raw?: boolean }) => {
      const q = op().queue(p.devId, p.command, { raw: p.raw ?? false });
      if (!q.ok) throw new Error(q.error.message);
      return { commandId: q.value.id };
    },
    'server.result': (p: { commandId: string }) => {
      const c = op().command(p.commandId);
      if (!c) throw new Error(`no command ${p.commandId}`);
      return {
        state: c.state,
        ...(c.status ? { status: c.status } : {}),
        ...(c.asyncResult ? { asyncResult: c.asyncResult } : {}),
        ...(c.reason ? { reason: c.reason } : {}),
      };
    },
    'server.notify': async (p: { devId: string; url?: string; secret?: string; reqMos?: boolean; preferredConType?: PreferredConType }) => {
      const r = await op().notify(p.devId, {
        ...(p.url ? { url: p.url } : {}),
        ...(p.preferredConType !== undefined ? { preferredConType: p.preferredConType } : {}),
        ...(p.secret ? { secret: p.secret } : {}),
        ...(p.reqMos !== undefined ? { reqMos: p.reqMos } : {}),
      });
      if (!r.ok) throw new Error(r.error.message);
      const { httpStatus } = r.value as { httpStatus?: number };
      return {
        delivered: true,
        ...(httpStatus !== undefined ? { httpStatus } : {}),
        ...(p.preferredConType !== undefined ? { preferredConType: p.preferredConType } : {}),
      };
    },
    'server.setCredentials': async (p: { devId: string; basic?: { name: string; password: string }; x509?: boolean; x509CaPem?: string }) => {
      await s.setCredentials(p.devId, { ...(p.basic ? { basic: p.basic } : {}), ...(p.x509 ? { x509: true } : {}) }, p.x509CaPem);
      return {};
    },
    'server.delegate': (p: { devId: string; grant: Record<string, unknown> }) => {
      const q = op().delegate(p.devId, p.grant);
      if (!q.ok) throw new Error(q.error.message);
      return { commandId: q.value.id };
    },
    'server.fumoUpdate': (p: FumoUpdateRequest) => {
      const q = queueFumoUpdate(op(), p);
      if (!q.ok) throw new Error(q.error.message);
      return { commandId: q.value.id };
    },
    'server.bootstrap': (p: { devId: string; accounts: BootstrapAccount[] }) => {
      const q = op().bootstrap(p.devId, p.accounts);
      if (!q.ok) throw new Error(q.error.message);
      return { commandIds: q.value.map((c) => c.id) };
    },
    'server.device': (p: { devId: string }) => {
      const record = op().device(p.devId);
      if (!record) return { known: false, sessions: 0, alerts: [] };
      return {
        known: true,
        sessions: record.sessions,
        lastAddress: record.lastAddress,
        alerts: record.events.filter((e) => e.alert).map((e) => e.alert as object),
      };
    },
    'server.scomoInstall': (p: ScomoInstallRequest) => {
      const q = queueScomoInstall(op(), p);
      if (!q.ok) throw new Error(q.error.message);
      return { commandId: q.value.id };
    },
    'server.scomoRemove': (p: ScomoRemoveRequest) => {
      const q = queueScomoRemove(op(), p);
      if (!q.ok) throw new Error(q.error.message);
      return { commandId: q.value.id };
    },
  };
}

function readPem(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the ${what} ${path}: ${(error as Error).message}`);
  }
}

export async function utServerCommand(args: string[]): Promise<number> {
  const { values } = parseOptions('ut-server', args, {
    'ut-url': { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string' },
    'srv-id': { type: 'string', default: 'dmcts-server' },
    'noti-secret': { type: 'string' },
    'tls-dir': { type: 'string' },
    cert: { type: 'string' },
    key: { type: 'string' },
    plain: { type: 'boolean', default: false },
    'public-url': { type: 'string' },
    'idle-timeout': { type: 'string' },
    'connect-timeout': { type: 'string' },
    reconnect: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(UT_SERVER_HELP);
    return 0;
  }
  const utUrl = utUrlOption(values['ut-url'], 'ut-server');
  const host = values.host!;
  const srvId = values['srv-id']!;
  if (!srvId.trim()) throw new UsageError('--srv-id must not be empty');
  if (values.plain && !isLoopbackHost(host))
    throw new UsageError(`--plain serves unencrypted HTTP and only on loopback: use --host 127.0.0.1 (or drop --plain for HTTPS on ${host})`);
  if (values.plain && (values.cert || values.key || values['tls-dir']))
    throw new UsageError('--plain is plain HTTP: drop --cert, --key and --tls-dir, or drop --plain');
  if ((values.cert || values.key) && values['tls-dir']) throw new UsageError('--cert/--key and --tls-dir are two ways to give the certificate: use one');
  if (Boolean(values.cert) !== Boolean(values.key)) throw new UsageError('--cert and --key go together (PEM certificate chain and its private key)');
  const notiSecret = values['noti-secret'] ?? (process.env.DMCTS_NOTI_SECRET || undefined);
  const port = intOption('port', values.port, 8443, 0, 65535);
  const idle = intOption('idle-timeout', values['idle-timeout'], 60, 1, 86_400);
  const connectTimeout = intOption('connect-timeout', values['connect-timeout'], 30, 0, 86_400);
  if (values['public-url'] && !/^https?:\/\//.test(values['public-url']))
    throw new UsageError(`--public-url must be an http(s) URL, not "${values['public-url']}"`);

  let tls: { cert: string; key: string } | undefined;
  let caPath: string | undefined;
  let generated = false;
  if (values.cert && values.key) {
    tls = { cert: readPem(values.cert, 'certificate'), key: readPem(values.key, 'private key') };
  } else if (!values.plain) {
    const hosts = [host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.replace(/^\[|\]$/g, ''), 'localhost'];
    if (values['public-url']) hosts.push(new URL(values['public-url']).hostname.replace(/^\[|\]$/g, ''));
    const files = await tlsDirFiles(resolve(values['tls-dir'] ?? DEFAULT_TLS_DIR), [...new Set(hosts)]);
    tls = { cert: files.cert, key: files.key };
    caPath = files.caPath;
    generated = files.generated;
  }

  const log = consoleLogger('[server]', values.quiet);
  const say = (line: string) => process.stdout.write(`dmcts ut-server: ${line}\n`);
  let server: StandaloneDmServer;
  try {
    server = await StandaloneDmServer.start({
      srvId,
      host,
      port,
      ...(tls ? { tls } : {}),
      ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
      idleTimeoutMs: idle * 1000,
      ...(notiSecret ? { notificationSecret: notiSecret } : {}),
      log,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${host} is in use: pick another with --port (and the same in the IXIT's server.dmUrl)`);
    if (code === 'EADDRNOTAVAIL') throw new UsageError(`${host} is not an address of this machine: pick another --host`);
    if (code === 'EACCES') throw new UsageError(`no permission to listen on port ${port}: pick one above 1023 with --port`);
    throw error;
  }
  say(`reference server ${DMCTS_VERSION} "${srvId}": devices use ${server.current.dmUrl}`);
  if (caPath) say(`trust anchor for devices: ${caPath}${generated ? ' (generated now)' : ''}`);
  say(
    `IXIT "server" section: ${JSON.stringify({
      dmUrl: server.current.dmUrl,
      srvId,
      ...(caPath ? { caFile: caPath } : {}),
      ...(notiSecret ? { notificationSecret: '<the --noti-secret value>' } : {}),
      clientAuth: { modes: tls ? ['basic', 'digest', 'x509'] : ['basic', 'digest'], required: false },
    })}`,
  );
  say(`upper tester ${utUrl}`);
  try {
    return await runStandaloneAdapter({
      utUrl,
      connectTimeoutMs: connectTimeout * 1000,
      reconnect: values.reconnect!,
      say,
      command: 'ut-server',
      connect: async () => {
        const link: UtLink = await connectUpperTester({
          url: utUrl,
          role: 'server',
          product: { name: 'dmcts reference server', version: DMCTS_VERSION },
          log,
          handlers: standaloneHandlers(server),
        });
        return { closed: link.closed, stop: () => link.close() };
      },
    });
  } finally {
    await server.stop();
  }
}
