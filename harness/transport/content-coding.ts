/** HTTP content coding of bodies (P-SEL): gzip and br, decoded with a size cap so a small bomb stays small. */
import { brotliCompressSync, brotliDecompressSync, gzipSync, gunzipSync, constants } from 'node:zlib';
import type { ContentCoding } from '../protocol/negotiation.ts';
import { bytesText } from './bytes-text.ts';

export class BodyTooLargeError extends Error {
  constructor(
    readonly limit: number,
    /** Bytes read before the read stopped (at least limit + 1), when known. */
    readonly received?: number,
  ) {
    super(`the body exceeds ${bytesText(limit)}${received !== undefined ? ` (${bytesText(received)} received)` : ''}`);
  }
}

export class UnsupportedCodingError extends Error {
  constructor(readonly coding: string) {
    super(`content coding "${coding}" is not supported (gzip, br, identity are)`);
  }
}

/**
 * Brotli quality 5 and gzip level 6: on DM bodies (0.3-3 kB) quality 11 saves a further 4-9 % of the
 * bytes for 10-20 times the CPU (about 1-2 ms a body), which would make compression the server's main cost.
 */
const BROTLI_QUALITY = 5;
const GZIP_LEVEL = 6;

export function encodeContent(body: Uint8Array, coding: ContentCoding): Buffer {
  if (coding === 'gzip') return gzipSync(body, { level: GZIP_LEVEL });
  if (coding === 'br')
    return brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
  return Buffer.from(body);
}

/** Bodies this small fit a packet anyway; compressing them costs CPU for a handful of bytes. */
export const MIN_COMPRESS_BYTES = 128;

/** The body to send and its coding: the compressed form only when it is actually smaller. */
export function compressIfSmaller(body: Uint8Array, coding: ContentCoding): { body: Buffer; coding: ContentCoding } {
  if (coding === 'identity' || body.length < MIN_COMPRESS_BYTES) return { body: Buffer.from(body), coding: 'identity' };
  const packed = encodeContent(body, coding);
  return packed.length < body.length ? { body: packed, coding } : { body: Buffer.from(body), coding: 'identity' };
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
