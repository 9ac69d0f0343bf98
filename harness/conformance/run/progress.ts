/** Progress of a run: on a TTY a line per case and a live status line; plain lines otherwise; or nothing. */
import type { Verdict } from '../../core/verdict.ts';

export type ProgressMode = 'tty' | 'plain' | 'quiet';

const COLOR: Record<Verdict, string> = { PASS: '\x1b[32m', FAIL: '\x1b[31m', WARN: '\x1b[33m', INCONC: '\x1b[35m', 'N/A': '\x1b[90m', ERROR: '\x1b[41m' };

export class Progress {
  private done = 0;
  private failures = 0;
  private statusShown = false;

  constructor(
    private readonly mode: ProgressMode,
    private readonly total: number,
    private readonly out: NodeJS.WriteStream = process.stderr,
  ) {}

  started(id: string): void {
    if (this.mode !== 'tty') return;
    this.status(`[${this.done}/${this.total}] ${id} ...${this.failures ? `  failures so far: ${this.failures}` : ''}`);
  }

  finished(id: string, title: string, verdict: Verdict, reason: string | undefined, ms: number | undefined): void {
    this.done += 1;
    if (verdict === 'FAIL' || verdict === 'ERROR') this.failures += 1;
    if (this.mode === 'quiet') return;
    const tag = this.mode === 'tty' ? `${COLOR[verdict]}${verdict.padEnd(6)}\x1b[0m` : verdict.padEnd(6);
    const why = reason && verdict !== 'PASS' ? `\n         ${reason.split('\n')[0]!.slice(0, 300)}` : '';
    this.clearStatus();
    this.out.write(`${tag} ${id} ${title}${ms !== undefined ? ` (${Math.round(ms)} ms)` : ''}${why}\n`);
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
