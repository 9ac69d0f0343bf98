/** Reads a whole message body from a stream, refusing more than a limit (so an oversize body never fills memory). */
import type { Readable } from 'node:stream';
import { BodyTooLargeError } from './content-coding.ts';

export async function readBody(stream: Readable | AsyncIterable<Uint8Array>, limit: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream as AsyncIterable<Uint8Array>) {
    size += chunk.length;
    if (size > limit) {
      if ('destroy' in stream && typeof stream.destroy === 'function') stream.destroy();
      throw new BodyTooLargeError(limit);
    }
    chunks.push(Buffer.from(chunk));
  }
  return Buffer.concat(chunks, size);
}
