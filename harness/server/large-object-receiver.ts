/**
 * Large objects uploaded to a receiver (`/recv/<id>`, P-LO): `HEAD` answers `Upload-Offset` (the
 * bytes of the object held so far, 0 before any); each PUT/POST of `application/octet-stream` carries
 * one chunk with `Content-Range: bytes a-b/size` and the whole object's `Repr-Digest: sha-256`, and is
 * appended to a file when `a` is the held length (else 409 naming the held length in Upload-Offset);
 * a chunk's body is bounded by the endpoint's body limit, so the server never holds more than one
 * chunk. The SHA-256 is computed as the chunks come (they come in order); when the last byte arrives
 * it must match the digest: else 400 and the upload starts over. The answer to each chunk is 204 with the new Upload-Offset.
 * A complete object is then served back at the same URI by GET/HEAD with ranges, as a published one
 * (RFC 9110 PUT: a later GET of the URI gets what was PUT; large-object-host.ts).
 */
import { createHash, type Hash, randomBytes } from 'node:crypto';
import { appendFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EndpointReply, EndpointRequest } from '../transport/http-endpoint.ts';
import { parseContentRange, parseReprDigest } from '../transport/ranged-object.ts';
import { objectOf, serveObject, type LargeObject } from './large-object-host.ts';

export interface ObjectUpload {
  path: string;
  size: number;
  /** The Repr-Digest value the chunks carry. */
  digest: string;
  stored: number;
  /** The SHA-256 of the bytes stored so far. */
  hash: Hash;
  /** Set once the whole object arrived and matched its digest. */
  complete?: LargeObject;
}

const DIR = join(tmpdir(), 'dmcts-server-uploads');
/** Upload files kept on disk (oldest go first). */
const KEPT_FILES = 64;

function text(status: number, message: string, headers: Record<string, string> = {}): EndpointReply {
  return { status, headers: { 'content-type': 'text/plain; charset=utf-8', ...headers }, body: Buffer.from(`${message}\n`) };
}

function newFile(): string {
  mkdirSync(DIR, { recursive: true });
  const files = readdirSync(DIR)
    .map((f) => ({ f, at: statSync(join(DIR, f)).mtimeMs }))
    .sort((a, b) => b.at - a.at);
  for (const { f } of files.slice(KEPT_FILES - 1)) rmSync(join(DIR, f), { force: true });
  const path = join(DIR, `${randomBytes(9).toString('hex')}.bin`);
  writeFileSync(path, new Uint8Array());
  return path;
}

/** Removes an upload's file (kept or partial). */
export function dropUpload(upload: ObjectUpload): void {
  rmSync(upload.path, { force: true });
}

/** HEAD or GET of a receiver: Upload-Offset, and the object itself once complete. */
export function readUpload(upload: ObjectUpload | undefined, req: EndpointRequest): EndpointReply {
  const offset = { 'upload-offset': String(upload?.stored ?? 0) };
  if (upload?.complete) {
    const reply = serveObject(upload.complete, req);
    return { ...reply, headers: { ...(reply.headers ?? {}), ...offset } };
  }
  if (req.method === 'HEAD') return { status: 204, headers: offset };
  return text(404, 'no complete object here yet', offset);
}

/** Takes one chunk of an upload; returns the reply and the upload as it now stands. */
export function takeChunk(upload: ObjectUpload | undefined, req: EndpointRequest): { reply: EndpointReply; upload: ObjectUpload | undefined } {
  const digest = req.headers['repr-digest'];
  const expected = parseReprDigest(digest);
  if (!expected) return { reply: text(400, 'a large object comes with its Repr-Digest (sha-256)'), upload };
  const range =
    req.headers['content-range'] !== undefined
      ? parseContentRange(req.headers['content-range'])
      : { first: 0, last: req.body.length - 1, size: req.body.length };
  if (!range || range.last - range.first + 1 !== req.body.length) {
    return { reply: text(400, `Content-Range "${req.headers['content-range'] ?? ''}" does not describe the ${req.body.length} bytes sent`), upload };
  }
  let current = upload;
  const sameObject = current !== undefined && current.digest === digest && current.size === range.size && !current.complete;
  if (!sameObject) {
    if (range.first !== 0) {
      return { reply: text(409, 'no upload of this object is under way: start at byte 0', { 'upload-offset': '0' }), upload };
    }
    if (current) rmSync(current.path, { force: true });
    current = { path: newFile(), size: range.size, digest: digest!, stored: 0, hash: createHash('sha256') };
  }
  const held = current!;
  if (range.first !== held.stored) {
    return { reply: text(409, `this server holds ${held.stored} bytes of the object`, { 'upload-offset': String(held.stored) }), upload: held };
  }
  appendFileSync(held.path, req.body);
  held.hash.update(req.body);
  held.stored += req.body.length;
  if (held.stored < held.size) return { reply: { status: 204, headers: { 'upload-offset': String(held.stored) } }, upload: held };
  const sha256 = held.hash.digest();
  if (!sha256.equals(expected)) {
    rmSync(held.path, { force: true });
    return {
      reply: text(400, `the object's SHA-256 is ${sha256.toString('base64')}, its Repr-Digest says ${digest}: dropped`, { 'upload-offset': '0' }),
      upload: undefined,
    };
  }
  held.complete = { ...objectOf(held.path, sha256, held.size), fetches: 0, bytesSent: 0 };
  return { reply: { status: 204, headers: { 'upload-offset': String(held.stored), etag: held.complete.etag } }, upload: held };
}
