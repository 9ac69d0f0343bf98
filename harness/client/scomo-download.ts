/**
 * The download of a SCOMO package (P-SCOMO): the Download entry's `PkgURL` fetched as a P-LO large
 * object (harness/client/package-download.ts, as FUMO's: streamed to the device's store on disk,
 * resumed with Range/If-Range from the stored byte, checked against its `Repr-Digest: sha-256`),
 * bounded in size (MAX_PACKAGE_BYTES) and in time (the device's HTTP client: headers, body idle). The
 * package stays on disk until its Delivered entry goes. Failures come back as the SCOMO result code
 * the public SCOMO codes give them (ours where the mapping is a choice):
 * - not an http(s) URL, an HTTP error other than below, an answer that is no package
 *   (not application/octet-stream), a transfer that broke off for good: 1402 download failed;
 * - 401 / 403: 1403 alternate download authentication failure;
 * - 5xx: 1414 alternate download server error; no connection at all: 1415 server unavailable;
 * - larger than the bound: 1404 download out of memory;
 * - a digest mismatch, or no Repr-Digest to check the package with: 1407 failed validation;
 * - a device whose HTTP client cannot stream: 1411 not implemented.
 */
import { SCOMO_RESULT } from '../protocol/scomo.ts';
import type { TransferContext } from './mo-transfer.ts';
import { type DownloadedPackage, downloadPackage, type FailedPackage, type PackageFailure } from './package-download.ts';

/** The largest package the reference device takes (ours). */
export const MAX_PACKAGE_BYTES = 64 * 1024 * 1024;

export async function downloadScomoPackage(ctx: TransferContext, url: string, maxBytes = MAX_PACKAGE_BYTES): Promise<DownloadedPackage | FailedPackage> {
  return downloadPackage(ctx, url, { maxBytes, codeOf: scomoDownloadCode });
}

/** The SCOMO result code of a failed package download. */
export function scomoDownloadCode(failure: PackageFailure): number {
  switch (failure.kind) {
    case 'refused': {
      const status = failure.status ?? 0;
      if (status === 401 || status === 403) return SCOMO_RESULT.ALT_DOWNLOAD_AUTH_FAILED;
      return status >= 500 ? SCOMO_RESULT.ALT_DOWNLOAD_SERVER_ERROR : SCOMO_RESULT.DOWNLOAD_FAILED;
    }
    case 'unreachable':
      return SCOMO_RESULT.ALT_DOWNLOAD_SERVER_UNAVAILABLE;
    case 'too-large':
      return SCOMO_RESULT.DOWNLOAD_OUT_OF_MEMORY;
    case 'corrupted':
    case 'unchecked':
      return SCOMO_RESULT.PACKAGE_VALIDATION_FAILED;
    case 'cannot-stream':
      return SCOMO_RESULT.NOT_IMPLEMENTED;
    default:
      return SCOMO_RESULT.DOWNLOAD_FAILED;
  }
}
