/**
 * Package#0 (the notification, K-NOTI / P-NOTI) binary codec. Big-endian throughout.
 *
 * Wire format, with the choices this file makes where the profile leaves room:
 * - Header, 2 bytes: byte0 = VER<<4 | (OC>>1); byte1 = (OC&1)<<7 | reserved (7 bits). VER must be 0
 *   (`NOTI_VERSION`). Encoders write the reserved bits as 0; the decoder ignores them (the digest
 *   still covers them, so a changed reserved bit fails verification).
 * - OC (option count) must equal the number of options present. Each option appears at most once
 *   and only options 1..6 exist, so an OC above 6 is `NOTI_OPTION_COUNT` at once. Input that ends
 *   cleanly on an option boundary before OC options were read is `NOTI_OPTION_COUNT`; input that
 *   ends inside an option (or is shorter than the header) is `NOTI_TRUNCATED`; bytes after the
 *   OC-th option are `NOTI_TRAILING`.
 * - Each option: one byte `delta<<4 | lengthNibble`, then the extended delta bytes, then the
 *   extended length bytes (CoAP order, RFC 7252 §3.1), then the value. A nibble of 0..12 is the
 *   value itself; 13 => one extra byte b, value 13+b; 14 => two extra bytes u16, value 269+u16;
 *   15 is `NOTI_RESERVED_NIBBLE` (for either nibble). These encodings are unique, so the encoding
 *   of a notification is canonical (minimal) by construction.
 * - Option number = previous number + delta, starting from 0. Delta 0 would repeat an option (or
 *   name option 0), which is `NOTI_OPTION_REPEAT`; a resulting number above 6 is `NOTI_OPTION_UNKNOWN`.
 * - Options (PACKAGE0_OPTION) and their value sizes; a wrong size or bad content is `NOTI_OPTION_LENGTH`:
 *   1 SERVER-ID 1..1024 bytes of well-formed UTF-8 (a leading BOM is kept, not stripped);
 *   2 PREFERRED-CON-TYPE 1 byte, 0 any, 1 cellular, 2 WLAN, 3 wireline; 3 NOTIFICATION-ID 2 bytes
 *   (uint16); 4 SHA256-DIGEST 32 bytes; 5 TIMESTAMP 4 bytes (uint32 POSIX seconds); 6 REQ-MOS 0 bytes.
 * - Input above PACKAGE0_MAX_BYTES (64 KiB) is `NOTI_TOO_LARGE` (path "65536") before anything is read.
 * - Error paths are byte offsets as decimal strings: the header byte for header errors ("0"), the
 *   option header byte for nibble, repeat and unknown-option errors, the value's first byte for value
 *   errors, the first missing byte (the input length) for truncation, the first extra byte for
 *   trailing bytes. Encoder errors (an invalid model) use a JSON Pointer to the member, e.g. "/serverId".
 * Decoding never throws and never reads outside the input.
 */
import { fail, ok, type Result } from './result.ts';

/** Option numbers of Package#0, in the order they must appear. */
export const PACKAGE0_OPTION = {
  SERVER_ID: 1,
  PREFERRED_CON_TYPE: 2,
  NOTIFICATION_ID: 3,
  SHA256_DIGEST: 4,
  TIMESTAMP: 5,
  REQ_MOS: 6,
} as const;

export type Package0OptionNumber = (typeof PACKAGE0_OPTION)[keyof typeof PACKAGE0_OPTION];

/** Values of the PREFERRED-CON-TYPE option. */
export const PREFERRED_CON_TYPE = { ANY: 0, CELLULAR: 1, WLAN: 2, WIRELINE: 3 } as const;

export type PreferredConType = (typeof PREFERRED_CON_TYPE)[keyof typeof PREFERRED_CON_TYPE];

/** Stable error codes of the decoder (and of the encoder's model checks). */
export const PACKAGE0_ERROR = {
  TOO_LARGE: 'NOTI_TOO_LARGE',
  TRUNCATED: 'NOTI_TRUNCATED',
  VERSION: 'NOTI_VERSION',
  OPTION_COUNT: 'NOTI_OPTION_COUNT',
  OPTION_REPEAT: 'NOTI_OPTION_REPEAT',
  OPTION_UNKNOWN: 'NOTI_OPTION_UNKNOWN',
  OPTION_LENGTH: 'NOTI_OPTION_LENGTH',
  RESERVED_NIBBLE: 'NOTI_RESERVED_NIBBLE',
  TRAILING: 'NOTI_TRAILING',
} as const;

