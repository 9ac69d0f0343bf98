/**
 * What a load measures, as it happens: sessions (client- and server-initiated) and how they ended,
 * each exchange's latency (Package#1→#2 apart from each #3→#2), WebSocket opening times, failures by
 * kind with a few example reasons each, and a sample per second (throughput and latency over time).
 * Memory stays bounded whatever the load's length: histograms, not samples.
 */
import { ERROR_KINDS, type ErrorKind, type FleetError } from './fleet-errors.ts';
import { LatencyHistogram } from './latency-histogram.ts';

export interface LatencyFigures {
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface SecondSample {
  /** Seconds since the load started (the end of this second). */
  t: number;
  devices: number;
  wsOpen: number;
  sessionsOk: number;
  sessionsFailed: number;
  exchanges: number;
  /** Exchange latency in this second (0 when there was none). */
  p50Ms: number;
  p99Ms: number;
}

export interface ErrorFigures {
  total: number;
  byKind: Record<ErrorKind, number>;
  /** HTTP statuses of the http-status errors, by status. */
  byStatus: Record<string, number>;
  /** Up to five distinct reasons per kind, with how often each came. */
  examples: Array<{ kind: ErrorKind; reason: string; count: number }>;
}

const MAX_EXAMPLES_PER_KIND = 5;
const MAX_REASON = 300;

export class LoadRecorder {
  readonly startedAt = performance.now();
  readonly package1 = new LatencyHistogram();
  readonly package3 = new LatencyHistogram();
  readonly wsConnect = new LatencyHistogram();
  sessions = { started: 0, ok: 0, failed: 0, clientInitiated: 0, serverInitiated: 0 };
  devices = 0;
  wsOpen = 0;
  private readonly byKind = Object.fromEntries(ERROR_KINDS.map((k) => [k, 0])) as Record<ErrorKind, number>;
  private readonly byStatus: Record<string, number> = {};
  private readonly examples = new Map<string, { kind: ErrorKind; reason: string; count: number }>();
  private readonly kindExamples = new Map<ErrorKind, number>();
  readonly seconds: SecondSample[] = [];
  private second = { ok: 0, failed: 0, latency: new LatencyHistogram() };
  private ticker: NodeJS.Timeout | undefined;

  /** Samples once a second until stop(). */
  start(): void {
    this.ticker ??= setInterval(() => this.sample(), 1000);
    this.ticker.unref();
  }

  stop(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = undefined;
    this.sample();
  }

  get elapsedS(): number {
    return (performance.now() - this.startedAt) / 1000;
  }

  exchange(ms: number, first: boolean): void {
    (first ? this.package1 : this.package3).add(ms);
    this.second.latency.add(ms);
  }

  sessionStarted(kind: 'client' | 'server'): void {
    this.sessions.started += 1;
    if (kind === 'client') this.sessions.clientInitiated += 1;
    else this.sessions.serverInitiated += 1;
  }

  sessionEnded(ok: boolean): void {
    if (ok) {
      this.sessions.ok += 1;
      this.second.ok += 1;
    } else {
      this.sessions.failed += 1;
      this.second.failed += 1;
    }
  }

  error(error: FleetError): void {
    this.byKind[error.kind] += 1;
    if (error.status !== undefined) this.byStatus[String(error.status)] = (this.byStatus[String(error.status)] ?? 0) + 1;
    // Reasons name ports and session IDs: digits are folded so like failures count together.
    const reason = error.reason.slice(0, MAX_REASON);
    const key = `${error.kind}\n${reason.replace(/\d+/g, '#')}`;
    const known = this.examples.get(key);
    if (known) known.count += 1;
    else if ((this.kindExamples.get(error.kind) ?? 0) < MAX_EXAMPLES_PER_KIND) {
      this.kindExamples.set(error.kind, (this.kindExamples.get(error.kind) ?? 0) + 1);
      this.examples.set(key, { kind: error.kind, reason, count: 1 });
    }
  }

  errors(): ErrorFigures {
    const total = Object.values(this.byKind).reduce((a, b) => a + b, 0);
    return { total, byKind: { ...this.byKind }, byStatus: { ...this.byStatus }, examples: [...this.examples.values()].map((e) => ({ ...e })) };
  }

  private sample(): void {
    const s = this.second;
    this.seconds.push({
      t: Math.round(this.elapsedS * 10) / 10,
      devices: this.devices,
      wsOpen: this.wsOpen,
      sessionsOk: s.ok,
      sessionsFailed: s.failed,
      exchanges: s.latency.count,
      p50Ms: round(s.latency.quantile(0.5)),
      p99Ms: round(s.latency.quantile(0.99)),
    });
    this.second = { ok: 0, failed: 0, latency: new LatencyHistogram() };
  }
}

export function latencyFigures(h: LatencyHistogram): LatencyFigures {
  return {
    count: h.count,
    meanMs: round(h.meanMs),
    p50Ms: round(h.quantile(0.5)),
    p90Ms: round(h.quantile(0.9)),
    p99Ms: round(h.quantile(0.99)),
    maxMs: round(h.maxMs),
  };
}

function round(ms: number): number {
  return Math.round(ms * 100) / 100;
}
