/**
 * A load: K simulated devices (sim-device.ts) started at a ramp (devices per second), each opening a
 * client-initiated session every interval (back to back with 0) for the duration of the steady phase;
 * then, when asked, a Package#0 to every device holding its WebSocket (P-WS) and the time until each
 * has opened the server-initiated session it asked for. HTTP devices share one HTTP client per source
 * address; devices spread over the source addresses given (127.0.0.x on loopback: each address has
 * its own ephemeral ports).
 */
import { setTimeout as sleepFor } from 'node:timers/promises';
import type { Encoding } from '../../protocol/media-types.ts';
import { HttpClient } from '../../transport/http-client.ts';
import { fleetProfiles, type FleetProfile } from './fleet-profiles.ts';
import { LatencyHistogram } from './latency-histogram.ts';
import { type ErrorFigures, type LatencyFigures, latencyFigures, LoadRecorder, type SecondSample } from './load-recorder.ts';
import { type FleetContext, type Registries, registriesOf, SimDevice } from './sim-device.ts';

export type Mix<T extends string> = T | 'mix';

export interface FleetOptions {
  devices: number;
  rampPerSecond: number;
  /** The steady phase, after the ramp. */
  durationMs: number;
  /** Between the starts of a device's sessions (0: back to back). */
  intervalMs: number;
  transport: Mix<'http' | 'ws'>;
  encoding: Mix<Encoding>;
  server: {
    dmUrl: string;
    srvId: string;
    ca?: string;
    auth?: { scheme: 'basic' | 'digest'; name: string; password: string };
    notificationSecret?: string;
  };
  /** Bound on each exchange and on opening a connection. */
  timeoutMs: number;
  /** Local addresses to leave from, round robin (none: the system's choice). */
  sourceAddresses: readonly string[];
  devIdPrefix: string;
}

export type FleetPhase = 'ramp' | 'steady' | 'drain' | 'fan-out' | 'done';

/** Package#0 to these devices (the server's operator or upper tester): how many went, how many failed, how long sending took. */
export type FanOutTrigger = (devIds: string[]) => Promise<{ sent: number; failed: number; ms: number; error?: string }>;

export interface FanOutFigures {
  /** WS devices holding their connection when the Package#0s were asked for. */
  devices: number;
  sent: number;
  failed: number;
  sendMs: number;
  /** Package#0s the devices accepted (digest, timestamp, SERVER-ID checked). */
  accepted: number;
  /** Devices whose server-initiated session opened (its Package#2 came). */
  opened: number;
  /** Server-initiated sessions that ended well. */
  completed: number;
  /** From the first Package#0 asked for until every device had opened its session (null: not all did). */
  allOpenedMs: number | null;
  openedMs: LatencyFigures;
  error?: string;
}

export interface FleetFigures {
  devices: { asked: number; started: number; byTransport: Record<string, number>; byEncoding: Record<string, number>; byKind: Record<string, number> };
  phases: { rampS: number; steadyS: number; drainS: number; totalS: number };
  sessions: { started: number; opened: number; ok: number; failed: number; clientInitiated: number; serverInitiated: number; perSecond: number };
  latency: { package1: LatencyFigures; package3: LatencyFigures; wsConnect: LatencyFigures };
  errors: ErrorFigures;
  seconds: SecondSample[];
  fanOut?: FanOutFigures;
}

export class Fleet {
  readonly recorder = new LoadRecorder();
  phase: FleetPhase = 'ramp';
  private readonly devices: SimDevice[] = [];
  private readonly clients: HttpClient[];
  private readonly profiles;
  private readonly shared = new Map<FleetProfile, Registries>();
  private stopping = false;
  private closing = false;
  private fan: { t0: number; waiting: Set<SimDevice>; opened: LatencyHistogram; accepted: number; completed: number } | undefined;
  private readonly encodings: Encoding[];
  private readonly context: FleetContext;
  /**
   * The devices waiting for their next session: all woken when the steady phase ends. A Set, not an
   * AbortSignal listener each: adding a listener to an EventTarget costs time in proportion to those
   * it holds, so ten thousand waiting devices made each wait slower than the session it spaced.
   */
  private readonly sleepers = new Set<() => void>();
  private okAtRunEnd = 0;
  private rampS = 0;
  private steadyS = 0;
  private drainS = 0;

