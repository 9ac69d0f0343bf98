/**
 * MOData values (K-TREE): leaves of every node format in their JSON form, and nested objects of them.
 * Numbers never are -0 (JSON cannot tell it from 0) nor NaN/infinite (JSON cannot hold them).
 */
import fc from 'fast-check';
import type { LeafFormat } from '../tree/formats.ts';
import { nodeNameArb, textArb } from './client-uri.ts';

export const JSON_LEAF_FORMATS: readonly LeafFormat[] = ['null', 'b64', 'bin', 'bool', 'chr', 'int', 'xml', 'date', 'time', 'float'];

const base64Arb = fc.uint8Array({ maxLength: 24 }).map((b) => Buffer.from(b).toString('base64'));

const dateArb = fc
  .record({ y: fc.integer({ min: 1970, max: 2199 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 28 }) })
  .map(({ y, m, d }) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);

const two = (n: number) => String(n).padStart(2, '0');

const timeArb = fc
  .record({
    h: fc.integer({ min: 0, max: 23 }),
    m: fc.integer({ min: 0, max: 59 }),
    s: fc.integer({ min: 0, max: 59 }),
    frac: fc.option(fc.stringMatching(/^[0-9]{1,9}$/), { nil: undefined }),
    zone: fc.oneof(
      fc.constant(''),
      fc.constant('Z'),
      fc.tuple(fc.constantFrom('+', '-'), fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([sign, h, m]) => `${sign}${two(h)}:${two(m)}`),
    ),
  })
  .map(({ h, m, s, frac, zone }) => `${two(h)}:${two(m)}:${two(s)}${frac === undefined ? '' : `.${frac}`}${zone}`);

const xmlArb = fc
  .tuple(
    fc.stringMatching(/^[a-z][a-z0-9]{0,5}$/),
    fc.string({ maxLength: 8 }).map((t) => t.replace(/[<&]/g, '')),
  )
  .map(([tag, text]) => `<${tag}>${text}</${tag}>`);

/** A finite double other than -0. */
export function finiteNumberArb(): fc.Arbitrary<number> {
  return fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n));
}

/** A value of one leaf format as it travels in JSON (bin and b64 as base64 text). */
export function leafValueArb(format: LeafFormat): fc.Arbitrary<string | number | boolean | null> {
  switch (format) {
    case 'null':
      return fc.constant(null);
    case 'bool':
      return fc.boolean();
    case 'int':
      return fc.oneof(fc.integer(), fc.maxSafeInteger()).map((n) => (Object.is(n, -0) ? 0 : n));
    case 'float':
      return finiteNumberArb();
    case 'chr':
      return textArb(16, 0);
    case 'xml':
      return xmlArb;
    case 'b64':
    case 'bin':
      return base64Arb;
    case 'date':
      return dateArb;
    case 'time':
      return timeArb;
  }
}

/** A leaf with its format. */
export function formattedLeafArb(): fc.Arbitrary<{ format: LeafFormat; value: string | number | boolean | null }> {
  return fc.oneof(...JSON_LEAF_FORMATS.map((format) => leafValueArb(format).map((value) => ({ format, value }))));
}

/** A leaf value of any JSON format. */
export function jsonLeafArb(): fc.Arbitrary<string | number | boolean | null> {
  return formattedLeafArb().map((l) => l.value);
}

/** A node name a tree accepts (1..255 characters, no "/"). */
export function treeNodeNameArb(): fc.Arbitrary<string> {
  return nodeNameArb().filter((n) => !n.includes('/'));
}

export interface MoDataOptions {
  /** Interior levels below the top object (default 3). */
  maxDepth?: number;
  /** Children per interior node (default 4). */
  maxKeys?: number;
  leaf?: fc.Arbitrary<unknown>;
  name?: fc.Arbitrary<string>;
}

/** Nested objects whose leaves come from `leaf` (default: every JSON format); the top is always an object. */
export function moDataArb(options: MoDataOptions = {}): fc.Arbitrary<Record<string, unknown>> {
  const { maxDepth = 3, maxKeys = 4, leaf = jsonLeafArb(), name = treeNodeNameArb() } = options;
  const node = (depth: number): fc.Arbitrary<Record<string, unknown>> =>
    fc.dictionary(name, depth <= 0 ? leaf : fc.oneof({ weight: 3, arbitrary: leaf }, { weight: 1, arbitrary: node(depth - 1) }), {
      maxKeys,
      noNullPrototype: true,
    });
  return node(maxDepth);
}

/** MOData addressed at a node: an object, or a bare leaf value (an entry naming a leaf). */
export function moDataOrLeafArb(options: MoDataOptions = {}): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 4, arbitrary: moDataArb(options) }, { weight: 1, arbitrary: options.leaf ?? jsonLeafArb() });
}
