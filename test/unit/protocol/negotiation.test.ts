/** Content negotiation (K-NEG, P-CBOR, P-SEL): Accept with q-values and wildcards, 406, OMADM-Accept, content coding. */
import { describe, expect, it } from 'vitest';
import { mediaType, parseMediaType, essence, type BodyKind, type Encoding } from '../../../harness/protocol/media-types.ts';
import { acceptHeader, chooseContentCoding, chooseEncoding, contentEncodingOf, parseAccept, parseOmadmAccept } from '../../../harness/protocol/negotiation.ts';

const REQ_JSON = 'application/vnd.oma.dm.request+json';
const REQ_CBOR = 'application/vnd.oma.dm.request+cbor';
const MO_JSON = 'application/vnd.oma.dm.mo+json';
const MO_CBOR = 'application/vnd.oma.dm.mo+cbor';

describe('media types', () => {
  it('names every body kind in both encodings and parses them back', () => {
    for (const kind of ['initiation', 'request', 'response', 'mo'] as BodyKind[]) {
      for (const encoding of ['json', 'cbor'] as Encoding[]) {
        expect(parseMediaType(mediaType(kind, encoding))).toEqual({ kind, encoding });
      }
    }
    expect(mediaType('initiation', 'json')).toBe('application/vnd.oma.dm.initiation+json');
  });

  it('ignores parameters and case, refuses what is no DM body type', () => {
    expect(parseMediaType('Application/VND.OMA.DM.Response+CBOR; charset=utf-8')).toEqual({ kind: 'response', encoding: 'cbor' });
    for (const bad of [
      undefined,
      '',
      'application/json',
      'application/vnd.oma.dm.notification',
      'application/vnd.oma.dm.request+xml',
      'application/vnd.oma.dm.status+json',
      'application/vnd.oma.dm.request',
    ]) {
      expect(parseMediaType(bad), String(bad)).toBeUndefined();
    }
    expect(essence(' Application/JSON ; q=1')).toBe('application/json');
  });
});

