/** A started IUT, as the harness sees it: how to stop it, its logs (evidence), and what it told us. */
import { appendFileSync, closeSync, writeSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { openIutLog } from './iut-log-files.ts';

export interface IutInstance {
  /** How it was started, for the report. */
  description: string;
  /** For a server IUT: where devices reach it (overrides the IXIT for the reference server). */
  server?: {
    dmUrl: string;
    srvId: string;
    ca?: string;
    notificationSecret?: string;
    clientAuth?: { modes: Array<'basic' | 'digest' | 'x509'>; required: boolean };
  };
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
/** A longer line is cut (the cut is marked): an IUT that prints without newlines cannot fill memory. */
export const MAX_LOG_LINE_CHARS = 2_000;
/** The log file stops growing past this (a last line says so); the lines in memory go on. */
export const MAX_LOG_FILE_BYTES = 64 * 1024 * 1024;

/**
 * Keeps the last lines of a log, each bounded; with a file, every line also goes there (the whole
 * log, as evidence, up to MAX_LOG_FILE_BYTES), after a first line naming the run: a file of an
 * earlier run is replaced, not appended to (iut-log-files.ts). Bytes are decoded as UTF-8 across
 * chunk boundaries.
 */
export class LogBuffer {
  private readonly lines: string[] = [];
  private partial = '';
  /** Characters of the current line dropped past MAX_LOG_LINE_CHARS. */
  private cut = 0;
  /** Lines ever added, kept or not. */
  private total = 0;
  private fileBytes = 0;
  private fileFull = false;
  /** The log file, opened once (appending line by line reopened it for every line of every session). */
  private fd: number | undefined;
  private readonly decoder = new StringDecoder('utf8');

  /** `runId`: the run the file is written for (a LogBuffer of its own without one). */
  constructor(
    private readonly file?: string,
    private readonly runId = `direct-${process.pid}-${Date.now()}`,
  ) {}

  push(chunk: string | Buffer): void {
    const text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
      this.append(text.slice(start, nl));
      this.endLine();
      start = nl + 1;
    }
    this.append(text.slice(start));
  }

  /** Adds to the current line, keeping at most MAX_LOG_LINE_CHARS of it. */
  private append(text: string): void {
    const room = MAX_LOG_LINE_CHARS - this.partial.length;
    if (text.length <= room) this.partial += text;
    else {
      this.partial += text.slice(0, Math.max(0, room));
      this.cut += text.length - Math.max(0, room);
    }
  }

  private endLine(): void {
    const line = this.cut > 0 ? `${this.partial}... [dmcts: ${this.cut} more characters of this line not kept]` : this.partial;
    this.partial = '';
    this.cut = 0;
    this.add(line);
  }

  add(line: string): void {
    this.total += 1;
    const kept =
      line.length > MAX_LOG_LINE_CHARS + 100
        ? `${line.slice(0, MAX_LOG_LINE_CHARS)}... [dmcts: ${line.length - MAX_LOG_LINE_CHARS} more characters not kept]`
        : line;
    this.lines.push(kept);
    // Trimmed in batches: dropping the oldest line on every add moved 2,000 entries a line.
    if (this.lines.length >= 2 * MAX_LOG_LINES) this.lines.splice(0, this.lines.length - MAX_LOG_LINES);
    if (this.file && !this.fileFull) {
      try {
        const bytes = Buffer.byteLength(kept) + 1;
        if (this.fileBytes + bytes > MAX_LOG_FILE_BYTES) {
          this.fileFull = true;
          appendFileSync(
            this.file,
            `[dmcts] the IUT's log passed ${MAX_LOG_FILE_BYTES} bytes: later lines are not written here (the last ${MAX_LOG_LINES} stay in the report)\n`,
          );
          this.closeFile();
        } else {
          this.fileBytes += bytes;
          this.fd ??= openIutLog(this.file, this.runId);
          writeSync(this.fd, `${kept}\n`);
        }
      } catch {
        // evidence is best effort: a full disk must not stop the run
      }
    }
  }

  /** Closes the log file (a line added later opens it again). */
  closeFile(): void {
    if (this.fd === undefined) return;
    try {
      closeSync(this.fd);
    } catch {
      // best effort, like the writes
    }
    this.fd = undefined;
  }

  /** Ends a last line that had no newline yet (the IUT exited mid-line). */
  flush(): void {
    this.append(this.decoder.end());
    if (this.partial || this.cut > 0) this.endLine();
  }

  /** The last MAX_LOG_LINES lines, and the line not ended yet. */
  all(): string[] {
    const kept = this.lines.slice(-MAX_LOG_LINES);
    return this.partial ? [...kept, this.partial] : kept;
  }

  mark(): number {
    return this.total;
  }

  /** The lines added after a mark (those still kept when the log has wrapped: at most MAX_LOG_LINES). */
  since(mark: number): string[] {
    const first = this.total - this.lines.length;
    return this.lines.slice(Math.max(0, mark - first, this.lines.length - MAX_LOG_LINES));
  }

  /** The last lines, for an error message. */
  tail(n: number): string[] {
    return this.all().slice(-n);
  }
}
