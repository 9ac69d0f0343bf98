import { describe, expect, it } from 'vitest';
import { decodeCbor } from '../../../harness/protocol/cbor-codec.ts';
import { decodeJson } from '../../../harness/protocol/json-codec.ts';
import { MAX_BODY_NESTING, nestsDeeperThan } from '../../../harness/protocol/nesting.ts';

/** `levels` levels of arrays (or objects) around a leaf, as JSON text: no recursion to build it. */
const deepText = (levels: number, kind: 'array' | 'object') =>
  kind === 'array' ? `${'['.repeat(levels)}1${']'.repeat(levels)}` : `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

describe('nesting bound (docs/protocol.md K-FLOW, ours)', () => {
  it('counts levels of arrays, objects and maps without recursion, byte strings as leaves', () => {
    expect(nestsDeeperThan(1, 0)).toBe(false);
    expect(nestsDeeperThan([], 1)).toBe(false);
    expect(nestsDeeperThan([[]], 1)).toBe(true);
    expect(nestsDeeperThan({ a: { b: [new Uint8Array(3)] } }, 3)).toBe(false);
    expect(nestsDeeperThan({ a: { b: [[]] } }, 3)).toBe(true);
    expect(nestsDeeperThan(new Map([['a', new Map([['b', []]])]]), 2)).toBe(true);
    expect(nestsDeeperThan(JSON.parse(deepText(200_000, 'array')), 10)).toBe(true);
  });

  it('a JSON body nested deeper than the bound is malformed, one at the bound is not', () => {
    for (const kind of ['array', 'object'] as const) {
      expect(decodeJson(Buffer.from(deepText(MAX_BODY_NESTING, kind))).ok).toBe(true);
      const deep = decodeJson(Buffer.from(deepText(50_000, kind)));
      expect(deep.ok).toBe(false);
      if (!deep.ok) expect(deep.error.message).toMatch(/nests deeper than 256 levels/);
    }
  });

  it('a CBOR body nested deeper than the bound is malformed, not a crash', () => {
    const levels = 5_000;
    const bytes = Buffer.concat([Buffer.alloc(levels, 0x81), Buffer.from([0x01])]); // [[[...1]]]
    const r = decodeCbor(bytes);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('BODY_SYNTAX');
    expect(decodeCbor(Buffer.concat([Buffer.alloc(MAX_BODY_NESTING, 0x81), Buffer.from([0x01])])).ok).toBe(true);
  });
});
