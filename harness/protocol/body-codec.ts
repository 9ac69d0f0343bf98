/** Bytes <-> package bodies in either encoding, validated against the schema of their kind. */
import { decodeCbor, encodeCbor } from './cbor-codec.ts';
import { decodeJson, encodeJson } from './json-codec.ts';
import type { BodyKind, Encoding } from './media-types.ts';
import type { Result } from './result.ts';
import { validateBody, type BodyByKind } from './validate.ts';

export function encodeBody(value: unknown, encoding: Encoding): Buffer {
  return encoding === 'cbor' ? encodeCbor(value) : encodeJson(value);
}

export function decodeValue(bytes: Uint8Array, encoding: Encoding): Result<unknown> {
  return encoding === 'cbor' ? decodeCbor(bytes) : decodeJson(bytes);
}

/** Decodes and validates: `BODY_SYNTAX` when the bytes are not JSON/CBOR, `SCHEMA` when the structure is wrong. */
export function decodeBody<K extends BodyKind>(kind: K, bytes: Uint8Array, encoding: Encoding): Result<BodyByKind[K]> {
  const decoded = decodeValue(bytes, encoding);
  if (!decoded.ok) return decoded;
  return validateBody(kind, decoded.value);
}
