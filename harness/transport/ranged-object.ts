/**
 * The HTTP fields of a large object moved in ranges (P-LO): `Range: bytes=a-[b]` and
 * `Content-Range: bytes a-b/size` (RFC 9110 §14), strong ETags for `If-Range` (§13.1.5),
 * `Repr-Digest: sha-256=:<base64>:` (RFC 9530, a Structured Fields dictionary of byte sequences)
 * and `Upload-Offset` (the bytes of an upload the server holds). Parsers return undefined for
 * anything they do not take: one range only, byte units only, no suffix ranges.
 */

export const OCTET_STREAM = 'application/octet-stream';

/** `Range: bytes=<first>-[<last>]`: one range from `first`, to `last` inclusive when given. */
export function parseRange(value: string | undefined): { first: number; last?: number } | undefined {
  const m = /^\s*bytes\s*=\s*(\d{1,15})\s*-\s*(\d{0,15})\s*$/i.exec(value ?? '');
  if (!m) return undefined;
  const first = Number(m[1]);
  if (m[2] === '') return { first };
  const last = Number(m[2]);
  return last >= first ? { first, last } : undefined;
}

export function rangeHeader(first: number, last?: number): string {
  return `bytes=${first}-${last ?? ''}`;
}

/** `Content-Range: bytes <first>-<last>/<size>` (a complete length; `*` is not taken). */
export function parseContentRange(value: string | undefined): { first: number; last: number; size: number } | undefined {
  const m = /^\s*bytes\s+(\d{1,15})-(\d{1,15})\/(\d{1,15})\s*$/i.exec(value ?? '');
  if (!m) return undefined;
  const [first, last, size] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return first <= last && last < size ? { first, last, size } : undefined;
}

export function contentRangeHeader(first: number, last: number, size: number): string {
  return `bytes ${first}-${last}/${size}`;
}

/** A strong entity tag (`"..."`, not `W/"..."`): the only kind If-Range may use (RFC 9110 §13.1.5). */
export function isStrongEtag(value: string | undefined): value is string {
  return value !== undefined && /^"[\x21\x23-\x7e]*"$/.test(value.trim());
}

/** The sha-256 value of a `Repr-Digest` (RFC 9530): 32 bytes, or undefined without a valid one. */
export function parseReprDigest(value: string | undefined): Buffer | undefined {
  for (const member of (value ?? '').split(',')) {
    const m = /^\s*sha-256\s*=\s*:([A-Za-z0-9+/]*={0,2}):\s*$/.exec(member);
    if (!m) continue;
    const bytes = Buffer.from(m[1]!, 'base64');
    return bytes.length === 32 ? bytes : undefined;
  }
  return undefined;
}

export function reprDigestHeader(sha256: Uint8Array): string {
  return `sha-256=:${Buffer.from(sha256).toString('base64')}:`;
}

/** `Upload-Offset`: a whole number of bytes, or undefined. */
export function parseUploadOffset(value: string | undefined): number | undefined {
  const m = /^\s*(\d{1,15})\s*$/.exec(value ?? '');
  return m ? Number(m[1]) : undefined;
}
