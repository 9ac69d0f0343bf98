/**
 * A message body of results.json as a HAR body. The evidence keeps bodies decoded, never their bytes
 * (harness/conformance/evidence.ts): JSON as its value, text as a string, CBOR as `{cbor: value}`,
 * a Package#0 as `{package0: fields}`, bytes that are not text as `{hex, bytes}`, a body too large
 * to decode as `{bytes, truncated, preview | hex}`. So a HAR body is: JSON (or decoded CBOR and
 * Package#0, said so) as JSON text; text as text; raw bytes kept as hex as base64 with encoding
 * "base64" (only the bytes the evidence kept, said so); nothing for a body only counted.
 */

export interface HarBody {
  /** Absent when the evidence holds no content (an empty body, or one only counted). */
  text?: string;
  encoding?: 'base64';
  /** What the body was before dmcts decoded it, when not what the text shows: `CBOR`, `Package#0`. */
  decodedFrom?: string;
  /** What is missing from the text, if anything. */
  comment?: string;
}

type Fields = Record<string, unknown>;

const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const onlyKeys = (v: Fields, allowed: readonly string[]) => Object.keys(v).every((k) => allowed.includes(k));
const isHex = (v: unknown): v is string => typeof v === 'string' && /^(?:[0-9a-f]{2})*$/i.test(v);

function base64OfHex(hex: string, total: number | undefined, why?: string): HarBody {
  const kept = hex.length / 2;
  const cut = total !== undefined && total > kept ? `the first ${kept} of ${total} bytes` : '';
  const comment = [cut, why].filter(Boolean).join('; ');
  return { text: Buffer.from(hex, 'hex').toString('base64'), encoding: 'base64', ...(comment ? { comment } : {}) };
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? '';
}

export function harBody(body: unknown, contentType: string | undefined): HarBody {
  if (body === undefined || body === null) return {};
  if (typeof body === 'string') return { text: body };
  if (isObject(body)) {
    // Too large to decode, or past the case's budget: a preview, or the size only.
    if (typeof body.bytes === 'number' && typeof body.truncated === 'string' && onlyKeys(body, ['bytes', 'truncated', 'preview', 'hex'])) {
      const why = `body of ${body.bytes} bytes not kept whole in results.json (${body.truncated})`;
      if (typeof body.preview === 'string') return { text: body.preview, comment: `${why}: its first bytes as text` };
      if (isHex(body.hex)) return base64OfHex(body.hex, body.bytes, why);
      return { comment: why };
    }
    if (isHex(body.hex) && onlyKeys(body, ['hex', 'bytes']) && (body.bytes === undefined || typeof body.bytes === 'number')) {
      return base64OfHex(body.hex, body.bytes as number | undefined);
    }
    if (/cbor/i.test(contentType ?? '')) {
      if ('cbor' in body && onlyKeys(body, ['cbor'])) {
        return {
          text: json(body.cbor),
          decodedFrom: 'CBOR',
          comment: 'CBOR body decoded by dmcts, shown as JSON (byte strings as {"base64": ...}); its bytes are not kept',
        };
      }
      if (typeof body.cborError === 'string' && isHex(body.hex)) return base64OfHex(body.hex, undefined, `not valid CBOR: ${body.cborError}; the first bytes`);
    }
    if (Object.keys(body).length === 1 && ('package0' in body || 'package0Error' in body)) {
      return { text: json(body), decodedFrom: 'Package#0', comment: 'Package#0 decoded by dmcts into its fields, shown as JSON; its bytes are not kept' };
    }
  }
  return { text: json(body) };
}
