/**
 * HPUT/HPOST of a large object (P-LO): when the one ClientURI of the command names a leaf whose
 * value is the `Repr-Digest` of an object in the device's store (what an HGET of a large object left
 * there), the device first asks the ServerURI `HEAD`; an answer with `Upload-Offset: n` means the
 * target takes large objects and holds n bytes of this one. The device then sends the rest in chunks
 * of at most CHUNK_BYTES, each a PUT/POST of `application/octet-stream` with `Content-Range: bytes
 * a-b/size` and the whole object's `Repr-Digest`, read from the file for that chunk only. A chunk that
 * fails (the connection broke, the network moved) is followed by HEAD again and the upload goes on
 * from the offset the server names, so what the server stored is never sent again. A target whose
 * HEAD names no Upload-Offset gets the leaf as an MO serialization, as before (mo-transfer.ts).
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { OMADM_DEVID } from '../protocol/negotiation.ts';
import { SC } from '../protocol/status-codes.ts';
import { HttpFailure, type HttpResponse } from '../transport/http-client.ts';
import { contentRangeHeader, OCTET_STREAM, parseReprDigest, parseUploadOffset, reprDigestHeader } from '../transport/ranged-object.ts';
import { largeObjectStoreFor } from './large-object-store.ts';
import type { TransferContext, TransferOutcome } from './mo-transfer.ts';

export const CHUNK_BYTES = 256 * 1024;
const MAX_FRUITLESS = 3;
const MAX_BREAKS = 32;
const RETRY_MS = 100;

/** The stored object a leaf value names (its Repr-Digest text), if the device holds it. */
export function storedObjectOf(devId: string, value: unknown): { path: string; size: number; sha256: Buffer } | undefined {
  if (typeof value !== 'string') return undefined;
  const sha256 = parseReprDigest(value);
  if (!sha256) return undefined;
  const found = largeObjectStoreFor(devId).object(sha256);
  return found ? { ...found, sha256 } : undefined;
}

/**
 * Uploads a stored object; `undefined` when the target's HEAD names no Upload-Offset (it takes MO
 * serializations only: the caller pushes the leaf as one), else the outcome (200, or the Status code).
 */
export async function uploadObject(
  ctx: TransferContext,
  method: 'PUT' | 'POST',
  url: string,
  object: { path: string; size: number; sha256: Buffer },
): Promise<TransferOutcome<{ requests: number; sent: number }> | undefined> {
  const digest = reprDigestHeader(object.sha256);
  const base = { [OMADM_DEVID]: ctx.devId, 'repr-digest': digest };
  let requests = 0;
  let sent = 0;
  let fruitless = 0;
  let breaks = 0;
  let problem = '';
  const head = async (): Promise<number | undefined | 'failed'> => {
    requests += 1;
    try {
      const res = await ctx.http.send({ method: 'HEAD', url, headers: base });
      if (res.status < 200 || res.status > 299) return undefined;
      return parseUploadOffset(res.headers['upload-offset']);
    } catch (error) {
      problem = error instanceof HttpFailure ? error.message : String(error);
      return 'failed';
    }
  };
  let offset = await head();
  if (offset === 'failed') return { sc: SC.BAD_GATEWAY, reason: `HEAD ${url}: ${problem}` };
  if (offset === undefined) return undefined;
  const fd = openSync(object.path, 'r');
  try {
    while (true) {
      if (offset === 'failed' || offset === undefined) {
        if (fruitless >= MAX_FRUITLESS || breaks > MAX_BREAKS) return { sc: SC.BAD_GATEWAY, reason: `${url}: the upload stopped (${problem})` };
        await new Promise((r) => setTimeout(r, RETRY_MS * Math.max(1, fruitless)));
        offset = await head();
        if (offset === undefined) return { sc: SC.BAD_GATEWAY, reason: `${url}: HEAD after an interruption named no Upload-Offset` };
        if (offset === 'failed') {
          fruitless += 1;
          continue;
        }
      }
      if (offset > object.size) return { sc: SC.BAD_GATEWAY, reason: `${url} says it holds ${offset} bytes of a ${object.size}-byte object` };
      if (offset === object.size && object.size > 0) return { sc: 200, value: { requests, sent } };
      const length = Math.min(CHUNK_BYTES, object.size - offset);
      const chunk = Buffer.alloc(length);
      readSync(fd, chunk, 0, length, offset);
      let res: HttpResponse;
      requests += 1;
      try {
        res = await ctx.http.send({
          method,
          url,
          headers: { ...base, 'content-type': OCTET_STREAM, 'content-range': contentRangeHeader(offset, offset + length - 1, object.size) },
          body: chunk,
        });
      } catch (error) {
        problem = error instanceof HttpFailure ? error.message : String(error);
        breaks += 1;
        offset = 'failed';
        continue;
      }
      sent += length;
      if (res.status < 200 || res.status > 299) {
        // An offset the server disagrees with: it names its own (409/416 with Upload-Offset).
        const named = parseUploadOffset(res.headers['upload-offset']);
        if ((res.status === 409 || res.status === 416) && named !== undefined && named !== offset) {
          fruitless += 1;
          if (fruitless > MAX_FRUITLESS) return { sc: res.status, reason: `${url} answered HTTP ${res.status}` };
          offset = named;
          continue;
        }
        return { sc: res.status, reason: `${url} answered HTTP ${res.status} to bytes ${offset}-${offset + length - 1}` };
      }
      fruitless = 0;
      const at: number = offset;
      const next: number = parseUploadOffset(res.headers['upload-offset']) ?? at + length;
      if (next <= at) {
        fruitless += 1;
        if (fruitless > MAX_FRUITLESS) return { sc: SC.BAD_GATEWAY, reason: `${url} took no byte of the chunk from ${offset}` };
      }
      offset = next;
      if (next >= object.size) return { sc: 200, value: { requests, sent } };
    }
  } finally {
    closeSync(fd);
  }
}
