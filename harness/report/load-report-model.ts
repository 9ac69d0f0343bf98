/**
 * The result of a `dmcts load` (format dmcts-load/1, load.json): what was asked, what the simulated
 * fleet measured, what the server saw and cost. The load reports (load-report-*.ts) read only this.
 */
export const LOAD_FORMAT = 'dmcts-load/1';

export const LOAD_ERROR_KINDS = ['connect', 'tls', 'http-status', 'protocol', 'timeout'] as const;
export type LoadErrorKind = (typeof LOAD_ERROR_KINDS)[number];

export interface LoadLatency {
  count: number;
  meanMs: number;
  p50Ms: number;
  p90Ms: number;
  p99Ms: number;
  maxMs: number;
}

export interface LoadSecond {
  t: number;
  devices: number;
  wsOpen: number;
  sessionsOk: number;
  sessionsFailed: number;
  exchanges: number;
  p50Ms: number;
  p99Ms: number;
}

export interface LoadServerProcess {
  pid: number;
  cpuS: number;
  cpuPercentMean: number;
  rssKbStart: number;
  rssKbEnd: number;
  peakRssKb: number;
  samples: Array<{ t: number; cpuPercent: number; rssKb: number }>;
}

export interface LoadFanOut {
  devices: number;
  sent: number;
  failed: number;
  sendMs: number;
  accepted: number;
  opened: number;
  completed: number;
  allOpenedMs: number | null;
  openedMs: LoadLatency;
  error?: string;
}

export interface LoadResult {
  format: typeof LOAD_FORMAT;
  dmcts: { version: string };
  startedAt: string;
  finishedAt: string;
  config: {
    devices: number;
    rampPerSecond: number;
    durationS: number;
    intervalS: number;
    transport: 'http' | 'ws' | 'mix';
    encoding: 'json' | 'cbor' | 'mix';
    timeoutMs: number;
    sourceAddresses: number;
    notify: boolean;
  };
  host: { cpus: number; loadAverage: number[]; node: string };
  server: {
    kind: 'reference' | 'iut';
    dmUrl: string;
    srvId: string;
    /** Package#1s the server accepted (the reference server counts them). */
    sessionsSeen?: number;
    devicesSeen?: number;
    process?: LoadServerProcess;
  };
  /** The load process itself (the simulated devices): what they cost, so a saturated generator is not taken for a slow server. */
  generator?: LoadServerProcess & { heapUsedKb: number; eventLoopDelayMs: { p50: number; p99: number; max: number } };
  devices: { asked: number; started: number; byTransport: Record<string, number>; byEncoding: Record<string, number>; byKind: Record<string, number> };
  phases: { rampS: number; steadyS: number; drainS: number; totalS: number };
  sessions: { started: number; opened: number; ok: number; failed: number; clientInitiated: number; serverInitiated: number; perSecond: number };
  latency: { package1: LoadLatency; package3: LoadLatency; wsConnect: LoadLatency };
  errors: {
    total: number;
    byKind: Record<LoadErrorKind, number>;
    byStatus: Record<string, number>;
    examples: Array<{ kind: LoadErrorKind; reason: string; count: number }>;
  };
  seconds: LoadSecond[];
  fanOut?: LoadFanOut;
  /** What to make of the figures: mismatches, errors, a busy machine. */
  notes: string[];
}
