/** A started IUT, as the harness sees it: how to stop it, its logs (evidence), and what it told us. */

export interface IutInstance {
  /** How it was started, for the report. */
  description: string;
  /** For a server IUT: where devices reach it (overrides the IXIT for the reference server). */
  server?: { dmUrl: string; srvId: string; ca?: string; notificationSecret?: string };
  /** The IUT's own log lines (bounded), kept as evidence. */
  logs(): string[];
  stop(): Promise<void>;
}

const MAX_LOG_LINES = 2_000;

/** Keeps the last lines of a log. */
export class LogBuffer {
  private readonly lines: string[] = [];
  private partial = '';

  push(chunk: string): void {
    const text = this.partial + chunk;
    const parts = text.split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
  }

  add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > MAX_LOG_LINES) this.lines.splice(0, this.lines.length - MAX_LOG_LINES);
  }

  all(): string[] {
    return this.partial ? [...this.lines, this.partial] : [...this.lines];
  }
}
