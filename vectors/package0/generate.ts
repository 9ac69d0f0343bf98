/**
 * Writes the Package#0 wire vectors (NAME.bin + NAME.json) into this folder. The .bin files are
 * committed data; run this only to regenerate them: `node bin/run-ts.mjs vectors/package0/generate.ts`.
 *
 * Deliberately independent of harness/protocol/package0*.ts: every byte is laid out here by hand
 * from the profile rules (header, option header, extended nibbles) and the digest is computed with
 * node:crypto directly, so the vectors check the codec instead of echoing it.
 *
 * Vector JSON: { description, kind: "package0", bin, secret?, devId?, now?, seen?, expect }.
 * Vectors with `secret` (then also `devId` and `now`) check acceptance (checkNotification, with
 * `seen` = the listed [serverId, notificationId] pairs); the others check decoding only.
 * `expect` is { valid: true, notification } (digest as lowercase hex) or { error: { code } }.
 */
import { createHash } from 'node:crypto';
import { readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = import.meta.dirname;
const SECRET = 'noti-secret-0001';
const DEV_ID = 'IMEI:490154203237518';
const TS = 1_700_000_000; // 0x6553F100
const NOW = TS + 12;

interface Option {
  delta: number;
  value: Uint8Array;
  digest?: boolean;
}

const bytesOf = (hex: string): Buffer => Buffer.from(hex.replace(/\s+/g, ''), 'hex');
const utf8 = (s: string): Buffer => Buffer.from(s, 'utf8');
const u16 = (v: number): Buffer => Buffer.from([v >> 8, v & 0xff]);
const u32 = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v);
  return b;
};

/** Nibble + extension bytes: 0..12 as is, 13 + one byte (13+b), 14 + two bytes (269+u16). */
function field(v: number): [number, number[]] {
  if (v < 13) return [v, []];
  if (v < 269) return [13, [v - 13]];
  return [14, [(v - 269) >> 8, (v - 269) & 0xff]];
}

interface Built {
  bytes: Buffer;
  digestOffset?: number;
}

function build(options: Option[], header: { oc?: number; reserved?: number; version?: number } = {}): Built {
  const oc = header.oc ?? options.length;
  const parts: number[] = [((header.version ?? 0) << 4) | (oc >> 1), ((oc & 1) << 7) | (header.reserved ?? 0)];
  let digestOffset: number | undefined;
  for (const o of options) {
    const [dn, dx] = field(o.delta);
    const [ln, lx] = field(o.value.length);
    parts.push((dn << 4) | ln, ...dx, ...lx);
    if (o.digest) digestOffset = parts.length;
    parts.push(...o.value);
  }
  return digestOffset === undefined ? { bytes: Buffer.from(parts) } : { bytes: Buffer.from(parts), digestOffset };
}

/** Writes SHA-256(secret || bytes with digest zeroed || devId) into the digest option. */
function sign(b: Built, secret = SECRET, devId = DEV_ID): Buffer {
  const out = Buffer.from(b.bytes);
  if (b.digestOffset === undefined) return out;
  out.fill(0, b.digestOffset, b.digestOffset + 32);
  const digest = createHash('sha256').update(utf8(secret)).update(out).update(utf8(devId)).digest();
  digest.copy(out, b.digestOffset);
  return out;
}

const digestOpt = (delta: number): Option => ({ delta, value: new Uint8Array(32), digest: true });

interface VectorSpec {
  name: string;
  description: string;
  bytes: Buffer;
  acceptance?: { secret: string; devId: string; now: number; seen?: Array<[string, number]> };
  expect: { valid: true; notification: Record<string, unknown> } | { error: { code: string } };
}

const vectors: VectorSpec[] = [];
const acceptance = { secret: SECRET, devId: DEV_ID, now: NOW };

function digestHex(bytes: Buffer, b: Built): string {
  return bytes.subarray(b.digestOffset!, b.digestOffset! + 32).toString('hex');
}

function validSigned(name: string, description: string, serverId: string, extra: Partial<Record<'reserved', number>> = {}): void {
  const b = build([{ delta: 1, value: utf8(serverId) }, digestOpt(3), { delta: 1, value: u32(TS) }], extra);
  const bytes = sign(b);
  vectors.push({
    name,
    description,
    bytes,
    acceptance,
    expect: { valid: true, notification: { version: 0, serverId, digest: digestHex(bytes, b), timestamp: TS, reqMos: false } },
  });
}