export const PACKAGE0_VERSION = 0;
export const PACKAGE0_MAX_BYTES = 65536;
export const PACKAGE0_DIGEST_BYTES = 32;
export const PACKAGE0_SERVER_ID_MAX_BYTES = 1024;

const HEADER_BYTES = 2;
const MAX_OPTION_COUNT = 6;
const NIBBLE_ONE_BYTE = 13;
const NIBBLE_TWO_BYTES = 14;
const NIBBLE_RESERVED = 15;
const TWO_BYTE_BASE = 269;

/** The decoded notification. An absent option is an absent member; REQ-MOS is a flag. */
export interface Notification {
  version: 0;
  serverId?: string;
  preferredConType?: PreferredConType;
  notificationId?: number;
  digest?: Uint8Array;
  timestamp?: number;
  reqMos: boolean;
}

/** Where one option sits in the encoded bytes. */
export interface Package0OptionSpan {
  number: Package0OptionNumber;
  /** Offset of the option header byte. */
  offset: number;
  /** Offset of the first value byte. */
  valueOffset: number;
  /** Value length in bytes. */
  length: number;
}

/** A decoded notification together with the position of each option (used by the digest). */
export interface Package0Layout {
  notification: Notification;
  options: Package0OptionSpan[];
}

const OPTION_NAME: Record<Package0OptionNumber, string> = {
  1: 'SERVER-ID',
  2: 'PREFERRED-CON-TYPE',
  3: 'NOTIFICATION-ID',
  4: 'SHA256-DIGEST',
  5: 'TIMESTAMP',
  6: 'REQ-MOS',
};

const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function byteCount(n: number): string {
  return n === 1 ? '1 byte' : `${n} bytes`;
}

function isUint(value: unknown, max: number): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max;
}

/** The nibble and extension bytes that encode `value` (0..65804). */
function extendedField(value: number): { nibble: number; extension: number[] } {
  if (value < NIBBLE_ONE_BYTE) return { nibble: value, extension: [] };
  if (value < TWO_BYTE_BASE) return { nibble: NIBBLE_ONE_BYTE, extension: [value - NIBBLE_ONE_BYTE] };
  const rest = value - TWO_BYTE_BASE;
  return { nibble: NIBBLE_TWO_BYTES, extension: [rest >> 8, rest & 0xff] };
}

function uintBytes(value: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = size - 1, v = value; i >= 0; i--, v = Math.floor(v / 256)) out[i] = v % 256;
  return out;
}

/** Encodes a notification: present options in increasing number, minimal encodings, reserved bits 0. */
export function encodePackage0(n: Notification): Result<Uint8Array> {
  if (n.version !== PACKAGE0_VERSION) return fail(PACKAGE0_ERROR.VERSION, 'Only Package#0 version 0 can be encoded.', '/version');
  const options: Array<[Package0OptionNumber, Uint8Array]> = [];
  if (n.serverId !== undefined) {
    if (typeof n.serverId !== 'string' || LONE_SURROGATE.test(n.serverId)) {
      return fail(PACKAGE0_ERROR.OPTION_LENGTH, 'SERVER-ID must be a well-formed Unicode string.', '/serverId');
    }
    const bytes = utf8Encoder.encode(n.serverId);
    if (bytes.length < 1 || bytes.length > PACKAGE0_SERVER_ID_MAX_BYTES) {
      return fail(PACKAGE0_ERROR.OPTION_LENGTH, `SERVER-ID must be 1 to ${PACKAGE0_SERVER_ID_MAX_BYTES} bytes of UTF-8, not ${bytes.length}.`, '/serverId');
    }
    options.push([PACKAGE0_OPTION.SERVER_ID, bytes]);
  }
  if (n.preferredConType !== undefined) {
    if (!isUint(n.preferredConType, 3)) return fail(PACKAGE0_ERROR.OPTION_LENGTH, 'PREFERRED-CON-TYPE must be 0, 1, 2 or 3.', '/preferredConType');
    options.push([PACKAGE0_OPTION.PREFERRED_CON_TYPE, Uint8Array.of(n.preferredConType)]);
  }
  if (n.notificationId !== undefined) {
    if (!isUint(n.notificationId, 0xffff)) return fail(PACKAGE0_ERROR.OPTION_LENGTH, 'NOTIFICATION-ID must be an integer from 0 to 65535.', '/notificationId');
    options.push([PACKAGE0_OPTION.NOTIFICATION_ID, uintBytes(n.notificationId, 2)]);
  }
  if (n.digest !== undefined) {
    if (!(n.digest instanceof Uint8Array) || n.digest.length !== PACKAGE0_DIGEST_BYTES) {
      return fail(PACKAGE0_ERROR.OPTION_LENGTH, `SHA256-DIGEST must be exactly ${PACKAGE0_DIGEST_BYTES} bytes.`, '/digest');
    }
    options.push([PACKAGE0_OPTION.SHA256_DIGEST, n.digest]);
  }
  if (n.timestamp !== undefined) {
    if (!isUint(n.timestamp, 0xffffffff))
      return fail(PACKAGE0_ERROR.OPTION_LENGTH, 'TIMESTAMP must be an integer from 0 to 4294967295 (uint32 seconds).', '/timestamp');
    options.push([PACKAGE0_OPTION.TIMESTAMP, uintBytes(n.timestamp, 4)]);
  }
  if (typeof n.reqMos !== 'boolean') return fail(PACKAGE0_ERROR.OPTION_LENGTH, 'reqMos must be a boolean.', '/reqMos');
  if (n.reqMos) options.push([PACKAGE0_OPTION.REQ_MOS, new Uint8Array(0)]);

  const out: number[] = [(PACKAGE0_VERSION << 4) | (options.length >> 1), (options.length & 1) << 7];
  let previous = 0;
  for (const [number, value] of options) {
    const delta = extendedField(number - previous);
    const length = extendedField(value.length);
    out.push((delta.nibble << 4) | length.nibble, ...delta.extension, ...length.extension);
    for (const byte of value) out.push(byte);
    previous = number;
  }
  return ok(Uint8Array.from(out));
}

