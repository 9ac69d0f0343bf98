/**
 * CBOR twin of every body (P-CBOR, RFC 8949) with cbor-x. Encoding is deterministic: map keys in
 * the bytewise order of their encodings (RFC 8949 §4.2.1), shortest integer and length heads,
 * definite lengths, no tags. One documented deviation: non-integral numbers are always 64-bit floats.
 * Decoding accepts any well-formed CBOR whose items map onto the JSON data model plus byte strings.
 */
import { Decoder, Encoder } from 'cbor-x';
import { MAX_BODY_NESTING, nestsDeeperThan } from './nesting.ts';
import { fail, ok, type Result } from './result.ts';

const encoder = new Encoder({
  useRecords: false,
  mapsAsObjects: false,
  variableMapSize: true,
  tagUint8Array: false,
  pack: false,
  structuredClone: false,
  bundleStrings: false,
} as ConstructorParameters<typeof Encoder>[0]);

const decoder = new Decoder({ useRecords: false, mapsAsObjects: false } as ConstructorParameters<typeof Decoder>[0]);

const utf8 = new TextEncoder();

/** RFC 8949 §4.2.1 order for text keys: shorter UTF-8 first (the head encodes the length), then bytewise. */
export function compareKeys(a: string, b: string): number {
  const ab = utf8.encode(a);
  const bb = utf8.encode(b);
  if (ab.length !== bb.length) return ab.length - bb.length;
  for (let i = 0; i < ab.length; i++) {
    if (ab[i] !== bb[i]) return ab[i]! - bb[i]!;
  }
  return 0;
}

function toDeterministic(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toDeterministic);
  if (value instanceof Uint8Array) return value;
  // cbor-x writes numbers beyond 32 bits as floats: safe integers go as BigInt to get a 64-bit integer head
  // (-2^32 still fits the 32-bit negative head). Integral numbers beyond 2^53 stay float64, as a BigInt
  // would become a bignum tag that no decoder of ours accepts.
  if (typeof value === 'number' && Number.isSafeInteger(value) && (value > 0xffffffff || value < -0x100000000)) return BigInt(value);
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).filter((k) => (value as Record<string, unknown>)[k] !== undefined);
    keys.sort(compareKeys);
    return new Map(keys.map((k) => [k, toDeterministic((value as Record<string, unknown>)[k])]));
  }
  return value;
}

export function encodeCbor(value: unknown): Buffer {
  return encoder.encode(toDeterministic(value));
}

class CborShapeError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(message);
  }
}

