/** The JSON codec (K-FLOW): UTF-8 only, byte strings as base64 text. */
import { describe, expect, it } from 'vitest';
import { decodeJson, encodeJson } from '../../../harness/protocol/json-codec.ts';

describe('JSON codec', () => {
  it('writes bytes (Uint8Array or Buffer) as base64 text', () => {
    expect(encodeJson({ a: new Uint8Array([0, 1, 254, 255]), b: Buffer.from('hi') }).toString()).toBe('{"a":"AAH+/w==","b":"aGk="}');
  });

  it('drops undefined members, as CBOR does', () => {
    expect(encodeJson({ a: undefined, b: 1 }).toString()).toBe('{"b":1}');
  });

  it('decodes UTF-8 JSON, tolerating a byte order mark (RFC 8259 §8.1)', () => {
    expect(decodeJson(Buffer.from('{"ä":[1,"€"]}'))).toEqual({ ok: true, value: { ä: [1, '€'] } });
    expect(decodeJson(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[]')]))).toEqual({ ok: true, value: [] });
  });

  it.each([
    ['empty', ''],
    ['whitespace only', ' \n\t'],
    ['not JSON', '{a:1}'],
    ['truncated', '{"a":'],
    ['two values', '{} {}'],
  ])('rejects a body that is %s', (_what, text) => {
    const r = decodeJson(Buffer.from(text));
    expect(r.ok ? 'ok' : r.error.code).toBe('BODY_SYNTAX');
  });

  it('rejects bytes that are not UTF-8 instead of replacing them', () => {
    const r = decodeJson(Buffer.from([0x22, 0xc3, 0x22]));
    expect(r).toEqual({ ok: false, error: { code: 'BODY_SYNTAX', message: 'the JSON body is not valid UTF-8' } });
    expect(decodeJson(Buffer.from([0x22, 0xed, 0xa0, 0x80, 0x22])).ok).toBe(false);
  });
});
