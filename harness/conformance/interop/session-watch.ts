/**
 * Waits, on what the server's recording proxy records, for a DM session to end: a Package#2
 * holding END (then a short quiet window, in which a Package#3 sent after END would show), an HTTP
 * error answer or problem frame, a failed exchange, or the time running out. Polls the tap; never
 * waits past `timeoutMs`.
 */
import type { CellRun } from './cell-run.ts';
import { dmMessages, type DmMessage } from './dm-messages.ts';
import { contElsewhere } from './cont-target.ts';

export interface WatchedSession {
  messages: DmMessage[];
  /** How it ended: END, an error answer, a CONT to another origin (the rest went around the proxy), or not seen ending. */
  end: 'END' | 'error' | 'left' | 'timeout';
}

const POLL_MS = 40;

export function hasEnd(m: DmMessage): boolean {
  return m.package2?.CMD.some((c) => c[0] === 'END') ?? false;
}

/** The Package#3s the client sent after a Package#2 holding END and before its next Package#1 (a new session may follow). */
export function package3sAfterEnd(messages: readonly DmMessage[]): DmMessage[] {
  const out: DmMessage[] = [];
  let ended = false;
  for (const m of messages) {
    if (m.direction === 'to-server' && m.kind === 'package1') ended = false;
    else if (ended && m.direction === 'to-server' && m.kind === 'package3') out.push(m);
    if (hasEnd(m)) ended = true;
  }
  return out;
}

/** `from`: only messages after this one count (a watch per session of a cell). */
export async function watchSession(
  cell: CellRun,
  options: { timeoutMs: number; quietMs: number; from?: number; start?: (m: DmMessage) => boolean },
): Promise<WatchedSession> {
  const proxyOrigin = cell.pair.server.proxy?.origin ?? '';
  const deadline = Date.now() + options.timeoutMs;
  const from = options.from ?? 0;
  const read = () => {
    const all = dmMessages(cell.serverRecords()).slice(from);
    const first = options.start ? all.findIndex(options.start) : 0;
    return first < 0 ? [] : all.slice(first);
  };
  for (;;) {
    const messages = read();
    const endAt = messages.findIndex(hasEnd);
    const errorAt = messages.findIndex((m) => m.direction === 'to-client' && ((m.httpStatus ?? 200) >= 400 || (m.problem !== undefined && m.kind === 'other')));
    if (endAt >= 0 || errorAt >= 0) {
      await new Promise((r) => setTimeout(r, options.quietMs));
      return { messages: read(), end: endAt >= 0 && (errorAt < 0 || endAt < errorAt) ? 'END' : 'error' };
    }
    // A CONT naming another origin takes the rest of the session around the proxy: nothing more will show here.
    if (contElsewhere(messages, proxyOrigin).length > 0) return { messages, end: 'left' };
    if (Date.now() >= deadline) return { messages, end: 'timeout' };
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

/** The number of DM messages recorded so far in the cell (a `from` for the next watch). */
export function messageCount(cell: CellRun): number {
  return dmMessages(cell.serverRecords()).length;
}