  constructor(private readonly o: FleetOptions) {
    this.encodings = o.encoding === 'mix' ? ['json', 'cbor'] : [o.encoding];
    const sources = o.sourceAddresses.length ? o.sourceAddresses : [undefined];
    this.clients = sources.map(
      (localAddress) =>
        new HttpClient({
          side: 'client',
          timeoutMs: o.timeoutMs,
          maxBodyBytes: 4 * 1024 * 1024,
          ...(localAddress ? { localAddress } : {}),
          ...(o.server.ca ? { ca: o.server.ca } : {}),
          ...(o.server.auth ? { auth: o.server.auth } : {}),
        }),
    );
    this.profiles = fleetProfiles(
      { srvId: o.server.srvId, srvUri: o.server.dmUrl, ...(o.server.notificationSecret ? { notificationSecret: o.server.notificationSecret } : {}) },
      this.encodings,
    );
    this.context = this.makeContext();
  }

  /** Ramp, steady phase and drain; the figures come from figures() once the fan-out (if any) is over too. */
  async run(): Promise<void> {
    const o = this.o;
    this.recorder.start();
    const t0 = performance.now();
    const loops: Promise<void>[] = [];
    await new Promise<void>((resolve) => {
      const tick = () => {
        const due = Math.min(o.devices, Math.floor(((performance.now() - t0) / 1000) * o.rampPerSecond) + 1);
        while (this.devices.length < due) loops.push(this.startDevice(this.devices.length));
        if (this.devices.length >= o.devices) {
          clearInterval(timer);
          resolve();
        }
      };
      const timer = setInterval(tick, 20);
      tick();
    });
    this.rampS = (performance.now() - t0) / 1000;
    this.phase = 'steady';
    await sleep(o.durationMs);
    this.steadyS = o.durationMs / 1000;
    this.phase = 'drain';
    const drainStart = performance.now();
    this.stopping = true;
    for (const wake of this.sleepers) wake();
    this.sleepers.clear();
    // Bounded: a session stuck past its own timeouts does not hold the load (nor, unref'd, the process).
    await Promise.race([Promise.all(loops), sleepFor(o.timeoutMs * 3, undefined, { ref: false })]);
    this.drainS = (performance.now() - drainStart) / 1000;
    this.okAtRunEnd = this.recorder.sessions.ok;
  }

  /** Package#0 to every device holding its WebSocket; resolves once each has opened its session (or the bound passed). */
  async fanOut(trigger: FanOutTrigger, boundMs: number): Promise<FanOutFigures> {
    this.phase = 'fan-out';
    const targets = this.devices.filter((d) => d.transport === 'ws' && d.wsOpen);
    const fan = { t0: performance.now(), waiting: new Set(targets), opened: new LatencyHistogram(), accepted: 0, completed: 0 };
    this.fan = fan;
    let sent = { sent: 0, failed: 0, ms: 0 } as Awaited<ReturnType<FanOutTrigger>>;
    try {
      sent = await trigger(targets.map((d) => d.devId));
    } catch (error) {
      sent = { sent: 0, failed: targets.length, ms: 0, error: (error as Error).message };
    }
    const deadline = fan.t0 + boundMs;
    while (fan.waiting.size > 0 && performance.now() < deadline && sent.sent > 0) await sleep(20);
    const allOpenedMs = fan.waiting.size === 0 && targets.length > 0 ? Math.round(fan.opened.maxMs) : null;
    // The sessions finish (bounded) before the figures are read.
    const settle = performance.now() + this.o.timeoutMs * 2;
    while (targets.some((d) => d.pending > 0) && performance.now() < settle) await sleep(20);
    this.fan = undefined;
    return {
      devices: targets.length,
      sent: sent.sent,
      failed: sent.failed,
      sendMs: Math.round(sent.ms),
      accepted: fan.accepted,
      opened: fan.opened.count,
      completed: fan.completed,
      allOpenedMs,
      openedMs: latencyFigures(fan.opened),
      ...(sent.error ? { error: sent.error } : {}),
    };
  }

  /** Closes every connection. */
  async close(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    this.phase = 'done';
    this.recorder.stop();
    for (const d of this.devices) d.close();
    await Promise.all(this.clients.map((c) => c.destroy()));
  }

