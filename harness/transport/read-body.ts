/**
 * Reads a whole message body from a stream while it arrives, bounded in size and in time: more than
 * `limit` bytes, no byte for `idleMs`, or the body still incomplete at `deadlineAt` ends the read at
 * once with an error saying how many bytes came. Nothing is buffered beyond the limit, so an oversize
 * or endless body never fills memory, and a trickling one costs at most those times.
 */
import type { Readable } from 'node:stream';
import { BodyTooLargeError } from './content-coding.ts';
import { bytesText } from './bytes-text.ts';

/** No byte of the body arrived for `idleMs` (a stalled or trickling peer). */
export class BodyStalledError extends Error {
  constructor(
    readonly idleMs: number,
    readonly received: number,
  ) {
    super(`no byte of the body for ${idleMs} ms (${bytesText(received)} received)`);
  }
}

/** The body was still incomplete at the exchange's deadline. */
export class BodyDeadlineError extends Error {
  constructor(
    readonly totalMs: number,
    readonly received: number,
  ) {
    super(`the body was not complete within ${totalMs} ms (${bytesText(received)} received)`);
  }
}

/** The stream failed or closed before the body was complete (a reset mid-body): how much had come. */
export class BodyBrokenError extends Error {
  constructor(
    readonly received: number,
    readonly code: string,
  ) {
    super(`the connection broke off after ${bytesText(received)} of the body (${code})`);
  }
}

export interface ReadBodyOptions {
  /**
   * On overflow, read the rest of the body and drop it before refusing, instead of destroying the
   * stream. A server needs this to answer 413: destroying a request destroys its socket, and the
   * peer would see a reset instead of the answer. Draining stops (and the stream is destroyed) past
   * 8 times the limit plus 16 MiB, so a peer cannot keep the server reading for nothing.
   */
  drain?: boolean;
  /** The longest wait for the next chunk. */
  idleMs?: number;
  /** When (epoch ms) the whole body must have arrived; `totalMs` is what the error reports. */
  deadline?: { at: number; totalMs: number };
}

const drainCap = (limit: number) => limit * 8 + 16 * 1024 * 1024;

/**
 * Resolves with the body, or rejects with BodyTooLargeError, BodyStalledError, BodyDeadlineError or
 * BodyBrokenError. When a bound ends the read, a client-side stream is destroyed (its socket
 * freed); a server-side one (`drain`) is only left unread, so the server can still answer 408 or 413.
 */
export function readBody(stream: Readable, limit: number, options: ReadBodyOptions = {}): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = false;
    let timer: NodeJS.Timeout | undefined;
    const detach = () => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      stream.off('close', onClose);
      // Later errors of a stream left unread must not go unhandled.
      stream.on('error', () => undefined);
    };
    const stop = (error: Error) => {
      detach();
      if (options.drain) stream.pause();
      else stream.destroy();
      reject(overflow ? new BodyTooLargeError(limit, size) : error);
    };
    const arm = () => {
      clearTimeout(timer);
      const untilDeadline = options.deadline ? options.deadline.at - Date.now() : Infinity;
      const wait = Math.min(options.idleMs ?? Infinity, untilDeadline);
      if (wait === Infinity) return;
      timer = setTimeout(
        () => {
          const deadline = options.deadline;
          stop(deadline && Date.now() >= deadline.at - 1 ? new BodyDeadlineError(deadline.totalMs, size) : new BodyStalledError(options.idleMs ?? 0, size));
        },
        Math.max(0, wait),
      );
    };
    function onData(chunk: Buffer | string) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      arm();
      if (size > limit) {
        overflow = true;
        chunks.length = 0;
        if (options.drain && size <= drainCap(limit)) return;
        stop(new BodyTooLargeError(limit, size));
        return;
      }
      chunks.push(bytes);
    }
    function onEnd() {
      detach();
      if (overflow) reject(new BodyTooLargeError(limit, size));
      else resolve(Buffer.concat(chunks, size));
    }
    function onError(error: Error & { code?: string }) {
      detach();
      reject(overflow ? new BodyTooLargeError(limit, size) : new BodyBrokenError(size, error.code ?? error.message));
    }
    function onClose() {
      // Closed without 'end' (a reset mid-body): the body is incomplete.
      if (stream.readableEnded) return;
      detach();
      reject(overflow ? new BodyTooLargeError(limit, size) : new BodyBrokenError(size, 'closed'));
    }
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
    arm();
  });
}
