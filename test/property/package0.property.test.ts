/** Package#0 properties: round trip, canonical encoding, total decoder, digest covers every bit. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodePackage0, encodePackage0, PACKAGE0_ERROR, type Notification } from '../../harness/protocol/package0.ts';
import { signNotification, verifyDigest } from '../../harness/protocol/package0-digest.ts';

const DECODE_CODES = new Set<string>(Object.values(PACKAGE0_ERROR));

// 'binary' strings are well-formed (no lone surrogates); 256 code points are at most 1024 UTF-8 bytes.
const notificationArb: fc.Arbitrary<Notification> = fc.record(
  {
    version: fc.constant(0 as const),
    serverId: fc.string({ unit: 'binary', minLength: 1, maxLength: 256 }),
    preferredConType: fc.constantFrom(0 as const, 1 as const, 2 as const, 3 as const),
    notificationId: fc.integer({ min: 0, max: 0xffff }),
    digest: fc.uint8Array({ minLength: 32, maxLength: 32 }),
    timestamp: fc.integer({ min: 0, max: 0xffffffff }),
    reqMos: fc.boolean(),
  },
  { requiredKeys: ['version', 'reqMos'] },
);

function encoded(n: Notification): Uint8Array {
  const r = encodePackage0(n);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** Valid encodings with random damage: overwritten bytes, cut short, or extended. */
const damagedArb = fc
  .tuple(
    notificationArb.map(encoded),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
    fc.option(fc.nat(), { nil: undefined }),
    fc.uint8Array({ maxLength: 8 }),
  )
  .map(([bytes, edits, cut, tail]) => {
    const out = Uint8Array.from(bytes);
    for (const [at, b] of edits) out[at % out.length] = b;
    const kept = cut === undefined ? out : out.subarray(0, cut % (out.length + 1));
    return Uint8Array.from([...kept, ...tail]);
  });

/** Valid encodings with arbitrary reserved header bits, which the decoder must ignore. */
const reservedBitsArb = fc.tuple(notificationArb.map(encoded), fc.integer({ min: 0, max: 0x7f })).map(([bytes, reserved]) => {
  const out = Uint8Array.from(bytes);
  out[1] = (out[1]! & 0x80) | reserved;
  return out;
});

describe('Package#0 properties', () => {
  it('decode(encode(n)) = n', () => {
    fc.assert(
      fc.property(notificationArb, (n) => {
        const decoded = decodePackage0(encoded(n));
        expect(decoded).toEqual({ ok: true, value: n });
      }),
    );
  });

  it('the encoding is canonical: encode(decode(b)) = b with reserved bits cleared', () => {
    fc.assert(
      fc.property(fc.oneof(reservedBitsArb, damagedArb, fc.uint8Array({ maxLength: 64 })), (bytes) => {
        const decoded = decodePackage0(bytes);
        if (!decoded.ok) return;
        const expected = Uint8Array.from(bytes);
        expected[1] = expected[1]! & 0x80;
        expect(Buffer.from(encoded(decoded.value)).toString('hex')).toBe(Buffer.from(expected).toString('hex'));
      }),
      { numRuns: 500 },
    );
  });

  it('decode never throws and fails with a known code at an in-range offset', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 2048 }), damagedArb), (bytes) => {
        const r = decodePackage0(bytes);
        if (r.ok) return;
        expect(DECODE_CODES).toContain(r.error.code);
        expect(r.error.path).toMatch(/^(0|[1-9][0-9]*)$/);
        expect(Number(r.error.path)).toBeLessThanOrEqual(bytes.length);
      }),
      { numRuns: 1000 },
    );
  });

  it('any single bit flip in a signed notification fails decoding or digest verification', () => {
    fc.assert(
      fc.property(notificationArb, fc.string(), fc.string(), fc.nat(), (n, secret, devId, bit) => {
        const signed = signNotification(n, `k${secret}`, devId);
        expect(verifyDigest(signed, `k${secret}`, devId).ok).toBe(true);
        const index = bit % (signed.length * 8);
        const flipped = Uint8Array.from(signed);
        flipped[index >> 3] = flipped[index >> 3]! ^ (0x80 >> (index & 7));
        const decoded = decodePackage0(flipped);
        expect(!decoded.ok || !verifyDigest(flipped, `k${secret}`, devId).ok).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
