/**
 * The download of an enabler's package (P-FUMO, P-SCOMO) on the reference device: the package at a
 * PkgURL fetched as a P-LO large object by fetchForHget (harness/client/large-object-download.ts):
 * streamed to the device's large-object store on disk, resumed with `Range`/`If-Range` from the stored
 * byte (within the attempt after a cut, and on the next attempt when the server could not be reached),
 * checked against its `Repr-Digest: sha-256`. The complete package stays on disk, named by its SHA-256,
 * until its enabler drops it (removePackage).
 * The device's size bound is applied to the size the answer declares (Content-Length of a 200, the
 * complete length of a 206's Content-Range) before a byte is stored. A failure comes back as one of
 * PackageFailureKind; each enabler turns it into its own result code (`codeOf`).
 */
import { rmSync } from 'node:fs';
import { essence } from '../protocol/media-types.ts';
import { HttpFailure, type HttpRequest, type HttpResponse, type HttpSender, type HttpStream } from '../transport/http-client.ts';
import { OCTET_STREAM, parseContentRange, reprDigestHeader } from '../transport/ranged-object.ts';
import type { DeviceTree } from '../tree/device-tree.ts';
import type { TreeNode } from '../tree/tree-node.ts';
import { fetchForHget, MAX_OBJECT_BYTES } from './large-object-download.ts';
import { largeObjectStoreFor } from './large-object-store.ts';
import type { TransferContext } from './mo-transfer.ts';

/**
 * Why a package download failed:
 * - `bad-url`: the PkgURL is no http(s) URL; `cannot-stream`: the device's HTTP client cannot stream;
 * - `not-a-package`: the answer is not `application/octet-stream` (an MO serialization, text, ...);
 * - `refused`: the package server answered an HTTP error (`status`);
 * - `unreachable`: the last request found no server (connection refused or reset; a partial stays);
 * - `broken`: the transfer broke off, timed out or went wrong on the wire for good (a partial stays);
 * - `corrupted`: the bytes do not match the `Repr-Digest`; `unchecked`: no `Repr-Digest` sha-256, or
 *   another check of the answer failed; `too-large`: over the device's bound.
 */
export type PackageFailureKind = 'bad-url' | 'cannot-stream' | 'not-a-package' | 'refused' | 'unreachable' | 'broken' | 'corrupted' | 'unchecked' | 'too-large';

export interface PackageFailure {
  kind: PackageFailureKind;
  /** The HTTP status of a `refused` download. */
  status?: number;
  reason: string;
}

export interface DownloadedPackage {
  ok: true;
  sha256: Buffer;
  size: number;
  /** The complete package in the device's large-object store. */
  path: string;
  /** Requests it took (1 without a cut). */
  requests: number;
}

export interface FailedPackage {
  ok: false;
  /** The enabler's result code for the failure. */
  code: number;
  kind: PackageFailureKind;
  reason: string;
}

export interface PackageDownloadOptions {
  /** The largest package taken, in bytes (default and at most MAX_OBJECT_BYTES). */
  maxBytes?: number;
  /** The enabler's result code of a failure. */
  codeOf: (failure: PackageFailure) => number;
}