  figures(fanOut?: FanOutFigures): FleetFigures {
    const r = this.recorder;
    const count = (key: (d: SimDevice) => string) => {
      const out: Record<string, number> = {};
      for (const d of this.devices) out[key(d)] = (out[key(d)] ?? 0) + 1;
      return out;
    };
    const activeS = this.rampS + this.steadyS + this.drainS;
    return {
      devices: {
        asked: this.o.devices,
        started: this.devices.length,
        byTransport: count((d) => d.transport),
        byEncoding: count((d) => d.encoding),
        byKind: count((d) => d.profile.name),
      },
      phases: { rampS: round1(this.rampS), steadyS: round1(this.steadyS), drainS: round1(this.drainS), totalS: round1(r.elapsedS) },
      sessions: {
        ...r.sessions,
        opened: r.package1.count,
        perSecond: activeS > 0 ? Math.round((this.okAtRunEnd / activeS) * 10) / 10 : 0,
      },
      latency: { package1: latencyFigures(r.package1), package3: latencyFigures(r.package3), wsConnect: latencyFigures(r.wsConnect) },
      errors: r.errors(),
      seconds: r.seconds,
      ...(fanOut ? { fanOut } : {}),
    };
  }

  private async startDevice(index: number): Promise<void> {
    const o = this.o;
    const transport = o.transport === 'mix' ? (index % 2 === 1 ? 'ws' : 'http') : o.transport;
    const encoding: Encoding = o.encoding === 'mix' ? (Math.floor(index / 2) % 2 === 1 ? 'cbor' : 'json') : o.encoding;
    const device = new SimDevice(index, `${o.devIdPrefix}${index}`, transport, encoding, this.profiles.of(index), this.context);
    this.devices.push(device);
    this.recorder.devices += 1;
    if (transport === 'ws') {
      const started = performance.now();
      const failed = await device.connect();
      if (failed) this.recorder.error(failed);
      else this.recorder.wsConnect.add(performance.now() - started);
    }
    // The first session at a random point of the first interval: sessions spread over time.
    if (o.intervalMs > 0) await this.pause(Math.random() * o.intervalMs);
    while (!this.stopping) {
      const started = performance.now();
      const outcome = await device.session('client');
      let wait = o.intervalMs - (performance.now() - started);
      // A failing server is not hammered: a device waits at least a second after a failure.
      if (!outcome.ok) wait = Math.max(wait, 1000);
      if (wait > 0 && !this.stopping) await this.pause(wait);
    }
  }

  /** Waits, or less when the steady phase ends. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  private makeContext(): FleetContext {
    return {
      dmUrl: this.o.server.dmUrl,
      srvId: this.o.server.srvId,
      notificationSecret: this.o.server.notificationSecret ?? '',
      encodings: this.encodings,
      http: (index) => this.clients[index % this.clients.length]!,
      ws: {
        ...(this.o.server.ca ? { ca: this.o.server.ca } : {}),
        ...(this.o.server.auth ? { auth: this.o.server.auth } : {}),
        timeoutMs: this.o.timeoutMs,
        pingMs: 30_000,
      },
      sourceAddress: (index) => (this.o.sourceAddresses.length ? this.o.sourceAddresses[index % this.o.sourceAddresses.length] : undefined),
      shared: (profile) => {
        let r = this.shared.get(profile);
        if (!r) this.shared.set(profile, (r = registriesOf(profile.tree)));
        return r;
      },
      onExchange: (ms, first) => this.recorder.exchange(ms, first),
      onSessionStarted: (kind) => this.recorder.sessionStarted(kind),
      onSessionOpened: (device, kind) => {
        const fan = this.fan;
        if (kind !== 'server' || !fan?.waiting.has(device)) return;
        fan.waiting.delete(device);
        fan.opened.add(performance.now() - fan.t0);
      },
      onSessionEnded: (device, kind, outcome) => {
        this.recorder.sessionEnded(outcome.ok);
        if (!outcome.ok) this.recorder.error(outcome.error);
        if (kind === 'server' && outcome.ok && this.fan && device.transport === 'ws') this.fan.completed += 1;
      },
      onPackage0: (_device, accepted, reason) => {
        if (accepted && this.fan) this.fan.accepted += 1;
        if (!accepted) this.recorder.error({ kind: 'protocol', reason: `a Package#0 was ignored: ${reason ?? ''}` });
      },
      onWsOpened: () => {
        this.recorder.wsOpen += 1;
      },
      onWsClosed: (_device, why) => {
        this.recorder.wsOpen -= 1;
        if (!this.closing) this.recorder.error({ kind: 'connect', reason: `a WebSocket was ${why}` });
      },
    };
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
