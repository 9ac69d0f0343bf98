/**
 * Package and MO serialization properties (K-FLOW, K-TREE, P-CBOR): JSON <-> model <-> CBOR round
 * trips, deterministic CBOR (same bytes on re-encoding, keys in RFC 8949 §4.2.1 order, the bytes an
 * independent encoder writes), every generated body valid against its schema, and decoders that
 * never throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBody, decodeValue, encodeBody } from '../../harness/protocol/body-codec.ts';
import { decodeCbor, encodeCbor } from '../../harness/protocol/cbor-codec.ts';
import { decodeJson } from '../../harness/protocol/json-codec.ts';
import type { BodyKind } from '../../harness/protocol/media-types.ts';
import { validateBody } from '../../harness/protocol/validate.ts';
import { finiteNumberArb, moDataArb } from '../../harness/generators/mo-data.ts';
import { moSerializationArb } from '../../harness/generators/mo-serialization.ts';
import { package1Arb, package2Arb, package3Arb } from '../../harness/generators/packages.ts';
import { textArb } from '../../harness/generators/client-uri.ts';
import { referenceCbor } from '../vectors/reference-cbor.ts';

/** Keys that have tripped JSON/CBOR libraries: prototype names, empty, escapes, non-ASCII, long. */
const awkwardKeyArb = fc.oneof(
  { weight: 3, arbitrary: textArb(6, 0) },
  { weight: 1, arbitrary: fc.constantFrom('__proto__', 'constructor', 'toString', '', '~', '/', '~1', 'é', 'ab', 'b', 'aa', 'a'.repeat(30)) },
);

const bodies: ReadonlyArray<[string, BodyKind, fc.Arbitrary<unknown>]> = [
  ['Package#1', 'initiation', package1Arb()],
  ['Package#2', 'request', package2Arb()],
  ['Package#3', 'response', package3Arb({ name: awkwardKeyArb })],
  ['MO serialization', 'mo', moSerializationArb({ name: awkwardKeyArb })],
];

/**
 * Walks CBOR bytes and returns every map's keys as encoded (hex), to check their order; also
 * checks every head is as short as its value allows and no length is indefinite.
 */
function mapKeyRuns(bytes: Uint8Array): string[][] {
  const runs: string[][] = [];
  let pos = 0;
  const head = (): { major: number; value: number } => {
    const first = bytes[pos++]!;
    const major = first >> 5;
    const info = first & 0x1f;
    if (info < 24) return { major, value: info };
    expect(info, 'no indefinite lengths or reserved values').toBeLessThanOrEqual(27);
    const size = 1 << (info - 24);
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + bytes[pos++]!;
    if (major !== 7) expect(value, 'shortest head').toBeGreaterThanOrEqual(info === 24 ? 24 : 2 ** (8 * (size / 2)));
    return { major, value };
  };
  const item = (): void => {
    const at = pos;
    const { major, value } = head();
    if (major === 2 || major === 3) pos += value;
    else if (major === 4) for (let i = 0; i < value; i++) item();
    else if (major === 5) {
      const keys: string[] = [];
      for (let i = 0; i < value; i++) {
        const k = pos;
        item();
        keys.push(Buffer.from(bytes.subarray(k, pos)).toString('hex'));
        item();
      }
      runs.push(keys);
    } else expect(major === 6, `tag at ${at}`).toBe(false);
  };
  item();
  expect(pos).toBe(bytes.length);
  return runs;
}

/** Bytewise order of encoded keys = RFC 8949 §4.2.1 (for text keys: shorter first, then bytewise). */
function inRfc8949Order(keys: string[]): boolean {
  return keys.every((k, i) => i === 0 || Buffer.compare(Buffer.from(keys[i - 1]!, 'hex'), Buffer.from(k, 'hex')) < 0);
}

