/**
 * Large objects the reference server publishes for HGET (P-LO): a file on disk served at its
 * `/content/<id>` ServerURI by range — `Accept-Ranges: bytes`, a strong `ETag`, `Repr-Digest:
 * sha-256` (RFC 9530) on every answer, `206` with `Content-Range` for a Range request whose
 * `If-Range` (if any) names the current ETag (RFC 9110 §14). Each answer carries at most PART_BYTES
 * of the object, read from the file for that answer only (a 206 may carry less than asked, RFC 9110
 * §14.2), so serving a large object costs no more memory than a small one. A GET that needs the
 * object whole — no Range, or an If-Range naming an old ETag — gets it whole (200) up to
 * WHOLE_MAX_BYTES; beyond that 416 with a `Content-Range` naming the size (a limit of this server,
 * stated in docs/protocol.md).
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { closeSync, openSync, readSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { EndpointReply, EndpointRequest } from '../transport/http-endpoint.ts';
import { contentRangeHeader, OCTET_STREAM, parseRange, reprDigestHeader } from '../transport/ranged-object.ts';

export const PART_BYTES = 1024 * 1024;
export const WHOLE_MAX_BYTES = 16 * 1024 * 1024;

export interface LargeObject {
  id: string;
  path: string;
  size: number;
  etag: string;
  /** The Repr-Digest value sent (`sha-256=:…:`). */
  digest: string;
  /** GETs answered, and object bytes sent in their bodies. */
  fetches: number;
  bytesSent: number;
}

/** Reads the file once (streaming) for its SHA-256 and size; the object is then served from that file. */
export async function describeObject(path: string): Promise<Omit<LargeObject, 'fetches' | 'bytesSent'>> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) hash.update(chunk as Buffer);
  const sha256 = hash.digest();
  const { size } = await stat(path);
  return objectOf(path, sha256, size);
}

/** What a file of that SHA-256 and size is served as. */
export function objectOf(path: string, sha256: Buffer, size: number): Omit<LargeObject, 'fetches' | 'bytesSent'> {
  return {
    id: randomBytes(9).toString('base64url'),
    path,
    size,
    etag: `"${sha256.toString('hex').slice(0, 24)}-${size.toString(36)}"`,
    digest: reprDigestHeader(sha256),
  };
}

function text(status: number, message: string, headers: Record<string, string> = {}): EndpointReply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: Buffer.from(`${message}\n`) };
}

/** Answers a GET/HEAD of a large object; the part sent (at most PART_BYTES) is read from its file for this answer. */
export function serveObject(object: LargeObject, req: EndpointRequest): EndpointReply {
  if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'a large object is read with GET', { allow: 'GET, HEAD' });
  const common = { 'accept-ranges': 'bytes', etag: object.etag, 'repr-digest': object.digest };
  const range = parseRange(req.headers.range);
  const ifRange = req.headers['if-range'];
  // If-Range with another validator (or a date: this server has only ETags): the Range is ignored (RFC 9110 §13.1.5).
  const ranged = range !== undefined && (ifRange === undefined || ifRange.trim() === object.etag);
  if (ranged && range.first >= object.size) {
    return text(416, `the object has ${object.size} bytes`, { ...common, 'content-range': `bytes */${object.size}` });
  }
  let first = 0;
  let last = object.size - 1;
  if (ranged) {
    first = range.first;
    last = Math.min(range.last ?? object.size - 1, object.size - 1, first + PART_BYTES - 1);
  } else if (object.size > WHOLE_MAX_BYTES) {
    return text(416, `this server sends objects over ${WHOLE_MAX_BYTES} bytes by range only (Range: bytes=0-)`, {
      ...common,
      'content-range': `bytes */${object.size}`,
    });
  }
  const length = Math.max(0, last - first + 1);
  const headers: Record<string, string> = {
    ...common,
    'content-type': OCTET_STREAM,
    ...(ranged ? { 'content-range': contentRangeHeader(first, last, object.size) } : {}),
  };
  if (req.method === 'HEAD') return { status: ranged ? 206 : 200, headers: { ...headers, 'content-length': String(length) } };
  const body = Buffer.alloc(length);
  const fd = openSync(object.path, 'r');
  try {
    readSync(fd, body, 0, length, first);
  } finally {
    closeSync(fd);
  }
  object.fetches += 1;
  object.bytesSent += length;
  return { status: ranged ? 206 : 200, headers, body };
}
