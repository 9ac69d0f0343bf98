/**
 * Package#0 codec, digest, acceptance and NOTIFICATION-ID memory (K-NOTI, P-NOTI). Expected bytes
 * are written by hand from the wire rules, never produced by the encoder under test.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decodePackage0, decodePackage0Layout, encodePackage0, PACKAGE0_OPTION, type Notification } from '../../harness/protocol/package0.ts';
import { checkNotification, computeDigest, signNotification, verifyDigest, type NotificationCheckOptions } from '../../harness/protocol/package0-digest.ts';
import { NotificationIdMemory } from '../../harness/protocol/notification-id-memory.ts';
import type { Result } from '../../harness/protocol/result.ts';

const hex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const toHex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

function errorOf<T>(r: Result<T>): { code: string; path?: string } {
  if (r.ok) throw new Error('expected an error');
  return r.error.path === undefined ? { code: r.error.code } : { code: r.error.code, path: r.error.path };
}

const SECRET = 'secret';
const DEV_ID = 'IMEI:1';
const TS = 1_700_000_000; // 0x6553F100

describe('encodePackage0: hand-checked bytes', () => {
  it('SERVER-ID "srv" + REQ-MOS', () => {
    // OC=2: byte0 = 0<<4 | 2>>1 = 01, byte1 = (2&1)<<7 = 00.
    // option 1: delta 1, length 3 -> 13, 's' 'r' 'v'; option 6: delta 5, length 0 -> 50.
    const n: Notification = { version: 0, serverId: 'srv', reqMos: true };
    expect(toHex(value(encodePackage0(n)))).toBe('0100' + '13737276' + '50');
    expect(value(decodePackage0(hex('0100 13737276 50')))).toEqual(n);
  });

  it('odd option count sets the OC bit in byte 1', () => {
    // OC=3: byte0 = 01, byte1 = 80. SERVER-ID 'a': 11 61. NOTIFICATION-ID 1: delta 2, length 2 -> 22 0001.
    // TIMESTAMP 0: delta 2, length 4 -> 24 00000000.
    const n: Notification = { version: 0, serverId: 'a', notificationId: 1, timestamp: 0, reqMos: false };
    expect(toHex(value(encodePackage0(n)))).toBe('0180' + '1161' + '220001' + '2400000000');
    expect(value(decodePackage0(hex('0180 1161 220001 2400000000')))).toEqual(n);
  });

  it('all six options, with a one-byte extended length for the digest', () => {
    // OC=6: 03 00. SERVER-ID 'dm.example' (10 bytes): 1a ...; CON-TYPE 2: 11 02; NOTIFICATION-ID
    // 0x1234: 12 1234; DIGEST 32 bytes: delta 1, nibble 13, extension 32-13 = 0x13 -> 1d 13 ab*32;
    // TIMESTAMP 1700000000 = 0x6553f100: 14 6553f100; REQ-MOS: 10.
    const digest = new Uint8Array(32).fill(0xab);
    const n: Notification = {
      version: 0,
      serverId: 'dm.example',
      preferredConType: 2,
      notificationId: 0x1234,
      digest,
      timestamp: TS,
      reqMos: true,
    };
    const expected = `03001a646d2e6578616d706c6511021212341d13${'ab'.repeat(32)}146553f10010`;
    expect(toHex(value(encodePackage0(n)))).toBe(expected);
    expect(value(decodePackage0(hex(expected)))).toEqual(n);
  });

  it('a 300-byte SERVER-ID uses the two-byte length extension (269 + 31)', () => {
    // OC=1: 00 80. Option header 1e (delta 1, nibble 14), extension 300-269 = 31 = 00 1f.
    const n: Notification = { version: 0, serverId: 'x'.repeat(300), reqMos: false };
    expect(toHex(value(encodePackage0(n)))).toBe(`00801e001f${'78'.repeat(300)}`);
  });

  it('the extension boundaries 12/13 and 268/269', () => {
    const head = (len: number) => toHex(value(encodePackage0({ version: 0, serverId: 'q'.repeat(len), reqMos: false }))).slice(4, 10);
    expect(head(12).slice(0, 2)).toBe('1c');
    expect(head(13)).toBe('1d0071');
    expect(head(268)).toBe('1dff71');
    expect(head(269)).toBe('1e0000');
  });

  it('an empty notification is the bare header', () => {
    expect(toHex(value(encodePackage0({ version: 0, reqMos: false })))).toBe('0000');
  });

  it('rejects models it cannot encode, naming the member', () => {
    const base: Notification = { version: 0, reqMos: false };
    const cases: Array<[Partial<Notification> | Record<string, unknown>, string]> = [
      [{ version: 1 }, '/version'],
      [{ serverId: '' }, '/serverId'],
      [{ serverId: 'a'.repeat(1025) }, '/serverId'],
      [{ serverId: '\ud800' }, '/serverId'],
      [{ preferredConType: 4 }, '/preferredConType'],
      [{ notificationId: 65536 }, '/notificationId'],
      [{ notificationId: 1.5 }, '/notificationId'],
      [{ digest: new Uint8Array(31) }, '/digest'],
      [{ timestamp: -1 }, '/timestamp'],
      [{ timestamp: 2 ** 32 }, '/timestamp'],
    ];
    for (const [patch, path] of cases) {
      const r = encodePackage0({ ...base, ...patch } as Notification);
      expect(r.ok, path).toBe(false);
      if (!r.ok) expect(r.error.path).toBe(path);
    }
  });
});

describe('decodePackage0: errors', () => {
  const cases: Array<[string, string, string, string]> = [
    ['empty input', '', 'NOTI_TRUNCATED', '0'],
    ['one byte', '00', 'NOTI_TRUNCATED', '1'],
    ['version 1', '1000', 'NOTI_VERSION', '0'],
    ['version 15', 'f000', 'NOTI_VERSION', '0'],
    ['OC = 7', '0380', 'NOTI_OPTION_COUNT', '0'],
    ['OC = 31', '0f80', 'NOTI_OPTION_COUNT', '0'],
    ['OC = 1 and nothing follows', '0080', 'NOTI_OPTION_COUNT', '2'],
    ['OC = 2, one option', '0100 1161', 'NOTI_OPTION_COUNT', '4'],
    ['value cut short', '0080 15 737276', 'NOTI_TRUNCATED', '6'],
    ['one-byte length extension missing', '0080 1d', 'NOTI_TRUNCATED', '3'],
    ['two-byte length extension cut', '0080 1e 00', 'NOTI_TRUNCATED', '4'],
    ['delta extension missing', '0080 d0', 'NOTI_TRUNCATED', '3'],
    ['delta 0 first', '0080 01 61', 'NOTI_OPTION_REPEAT', '2'],
    ['SERVER-ID twice', '0100 1161 0162', 'NOTI_OPTION_REPEAT', '4'],
    ['option 7', '0080 70', 'NOTI_OPTION_UNKNOWN', '2'],
    ['option 6 then 7', '0100 60 10', 'NOTI_OPTION_UNKNOWN', '3'],
    ['extended delta 13', '0080 d0 00', 'NOTI_OPTION_UNKNOWN', '2'],
    ['delta nibble 15', '0080 f0', 'NOTI_RESERVED_NIBBLE', '2'],
    ['length nibble 15', '0080 1f', 'NOTI_RESERVED_NIBBLE', '2'],
    ['payload marker ff', '0080 ff', 'NOTI_RESERVED_NIBBLE', '2'],
    ['empty SERVER-ID', '0080 10', 'NOTI_OPTION_LENGTH', '3'],
    ['bad UTF-8 SERVER-ID', '0080 12 c328', 'NOTI_OPTION_LENGTH', '3'],
    ['surrogate encoded in UTF-8', '0080 13 eda080', 'NOTI_OPTION_LENGTH', '3'],
    ['CON-TYPE of 0 bytes', '0080 20', 'NOTI_OPTION_LENGTH', '3'],
    ['CON-TYPE 4', '0080 21 04', 'NOTI_OPTION_LENGTH', '3'],
    ['CON-TYPE 7', '0080 21 07', 'NOTI_OPTION_LENGTH', '3'],
    ['NOTIFICATION-ID of 1 byte', '0080 31 01', 'NOTI_OPTION_LENGTH', '3'],
    ['NOTIFICATION-ID of 3 bytes', '0080 33 000001', 'NOTI_OPTION_LENGTH', '3'],
    ['DIGEST of 33 bytes', `0080 4d 14 ${'00'.repeat(33)}`, 'NOTI_OPTION_LENGTH', '4'],
    ['TIMESTAMP of 8 bytes', `0080 58 ${'00'.repeat(8)}`, 'NOTI_OPTION_LENGTH', '3'],
    ['REQ-MOS with a value', '0080 61 01', 'NOTI_OPTION_LENGTH', '3'],
    ['trailing byte', '0080 1161 00', 'NOTI_TRAILING', '4'],
    ['trailing option beyond OC', '0080 1161 50', 'NOTI_TRAILING', '4'],
  ];
  it.each(cases)('%s', (_name, input, code, path) => {
    expect(errorOf(decodePackage0(hex(input)))).toEqual({ code, path });
  });

  it('SERVER-ID of 1025 bytes', () => {
    // nibble 14, extension 1025-269 = 756 = 02 f4
    expect(errorOf(decodePackage0(hex(`0080 1e02f4 ${'61'.repeat(1025)}`)))).toEqual({ code: 'NOTI_OPTION_LENGTH', path: '5' });
  });

  it('input above 64 KiB is NOTI_TOO_LARGE; exactly 64 KiB is read', () => {
    expect(errorOf(decodePackage0(new Uint8Array(65537)))).toEqual({ code: 'NOTI_TOO_LARGE', path: '65536' });
    expect(errorOf(decodePackage0(new Uint8Array(65536)))).toEqual({ code: 'NOTI_TRAILING', path: '2' });
  });

  it('errors carry one sentence', () => {
    const r = decodePackage0(hex('0080 21 07'));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/^[A-Z].*\.$/);
  });
});

describe('decodePackage0: accepted forms', () => {
  it('ignores the reserved header bits', () => {
    expect(value(decodePackage0(hex('007f')))).toEqual({ version: 0, reqMos: false });
    expect(value(decodePackage0(hex('00ff 1161')))).toEqual({ version: 0, serverId: 'a', reqMos: false });
  });

  it('keeps a leading BOM in SERVER-ID', () => {
    expect(value(decodePackage0(hex('0080 14 efbbbf61'))).serverId).toBe('\ufeffa');
  });

  it('returns a detached plain Uint8Array digest even for Buffer input', () => {
    const input = Buffer.from(hex(`0080 4d13 ${'07'.repeat(32)}`));
    const digest = value(decodePackage0(input)).digest!;
    expect(digest.constructor).toBe(Uint8Array);
    input[4] = 0;
    expect(digest[0]).toBe(7);
  });

  it('reports option positions', () => {
    const layout = value(decodePackage0Layout(hex(`0100 1161 3d13${'00'.repeat(32)}`)));
    expect(layout.options).toEqual([
      { number: PACKAGE0_OPTION.SERVER_ID, offset: 2, valueOffset: 3, length: 1 },
      { number: PACKAGE0_OPTION.SHA256_DIGEST, offset: 4, valueOffset: 6, length: 32 },
    ]);
  });
});

describe('digest', () => {
  // SERVER-ID 'a', DIGEST, TIMESTAMP TS: OC=3 -> 01 80; 11 61; 3d 13 <32>; 14 6553f100.
  const zeroed = hex(`0180 1161 3d13${'00'.repeat(32)}146553f100`);
  const expectedDigest = createHash('sha256').update(Buffer.from(SECRET)).update(zeroed).update(Buffer.from(DEV_ID)).digest('hex');
  const signedHex = `0180 1161 3d13${expectedDigest}146553f100`;
  const model: Notification = { version: 0, serverId: 'a', timestamp: TS, reqMos: false };

  it('signNotification writes SHA-256(secret || zeroed notification || DevID) into place', () => {
    expect(toHex(signNotification(model, SECRET, DEV_ID))).toBe(signedHex.replace(/\s+/g, ''));
  });

  it('signNotification replaces a digest already in the model', () => {
    const signed = signNotification({ ...model, digest: new Uint8Array(32).fill(9) }, SECRET, DEV_ID);
    expect(toHex(signed)).toBe(signedHex.replace(/\s+/g, ''));
  });

  it('computeDigest ignores the digest bytes carried', () => {
    expect(toHex(value(computeDigest(zeroed, SECRET, DEV_ID)))).toBe(expectedDigest);
    expect(toHex(value(computeDigest(hex(signedHex), SECRET, DEV_ID)))).toBe(expectedDigest);
  });

  it('computeDigest needs a decodable notification with a digest option', () => {
    expect(errorOf(computeDigest(hex('0080 1161'), SECRET, DEV_ID)).code).toBe('NOTI_NO_CREDENTIALS');
    expect(errorOf(computeDigest(hex('1000'), SECRET, DEV_ID)).code).toBe('NOTI_VERSION');
  });

  it('verifyDigest accepts the right secret and DevID only', () => {
    const signed = hex(signedHex);
    expect(verifyDigest(signed, SECRET, DEV_ID)).toEqual({ ok: true, value: true });
    expect(errorOf(verifyDigest(signed, 'other', DEV_ID))).toEqual({ code: 'NOTI_DIGEST', path: '6' });
    expect(errorOf(verifyDigest(signed, SECRET, 'IMEI:2'))).toEqual({ code: 'NOTI_DIGEST', path: '6' });
    expect(errorOf(verifyDigest(signed, '', DEV_ID)).code).toBe('NOTI_NO_CREDENTIALS');
    const tampered = hex(signedHex);
    tampered[1] = 0x81; // a reserved bit: still decodes, but the digest covers it
    expect(decodePackage0(tampered).ok).toBe(true);
    expect(errorOf(verifyDigest(tampered, SECRET, DEV_ID)).code).toBe('NOTI_DIGEST');
  });

  it('signNotification throws on a model the encoder rejects', () => {
    expect(() => signNotification({ version: 0, serverId: '', reqMos: false }, SECRET, DEV_ID)).toThrow(RangeError);
  });
});

describe('checkNotification', () => {
  const full: Notification = { version: 0, serverId: 'srv', notificationId: 42, timestamp: TS, reqMos: true };
  const opts = (patch: Partial<NotificationCheckOptions> = {}): NotificationCheckOptions => ({
    secret: SECRET,
    devId: DEV_ID,
    now: TS + 10,
    seen: () => false,
    ...patch,
  });
  const code = (r: Result<Notification>) => (r.ok ? 'OK' : r.error.code);

  it('accepts a fresh, signed notification', () => {
    const signed = signNotification(full, SECRET, DEV_ID);
    const r = value(checkNotification(signed, opts()));
    expect({ ...r, digest: undefined }).toEqual({ ...full, digest: undefined });
  });

  it('accepts a TIMESTAMP exactly 300 s off either way', () => {
    const signed = signNotification(full, SECRET, DEV_ID);
    expect(code(checkNotification(signed, opts({ now: TS + 300 })))).toBe('OK');
    expect(code(checkNotification(signed, opts({ now: TS - 300 })))).toBe('OK');
  });

  it('has a distinct code for every reason to ignore', () => {
    const signed = signNotification(full, SECRET, DEV_ID);
    expect(code(checkNotification(hex('1000'), opts()))).toBe('NOTI_VERSION');
    expect(code(checkNotification(signNotification({ ...full, serverId: undefined }, SECRET, DEV_ID), opts()))).toBe('NOTI_NO_SERVER_ID');
    expect(code(checkNotification(value(encodePackage0(full)), opts()))).toBe('NOTI_NO_CREDENTIALS');
    expect(code(checkNotification(signed, opts({ secret: '' })))).toBe('NOTI_NO_CREDENTIALS');
    expect(code(checkNotification(signed, opts({ secret: 'wrong' })))).toBe('NOTI_DIGEST');
    expect(code(checkNotification(signed, opts({ devId: 'IMEI:2' })))).toBe('NOTI_DIGEST');
    expect(code(checkNotification(signed, opts({ now: TS + 301 })))).toBe('NOTI_STALE');
    expect(code(checkNotification(signed, opts({ now: TS - 301 })))).toBe('NOTI_STALE');
    expect(code(checkNotification(signNotification({ ...full, timestamp: undefined }, SECRET, DEV_ID), opts()))).toBe('NOTI_STALE');
    expect(code(checkNotification(signed, opts({ seen: (s, id) => s === 'srv' && id === 42 })))).toBe('NOTI_DUPLICATE');
    expect(code(checkNotification(signed, opts({ seen: (s) => s === 'other' })))).toBe('OK');
  });

  it('skips the duplicate check when there is no NOTIFICATION-ID', () => {
    const signed = signNotification({ ...full, notificationId: undefined }, SECRET, DEV_ID);
    expect(code(checkNotification(signed, opts({ seen: () => true })))).toBe('OK');
  });

  it('checks the digest before the clock (a forged stale notification is NOTI_DIGEST)', () => {
    const signed = signNotification(full, 'forger', DEV_ID);
    expect(code(checkNotification(signed, opts({ now: TS + 10_000 })))).toBe('NOTI_DIGEST');
  });

  it('points at the offending value', () => {
    // OC=4: 02 00; 13 'srv'; 22 002a; 1d13 <32>; 14 <4>; 10 -> TIMESTAMP value at 2+4+3+2+32+1 = 44.
    const signed = signNotification(full, SECRET, DEV_ID);
    const stale = checkNotification(signed, opts({ now: TS + 301 }));
    expect(errorOf(stale)).toEqual({ code: 'NOTI_STALE', path: '44' });
    const dup = checkNotification(signed, opts({ seen: () => true }));
    expect(errorOf(dup)).toEqual({ code: 'NOTI_DUPLICATE', path: '7' });
  });
});

describe('NotificationIdMemory', () => {
  const DAY = 86_400;

  it('remembers per server for 24 hours', () => {
    const m = new NotificationIdMemory();
    m.remember('a', 1, 1000);
    expect(m.has('a', 1, 1000)).toBe(true);
    expect(m.has('a', 1, 1000 + DAY - 1)).toBe(true);
    expect(m.has('a', 1, 1000 + DAY)).toBe(false);
    expect(m.has('b', 1, 1000)).toBe(false);
    expect(m.has('a', 2, 1000)).toBe(false);
  });

  it('does not confuse server ids that share a prefix', () => {
    const m = new NotificationIdMemory();
    m.remember('a:1', 2, 0);
    expect(m.has('a', 12, 0)).toBe(false);
    expect(m.has('a:1', 2, 0)).toBe(true);
  });

  it('refreshes an id recorded again', () => {
    const m = new NotificationIdMemory();
    m.remember('a', 1, 0);
    m.remember('a', 1, DAY - 10);
    expect(m.has('a', 1, DAY + 10)).toBe(true);
    expect(m.size).toBe(1);
  });

  it('prunes expired entries and stays within its bound', () => {
    const m = new NotificationIdMemory({ maxEntries: 3 });
    m.remember('a', 1, 0);
    m.remember('a', 2, 1);
    m.remember('a', 3, 2);
    m.remember('a', 4, 3);
    expect(m.size).toBe(3);
    expect(m.has('a', 1, 3)).toBe(false);
    expect(m.has('a', 4, 3)).toBe(true);
    m.prune(DAY + 2);
    expect(m.size).toBe(1);
  });

  it('serves as the seen predicate of checkNotification', () => {
    const m = new NotificationIdMemory();
    const signed = signNotification({ version: 0, serverId: 's', notificationId: 5, timestamp: TS, reqMos: false }, SECRET, DEV_ID);
    const check = (now: number) => checkNotification(signed, { secret: SECRET, devId: DEV_ID, now, seen: m.seenAt(now) });
    expect(check(TS).ok).toBe(true);
    m.remember('s', 5, TS);
    expect(errorOf(check(TS + 1)).code).toBe('NOTI_DUPLICATE');
  });
});
