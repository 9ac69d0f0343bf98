/**
 * ClientURI structures (K-ADDR, P-SEL) that print and parse back to themselves: MOIDs, MIIDs, node
 * names (any non-empty text, including characters that need escaping), x-names, selectors and
 * queries whose nv= filters only name x-names the path binds.
 */
import fc from 'fast-check';
import {
  printClientUri,
  type ClientUri,
  type ClientUriQuery,
  type InstanceSelector,
  type NodeValueFilter,
  type SegmentSelector,
} from '../protocol/client-uri.ts';
import { MOID } from '../tree/standard-mos.ts';

/** Text that is awkward in a URI: reserved characters, escapes, wildcard and x-name look-alikes. */
const AWKWARD = ['*', '(x)', '(1)', '%', '%2A', 'a b', '/', ':', '?', '#', '&', '=', '+', ',', '.', '..', '~', 'é', '日本', '😀'];

/**
 * One Unicode scalar value (never a lone surrogate): mostly printable ASCII, then controls, the rest
 * of the BMP and astral characters. (fast-check's `unit: 'binary'` would do, but costs a second per
 * process to set up.)
 */
export function codePointCharArb(): fc.Arbitrary<string> {
  return fc
    .oneof(
      { weight: 8, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
      { weight: 1, arbitrary: fc.integer({ min: 0, max: 0x1f }) },
      { weight: 2, arbitrary: fc.integer({ min: 0x7f, max: 0xd7ff }) },
      { weight: 1, arbitrary: fc.integer({ min: 0xe000, max: 0xffff }) },
      { weight: 1, arbitrary: fc.integer({ min: 0x10000, max: 0x10ffff }) },
    )
    .map((cp) => String.fromCodePoint(cp));
}

/** Well-formed Unicode text (no lone surrogates), `min` (default 1) to `max` code points. */
export function textArb(max = 8, min = 1): fc.Arbitrary<string> {
  return fc.string({ unit: codePointCharArb(), minLength: min, maxLength: max });
}

/** Plain names most trees use (Perm, 1, APN, ...), mixed with arbitrary and awkward text. */
export function nodeNameArb(): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,7}$/) },
    { weight: 2, arbitrary: textArb() },
    { weight: 1, arbitrary: fc.constantFrom(...AWKWARD) },
  );
}

/** MIIDs: decimal strings as a client assigns them, or any non-empty text a server chose. */
export function miidArb(): fc.Arbitrary<string> {
  return fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 1, max: 9999 }).map(String) }, { weight: 2, arbitrary: nodeNameArb() });
}