/** Reads the value of a nibble at `pos`; fails when the extension bytes are missing. */
function readExtended(bytes: Uint8Array, pos: number, nibble: number): Result<{ value: number; next: number }> {
  if (nibble < NIBBLE_ONE_BYTE) return ok({ value: nibble, next: pos });
  const size = nibble === NIBBLE_ONE_BYTE ? 1 : 2;
  if (pos + size > bytes.length) {
    return fail(PACKAGE0_ERROR.TRUNCATED, `The input ends inside an option's extended delta or length bytes.`, String(bytes.length));
  }
  if (size === 1) return ok({ value: NIBBLE_ONE_BYTE + bytes[pos]!, next: pos + 1 });
  return ok({ value: TWO_BYTE_BASE + ((bytes[pos]! << 8) | bytes[pos + 1]!), next: pos + 2 });
}

function readUint(bytes: Uint8Array, pos: number, size: number): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + bytes[pos + i]!;
  return v;
}

/** Checks one option value and stores it in the notification. */
function storeValue(n: Notification, number: Package0OptionNumber, value: Uint8Array, at: string): Result<true> {
  const name = OPTION_NAME[number];
  const wrongSize = (expected: string) => fail(PACKAGE0_ERROR.OPTION_LENGTH, `${name} must be ${expected}, not ${byteCount(value.length)}.`, at);
  switch (number) {
    case PACKAGE0_OPTION.SERVER_ID: {
      if (value.length < 1 || value.length > PACKAGE0_SERVER_ID_MAX_BYTES) return wrongSize(`1 to ${PACKAGE0_SERVER_ID_MAX_BYTES} bytes`);
      try {
        n.serverId = utf8Decoder.decode(value);
      } catch {
        return fail(PACKAGE0_ERROR.OPTION_LENGTH, 'SERVER-ID is not valid UTF-8.', at);
      }
      return ok(true);
    }
    case PACKAGE0_OPTION.PREFERRED_CON_TYPE: {
      if (value.length !== 1) return wrongSize('exactly 1 byte');
      const type = value[0]!;
      if (type > 3) return fail(PACKAGE0_ERROR.OPTION_LENGTH, `PREFERRED-CON-TYPE ${type} is not one of 0 (any), 1 (cellular), 2 (WLAN), 3 (wireline).`, at);
      n.preferredConType = type as PreferredConType;
      return ok(true);
    }
    case PACKAGE0_OPTION.NOTIFICATION_ID:
      if (value.length !== 2) return wrongSize('exactly 2 bytes');
      n.notificationId = readUint(value, 0, 2);
      return ok(true);
    case PACKAGE0_OPTION.SHA256_DIGEST:
      if (value.length !== PACKAGE0_DIGEST_BYTES) return wrongSize(`exactly ${PACKAGE0_DIGEST_BYTES} bytes`);
      n.digest = new Uint8Array(value);
      return ok(true);
    case PACKAGE0_OPTION.TIMESTAMP:
      if (value.length !== 4) return wrongSize('exactly 4 bytes');
      n.timestamp = readUint(value, 0, 4);
      return ok(true);
    case PACKAGE0_OPTION.REQ_MOS:
      if (value.length !== 0) return wrongSize('empty');
      n.reqMos = true;
      return ok(true);
  }
}