describe('package and MO serialization properties', () => {
  for (const [label, kind, arb] of bodies) {
    describe(label, () => {
      it('every generated body matches its schema', () => {
        fc.assert(
          fc.property(arb, (body) => {
            const r = validateBody(kind, body);
            expect(r.ok ? 'ok' : `${r.error.message} at ${r.error.path}`).toBe('ok');
          }),
          { numRuns: 150 },
        );
      });

      it('JSON: decodeBody(encodeBody(x)) = x', () => {
        fc.assert(
          fc.property(arb, (body) => {
            expect(decodeBody(kind, encodeBody(body, 'json'), 'json')).toEqual({ ok: true, value: body });
          }),
          { numRuns: 150 },
        );
      });

      it('CBOR: decodeBody(encodeBody(x)) = x, re-encoding gives the same bytes, keys in RFC 8949 order', () => {
        fc.assert(
          fc.property(arb, (body) => {
            const bytes = encodeBody(body, 'cbor');
            const decoded = decodeBody(kind, bytes, 'cbor');
            expect(decoded).toEqual({ ok: true, value: body });
            if (!decoded.ok) return;
            expect(Buffer.compare(encodeBody(decoded.value, 'cbor'), bytes)).toBe(0);
            expect(bytes.toString('hex')).toBe(referenceCbor(body).toString('hex'));
            for (const keys of mapKeyRuns(bytes)) expect(inRfc8949Order(keys), keys.join(' ')).toBe(true);
          }),
          { numRuns: 150 },
        );
      });

      it('JSON and CBOR carry the same model', () => {
        fc.assert(
          fc.property(arb, (body) => {
            const viaJson = decodeValue(encodeBody(body, 'json'), 'json');
            const viaCbor = decodeValue(encodeBody(body, 'cbor'), 'cbor');
            expect(viaCbor).toEqual(viaJson);
          }),
          { numRuns: 100 },
        );
      });
    });
  }

  it('CBOR keeps byte strings, numbers of every size and awkward keys', () => {
    const leaf = fc.oneof(
      finiteNumberArb(),
      fc.maxSafeInteger(),
      fc.integer({ min: -(2 ** 33), max: 2 ** 33 }),
      fc.uint8Array({ maxLength: 300 }),
      textArb(40, 0),
      fc.boolean(),
      fc.constant(null),
    );
    fc.assert(
      fc.property(fc.oneof(leaf, moDataArb({ leaf, name: awkwardKeyArb }), fc.array(leaf, { maxLength: 30 })), (value) => {
        const bytes = encodeCbor(value);
        const decoded = decodeCbor(bytes);
        if (!decoded.ok) expect.fail(decoded.error.message);
        // Byte strings come back as Buffers; compare their bytes.
        const plain = JSON.parse(JSON.stringify(decoded.value, (_k, v) => (v?.type === 'Buffer' ? { bytes: v.data } : v)));
        const want = JSON.parse(JSON.stringify(value, (_k, v) => (v instanceof Uint8Array ? { bytes: [...v] } : v)));
        expect(plain).toEqual(want);
        expect(bytes.toString('hex')).toBe(referenceCbor(value).toString('hex'));
        for (const keys of mapKeyRuns(bytes)) expect(inRfc8949Order(keys)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('the decoders never throw: any bytes decode or fail with BODY_SYNTAX', () => {
    const damaged = fc
      .tuple(
        package3Arb().map((b) => encodeCbor(b)),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }),
        fc.nat(),
      )
      .map(([bytes, edits, cut]) => {
        const out = Uint8Array.from(bytes);
        for (const [at, b] of edits) out[at % out.length] = b;
        return out.subarray(0, 1 + (cut % out.length));
      });
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 64 }), damaged), (bytes) => {
        for (const r of [decodeCbor(bytes), decodeJson(bytes)]) {
          if (!r.ok) expect(r.error.code).toBe('BODY_SYNTAX');
        }
        for (const kind of ['initiation', 'request', 'response', 'mo'] as const) {
          const r = decodeBody(kind, bytes, 'cbor');
          if (!r.ok) expect(['BODY_SYNTAX', 'SCHEMA']).toContain(r.error.code);
        }
      }),
      { numRuns: 1000 },
    );
  });
});
