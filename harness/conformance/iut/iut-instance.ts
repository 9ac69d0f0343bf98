/** A started IUT, as the harness sees it: how to stop it, its logs (evidence), and what it told us. */
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

export interface IutInstance {
  /** How it was started, for the report. */
  description: string;
  /** For a server IUT: where devices reach it (overrides the IXIT for the reference server). */
  server?: { dmUrl: string; srvId: string; ca?: string; notificationSecret?: string; clientAuth?: { modes: Array<'basic' | 'digest' | 'x509'>; required: boolean } };
  /** The IUT's own log lines (bounded), kept as evidence. */
  logs(): string[];
  /** A mark in the log (lines written so far), and the lines written since a mark still kept. */
  logMark?(): number;
  logsSince?(mark: number): string[];
  /**
   * Resolves, with a sentence saying why, if the IUT ends by itself (its process or container exited)
   * rather than by stop(): the harness then stops waiting for its adapter's hello at once.
   */
  ended?: Promise<string>;
  stop(): Promise<void>;
}

const MAX_LOG_LINES = 2_000;

/** Keeps the last lines of a log; with a file, every line also goes there (the whole log, as evidence). */
export class LogBuffer {
  private readonly lines: string[] = [];
  private partial = '';
  /** Lines ever added, kept or not. */
  private total = 0;

  constructor(private readonly file?: string) {
    if (file) mkdirSync(dirname(file), { recursive: true });
  }

  push(chunk: string): void {
    const text = this.partial + chunk;
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
  }

  add(line: string): void {
    this.total += 1;
    this.lines.push(line);
    if (this.lines.length > MAX_LOG_LINES) this.lines.splice(0, this.lines.length - MAX_LOG_LINES);
    if (this.file) {
      try {
        appendFileSync(this.file, `${line}\n`);
      } catch {
        // evidence is best effort: a full disk must not stop the run
      }
    }
  }

  /** Ends a last line that had no newline yet (the IUT exited mid-line). */
  flush(): void {
    if (this.partial) {
      const last = this.partial;
      this.partial = '';
      this.add(last);
    }
  }

  all(): string[] {
    return this.partial ? [...this.lines, this.partial] : [...this.lines];
  }

  mark(): number {
    return this.total;
  }

  /** The lines added after a mark (those still kept when the log has wrapped). */
  since(mark: number): string[] {
    const first = this.total - this.lines.length;
    return this.lines.slice(Math.max(0, mark - first));
  }

  /** The last lines, for an error message. */
  tail(n: number): string[] {
    return this.all().slice(-n);
  }
}
