/**
 * Progress of a run, on standard error: a first line as soon as the cases are chosen (how many,
 * against what, where the results go); then on a TTY a line per case and a live status line; in a
 * CI log (not a TTY) a line per case and, every COUNTER_EVERY cases or COUNTER_SECONDS, a counter
 * line ("[120/265] 118 PASS, 1 FAIL, 1 N/A; 0.3 s/case, about 40 s left"); or nothing (quiet).
 * Colour only on a TTY and when wanted (NO_COLOR, --no-color). With --verbose, a case's decoded
 * trace after its line.
 */
import type { Evidence } from '../../core/evidence-model.ts';
import { VERDICTS, type Verdict } from '../../core/verdict.ts';
import { traceText } from './trace-text.ts';

export type ProgressMode = 'tty' | 'plain' | 'quiet';

/** Which cases print their trace as they end (--verbose): none, every one, or those not PASS. */
export type TraceMode = 'none' | 'all' | 'not-pass';

export const COUNTER_EVERY = 25;
export const COUNTER_SECONDS = 10;

const COLOR: Record<Verdict, string> = { PASS: '\x1b[32m', FAIL: '\x1b[31m', WARN: '\x1b[33m', INCONC: '\x1b[35m', 'N/A': '\x1b[90m', ERROR: '\x1b[41m' };

export interface ProgressOptions {
  /** Colour the verdicts (on a TTY only); false for NO_COLOR or --no-color. */
  color?: boolean;
  trace?: TraceMode;
  out?: NodeJS.WritableStream & { columns?: number };
  /** The clock (ms), for tests. */
  now?: () => number;
}

export class Progress {
  private done = 0;
  private failures = 0;
  private statusShown = false;
  private readonly counts = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  private readonly startedAt: number;
  private lastCounter: number;
  private readonly color: boolean;
  private readonly trace: TraceMode;
  private readonly out: NodeJS.WritableStream & { columns?: number };
  private readonly now: () => number;

  constructor(
    private readonly mode: ProgressMode,
    private readonly total: number,
    options: ProgressOptions = {},
  ) {
    this.color = mode === 'tty' && options.color !== false;
    this.trace = options.trace ?? 'none';
    this.out = options.out ?? process.stderr;
    this.now = options.now ?? Date.now;
    this.startedAt = this.now();
    this.lastCounter = this.startedAt;
  }

  /** The first line of the run, before its first case. */
  begin(line: string): void {
    if (this.mode === 'quiet') return;
    this.out.write(`${line}\n`);
  }

  started(id: string): void {
    if (this.mode !== 'tty') return;
    this.status(`[${this.done}/${this.total}] ${id} ...${this.failures ? `  failures so far: ${this.failures}` : ''}`);
  }

  finished(id: string, title: string, verdict: Verdict, reason: string | undefined, ms: number | undefined, evidence?: Evidence): void {
    this.done += 1;
    this.counts[verdict] += 1;
    if (verdict === 'FAIL' || verdict === 'ERROR') this.failures += 1;
    const traced = this.trace === 'all' || (this.trace === 'not-pass' && verdict !== 'PASS' && verdict !== 'N/A');
    if (this.mode === 'quiet') {
      // --verbose still shows its traces under --json (standard error; the JSON is on standard output).
      if (traced) this.out.write(`${verdict} ${id}\n${traceText(id, evidence)}`);
      return;
    }
    const tag = this.color ? `${COLOR[verdict]}${verdict.padEnd(6)}\x1b[0m` : verdict.padEnd(6);
    const why = reason && verdict !== 'PASS' ? `\n         ${reason.split('\n')[0]!.slice(0, 300)}` : '';
    this.clearStatus();
    this.out.write(`${tag} ${id} ${title}${ms !== undefined ? ` (${Math.round(ms)} ms)` : ''}${why}\n`);
    if (traced) this.out.write(traceText(id, evidence));
    if (this.mode === 'plain') this.maybeCounter();
  }

  /** The counter line of a CI log: every COUNTER_EVERY cases, or when COUNTER_SECONDS passed since the last one. */
  private maybeCounter(): void {
    const now = this.now();
    if (this.done === this.total) return; // the summary follows
    if (this.done % COUNTER_EVERY !== 0 && now - this.lastCounter < COUNTER_SECONDS * 1000) return;
    this.lastCounter = now;
    this.out.write(`${this.counterText(now)}\n`);
  }

  counterText(now = this.now()): string {
    const shown = VERDICTS.filter((v) => this.counts[v] > 0).map((v) => `${this.counts[v]} ${v}`);
    const perCase = (now - this.startedAt) / 1000 / Math.max(1, this.done);
    const left = Math.round(perCase * (this.total - this.done));
    return `[${this.done}/${this.total}] ${shown.join(', ') || 'none yet'}; ${perCase.toFixed(1)} s/case, about ${left} s left`;
  }

  private status(text: string): void {
    this.clearStatus();
    this.out.write(text.slice(0, (this.out.columns ?? 100) - 1));
    this.statusShown = true;
  }

  private clearStatus(): void {
    if (!this.statusShown) return;
    this.out.write('\r\x1b[2K');
    this.statusShown = false;
  }
}