/** MOIDs: the standard ones, the 1.2 DMAcc alias, or a URN of characters a ClientURI may hold unescaped. */
export function moidArb(): fc.Arbitrary<string> {
  return fc.oneof(
    fc.constantFrom(...Object.values(MOID), 'urn:oma:mo:oma-dm-dmacc:1.2', 'urn:oma:mo:oma-dm-connmo:1.0'),
    fc.tuple(fc.constantFrom('urn', 'URN', 'Urn'), fc.stringMatching(/^[A-Za-z0-9\-._~!$&'()*+,;=:@]{1,24}$/)).map(([scheme, nss]) => `${scheme}:${nss}`),
  );
}

export function xnameArb(): fc.Arbitrary<string> {
  return fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,7}$/);
}

function segmentArb(): fc.Arbitrary<SegmentSelector> {
  return fc.oneof(
    { weight: 5, arbitrary: nodeNameArb().map((name): SegmentSelector => ({ kind: 'name', name })) },
    { weight: 1, arbitrary: fc.constant<SegmentSelector>({ kind: 'any' }) },
  );
}

function nvValueArb(): fc.Arbitrary<string> {
  return fc.oneof(textArb(8, 0), fc.constantFrom('', 'WLAN', 'a:b', 'x&y=z', '*', '100%'));
}

/** The cv=, depth= and fields= parts of a query, each present or not; nv= comes from the x-names bound. */
function queryArb(): fc.Arbitrary<ClientUriQuery> {
  return fc
    .record(
      {
        cv: textArb(12),
        depth: fc.integer({ min: 0, max: 1000 }),
        fields: fc.array(nodeNameArb(), { minLength: 1, maxLength: 3 }),
      },
      { requiredKeys: [], noNullPrototype: true },
    )
    .map((q): ClientUriQuery => ({ nv: [], ...q }));
}

/**
 * A parsed ClientURI. x-names are distinct: at most two, one possibly at the instance, the others
 * inserted among the path segments; nv= filters name only x-names the path binds; a bare MOID has no
 * path and no query. Built with `map` only, so it shrinks well.
 */
export function clientUriArb(): fc.Arbitrary<ClientUri> {
  const bare = moidArb().map((moid): ClientUri => ({ moid, path: [], query: { nv: [] } }));
  const instance = fc.oneof(
    { weight: 3, arbitrary: miidArb().map((miid): InstanceSelector | 'xname' => ({ kind: 'miid', miid })) },
    { weight: 1, arbitrary: fc.constant<InstanceSelector | 'xname'>({ kind: 'empty' }) },
    { weight: 1, arbitrary: fc.constant<InstanceSelector | 'xname'>({ kind: 'any' }) },
    { weight: 2, arbitrary: fc.constant<InstanceSelector | 'xname'>('xname') },
  );
  const nvSeed = fc.record({ pick: fc.nat(), path: fc.array(nodeNameArb(), { maxLength: 3 }), value: nvValueArb() }, { noNullPrototype: true });
  const full = fc
    .record(
      {
        moid: moidArb(),
        instance,
        xnames: fc.uniqueArray(xnameArb(), { maxLength: 2 }),
        path: fc.array(segmentArb(), { maxLength: 4 }),
        slots: fc.array(fc.nat(), { minLength: 2, maxLength: 2 }),
        query: queryArb(),
        nv: fc.array(nvSeed, { maxLength: 3 }),
      },
      { noNullPrototype: true },
    )
    .map(({ moid, instance, xnames, path, slots, query, nv }): ClientUri => {
      const atInstance = instance === 'xname' && xnames.length > 0;
      const inst: InstanceSelector = instance === 'xname' ? (atInstance ? { kind: 'xname', name: xnames[0]! } : { kind: 'any' }) : instance;
      const segments = [...path];
      (atInstance ? xnames.slice(1) : xnames).forEach((name, i) => {
        segments.splice(slots[i]! % (segments.length + 1), 0, { kind: 'xname', name });
      });
      const bound = [...(atInstance ? [xnames[0]!] : []), ...segments.flatMap((s) => (s.kind === 'xname' ? [s.name] : []))];
      const filters = bound.length === 0 ? [] : nv.map(({ pick, path: p, value }): NodeValueFilter => ({ xname: bound[pick % bound.length]!, path: p, value }));
      return { moid, instance: inst, path: segments, query: { ...query, nv: filters } };
    });
  return fc.oneof({ weight: 1, arbitrary: bare }, { weight: 9, arbitrary: full });
}

/** The text of a ClientURI, in canonical form. */
export function clientUriTextArb(): fc.Arbitrary<string> {
  return clientUriArb().map(printClientUri);
}

/** A concrete ClientURI (named instance, named nodes, no query), as the structure. */
export function concreteClientUriArb(moid: fc.Arbitrary<string> = moidArb()): fc.Arbitrary<ClientUri> {
  return fc.record(
    {
      moid,
      instance: miidArb().map((miid): InstanceSelector => ({ kind: 'miid', miid })),
      path: fc.array(
        nodeNameArb().map((name): SegmentSelector => ({ kind: 'name', name })),
        { maxLength: 3 },
      ),
      query: fc.constant<ClientUriQuery>({ nv: [] }),
    },
    { noNullPrototype: true },
  );
}
