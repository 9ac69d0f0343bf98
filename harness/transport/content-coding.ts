/** HTTP content coding of bodies (P-SEL): gzip and br, decoded with a size cap so a small bomb stays small. */
import { brotliCompressSync, brotliDecompressSync, gzipSync, gunzipSync, constants } from 'node:zlib';
import type { ContentCoding } from '../protocol/negotiation.ts';

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`the body exceeds ${limit} bytes`);
  }
}

export class UnsupportedCodingError extends Error {
  constructor(readonly coding: string) {
    super(`content coding "${coding}" is not supported (gzip, br, identity are)`);
  }
}

export function encodeContent(body: Uint8Array, coding: ContentCoding): Buffer {
  if (coding === 'gzip') return gzipSync(body, { level: 9 });
  if (coding === 'br') return brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  return Buffer.from(body);
}

export function decodeContent(body: Buffer, codingHeader: string | undefined, limit: number): Buffer {
  const coding = (codingHeader ?? 'identity').trim().toLowerCase();
  if (coding === '' || coding === 'identity') return body;
  try {
    if (coding === 'gzip' || coding === 'x-gzip') return gunzipSync(body, { maxOutputLength: limit });
    if (coding === 'br') return brotliDecompressSync(body, { maxOutputLength: limit });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || /larger than/i.test(String(error))) throw new BodyTooLargeError(limit);
    throw error;
  }
  throw new UnsupportedCodingError(coding);
}
