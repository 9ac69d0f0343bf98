/**
 * CBOR twin of every body (P-CBOR, RFC 8949) with cbor-x. Encoding is deterministic: map keys in
 * the bytewise order of their encodings (RFC 8949 §4.2.1), shortest integer and length heads,
 * definite lengths, no tags. One documented deviation: non-integral numbers are always 64-bit floats.
 * Decoding accepts any well-formed CBOR whose items map onto the JSON data model plus byte strings.
 */
import { Decoder, Encoder } from 'cbor-x';
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
  if (typeof value === 'number' && Number.isInteger(value) && Math.abs(value) > 0xffffffff) return BigInt(value);
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
  if (typeof item === 'number') return item;
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
      out[k] = toPlain(v, `${path}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`);
    }
    return out;
  }
  if (item === undefined) throw new CborShapeError('the CBOR "undefined" value has no JSON counterpart', path);
  const tag = (item as { tag?: unknown }).tag;
  if (tag !== undefined) throw new CborShapeError(`CBOR tag ${String(tag)} is not allowed in DM bodies`, path);
  throw new CborShapeError(`CBOR item of unsupported type (${Object.prototype.toString.call(item)})`, path);
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
  try {
    return ok(toPlain(item, ''));
  } catch (error) {
    if (error instanceof CborShapeError) return fail('BODY_SYNTAX', `CBOR body: ${error.message}`, error.path);
    throw error;
  }
}
