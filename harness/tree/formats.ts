/** Node formats (K-TREE) and value validation: what a leaf of each format may hold, on the wire and in the tree. */
import { fail, ok, type Result } from '../protocol/result.ts';

export const FORMATS = ['node', 'null', 'b64', 'bin', 'bool', 'chr', 'int', 'xml', 'date', 'time', 'float'] as const;
export type Format = (typeof FORMATS)[number];
export type LeafFormat = Exclude<Format, 'node'>;

/** A leaf value as the tree keeps it: bin as bytes, everything else as its JSON value. */
export type LeafValue = string | number | boolean | null | Uint8Array;

const INT32_MIN = -(2 ** 31);
const INT64_SAFE = Number.MAX_SAFE_INTEGER;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d{1,9})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?$/;

export function isFormat(value: unknown): value is Format {
  return typeof value === 'string' && (FORMATS as readonly string[]).includes(value);
}

/**
 * Checks a wire value against a leaf format and returns the tree's form of it.
 * `int` is a whole number within the safe integer range (DM 1.x used 32 bits; we accept 64-bit-safe values
 * from INT32_MIN down as well); `bin` accepts bytes (CBOR) or base64 text (JSON).
 */
export function toLeafValue(format: LeafFormat, value: unknown): Result<LeafValue> {
  const bad = (what: string) => fail('VALUE_FORMAT', `value ${preview(value)} is not ${what} (format ${format})`);
  switch (format) {
    case 'null':
      return value === null || value === '' ? ok(null) : bad('empty');
    case 'bool':
      return typeof value === 'boolean' ? ok(value) : bad('a boolean');
    case 'int':
      return typeof value === 'number' && Number.isInteger(value) && value <= INT64_SAFE && value >= Math.min(INT32_MIN, -INT64_SAFE)
        ? ok(value)
        : bad('a whole number');
    case 'float':
      return typeof value === 'number' && Number.isFinite(value) ? ok(value) : bad('a finite number');
    case 'chr':
    case 'xml':
      return typeof value === 'string' ? ok(value) : bad('text');
    case 'b64':
      return typeof value === 'string' && BASE64.test(value) ? ok(value) : bad('base64 text');
    case 'bin':
      if (value instanceof Uint8Array) return ok(new Uint8Array(value));
      if (typeof value === 'string' && BASE64.test(value)) return ok(new Uint8Array(Buffer.from(value, 'base64')));
      return bad('bytes (base64 text in JSON)');
    case 'date':
      return typeof value === 'string' && DATE.test(value) ? ok(value) : bad('an ISO 8601 date (YYYY-MM-DD)');
    case 'time':
      return typeof value === 'string' && TIME.test(value) ? ok(value) : bad('an ISO 8601 time (hh:mm:ss[.f][Z|+hh:mm])');
  }
}

/** The format of a value that arrives without a definition (an MO the device has no DDF for). */
export function inferFormat(value: unknown): Format | undefined {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isSafeInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'chr';
  if (value instanceof Uint8Array) return 'bin';
  if (typeof value === 'object' && !Array.isArray(value)) return 'node';
  return undefined;
}

/** The text form of a value, as `nv=` compares it (P-DETAIL: compared as strings). */
export function valueAsText(value: LeafValue): string {
  if (value === null) return '';
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

export function preview(value: unknown): string {
  if (value instanceof Uint8Array) return `<${value.length} bytes>`;
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}
