/**
 * HGET's fetch (K-CMD) with large objects (P-LO). The device asks every ServerURI by range —
 * `Range: bytes=<stored>-`, plus `If-Range: <ETag>` when it holds bytes of that ServerURI already —
 * and reads the answer as a stream:
 * - an MO serialization (200, or a 206 covering all of it) is read whole within its bound and
 *   decoded as before (harness/client/mo-transfer.ts);
 * - `application/octet-stream` is a large object: each chunk goes to the partial file on disk as it
 *   arrives (harness/client/large-object-store.ts), never the whole object in memory; a 206 part
 *   that starts at the stored length is appended, a 200 (the object changed, or ranges are not
 *   served) starts over. A connection that breaks off keeps what came and the device asks again
 *   from there at once; when the server cannot be reached the command ends 502 and the partial
 *   stays for a later HGET of the same ServerURI (after a network move, a suspend, a restart).
 * The complete object must match the `Repr-Digest: sha-256` the server sent (RFC 9530), else 400
 * and the partial is dropped; an object without that digest is 400 too: it could not be checked.
 */
import { closeSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { acceptHeader, OMADM_DEVID } from '../protocol/negotiation.ts';
import { essence } from '../protocol/media-types.ts';
import type { MoSerialization } from '../protocol/packages.ts';
import { SC } from '../protocol/status-codes.ts';
import { BodyTooLargeError, decodeContent } from '../transport/content-coding.ts';
import { HttpFailure, type HttpStream } from '../transport/http-client.ts';
import { isStrongEtag, OCTET_STREAM, parseContentRange, parseReprDigest, rangeHeader } from '../transport/ranged-object.ts';
import { largeObjectStoreFor, type LargeObjectStore } from './large-object-store.ts';
import { fetchMo, moFromResponse, type TransferContext, type TransferOutcome } from './mo-transfer.ts';

export interface FetchedObject {
  sha256: Buffer;
  size: number;
  /** How many requests it took (1 without interruption or parts). */
  requests: number;
}

export type HgetFetch = { kind: 'mo'; outcome: TransferOutcome<MoSerialization> } | { kind: 'object'; outcome: TransferOutcome<FetchedObject> };

/** The largest object the device takes (on disk). */
export const MAX_OBJECT_BYTES = 2 * 1024 * 1024 * 1024;
/** Broken connections survived within one HGET. */
const MAX_BREAKS = 32;
/** Requests in a row that brought no byte before the HGET gives up (502; the partial stays). */
const MAX_FRUITLESS = 3;
const RETRY_MS = 100;

export async function fetchForHget(ctx: TransferContext, url: string): Promise<HgetFetch> {
  if (!ctx.http.open) return { kind: 'mo', outcome: await fetchMo(ctx, url) };
  const store = largeObjectStoreFor(ctx.devId);
  const accept = `${acceptHeader('mo', ctx.encodings[0] ?? 'json', ctx.encodings)}, ${OCTET_STREAM}`;
  let breaks = 0;
  let fruitless = 0;
  let requests = 0;
  let lastProblem = '';
  const fail = (sc: number, reason: string): HgetFetch => ({ kind: 'object', outcome: { sc, reason } });
  while (true) {
    if (fruitless >= MAX_FRUITLESS)
      return fail(SC.BAD_GATEWAY, `${url}: ${fruitless} requests in a row brought nothing (${lastProblem}); the stored bytes are kept`);
    if (breaks > MAX_BREAKS) return fail(SC.BAD_GATEWAY, `${url}: the transfer broke off ${breaks} times (${lastProblem}); the stored bytes are kept`);
    if (requests > 0 && fruitless > 0) await new Promise((r) => setTimeout(r, RETRY_MS * fruitless));
    const { meta, stored } = store.partial(url);
    const resuming = stored > 0 && isStrongEtag(meta.etag);
    const headers: Record<string, string> = {
      accept,
      'accept-encoding': 'gzip, br',
      [OMADM_DEVID]: ctx.devId,
      range: rangeHeader(resuming ? stored : 0),
      ...(resuming ? { 'if-range': meta.etag! } : {}),
    };
    let res: HttpStream;
    requests += 1;
    try {
      res = await ctx.http.open({ method: 'GET', url, headers });
    } catch (error) {
      fruitless += 1;
      lastProblem = error instanceof HttpFailure ? error.message : String(error);
      if (requests === 1 && !resuming) return { kind: 'mo', outcome: { sc: SC.BAD_GATEWAY, reason: lastProblem } };
      continue;
    }
    if (essence(res.headers['content-type']) !== OCTET_STREAM) {
      if (resuming && (res.status === 200 || res.status === 206)) store.drop(url);
      return { kind: 'mo', outcome: await readMo(ctx, url, res) };
    }
    const step = await receivePart(store, url, res, stored, resuming ? meta : undefined);
    if ('sc' in step) return fail(step.sc, step.reason);
    if (step.problem) {
      lastProblem = step.problem;
      breaks += 1;
    }
    fruitless = step.brought > 0 ? 0 : fruitless + 1;
    if (!step.complete) continue;
    const part = store.partial(url);
    const expected = parseReprDigest(part.meta.digest);
    const sha256 = await store.sha256(url);
    if (!expected || !sha256.equals(expected)) {
      store.drop(url);
      return fail(
        SC.BAD_REQUEST,
        `${url}: the object's SHA-256 is ${sha256.toString('base64')}, its Repr-Digest says ${part.meta.digest ?? 'nothing'}: dropped`,
      );
    }
    store.complete(url, sha256);
    return { kind: 'object', outcome: { sc: 200, value: { sha256, size: part.stored, requests } } };
  }
}

type PartStep = { sc: number; reason: string } | { brought: number; complete: boolean; problem?: string };

/** Stores one answer of octet-stream: checks what it says of the object, then appends its bytes as they come. */
async function receivePart(
  store: LargeObjectStore,
  url: string,
  res: HttpStream,
  stored: number,
  known: { etag?: string; size?: number; digest?: string } | undefined,
): Promise<PartStep> {
  const refuse = (sc: number, reason: string): PartStep => {
    res.cancel();
    return { sc, reason: `${url}: ${reason}` };
  };
  if (res.status !== 200 && res.status !== 206) return refuse(res.status, `answered HTTP ${res.status}`);
  const coding = res.headers['content-encoding'];
  if (coding && coding.trim().toLowerCase() !== 'identity')
    return refuse(SC.BAD_REQUEST, `a large object came content-coded (${coding}): its ranges could not be trusted`);
  const digest = res.headers['repr-digest'];
  if (!parseReprDigest(digest)) return refuse(SC.BAD_REQUEST, `a large object without a Repr-Digest sha-256 (got ${digest ?? 'none'}): it cannot be checked`);
  const etag = isStrongEtag(res.headers.etag) ? res.headers.etag : undefined;
  let offset: number;
  let size: number;
  if (res.status === 206) {
    const range = parseContentRange(res.headers['content-range']);
    if (!range) return refuse(SC.BAD_GATEWAY, `a 206 without a Content-Range this device reads (${res.headers['content-range'] ?? 'none'})`);
    size = range.size;
    const continues = known !== undefined && range.first === stored && etag === known.etag && digest === known.digest && size === known.size;
    if (!continues && range.first !== 0) {
      // Not the continuation of what is stored: forget it and ask from the start.
      store.drop(url);
      res.cancel();
      return { brought: 0, complete: false, problem: `a part from byte ${range.first} that does not continue the ${stored} bytes stored` };
    }
    offset = continues ? stored : 0;
  } else {
    const length = Number(res.headers['content-length']);
    if (!Number.isSafeInteger(length) || length < 0) return refuse(SC.BAD_REQUEST, 'a large object without a Content-Length');
    size = length;
    offset = 0;
  }
  if (size > MAX_OBJECT_BYTES) return refuse(SC.BAD_REQUEST, `an object of ${size} bytes, over the ${MAX_OBJECT_BYTES} this device takes`);
  if (offset === 0) store.restart({ serverUri: url, size, digest: digest!, ...(etag ? { etag } : {}) });
  // Each chunk is written synchronously in the event that delivered it: what came is stored, even
  // when the connection breaks off in the same instant.
  const fd = openSync(store.partialPath(url), 'r+');
  let position = offset;
  let problem: string | undefined;
  try {
    await res.read((chunk) => {
      const take = Math.min(size - position, chunk.length);
      if (take > 0) writeSync(fd, chunk, 0, take, position);
      position += take;
      if (take < chunk.length) {
        problem = `more bytes than the object's ${size}`;
        return false;
      }
      return true;
    });
  } catch (error) {
    problem ??= (error as Error).message;
  } finally {
    ftruncateSync(fd, position);
    closeSync(fd);
  }
  return { brought: position - offset, complete: position >= size, ...(problem ? { problem } : {}) };
}

/** Reads an answer that is not a large object whole, within the HTTP client's body bound, and decodes it. */
async function readMo(ctx: TransferContext, url: string, res: HttpStream): Promise<TransferOutcome<MoSerialization>> {
  const limit = res.maxBodyBytes;
  const parts: Buffer[] = [];
  let size = 0;
  try {
    await res.read((chunk) => {
      size += chunk.length;
      if (size > limit) return false;
      parts.push(chunk);
      return true;
    });
  } catch (error) {
    if (size > limit) return { sc: SC.BAD_GATEWAY, reason: `the response from ${url} exceeded ${limit} bytes` };
    return { sc: SC.BAD_GATEWAY, reason: `the response from ${url} broke off: ${(error as Error).message}` };
  }
  let status = res.status;
  if (status === 206) {
    const range = parseContentRange(res.headers['content-range']);
    const whole = range !== undefined && range.first === 0 && range.last === range.size - 1;
    if (!whole) return { sc: SC.BAD_REQUEST, reason: `${url} sent part of an MO serialization` };
    status = 200;
  }
  let body: Buffer;
  try {
    body = decodeContent(Buffer.concat(parts, size), res.headers['content-encoding'], limit);
  } catch (error) {
    return { sc: error instanceof BodyTooLargeError ? SC.BAD_GATEWAY : SC.BAD_REQUEST, reason: `${url}: ${(error as Error).message}` };
  }
  return moFromResponse(ctx, url, status, res.headers, body);
}