function toPlain(item: unknown, path: string): unknown {
  if (item === null || typeof item === 'string' || typeof item === 'boolean') return item;
  if (typeof item === 'number') {
    if (!Number.isFinite(item)) throw new CborShapeError(`${String(item)} has no JSON counterpart`, path);
    return item;
  }
  if (typeof item === 'bigint') {
    if (item > BigInt(Number.MAX_SAFE_INTEGER) || item < BigInt(Number.MIN_SAFE_INTEGER)) {
      throw new CborShapeError('integer beyond the safe range of 53 bits', path);
    }
    return Number(item);
  }
  if (item instanceof Uint8Array) return item;
  if (Array.isArray(item)) return item.map((v, i) => toPlain(v, `${path}/${i}`));
  if (item instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of item) {
      if (typeof k !== 'string') throw new CborShapeError(`map key ${String(k)} is not a text string`, path);
      // defineProperty, not assignment: a "__proto__" key must become a member, as JSON.parse makes it.
      Object.defineProperty(out, k, {
        value: toPlain(v, `${path}/${pointerToken(k)}`),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  if (item === undefined) throw new CborShapeError('the CBOR "undefined" value has no JSON counterpart', path);
  const tag = (item as { tag?: unknown }).tag;
  if (tag !== undefined) throw new CborShapeError(`CBOR tag ${String(tag)} is not allowed in DM bodies`, path);
  throw new CborShapeError(`CBOR item of unsupported type (${Object.prototype.toString.call(item)})`, path);
}

function pointerToken(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Walks a well-formed data item (cbor-x has already decoded it) and throws at the first tag or text
 * string that is not valid UTF-8. cbor-x applies its own tag extensions (bignums, typed arrays,
 * self-describe, shared values) and replaces bad UTF-8 silently, so neither would reach toPlain.
 * Returns the offset after the item.
 */
function checkItem(bytes: Uint8Array, at: number, path: string): number {
  if (at >= bytes.length) throw new CborShapeError('the data ends inside an item', path);
  const initial = bytes[at]!;
  const major = initial >> 5;
  const info = initial & 0x1f;
  let pos = at + 1;
  let arg = info;
  if (info >= 24 && info <= 27) {
    const size = 1 << (info - 24);
    arg = 0;
    for (let i = 0; i < size; i++) arg = arg * 256 + bytes[pos + i]!;
    pos += size;
  }
  const indefinite = info === 31;
  switch (major) {
    case 0:
    case 1:
      return pos;
    case 7:
      if (info === 23) throw new CborShapeError('the CBOR "undefined" value has no JSON counterpart', path);
      if (info >= 25 && info <= 27 && !finiteFloat(bytes[at + 1]!, bytes[at + 2]!, info)) {
        throw new CborShapeError('NaN and infinities have no JSON counterpart', path);
      }
      return pos;
    case 2:
    case 3: {
      if (indefinite) {
        while (bytes[pos] !== 0xff) pos = checkItem(bytes, pos, path);
        return pos + 1;
      }
      if (major === 3) {
        try {
          strictUtf8.decode(bytes.subarray(pos, pos + arg));
        } catch {
          throw new CborShapeError('a text string is not valid UTF-8', path);
        }
      }
      return pos + arg;
    }
    case 4: {
      for (let i = 0; indefinite ? bytes[pos] !== 0xff : i < arg; i++) pos = checkItem(bytes, pos, `${path}/${i}`);
      return indefinite ? pos + 1 : pos;
    }
    case 5: {
      for (let i = 0; indefinite ? bytes[pos] !== 0xff : i < arg; i++) {
        const keyAt = pos;
        if (keyAt < bytes.length && bytes[keyAt]! >> 5 !== 3) {
          throw new CborShapeError(`a map key of major type ${bytes[keyAt]! >> 5} is not a text string`, path);
        }
        pos = checkItem(bytes, pos, path);
        const key = textOf(bytes, keyAt);
        pos = checkItem(bytes, pos, key === undefined ? path : `${path}/${pointerToken(key)}`);
      }
      return indefinite ? pos + 1 : pos;
    }
    default:
      throw new CborShapeError(`CBOR tag ${arg} is not allowed in DM bodies`, path);
  }
}

/** Whether a half, single or double float (additional info 25, 26, 27) is finite: its exponent is not all ones. */
function finiteFloat(b0: number, b1: number, info: number): boolean {
  if (info === 25) return (b0 & 0x7c) !== 0x7c;
  if (info === 26) return (((b0 & 0x7f) << 1) | (b1 >> 7)) !== 0xff;
  return (((b0 & 0x7f) << 4) | (b1 >> 4)) !== 0x7ff;
}

/** The text of a (valid, definite or indefinite) text string item, for JSON pointers. */
function textOf(bytes: Uint8Array, at: number): string | undefined {
  const info = bytes[at]! & 0x1f;
  if (info === 31) return undefined;
  let pos = at + 1;
  let length = info;
  if (info >= 24) {
    const size = 1 << (info - 24);
    length = 0;
    for (let i = 0; i < size; i++) length = length * 256 + bytes[pos + i]!;
    pos += size;
  }
  return strictUtf8.decode(bytes.subarray(pos, pos + length));
}

/** Decodes one CBOR data item filling the whole buffer into the JSON data model (+ byte strings). */
export function decodeCbor(bytes: Uint8Array): Result<unknown> {
  if (bytes.length === 0) return fail('BODY_SYNTAX', 'the CBOR body is empty');
  let item: unknown;
  try {
    item = decoder.decode(bytes);
  } catch (error) {
    return fail('BODY_SYNTAX', `the body is not well-formed CBOR: ${(error as Error).message}`);
  }
  // Before the recursive checks below: a deep item would overflow their stack.
  if (nestsDeeperThan(item, MAX_BODY_NESTING)) return fail('BODY_SYNTAX', `the CBOR body nests deeper than ${MAX_BODY_NESTING} levels of arrays and maps`);
  try {
    checkItem(bytes, 0, '');
    return ok(toPlain(item, ''));
  } catch (error) {
    if (error instanceof CborShapeError) return fail('BODY_SYNTAX', `CBOR body: ${error.message}`, error.path);
    throw error;
  }
}
