/**
 * The CBOR codec (P-CBOR, RFC 8949): deterministic encoding byte for byte, and a decoder that takes
 * any well-formed CBOR mapping onto the JSON data model plus byte strings, and nothing else.
 */
import { describe, expect, it } from 'vitest';
import { compareKeys, decodeCbor, encodeCbor } from '../../../harness/protocol/cbor-codec.ts';
import { decodeBody } from '../../../harness/protocol/body-codec.ts';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => Buffer.from(h.replace(/\s+/g, ''), 'hex');
const text = (s: string) => {
  const b = Buffer.from(s, 'utf8');
  if (b.length > 23) throw new Error('short strings only');
  return (0x60 + b.length).toString(16) + b.toString('hex');
};

function decodeError(h: string) {
  const r = decodeCbor(bytes(h));
  if (r.ok) throw new Error(`decoded ${h} to ${JSON.stringify(r.value)}`);
  return r.error;
}

describe('encoding', () => {
  it.each([
    [0, '00'],
    [23, '17'],
    [24, '1818'],
    [255, '18ff'],
    [256, '190100'],
    [65535, '19ffff'],
    [65536, '1a00010000'],
    [4294967295, '1affffffff'],
    [4294967296, '1b0000000100000000'],
    [Number.MAX_SAFE_INTEGER, '1b001fffffffffffff'],
    [-1, '20'],
    [-24, '37'],
    [-25, '3818'],
    [-256, '38ff'],
    [-257, '390100'],
    [-4294967296, '3affffffff'],
    [-4294967297, '3b0000000100000000'],
    [-Number.MAX_SAFE_INTEGER, '3b001ffffffffffffe'],
  ])('integer %d in the shortest head: %s', (n, want) => {
    expect(hex(encodeCbor(n))).toBe(want);
    expect(decodeCbor(bytes(want))).toEqual({ ok: true, value: n });
  });

  it('writes every non-integral number and every integer beyond 2^53 as float64 (documented deviation), never a bignum tag', () => {
    expect(hex(encodeCbor(0.5))).toBe('fb3fe0000000000000');
    expect(hex(encodeCbor(1.5))).toBe('fb3ff8000000000000');
    expect(hex(encodeCbor(2 ** 53))).toBe('fb4340000000000000');
    expect(hex(encodeCbor(-(2 ** 60)))).toBe('fbc3b0000000000000');
    expect(hex(encodeCbor(1e21))).toBe('fb444b1ae4d6e2ef50');
    expect(hex(encodeCbor(Number.MAX_VALUE))).toBe('fb7fefffffffffffff');
    expect(decodeCbor(bytes('fb4340000000000000'))).toEqual({ ok: true, value: 2 ** 53 });
  });

  it('orders map keys by their encoding: shorter first, then bytewise (RFC 8949 §4.2.1)', () => {
    const value = { b: 1, aa: 2, a: 3, é: 4, z: 5, ab: 6, '': 7 };
    // '' (60) < a (6161) < b < z < aa (626161) < ab < é (62c3a9)
    expect(hex(encodeCbor(value))).toBe(`a7${text('')}07${text('a')}03${text('b')}01${text('z')}05${text('aa')}02${text('ab')}06${text('é')}04`);
    expect(['é', 'ab', 'b', 'aa', '', 'z'].sort(compareKeys)).toEqual(['', 'b', 'z', 'aa', 'ab', 'é']);
    expect(compareKeys('日', 'ab')).toBeGreaterThan(0);
  });

  it('sorts nested maps too and drops undefined members', () => {
    expect(hex(encodeCbor({ y: { d: 1, c: undefined, b: [{ z: 0, a: 1 }] } }))).toBe(
      `a1${text('y')}a2${text('b')}81a2${text('a')}01${text('z')}00${text('d')}01`,
    );
  });

  it('writes byte strings as major type 2, text as 3, and the simple values', () => {
    expect(hex(encodeCbor(new Uint8Array([1, 2, 3])))).toBe('43010203');
    expect(hex(encodeCbor(Buffer.from('hi')))).toBe('426869');
    expect(hex(encodeCbor('hi'))).toBe('626869');
    expect(hex(encodeCbor([null, true, false]))).toBe('83f6f5f4');
    expect(hex(encodeCbor('x'.repeat(24)))).toBe(`7818${'78'.repeat(24)}`);
  });
});

