/** Reads a whole message body from a stream, refusing more than a limit (so an oversize body never fills memory). */
import type { Readable } from 'node:stream';
import { BodyTooLargeError } from './content-coding.ts';

/**
 * `drain`: on overflow, read the rest of the body and drop it before refusing, instead of destroying
 * the stream. A server needs this to answer 413: destroying a request destroys its socket, and the
 * peer would see a reset instead of the answer. Draining stops (and the stream is destroyed) past
 * 8 times the limit plus 16 MiB, so a peer cannot keep the server reading for nothing.
 */
const drainCap = (limit: number) => limit * 8 + 16 * 1024 * 1024;

export async function readBody(stream: Readable | AsyncIterable<Uint8Array>, limit: number, options: { drain?: boolean } = {}): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  let overflow = false;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) {
      overflow = true;
      if (options.drain && size <= drainCap(limit)) continue;
      if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy();
      throw new BodyTooLargeError(limit);
    }
    chunks.push(Buffer.from(chunk));
  }
  if (overflow) throw new BodyTooLargeError(limit);
  return Buffer.concat(chunks, size);
}