export async function downloadPackage(ctx: TransferContext, url: string, options: PackageDownloadOptions): Promise<DownloadedPackage | FailedPackage> {
  const failed = (failure: PackageFailure): FailedPackage => ({ ok: false, code: options.codeOf(failure), kind: failure.kind, reason: failure.reason });
  if (!isPackageUrl(url)) return failed({ kind: 'bad-url', reason: `PkgURL ${JSON.stringify(url)} is not an http(s) URL` });
  if (!ctx.http.open) return failed({ kind: 'cannot-stream', reason: `${url}: this device's HTTP client cannot stream a download` });
  const guard = new BoundedSender(ctx.http, Math.min(options.maxBytes ?? MAX_OBJECT_BYTES, MAX_OBJECT_BYTES));
  const got = await fetchForHget({ ...ctx, http: guard }, url);
  if (got.kind === 'object' && 'value' in got.outcome) {
    const { sha256, size, requests } = got.outcome.value;
    return { ok: true, sha256, size, requests, path: largeObjectStoreFor(ctx.devId).objectPath(sha256) };
  }
  const outcome = got.outcome;
  if ('value' in outcome) return failed({ kind: 'not-a-package', reason: `${url} answered an MO serialization, not a package (${OCTET_STREAM})` });
  const reason = outcome.reason;
  if (guard.tooLarge !== undefined)
    return failed({ kind: 'too-large', reason: `${url}: a package of ${guard.tooLarge} bytes, over this device's ${guard.maxBytes}` });
  const status = guard.lastStatus;
  if (status !== undefined && (status < 200 || status > 299)) return failed({ kind: 'refused', status, reason });
  if (got.kind === 'mo') {
    // No answer at all, or one read whole: it broke off, or it was no package.
    if (status === undefined) return failed({ kind: guard.unreachable ? 'unreachable' : 'broken', reason });
    return failed({ kind: outcome.sc === 502 ? 'broken' : 'not-a-package', reason });
  }
  if (outcome.sc === 502) return failed({ kind: guard.unreachable ? 'unreachable' : 'broken', reason });
  // fetchForHget words a digest mismatch "... its Repr-Digest says ...": the only 400 it drops the bytes for.
  return failed({ kind: /Repr-Digest says/.test(reason) ? 'corrupted' : 'unchecked', reason });
}

/**
 * Drops a downloaded package from the device's store (after its install, or when its entry goes). The
 * store keeps complete objects by their SHA-256, so a leaf of the tree holding a large object with the
 * same bytes names the same file: then the file stays (the store's own bound retires it in time).
 */
export function removePackage(devId: string, sha256: Buffer, tree: DeviceTree): void {
  if (treeNamesObject(tree, reprDigestHeader(sha256))) return;
  rmSync(largeObjectStoreFor(devId).objectPath(sha256), { force: true });
}

/** Whether a leaf of the tree holds that `Repr-Digest` text (a large object stored by the device, P-LO). */
function treeNamesObject(tree: DeviceTree, digest: string): boolean {
  const holds = (node: TreeNode): boolean => (node.kind === 'leaf' ? node.value === digest : [...node.children.values()].some(holds));
  return tree.allInstances().some((instance) => holds(instance.root));
}

function isPackageUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/**
 * The device's HTTP client as fetchForHget sees it for one package: each answer's declared size is
 * held to the bound (an answer over it is cancelled and handed on as a 413, before a byte is stored),
 * and what the last request met is kept to name the failure.
 */
class BoundedSender implements HttpSender {
  /** The declared size of an answer over the bound, once one came. */
  tooLarge: number | undefined;
  /** The status of the last answer (undefined while none came). */
  lastStatus: number | undefined;
  /** True when the last request found no server. */
  unreachable = false;

  constructor(
    private readonly http: HttpSender,
    readonly maxBytes: number,
  ) {}

  send(req: HttpRequest): Promise<HttpResponse> {
    return this.http.send(req);
  }

  async open(req: HttpRequest): Promise<HttpStream> {
    let res: HttpStream;
    try {
      res = await this.http.open!(req);
    } catch (error) {
      this.unreachable = error instanceof HttpFailure && error.code === 'UNREACHABLE';
      throw error;
    }
    this.unreachable = false;
    this.lastStatus = res.status;
    const size = essence(res.headers['content-type']) === OCTET_STREAM ? declaredSize(res) : undefined;
    if (size === undefined || size <= this.maxBytes) return res;
    res.cancel();
    this.tooLarge = size;
    this.lastStatus = 413;
    return { status: 413, headers: { 'content-type': OCTET_STREAM }, read: async () => 0, cancel: () => {}, maxBodyBytes: res.maxBodyBytes };
  }
}

/** The object's size an octet-stream answer declares: a 206's complete length, a 200's Content-Length. */
function declaredSize(res: HttpStream): number | undefined {
  if (res.status === 206) return parseContentRange(res.headers['content-range'])?.size;
  if (res.status !== 200) return undefined;
  const length = Number(res.headers['content-length']);
  return Number.isSafeInteger(length) ? length : undefined;
}
