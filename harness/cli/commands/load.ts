/** `dmcts load`: K simulated devices against a DM server; throughput, latency, errors, Package#0 fan-out, server cost. */
import { readFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { type FanOutTrigger, Fleet, type FleetOptions } from '../../client/fleet/fleet.ts';
import { ProcessSampler } from '../../client/fleet/process-sampler.ts';
import { startProgress } from '../../client/fleet/progress-line.ts';
import { ConfigError } from '../../core/config-error.ts';
import { DMCTS_VERSION } from '../../core/version.ts';
import { type Ixit, loadIxit } from '../../conformance/ixit.ts';
import { LOAD_FORMAT, type LoadResult } from '../../report/load-report-model.ts';
import { loadSummaryText } from '../../report/load-report-text.ts';
import { writeLoadReports } from '../../report/load-report-write.ts';
import { isLoopbackHost } from '../../transport/loopback.ts';
import { type LoadIut, startLoadIut } from '../load-iut.ts';
import { type LoadReferenceServer, startLoadReferenceServer } from '../load-reference-process.ts';
import { intOption, parseOptions } from '../parse-options.ts';
import { UsageError } from '../usage-error.ts';

export const LOAD_HELP = `dmcts load — K simulated devices against a DM server: throughput, latency, errors, server cost

Usage: dmcts load (--reference | --server URL | --ixit FILE) [options]

Simulated devices are cheap (one process holds 10,000 and more): each has a DevID, a transport, an
encoding and a kind from an MO mix (sensor, phone, gateway: the B.1 device's DevInfo and ConnMO),
runs the reference device's command executors, and opens a client-initiated session every
--interval. WebSocket devices (P-WS) hold their connection open and answer Package#0 frames.

Target (one of):
  --reference          start the reference server in a child process (its CPU and memory are sampled)
  --server URL         a server under test: its DM URL (http(s)://host:port/path)
  --ixit FILE          the server IUT's IXIT (dmcts run's): server.dmUrl, srvId, caFile (TLS trust
                       anchor) and notificationSecret; --server overrides its URL. Its IUT is
                       started as for dmcts run (a remote one only awaited, with --notify)
  --srv-id ID          the server's SrvID (default: the IXIT's, else dmcts-server)
  --noti-secret S      the Package#0 digest key the server uses for these devices (--reference: its own)
  --server-pid PID     sample this server process's CPU and memory (/proc) like the reference's

Load:
  --devices K          simulated devices (default 100)
  --ramp N             devices started per second (default 100)
  --duration S         seconds of steady load after the ramp (default 30)
  --interval S         seconds between a device's sessions (default 10; 0 = back to back)
  --transport T        http, ws or mix (half each; default mix)
  --encoding E         json, cbor or mix (half each; default mix)
  --notify             after the steady phase, have the server send every WebSocket device a
                       Package#0 and time until all have opened their sessions: through the
                       reference server's operator, or the IUT's upper tester (server.notify)
  --timeout S          bound on each exchange and on opening a connection (default 15)
  --sources N          leave from N loopback addresses 127.0.0.1.. (a loopback server only; default
                       one per 25,000 devices: each address has its own ephemeral ports; with
                       one, the system picks the address and reuses closed ports sooner)
  --out DIR            where load.json (+ load.schema.json), load.html and load.txt go
                       (default load-reports/<time>)
  --quiet              no progress line
  -h, --help           this help

Progress: a line on stderr, rewritten every second on a terminal, a plain line every 10 s otherwise.
Many devices need file descriptors: one per WebSocket device, in this process and in the server's.
Raise the limit first when it is low (ulimit -n 65536); dmcts load says when it is.

Exit codes: 0 the load ran with no error; 1 some sessions or connections failed, the server's count
of sessions differs from the fleet's, or not every device opened its session after a Package#0;
2 a bad invocation (unknown flag, bad value, no target).

Example:
  npx dmcts load --reference --devices 1000 --ramp 200 --duration 20 --notify --out /tmp/load
`;

const TRANSPORTS = ['http', 'ws', 'mix'] as const;
const ENCODINGS = ['json', 'cbor', 'mix'] as const;
/** Connections to one server port from one address: about 28,000 ephemeral ports (Linux's default range). */
const DEVICES_PER_SOURCE = 25_000;
const REFERENCE_SECRET = 'dmcts-load-noti-secret';

export async function loadCommand(args: string[]): Promise<number> {
  const { values } = parseOptions('load', args, {
    reference: { type: 'boolean', default: false },
    server: { type: 'string' },
    ixit: { type: 'string' },
    'srv-id': { type: 'string' },
    'noti-secret': { type: 'string' },
    'server-pid': { type: 'string' },
    devices: { type: 'string' },
    ramp: { type: 'string' },
    duration: { type: 'string' },
    interval: { type: 'string' },
    transport: { type: 'string', default: 'mix' },
    encoding: { type: 'string', default: 'mix' },
    notify: { type: 'boolean', default: false },
    timeout: { type: 'string' },
    sources: { type: 'string' },
    out: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(LOAD_HELP);
    return 0;
  }
  const devices = intOption('devices', values.devices, 100, 1, 1_000_000);
  const ramp = intOption('ramp', values.ramp, 100, 1, 1_000_000);
  const durationS = intOption('duration', values.duration, 30, 0, 86_400);
  const intervalS = numberOption('interval', values.interval, 10, 0, 86_400);
  const timeoutS = intOption('timeout', values.timeout, 15, 1, 600);
  const transport = choice('transport', values.transport!, TRANSPORTS);
  const encoding = choice('encoding', values.encoding!, ENCODINGS);
  const targets = [values.reference, values.server !== undefined, values.ixit !== undefined].filter(Boolean).length;
  if (targets === 0) throw new UsageError('no server to load: give --reference, --server URL or --ixit FILE (see: dmcts load --help)');
  if (values.reference && (values.server || values.ixit))
    throw new UsageError('--reference starts its own server: drop --server and --ixit, or drop --reference');
  if (values.notify && !values.reference && !values.ixit)
    throw new UsageError(
      "--notify needs a server dmcts load can drive: --reference (its operator) or --ixit FILE (the IUT's upper tester, server.notify); a bare --server URL cannot be told to send Package#0",
    );
  if (values.notify && transport === 'http') throw new UsageError('--notify times the Package#0 to WebSocket devices: use --transport ws or mix');
  const serverPid = values['server-pid'] === undefined ? undefined : intOption('server-pid', values['server-pid'], 0, 1, 2 ** 22);

  let server: { dmUrl: string; srvId: string; ca?: string; notificationSecret?: string };
  let ixit: Ixit | undefined;
  if (values.ixit) {
    try {
      ixit = loadIxit(values.ixit);
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(error.message);
      throw error;
    }
    if (ixit.role !== 'server') throw new UsageError(`${values.ixit} describes a ${ixit.role} IUT: dmcts load drives a server`);
  }
  if (values.reference) server = { dmUrl: '', srvId: values['srv-id'] ?? 'dmcts-load', notificationSecret: REFERENCE_SECRET };
  else {
    const fromIxit: { dmUrl?: string; srvId?: string; caFile?: string; notificationSecret?: string } = ixit?.server ?? {};
    const dmUrl = values.server ?? fromIxit.dmUrl ?? '';
    // The in-process reference IUT says its URL once started; any other IUT is reached where the IXIT or --server says.
    if (!dmUrl && ixit?.adapter.kind !== 'reference') throw new UsageError(`${values.ixit} names no server.dmUrl: give --server URL`);
    if (dmUrl) checkUrl(dmUrl);
    const secret = values['noti-secret'] ?? fromIxit.notificationSecret;
    server = {
      dmUrl,
      srvId: values['srv-id'] ?? fromIxit.srvId ?? 'dmcts-server',
      ...(fromIxit.caFile ? { ca: readCa(fromIxit.caFile) } : {}),
      ...(secret ? { notificationSecret: secret } : {}),
    };
  }
  const fdNote = fileDescriptorNote(devices, transport);
  if (fdNote && !values.quiet) process.stderr.write(`dmcts load: ${fdNote}\n`);

  const startedAt = new Date();
  let reference: LoadReferenceServer | undefined;
  let iut: LoadIut | undefined;
  // An IXIT's IUT is started (or, remote, awaited) when it is not running by itself, or for its upper tester (--notify).
  if (ixit && (ixit.adapter.kind !== 'remote' || values.notify)) {
    iut = await startLoadIut(ixit);
    server = {
      ...iut.server,
      ...(values.server ? { dmUrl: values.server } : {}),
      ...(values['srv-id'] ? { srvId: values['srv-id'] } : {}),
      ...(values['noti-secret'] ? { notificationSecret: values['noti-secret'] } : {}),
    };
  }
  if (values.reference) {
    reference = await startLoadReferenceServer({ srvId: server.srvId, notificationSecret: REFERENCE_SECRET, maxConnections: devices + 1_000 });
    server.dmUrl = reference.dmUrl;
  }
  const sampler = reference || serverPid ? new ProcessSampler(reference?.pid ?? serverPid!) : undefined;
  const loopback = isLoopbackHost(new URL(server.dmUrl).hostname);
  const sources = loopback ? intOption('sources', values.sources, Math.max(1, Math.ceil(devices / DEVICES_PER_SOURCE)), 1, 254) : 0;
  if (!loopback && values.sources) throw new UsageError('--sources spreads devices over loopback addresses: the server is not on loopback');
  const options: FleetOptions = {
    devices,
    rampPerSecond: ramp,
    durationMs: durationS * 1000,
    intervalMs: intervalS * 1000,
    transport,
    encoding,
    server,
    timeoutMs: timeoutS * 1000,
    // One source: no local address is bound. Binding one first (to spread over several) makes the
    // system look for a free port among all those still in TIME_WAIT from a previous load: seconds of
    // CPU and failed connections right after a large load.
    sourceAddresses: sources > 1 ? Array.from({ length: sources }, (_, i) => `127.0.0.${i + 1}`) : [],
    devIdPrefix: `load-${startedAt.getTime().toString(36)}-`,
  };
  const fleet = new Fleet(options);
  const self = new ProcessSampler(process.pid);
  // How late the load process's own timers ran: seconds here mean the generator (or the machine), not the server, was slow.
  const lag = monitorEventLoopDelay({ resolution: 20 });
  lag.enable();
  const stopProgress = values.quiet ? () => {} : startProgress(fleet, { stream: process.stderr, ...(sampler ? { server: sampler } : {}) });
  let result: LoadResult;
  try {
    await fleet.run();
    const secret = server.notificationSecret;
    const trigger: FanOutTrigger | undefined = reference ? (ids) => reference.notify(ids) : iut ? (ids) => iut.notify(ids, secret) : undefined;
    const fanOut = values.notify && trigger ? await fleet.fanOut(trigger, timeoutS * 1000 + 10_000) : undefined;
    // The devices' heap while they are all held (before they close); not after a full GC, so an upper bound.
    const heapUsedKb = Math.round(process.memoryUsage().heapUsed / 1024);
    // Measured while the devices ran: closing ten thousand connections at once is not part of the load.
    lag.disable();
    const proc = sampler?.stop();
    const generator = self.stop();
    const seen = reference ? await reference.stats() : undefined;
    await fleet.close();
    stopProgress();
    const lagMs = (ns: number) => Math.round(ns / 1e4) / 100;
    const eventLoopDelayMs = { p50: lagMs(lag.percentile(50)), p99: lagMs(lag.percentile(99)), max: lagMs(lag.max) };
    const figures = fleet.figures(fanOut);
    result = {
      format: LOAD_FORMAT,
      dmcts: { version: DMCTS_VERSION },
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      config: {
        devices,
        rampPerSecond: ramp,
        durationS,
        intervalS,
        transport,
        encoding,
        timeoutMs: timeoutS * 1000,
        sourceAddresses: sources,
        notify: values.notify === true,
      },
      host: { cpus: availableParallelism(), loadAverage: loadavg().map((n) => Math.round(n * 100) / 100), node: process.version },
      server: {
        kind: reference ? 'reference' : 'iut',
        dmUrl: server.dmUrl,
        srvId: server.srvId,
        ...(seen ? { sessionsSeen: seen.sessions, devicesSeen: seen.devices } : {}),
        ...(proc ? { process: proc } : {}),
      },
      ...(generator ? { generator: { ...generator, heapUsedKb, eventLoopDelayMs } } : {}),
      ...figures,
      notes: [],
    };
    result.notes = notesOf(result, fdNote);
    if (ixit?.server?.clientAuth?.required)
      result.notes.push(
        `the IXIT says the server requires device credentials (${ixit.server.clientAuth.modes.join(', ')}): the simulated devices present none, so its 401s count as http-status errors`,
      );
  } finally {
    stopProgress();
    await fleet.close().catch(() => undefined);
    await reference?.stop();
    await iut?.stop();
  }
  const outDir = values.out ?? `load-reports/${startedAt.toISOString().replace(/[:.]/g, '-')}`;
  const paths = writeLoadReports(outDir, result);
  process.stdout.write(loadSummaryText(result));
  process.stdout.write(`reports: ${paths.json}, ${paths.html}, ${paths.text}\n`);
  const fanOutShort = result.fanOut !== undefined && result.fanOut.allOpenedMs === null;
  const mismatch = result.server.sessionsSeen !== undefined && result.server.sessionsSeen !== result.sessions.opened;
  return result.errors.total > 0 || result.sessions.failed > 0 || fanOutShort || mismatch ? 1 : 0;
}

function notesOf(r: LoadResult, fdNote: string | undefined): string[] {
  const notes: string[] = [];
  if (r.server.sessionsSeen !== undefined && r.server.sessionsSeen !== r.sessions.opened)
    notes.push(
      `the server accepted ${r.server.sessionsSeen} Package#1s, the fleet saw ${r.sessions.opened} sessions open: one side miscounts or lost packages`,
    );
  if (r.errors.byKind.connect > 0 && r.sessions.opened === 0)
    notes.push(`no session opened: the server at ${r.server.dmUrl} could not be reached (is it running, and is the URL right?)`);
  if (r.host.loadAverage[0]! > r.host.cpus)
    notes.push(`the machine was busy (load average ${r.host.loadAverage[0]} on ${r.host.cpus} CPUs): the figures include its other work`);
  const lag = r.generator?.eventLoopDelayMs;
  if (lag && lag.p99 > 500)
    notes.push(
      `the load process's own timers ran up to ${lag.max} ms late (p99 ${lag.p99} ms): the latencies include that delay — a busy machine, or more devices than one process drives well`,
    );
  if (fdNote) notes.push(fdNote);
  return notes;
}

function fileDescriptorNote(devices: number, transport: string): string | undefined {
  const wsDevices = transport === 'http' ? 0 : transport === 'ws' ? devices : Math.ceil(devices / 2);
  // Each WebSocket device holds a descriptor; HTTP devices share pooled connections, up to one each while their sessions queue.
  const need = wsDevices + Math.ceil((devices - wsDevices) / 2) + 500;
  try {
    const limits = readFileSync('/proc/self/limits', 'utf8');
    const soft = Number(/^Max open files\s+(\d+)/m.exec(limits)?.[1]);
    if (Number.isFinite(soft) && soft < need)
      return `${devices} devices (${wsDevices} holding a WebSocket) need up to ${need} file descriptors here and in the server, and the limit is ${soft}: raise it first (ulimit -n ${Math.max(65_536, need * 2)}) or connections will fail (EMFILE)`;
  } catch {
    // No /proc: nothing known.
  }
  return undefined;
}

function numberOption(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, not "${value}"`);
  return n;
}

function choice<T extends string>(name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}, not "${value}"`);
  return value as T;
}

function checkUrl(url: string): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--server "${url}" is not a URL: give the server's DM URL, e.g. https://dm.example:8443/dm`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new UsageError(`--server "${url}" must be an http:// or https:// URL (WebSocket devices use its ws(s):// twin)`);
}

function readCa(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(
      `the IXIT's server.caFile ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}): fix the path`,
    );
  }
}