/** Decodes a Package#0 and reports where each option sits. Never throws. */
export function decodePackage0Layout(bytes: Uint8Array): Result<Package0Layout> {
  if (bytes.length > PACKAGE0_MAX_BYTES) {
    return fail(
      PACKAGE0_ERROR.TOO_LARGE,
      `The notification is ${byteCount(bytes.length)}, above the ${PACKAGE0_MAX_BYTES}-byte limit.`,
      String(PACKAGE0_MAX_BYTES),
    );
  }
  if (bytes.length < HEADER_BYTES) {
    return fail(PACKAGE0_ERROR.TRUNCATED, `The notification is ${byteCount(bytes.length)}, shorter than its 2-byte header.`, String(bytes.length));
  }
  const byte0 = bytes[0]!;
  const byte1 = bytes[1]!;
  const version = byte0 >> 4;
  if (version !== PACKAGE0_VERSION) return fail(PACKAGE0_ERROR.VERSION, `Version ${version} is not supported; only version 0 is.`, '0');
  const count = ((byte0 & 0x0f) << 1) | (byte1 >> 7);
  if (count > MAX_OPTION_COUNT) {
    return fail(PACKAGE0_ERROR.OPTION_COUNT, `The header announces ${count} options but at most ${MAX_OPTION_COUNT} distinct options exist.`, '0');
  }

  const notification: Notification = { version: 0, reqMos: false };
  const options: Package0OptionSpan[] = [];
  let pos = HEADER_BYTES;
  let number = 0;
  for (let i = 0; i < count; i++) {
    if (pos >= bytes.length) {
      return fail(PACKAGE0_ERROR.OPTION_COUNT, `The header announces ${count} options but the input holds only ${i}.`, String(pos));
    }
    const offset = pos;
    const head = bytes[pos]!;
    const deltaNibble = head >> 4;
    const lengthNibble = head & 0x0f;
    if (deltaNibble === NIBBLE_RESERVED || lengthNibble === NIBBLE_RESERVED) {
      return fail(
        PACKAGE0_ERROR.RESERVED_NIBBLE,
        `The option header uses the reserved ${deltaNibble === NIBBLE_RESERVED ? 'delta' : 'length'} nibble 15.`,
        String(offset),
      );
    }
    const delta = readExtended(bytes, pos + 1, deltaNibble);
    if (!delta.ok) return delta;
    const length = readExtended(bytes, delta.value.next, lengthNibble);
    if (!length.ok) return length;
    if (delta.value.value === 0) {
      return fail(
        PACKAGE0_ERROR.OPTION_REPEAT,
        number === 0 ? 'The first option has delta 0, which names no option.' : `Option ${number} appears more than once.`,
        String(offset),
      );
    }
    number += delta.value.value;
    if (number > MAX_OPTION_COUNT) return fail(PACKAGE0_ERROR.OPTION_UNKNOWN, `Option number ${number} is not defined for Package#0.`, String(offset));
    const valueOffset = length.value.next;
    const size = length.value.value;
    if (valueOffset + size > bytes.length) {
      return fail(PACKAGE0_ERROR.TRUNCATED, `The input ends inside the ${size}-byte value of option ${number}.`, String(bytes.length));
    }
    const optionNumber = number as Package0OptionNumber;
    const stored = storeValue(notification, optionNumber, bytes.subarray(valueOffset, valueOffset + size), String(valueOffset));
    if (!stored.ok) return stored;
    options.push({ number: optionNumber, offset, valueOffset, length: size });
    pos = valueOffset + size;
  }
  if (pos < bytes.length) {
    return fail(PACKAGE0_ERROR.TRAILING, `The input has ${byteCount(bytes.length - pos)} beyond the OC=${count} options the header announces.`, String(pos));
  }
  return ok({ notification, options });
}

/** Decodes a Package#0. Never throws; every problem is an error value with a byte offset. */
export function decodePackage0(bytes: Uint8Array): Result<Notification> {
  const layout = decodePackage0Layout(bytes);
  return layout.ok ? ok(layout.value.notification) : layout;
}