// ---- valid ----
validSigned('valid-minimal', 'Smallest acceptable notification: SERVER-ID, SHA256-DIGEST, TIMESTAMP.', 'srv1');
{
  const b = build([
    { delta: 1, value: utf8('dm.example.com') },
    { delta: 1, value: Uint8Array.of(2) },
    { delta: 1, value: u16(0x1234) },
    digestOpt(1),
    { delta: 1, value: u32(TS) },
    { delta: 1, value: new Uint8Array(0) },
  ]);
  const bytes = sign(b);
  vectors.push({
    name: 'valid-all-options',
    description: 'All six options (OC=6), PREFERRED-CON-TYPE 2 (WLAN), NOTIFICATION-ID 0x1234, REQ-MOS.',
    bytes,
    acceptance,
    expect: {
      valid: true,
      notification: { version: 0, serverId: 'dm.example.com', preferredConType: 2, notificationId: 0x1234, digest: digestHex(bytes, b), timestamp: TS, reqMos: true },
    },
  });
}
validSigned('valid-extended-length-13', 'SERVER-ID of 13 bytes: length nibble 13 with extension byte 0x00.', 'server-abc-13');
validSigned('valid-extended-length-268', 'SERVER-ID of 268 bytes: length nibble 13 with extension byte 0xFF (largest one-byte form).', 's'.repeat(268));
validSigned('valid-extended-length-269', 'SERVER-ID of 269 bytes: length nibble 14 with extension 0x0000 (smallest two-byte form).', 'm'.repeat(269));
validSigned('valid-extended-length-1024', 'SERVER-ID of 1024 bytes of two-byte UTF-8 (512 x U+00E9), the maximum.', '\u00e9'.repeat(512));
validSigned('valid-reserved-bits-ignored', 'Reserved header bits set (byte1 = 0x7F | OC low bit): the decoder ignores them; the digest covers them.', 'srv1', { reserved: 0x7f });
validSigned('valid-timestamp-window-edge', 'TIMESTAMP exactly 300 s ahead of the client clock is still inside the window.', 'srv1');
vectors[vectors.length - 1]!.acceptance = { ...acceptance, now: TS - 300 };
vectors.push({
  name: 'decode-header-only',
  description: 'OC=0 and nothing else: decodes (to an empty notification) but would not be accepted.',
  bytes: bytesOf('0000'),
  expect: { valid: true, notification: { version: 0, reqMos: false } },
});

// ---- decode errors ----
const decodeError = (name: string, description: string, hex: string | Buffer, code: string): void => {
  vectors.push({ name, description, bytes: typeof hex === 'string' ? bytesOf(hex) : hex, expect: { error: { code } } });
};
decodeError('decode-truncated-header', 'One byte: shorter than the 2-byte header.', '00', 'NOTI_TRUNCATED');
decodeError('decode-truncated-value', 'SERVER-ID announces 5 value bytes but 3 follow.', '0080 15 737276', 'NOTI_TRUNCATED');
decodeError('decode-truncated-extension', 'Length nibble 13 but the extension byte is missing.', '0080 1d', 'NOTI_TRUNCATED');
decodeError('decode-version', 'VER = 1.', '1000', 'NOTI_VERSION');
decodeError('decode-option-count-above-6', 'OC = 7, more options than exist.', '0380', 'NOTI_OPTION_COUNT');
decodeError('decode-option-count-short', 'OC = 2 but the input ends cleanly after one option.', '0100 13 737276', 'NOTI_OPTION_COUNT');
decodeError('decode-option-repeat', 'SERVER-ID twice (second delta 0).', '0100 13 737276 03 616263', 'NOTI_OPTION_REPEAT');
decodeError('decode-option-unknown', 'Option number 7 (delta 7, empty value).', '0080 70', 'NOTI_OPTION_UNKNOWN');
decodeError('decode-option-length-con-type-size', 'PREFERRED-CON-TYPE with 2 value bytes.', '0080 22 0000', 'NOTI_OPTION_LENGTH');
decodeError('decode-option-length-con-type-value', 'PREFERRED-CON-TYPE value 7 (only 0..3 exist).', '0080 21 07', 'NOTI_OPTION_LENGTH');
decodeError('decode-option-length-bad-utf8', 'SERVER-ID bytes C3 28 are not valid UTF-8.', '0080 12 c328', 'NOTI_OPTION_LENGTH');
decodeError('decode-option-length-empty-server-id', 'SERVER-ID with an empty value.', '0080 10', 'NOTI_OPTION_LENGTH');
decodeError('decode-option-length-digest-31', 'SHA256-DIGEST of 31 bytes (length nibble 13, extension 0x12).', Buffer.concat([bytesOf('0080 4d 12'), Buffer.alloc(31, 0xab)]), 'NOTI_OPTION_LENGTH');
decodeError('decode-option-length-server-id-1025', 'SERVER-ID of 1025 bytes (two-byte length extension 0x02F4).', Buffer.concat([bytesOf('0080 1e 02f4'), Buffer.alloc(1025, 0x61)]), 'NOTI_OPTION_LENGTH');
decodeError('decode-reserved-nibble-delta', 'Option header 0xF0: delta nibble 15.', '0080 f0', 'NOTI_RESERVED_NIBBLE');
decodeError('decode-reserved-nibble-length', 'Option header 0x1F: length nibble 15.', '0080 1f', 'NOTI_RESERVED_NIBBLE');
decodeError('decode-trailing', 'One byte after the only announced option.', '0080 13 737276 00', 'NOTI_TRAILING');
decodeError('decode-too-large', '65537 bytes, one above the 64 KiB cap.', Buffer.concat([bytesOf('0080 10'), Buffer.alloc(65534)]), 'NOTI_TOO_LARGE');

