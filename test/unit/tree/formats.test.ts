/** Node formats (K-TREE): what a leaf of each format accepts, its tree form, inference, text form. */
import { describe, expect, it } from 'vitest';
import { inferFormat, toLeafValue, valueAsText, type LeafFormat } from '../../../harness/tree/formats.ts';

function accepts(format: LeafFormat, value: unknown): unknown {
  const r = toLeafValue(format, value);
  return r.ok ? r.value : r.error.code;
}

describe('leaf formats', () => {
  it.each([
    ['null', null, null],
    ['null', '', null],
    ['bool', false, false],
    ['int', -7, -7],
    ['int', Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
    ['int', -Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER],
    ['float', 0.5, 0.5],
    ['float', 3, 3],
    ['chr', '', ''],
    ['xml', '<a/>', '<a/>'],
    ['b64', 'SGk=', 'SGk='],
    ['b64', '', ''],
    ['bin', 'AAH/', new Uint8Array([0, 1, 255])],
    ['bin', new Uint8Array([9]), new Uint8Array([9])],
    ['date', '2026-02-28', '2026-02-28'],
    ['time', '23:59:59', '23:59:59'],
    ['time', '00:00:00.123456789Z', '00:00:00.123456789Z'],
    ['time', '12:30:00+05:30', '12:30:00+05:30'],
  ] as const)('%s accepts %j', (format, value, want) => {
    expect(accepts(format, value)).toEqual(want);
  });

  it.each([
    ['null', 0],
    ['null', 'x'],
    ['bool', 'true'],
    ['bool', 1],
    ['int', 1.5],
    ['int', '1'],
    ['int', 2 ** 53],
    ['int', -(2 ** 53)],
    ['float', Number.NaN],
    ['float', Number.POSITIVE_INFINITY],
    ['float', '0.5'],
    ['chr', 5],
    ['chr', null],
    ['xml', {}],
    ['b64', 'SGk'],
    ['b64', 'S=Gk'],
    ['bin', 'not base64!'],
    ['bin', [1, 2]],
    ['date', '2026-13-01'],
    ['date', '2026-1-01'],
    ['date', '20260101'],
    ['time', '24:00:00'],
    ['time', '12:60:00'],
    ['time', '12:00'],
    ['time', '12:00:00+24:00'],
  ] as const)('%s refuses %j', (format, value) => {
    expect(accepts(format, value)).toBe('VALUE_FORMAT');
  });

  it('copies bytes rather than keeping the caller’s buffer', () => {
    const input = new Uint8Array([1, 2]);
    const r = toLeafValue('bin', input);
    input[0] = 9;
    expect(r.ok && [...(r.value as Uint8Array)]).toEqual([1, 2]);
  });

  it('names the value and the format in its message', () => {
    const r = toLeafValue('int', 'twelve');
    expect(r.ok ? '' : r.error.message).toBe('value "twelve" is not a whole number (format int)');
  });
});

describe('format inference (MO without definition)', () => {
  it.each([
    [null, 'null'],
    [true, 'bool'],
    [3, 'int'],
    [3.5, 'float'],
    ['x', 'chr'],
    [new Uint8Array(), 'bin'],
    [{}, 'node'],
    [[], undefined],
    [undefined, undefined],
  ])('%j -> %s', (value, format) => {
    expect(inferFormat(value)).toBe(format);
  });
});

describe('text form (nv= compares as strings)', () => {
  it.each([
    [null, ''],
    [true, 'true'],
    [8082, '8082'],
    [0.5, '0.5'],
    ['a b', 'a b'],
    [new Uint8Array([0, 1, 255]), 'AAH/'],
  ])('%j -> %j', (value, text) => {
    expect(valueAsText(value)).toBe(text);
  });
});