describe('decoding', () => {
  it('accepts well-formed CBOR that is not deterministically encoded', () => {
    // indefinite-length map and array, a 4-byte head for 1, keys out of order, a float that is integral
    expect(decodeCbor(bytes(`bf ${text('z')} 9f 1a00000001 ff ${text('a')} fb3ff0000000000000 ff`))).toEqual({ ok: true, value: { z: [1], a: 1 } });
    expect(hex(encodeCbor({ z: [1], a: 1 }))).toBe(`a2${text('a')}01${text('z')}8101`);
  });

  it('gives byte strings back as bytes', () => {
    const r = decodeCbor(bytes(`a1 ${text('ab')} 43010203`));
    expect(r.ok && r.value).toEqual({ ab: expect.any(Uint8Array) });
    expect(r.ok && [...(r.value as { ab: Uint8Array }).ab]).toEqual([1, 2, 3]);
  });

  it('keeps a "__proto__" key as a member, as JSON.parse does', () => {
    const r = decodeCbor(bytes(`a1 ${text('__proto__')} a1 ${text('x')} 01`));
    expect(r.ok).toBe(true);
    const value = r.ok ? (r.value as Record<string, unknown>) : {};
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(value).toEqual(JSON.parse('{"__proto__":{"x":1}}'));
  });

  it.each([
    ['tag 0 (date text)', `c0 ${text('2026-01-01')}`],
    ['tag 1 (epoch date)', 'c1 1a6566bd00'],
    ['tag 2 (bignum)', 'c2 41 01'],
    ['tag 3 (negative bignum)', 'c3 41 01'],
    ['tag 24 (embedded CBOR)', 'd818 41 00'],
    ['tag 32 (URI)', `d820 ${text('https://a.example')}`],
    ['tag 64 (typed array)', 'd840 42 0102'],
    ['tag 258 (set)', 'd90102 81 01'],
    ['tag 55799 (self-describe)', 'd9d9f7 a0'],
  ])('rejects %s', (_what, h) => {
    const e = decodeError(h);
    expect(e.code).toBe('BODY_SYNTAX');
    expect(e.message).toMatch(/tag|unsupported|not well-formed/);
  });

  it('points at the tagged member', () => {
    expect(decodeError(`a1 ${text('Status')} 81 a1 ${text('sc')} c2 41 c8`)).toMatchObject({
      path: '/Status/0/sc',
      message: 'CBOR body: CBOR tag 2 is not allowed in DM bodies',
    });
    expect(decodeError(`a1 ${text('a/b~')} c1 00`)).toMatchObject({ path: '/a~1b~0' });
  });

  it.each([
    ['an integer key', 'a1 01 02', ''],
    ['a byte string key', 'a1 4161 02', ''],
    ['an array key', 'a1 80 02', ''],
    ['a map key', 'a1 a0 02', ''],
    ['a false key', 'a1 f4 02', ''],
    ['a null key in a nested map', `a1 ${text('m')} a1 f6 02`, '/m'],
  ])('rejects %s (at the map that holds it)', (_what, h, path) => {
    expect(decodeError(h)).toMatchObject({ code: 'BODY_SYNTAX', path });
  });

  it.each([
    ['undefined', 'f7'],
    ['half NaN', 'f97e00'],
    ['half +Infinity', 'f97c00'],
    ['single -Infinity', 'faff800000'],
    ['double NaN', 'fb7ff8000000000000'],
  ])('rejects %s, which JSON cannot hold', (_what, h) => {
    expect(decodeError(h).code).toBe('BODY_SYNTAX');
    expect(decodeError(`82 01 ${h}`).path).toBe('/1');
  });

  it('accepts the largest finite floats of each width', () => {
    expect(decodeCbor(bytes('f97bff'))).toEqual({ ok: true, value: 65504 });
    expect(decodeCbor(bytes('fa7f7fffff'))).toEqual({ ok: true, value: 3.4028234663852886e38 });
  });

  it('rejects integers a JSON peer cannot hold exactly (beyond 2^53 - 1)', () => {
    expect(decodeError('1b0020000000000000').message).toContain('safe range');
    expect(decodeError('3b0020000000000000').message).toContain('safe range');
    expect(decodeError(`a1 ${text('n')} 1bffffffffffffffff`).path).toBe('/n');
  });

  it('rejects text strings that are not UTF-8', () => {
    expect(decodeError('62 c328')).toMatchObject({ code: 'BODY_SYNTAX', message: 'CBOR body: a text string is not valid UTF-8' });
    expect(decodeError(`a1 ${text('k')} 81 61 ff`).path).toBe('/k/0');
  });

  it('rejects simple values other than false, true and null', () => {
    expect(decodeError('f0').code).toBe('BODY_SYNTAX');
    expect(decodeError('f820').code).toBe('BODY_SYNTAX');
  });

  it('rejects trailing bytes, truncated items and an empty body', () => {
    expect(decodeError('a0 00').message).toMatch(/not well-formed/);
    expect(decodeError('0000').code).toBe('BODY_SYNTAX');
    expect(decodeError('82 01').code).toBe('BODY_SYNTAX');
    expect(decodeError(`a1 ${text('ab')}`).code).toBe('BODY_SYNTAX');
    expect(decodeError('1a 0001').code).toBe('BODY_SYNTAX');
    expect(decodeError('bf 6161 01').code).toBe('BODY_SYNTAX');
    expect(decodeCbor(new Uint8Array())).toEqual({ ok: false, error: { code: 'BODY_SYNTAX', message: 'the CBOR body is empty' } });
  });

  it('reports syntax before schema: a body that is not CBOR never reaches validation', () => {
    const r = decodeBody('response', bytes('a1 66 537461747573 c2 41 00'), 'cbor');
    expect(r.ok ? 'ok' : r.error.code).toBe('BODY_SYNTAX');
    const s = decodeBody('response', bytes(`a1 ${text('Status')} 81 a1 ${text('sc')} 18c8`), 'cbor');
    expect(s.ok ? 'ok' : [s.error.code, s.error.path]).toEqual(['SCHEMA', '/Status/0']);
  });
});
