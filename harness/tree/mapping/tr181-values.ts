/**
 * P-MAP value conversion between a DM leaf (format, K-TREE) and a TR-181 parameter's text (its type):
 * chr<->string, int<->int/unsignedInt/long/unsignedLong (decimal), bool<->boolean (`true`/`false`;
 * `1`/`0` read too), bin<->base64. Each direction fails with the reason rather than bend a value.
 */
import { preview, toLeafValue } from '../formats.ts';
import { fail, ok, type Result } from '../../protocol/result.ts';
import type { Tr181ParameterMap } from './mapping-table.ts';

const INTEGER = /^-?(0|[1-9]\d*)$/;
const UNSIGNED = new Set(['unsignedInt', 'unsignedLong']);

export function toTr181Value(map: Tr181ParameterMap, raw: unknown): Result<string> {
  const leaf = toLeafValue(map.format, raw);
  if (!leaf.ok) return fail('MAP_VALUE', `${leaf.error.message}: the table maps it as ${map.format} -> ${map.type} (${map.path})`);
  const value = leaf.value;
  switch (map.type) {
    case 'string':
    case 'dateTime':
      return typeof value === 'string' ? ok(value) : fail('MAP_TYPE', `no conversion ${map.format} -> ${map.type} (${map.path})`);
    case 'boolean':
      return typeof value === 'boolean' ? ok(String(value)) : fail('MAP_TYPE', `no conversion ${map.format} -> boolean (${map.path})`);
    case 'base64':
      return value instanceof Uint8Array ? ok(Buffer.from(value).toString('base64')) : fail('MAP_TYPE', `no conversion ${map.format} -> base64 (${map.path})`);
    default:
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) return fail('MAP_TYPE', `no conversion ${map.format} -> ${map.type} (${map.path})`);
      if (UNSIGNED.has(map.type) && value < 0) return fail('MAP_VALUE', `${value} is negative: ${map.path} is ${map.type}`);
      if (map.type === 'unsignedInt' && value > 0xffff_ffff) return fail('MAP_VALUE', `${value} is beyond unsignedInt (${map.path})`);
      if (map.type === 'int' && (value > 0x7fff_ffff || value < -0x8000_0000)) return fail('MAP_VALUE', `${value} is beyond int (${map.path})`);
      return ok(String(value));
  }
}

/** The DM leaf value (JSON form: bin as base64 text) of a parameter's text. */
export function fromTr181Value(map: Tr181ParameterMap, text: string): Result<unknown> {
  const bad = (what: string) => fail('MAP_VALUE', `${preview(text)} is not ${what} (${map.path} is ${map.type})`);
  let dm: unknown;
  switch (map.type) {
    case 'string':
    case 'dateTime':
      dm = text;
      break;
    case 'boolean':
      if (text === 'true' || text === '1') dm = true;
      else if (text === 'false' || text === '0') dm = false;
      else return bad('a boolean');
      break;
    case 'base64':
      dm = text;
      break;
    default:
      if (!INTEGER.test(text) || !Number.isSafeInteger(Number(text))) return bad('a whole number');
      dm = Number(text);
  }
  const leaf = toLeafValue(map.format, dm);
  if (!leaf.ok) return fail('MAP_VALUE', `${leaf.error.message} (${map.path})`);
  return ok(dm);
}
