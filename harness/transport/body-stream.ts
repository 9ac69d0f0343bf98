/**
 * A response body handed on chunk by chunk as it arrives (P-LO), each wait bounded: no chunk for
 * `idleMs` ends the read with BodyStalledError, a stream that fails or closes before its end with
 * BodyBrokenError — both saying how many bytes came. The stream flows: each chunk goes to the
 * caller's sink synchronously, in the event that delivered it, so a connection that breaks off
 * right after some bytes (data and FIN in one segment) cannot drop them before the sink took them,
 * and a caller that stored them resumes from exactly there. Nothing is buffered here.
 */
import type { Readable } from 'node:stream';
import { BodyBrokenError, BodyStalledError } from './read-body.ts';

/** Takes a chunk; false stops the read (the rest is dropped, the stream destroyed). */
export type ChunkSink = (chunk: Buffer) => boolean | undefined;

export class BodyStopped extends Error {}

/**
 * Resolves with the body's byte count at its end; rejects with BodyStalledError, BodyBrokenError,
 * or BodyStopped when the sink said stop. `onEnd(received, problem?)` is called once either way.
 */
export function streamBody(stream: Readable, idleMs: number, sink: ChunkSink, onEnd: (received: number, problem?: string) => void): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    let received = 0;
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (error?: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('end', onEndEvent);
      stream.off('error', onError);
      stream.off('close', onClose);
      stream.on('error', () => undefined);
      onEnd(received, error?.message);
      if (error) {
        stream.destroy();
        reject(error);
      } else resolve(received);
    };
    const arm = () => {
      clearTimeout(timer);
      timer = setTimeout(() => finish(new BodyStalledError(idleMs, received)), idleMs);
    };
    function onData(chunk: Buffer | string) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      received += bytes.length;
      arm();
      let go: boolean | undefined;
      try {
        go = sink(bytes);
      } catch (error) {
        finish(error as Error);
        return;
      }
      if (go === false) finish(new BodyStopped(`the reader stopped after ${received} bytes`));
    }
    function onEndEvent() {
      finish();
    }
    function onError(error: Error & { code?: string }) {
      finish(new BodyBrokenError(received, error.code ?? error.message));
    }
    function onClose() {
      if (!stream.readableEnded) finish(new BodyBrokenError(received, 'closed'));
    }
    stream.on('data', onData);
    stream.on('end', onEndEvent);
    stream.on('error', onError);
    stream.on('close', onClose);
    arm();
  });
}