describe('Accept', () => {
  it('orders by q, then by position; q outside 0..1 or unreadable counts as 0', () => {
    const items = parseAccept('a/a;q=0.5, b/b, c/c;q=0.5, d/d;q=2, e/e;q=x, F/F ; Q=0.9');
    expect(items.map((i) => [i.type, i.q])).toEqual([
      ['b/b', 1],
      ['f/f', 0.9],
      ['a/a', 0.5],
      ['c/c', 0.5],
      ['d/d', 0],
      ['e/e', 0],
    ]);
    expect(parseAccept(undefined)).toEqual([]);
    expect(parseAccept('  ')).toEqual([]);
  });

  it('without an Accept header, answers in the first encoding supported', () => {
    expect(chooseEncoding(undefined, 'request')).toBe('json');
    expect(chooseEncoding('', 'request', ['cbor', 'json'])).toBe('cbor');
  });

  it('takes the encoding of the highest q', () => {
    expect(chooseEncoding(REQ_JSON, 'request')).toBe('json');
    expect(chooseEncoding(REQ_CBOR, 'request')).toBe('cbor');
    expect(chooseEncoding(`${REQ_JSON};q=0.5, ${REQ_CBOR}`, 'request')).toBe('cbor');
    expect(chooseEncoding(`${REQ_CBOR};q=0.2, ${REQ_JSON};q=0.3`, 'request')).toBe('json');
  });

  it('lets the most specific range decide a type’s q (RFC 9110 §12.5.1)', () => {
    // */* would allow JSON, but the exact type refuses it.
    expect(chooseEncoding(`*/*, ${REQ_JSON};q=0`, 'request')).toBe('cbor');
    expect(chooseEncoding(`application/*;q=0.1, ${REQ_CBOR};q=0.9`, 'request')).toBe('cbor');
    expect(chooseEncoding(`${REQ_CBOR};q=0.1, application/*;q=0.9`, 'request')).toBe('json');
  });

  it('at equal q prefers an exactly named type over a wildcard, then our preference', () => {
    expect(chooseEncoding(`application/*, ${REQ_CBOR}`, 'request')).toBe('cbor');
    expect(chooseEncoding('*/*', 'request')).toBe('json');
    expect(chooseEncoding('*/*', 'request', ['cbor', 'json'])).toBe('cbor');
    expect(chooseEncoding(`${REQ_JSON}, ${REQ_CBOR}`, 'request', ['cbor', 'json'])).toBe('cbor');
  });

  it('matches case-insensitively and ignores other parameters', () => {
    expect(chooseEncoding('APPLICATION/VND.OMA.DM.REQUEST+CBOR;charset=utf-8', 'request')).toBe('cbor');
  });

  it('gives no encoding (406) when nothing acceptable is left', () => {
    expect(chooseEncoding('text/html', 'request')).toBeUndefined();
    expect(chooseEncoding('*/*;q=0', 'request')).toBeUndefined();
    expect(chooseEncoding(`${REQ_JSON};q=0, ${REQ_CBOR};q=0`, 'request')).toBeUndefined();
    // The type of another body kind is not acceptable for this one.
    expect(chooseEncoding('application/vnd.oma.dm.response+json', 'request')).toBeUndefined();
    // Acceptable, but not supported here.
    expect(chooseEncoding(REQ_CBOR, 'request', ['json'])).toBeUndefined();
  });

  it('acceptHeader states a preference that chooseEncoding honours', () => {
    expect(acceptHeader('request', 'json')).toBe(`${REQ_JSON}, ${REQ_CBOR};q=0.5`);
    for (const preferred of ['json', 'cbor'] as const) {
      for (const kind of ['initiation', 'request', 'response', 'mo'] as const) {
        expect(chooseEncoding(acceptHeader(kind, preferred), kind, ['cbor', 'json'])).toBe(preferred);
        expect(chooseEncoding(acceptHeader(kind, preferred), kind, ['json', 'cbor'])).toBe(preferred);
      }
    }
    expect(acceptHeader('mo', 'cbor', ['cbor'])).toBe(MO_CBOR);
  });

  it('reads the encoding of a Content-Type only for the expected kind', () => {
    expect(contentEncodingOf(`${MO_CBOR}; x=y`, 'mo')).toBe('cbor');
    expect(contentEncodingOf(MO_CBOR, 'request')).toBeUndefined();
    expect(contentEncodingOf(undefined, 'mo')).toBeUndefined();
  });
});

describe('OMADM-Accept (K-NEG)', () => {
  it('lists the MO serialization encodings in preference order', () => {
    expect(parseOmadmAccept(`${MO_JSON};q=0.4, ${MO_CBOR}`)).toEqual(['cbor', 'json']);
    expect(parseOmadmAccept(MO_JSON)).toEqual(['json']);
  });

  it('drops q=0, other body kinds, wildcards, foreign types and repeats', () => {
    expect(parseOmadmAccept(`${MO_CBOR};q=0, ${REQ_JSON}, */*, application/json, ${MO_JSON}, ${MO_JSON};q=0.1`)).toEqual(['json']);
    expect(parseOmadmAccept(undefined)).toEqual([]);
    expect(parseOmadmAccept('application/xml')).toEqual([]);
  });
});

describe('content coding (P-SEL)', () => {
  it.each([
    [undefined, 'identity'],
    ['', 'identity'],
    ['gzip', 'gzip'],
    ['GZIP', 'gzip'],
    ['br', 'br'],
    ['gzip, br', 'br'],
    ['br;q=0.5, gzip', 'gzip'],
    ['br;q=0, gzip;q=0.1', 'gzip'],
    ['*', 'br'],
    ['br;q=0, *', 'gzip'],
    ['*;q=0.2, gzip;q=0.5', 'gzip'],
    ['*;q=0', 'identity'],
    ['deflate, identity', 'identity'],
    ['gzip;q=0', 'identity'],
  ] as const)('Accept-Encoding %j -> %s', (header, coding) => {
    expect(chooseContentCoding(header)).toBe(coding);
  });
});