// ---- acceptance errors ----
const acceptError = (name: string, description: string, bytes: Buffer, code: string, overrides: Partial<NonNullable<VectorSpec['acceptance']>> = {}): void => {
  vectors.push({ name, description, bytes, acceptance: { ...acceptance, ...overrides }, expect: { error: { code } } });
};
const standard = (): Built =>
  build([{ delta: 1, value: utf8('srv1') }, { delta: 2, value: u16(7) }, digestOpt(1), { delta: 1, value: u32(TS) }]);
{
  const b = standard();
  const bytes = sign(b);
  const at = b.digestOffset! + 5;
  bytes[at] = bytes[at]! ^ 0x01;
  acceptError('accept-wrong-digest', 'One bit of the SHA256-DIGEST flipped.', bytes, 'NOTI_DIGEST');
}
acceptError('accept-wrong-secret', 'Signed with another secret.', sign(standard(), 'another-secret'), 'NOTI_DIGEST');
acceptError('accept-wrong-devid', 'Signed for another DevID (authData).', sign(standard(), SECRET, 'IMEI:000000000000000'), 'NOTI_DIGEST');
acceptError('accept-missing-digest', 'No SHA256-DIGEST option: no notification credentials.', build([{ delta: 1, value: utf8('srv1') }, { delta: 4, value: u32(TS) }]).bytes, 'NOTI_NO_CREDENTIALS');
acceptError('accept-no-secret', 'Correctly signed, but the account has no notification secret.', sign(standard()), 'NOTI_NO_CREDENTIALS', { secret: '' });
acceptError('accept-stale-past', 'TIMESTAMP 301 s behind the client clock.', sign(standard()), 'NOTI_STALE', { now: TS + 301 });
acceptError('accept-stale-future', 'TIMESTAMP 301 s ahead of the client clock.', sign(standard()), 'NOTI_STALE', { now: TS - 301 });
acceptError('accept-missing-timestamp', 'Signed, but no TIMESTAMP option.', sign(build([{ delta: 1, value: utf8('srv1') }, digestOpt(3)])), 'NOTI_STALE');
acceptError('accept-no-server-id', 'Signed, but no SERVER-ID option.', sign(build([digestOpt(4), { delta: 1, value: u32(TS) }])), 'NOTI_NO_SERVER_ID');
acceptError('accept-duplicate', 'NOTIFICATION-ID 7 from srv1 was seen within 24 h.', sign(standard()), 'NOTI_DUPLICATE', { seen: [['srv1', 7]] });
{
  const b = standard();
  const bytes = sign(b);
  vectors.push({
    name: 'valid-id-seen-from-other-server',
    description: 'NOTIFICATION-ID 7 was seen, but from another server: not a duplicate.',
    bytes,
    acceptance: { ...acceptance, seen: [['srv2', 7]] },
    expect: { valid: true, notification: { version: 0, serverId: 'srv1', notificationId: 7, digest: digestHex(bytes, b), timestamp: TS, reqMos: false } },
  });
}

for (const file of readdirSync(DIR)) if (/\.(bin|json)$/.test(file)) unlinkSync(join(DIR, file));
for (const v of vectors) {
  const json = {
    description: v.description,
    kind: 'package0',
    bin: `${v.name}.bin`,
    ...(v.acceptance ?? {}),
    expect: v.expect,
  };
  writeFileSync(join(DIR, `${v.name}.bin`), v.bytes);
  writeFileSync(join(DIR, `${v.name}.json`), `${JSON.stringify(json, null, 2)}\n`);
}
process.stdout.write(`wrote ${vectors.length} vectors to ${DIR}\n`);
