/**
 * The CPU and memory of a server process, read from /proc/<pid>/stat (utime + stime, in clock ticks
 * of 1/100 s, Linux's USER_HZ) and /proc/<pid>/status (VmRSS, VmHWM), once a second: a series for
 * the report's plots and the peak. On a system without /proc (or a process gone) it records nothing
 * and says why.
 */
import { readFileSync } from 'node:fs';

export interface ProcessSample {
  /** Seconds since sampling started. */
  t: number;
  /** CPU used in the last interval, in percent of one core. */
  cpuPercent: number;
  rssKb: number;
}

export interface ProcessFigures {
  pid: number;
  cpuS: number;
  /** CPU over the sampled time, in percent of one core (100 = one core busy all along). */
  cpuPercentMean: number;
  rssKbStart: number;
  rssKbEnd: number;
  peakRssKb: number;
  samples: ProcessSample[];
}

const TICKS_PER_SECOND = 100;

interface Reading {
  cpuTicks: number;
  rssKb: number;
  peakRssKb: number;
}

export function readProcess(pid: number): Reading | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces: the fields after it start after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cpuTicks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
    return { cpuTicks, rssKb: kb('VmRSS'), peakRssKb: kb('VmHWM') };
  } catch {
    return undefined;
  }
}

export class ProcessSampler {
  private readonly samples: ProcessSample[] = [];
  private readonly first: Reading | undefined;
  private last: Reading | undefined;
  private lastAt = performance.now();
  private readonly startedAt = performance.now();
  private readonly timer: NodeJS.Timeout;

  constructor(readonly pid: number) {
    this.first = readProcess(pid);
    this.last = this.first;
    this.timer = setInterval(() => this.sample(), 1000);
    this.timer.unref();
  }

  /** Whether the process could be read at all. */
  get readable(): boolean {
    return this.first !== undefined;
  }

  /** The latest CPU percentage and RSS, for the progress line. */
  get latest(): ProcessSample | undefined {
    return this.samples.at(-1);
  }

  stop(): ProcessFigures | undefined {
    clearInterval(this.timer);
    this.sample();
    const first = this.first;
    const last = this.last;
    if (!first || !last) return undefined;
    const seconds = (performance.now() - this.startedAt) / 1000;
    const cpuS = (last.cpuTicks - first.cpuTicks) / TICKS_PER_SECOND;
    return {
      pid: this.pid,
      cpuS: Math.round(cpuS * 100) / 100,
      cpuPercentMean: seconds > 0 ? Math.round((cpuS / seconds) * 1000) / 10 : 0,
      rssKbStart: first.rssKb,
      rssKbEnd: last.rssKb,
      peakRssKb: Math.max(last.peakRssKb, ...this.samples.map((s) => s.rssKb)),
      samples: this.samples,
    };
  }

  private sample(): void {
    const now = performance.now();
    const reading = readProcess(this.pid);
    if (!reading || !this.last) return;
    const seconds = (now - this.lastAt) / 1000;
    const cpuPercent = seconds > 0 ? ((reading.cpuTicks - this.last.cpuTicks) / TICKS_PER_SECOND / seconds) * 100 : 0;
    this.samples.push({ t: Math.round(((now - this.startedAt) / 1000) * 10) / 10, cpuPercent: Math.round(cpuPercent * 10) / 10, rssKb: reading.rssKb });
    this.last = reading;
    this.lastAt = now;
  }
}
