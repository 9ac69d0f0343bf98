/** ClientURI properties (K-ADDR, P-SEL): print/parse round trip, canonical printing, a total parser. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concreteUri, parseClientUri, printClientUri, type ClientUri } from '../../harness/protocol/client-uri.ts';
import { isWildcard } from '../../harness/protocol/client-uri-resolver.ts';
import { clientUriArb, miidArb, moidArb, nodeNameArb } from '../../harness/generators/client-uri.ts';

function parsed(text: string): ClientUri {
  const r = parseClientUri(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.code} ${r.error.message}`);
  return r.value;
}

/** Text built from the characters ClientURIs are made of, plus a few they must refuse. */
const uriishArb = fc
  .tuple(
    moidArb(),
    fc.array(
      fc.oneof(
        fc.constantFrom(
          '/',
          '//',
          '?',
          '&',
          '=',
          ':',
          '(',
          ')',
          '(x)',
          '*',
          '%',
          '%2',
          '%41',
          '%C3',
          '%c3%a9',
          'nv=',
          'cv=',
          'depth=',
          'fields=',
          ',',
          ' ',
          '#',
          'é',
        ),
        fc.stringMatching(/^[A-Za-z0-9._~-]{1,4}$/),
        fc.integer({ min: 0, max: 1200 }).map(String),
      ),
      { maxLength: 12 },
    ),
  )
  .map(([moid, parts]) => moid + parts.join(''));

describe('ClientURI properties', () => {
  it('parse(print(u)) = u', () => {
    fc.assert(
      fc.property(clientUriArb(), (uri) => {
        expect(parsed(printClientUri(uri))).toEqual(uri);
      }),
      { numRuns: 500 },
    );
  });

  it('print is canonical: print(parse(print(u))) = print(u)', () => {
    fc.assert(
      fc.property(clientUriArb(), (uri) => {
        const text = printClientUri(uri);
        expect(printClientUri(parsed(text))).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('the parser is total and, where it accepts a text, printing it is stable', () => {
    const codes = new Set(['URI_SYNTAX', 'URI_QUERY', 'URI_XNAME_UNBOUND']);
    fc.assert(
      fc.property(fc.oneof(uriishArb, fc.string({ maxLength: 40 })), (text) => {
        const r = parseClientUri(text);
        if (!r.ok) {
          expect(codes).toContain(r.error.code);
          return;
        }
        const once = printClientUri(r.value);
        expect(parsed(once)).toEqual(r.value);
        expect(printClientUri(parsed(once))).toBe(once);
      }),
      { numRuns: 1000 },
    );
  });

  it('concreteUri(moid, miid, path) parses to that instance and those names, with no wildcard', () => {
    fc.assert(
      fc.property(moidArb(), miidArb(), fc.array(nodeNameArb(), { maxLength: 4 }), (moid, miid, path) => {
        const uri = parsed(concreteUri(moid, miid, path));
        expect(uri).toEqual({ moid, instance: { kind: 'miid', miid }, path: path.map((name) => ({ kind: 'name', name })), query: { nv: [] } });
        expect(isWildcard(uri)).toBe(false);
      }),
    );
  });

  it('a printed ClientURI uses only characters RFC 3986 allows unescaped', () => {
    fc.assert(
      fc.property(clientUriArb(), (uri) => {
        expect(printClientUri(uri)).toMatch(/^[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]+$/);
      }),
    );
  });
});
