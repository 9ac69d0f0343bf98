/**
 * The download of a SCOMO package (P-SCOMO): one HTTP GET of the Download entry's `PkgURL`, read as a
 * stream (each chunk hashed and counted, never the package whole in memory), bounded in size
 * (MAX_PACKAGE_BYTES) and in time (the device's HTTP client: headers, body idle). When the answer
 * carries a P-LO `Repr-Digest: sha-256`, the package must match it. Failures come back as the SCOMO
 * result code the public SCOMO codes give them (ours where the mapping is a choice):
 * - not an http(s) URL, or an HTTP error other than below: 1402 download failed;
 * - 401 / 403: 1403 alternate download authentication failure;
 * - 5xx: 1414 alternate download server error; no connection at all: 1415 server unavailable;
 * - larger than the bound: 1404 download out of memory; digest mismatch: 1407 failed validation.
 */
import { createHash } from 'node:crypto';
import { SCOMO_RESULT } from '../protocol/scomo.ts';
import { HttpFailure, type HttpSender } from '../transport/http-client.ts';
import { parseReprDigest } from '../transport/ranged-object.ts';

/** The largest package the reference device takes (ours). */
export const MAX_PACKAGE_BYTES = 64 * 1024 * 1024;

export interface FetchedPackage {
  ok: true;
  size: number;
  sha256: Buffer;
  /** True when a Repr-Digest came and the bytes matched it. */
  digestChecked: boolean;
}

export interface FailedDownload {
  ok: false;
  code: number;
  reason: string;
}

export async function downloadPackage(http: HttpSender, url: string, maxBytes = MAX_PACKAGE_BYTES): Promise<FetchedPackage | FailedDownload> {
  const fail = (code: number, reason: string): FailedDownload => ({ ok: false, code, reason });
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return fail(SCOMO_RESULT.DOWNLOAD_FAILED, `PkgURL "${url}" is not a URL`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return fail(SCOMO_RESULT.DOWNLOAD_FAILED, `PkgURL "${url}" is not an http(s) URL`);
  if (!http.open) return fail(SCOMO_RESULT.NOT_IMPLEMENTED, 'this device cannot stream a download');
  let stream: Awaited<ReturnType<NonNullable<HttpSender['open']>>>;
  try {
    stream = await http.open({ method: 'GET', url, headers: { accept: '*/*' } });
  } catch (error) {
    const code = error instanceof HttpFailure && error.code === 'UNREACHABLE' ? SCOMO_RESULT.ALT_DOWNLOAD_SERVER_UNAVAILABLE : SCOMO_RESULT.DOWNLOAD_FAILED;
    return fail(code, `GET ${url}: ${(error as Error).message}`);
  }
  if (stream.status !== 200) {
    stream.cancel();
    const code =
      stream.status === 401 || stream.status === 403
        ? SCOMO_RESULT.ALT_DOWNLOAD_AUTH_FAILED
        : stream.status >= 500
          ? SCOMO_RESULT.ALT_DOWNLOAD_SERVER_ERROR
          : SCOMO_RESULT.DOWNLOAD_FAILED;
    return fail(code, `GET ${url} answered HTTP ${stream.status}`);
  }
  const declared = Number(stream.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    stream.cancel();
    return fail(SCOMO_RESULT.DOWNLOAD_OUT_OF_MEMORY, `GET ${url}: the package is ${declared} bytes, over this device's ${maxBytes}`);
  }
  const hash = createHash('sha256');
  let size = 0;
  let tooLarge = false;
  try {
    await stream.read((chunk) => {
      size += chunk.length;
      if (size > maxBytes) {
        tooLarge = true;
        return false;
      }
      hash.update(chunk);
      return true;
    });
  } catch (error) {
    if (tooLarge) return fail(SCOMO_RESULT.DOWNLOAD_OUT_OF_MEMORY, `GET ${url}: the package passed this device's ${maxBytes} bytes`);
    return fail(SCOMO_RESULT.DOWNLOAD_FAILED, `GET ${url}: the body broke off after ${size} bytes (${(error as Error).message})`);
  }
  const sha256 = hash.digest();
  const expected = parseReprDigest(stream.headers['repr-digest']);
  if (expected && !expected.equals(sha256)) {
    return fail(SCOMO_RESULT.PACKAGE_VALIDATION_FAILED, `GET ${url}: the ${size} bytes do not match the Repr-Digest sha-256 the server sent`);
  }
  return { ok: true, size, sha256, digestChecked: expected !== undefined };
}
