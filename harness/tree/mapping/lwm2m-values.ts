/**
 * P-MAP value conversion between a DM leaf (its format, K-TREE) and an LwM2M resource (its type):
 * chr<->String, int<->Integer, float<->Float, bool<->Boolean, bin<->Opaque, int<->Time (seconds);
 * ours: chr<->Opaque as UTF-8 (a PEM key), chr<->Integer through a table's enumeration.
 * Each direction fails with the reason rather than bend a value.
 */
import { toLeafValue, preview } from '../formats.ts';
import { fail, ok, type Result } from '../../protocol/result.ts';
import type { Lwm2mResourceMap } from './mapping-table.ts';
import type { Lwm2mValue } from './lwm2m-model.ts';

const describe = (map: Lwm2mResourceMap) => `${map.format} -> ${map.type} (/${map.object}/x/${map.resource} ${map.name})`;

/** The LwM2M value of a DM leaf value, per the table's entry. */
export function toLwm2mValue(map: Lwm2mResourceMap, raw: unknown): Result<Lwm2mValue> {
  const leaf = toLeafValue(map.format, raw);
  if (!leaf.ok) return fail('MAP_VALUE', `${leaf.error.message}: the table maps it as ${describe(map)}`);
  const value = leaf.value;
  if (map.values) {
    const n = typeof value === 'string' && Object.hasOwn(map.values, value) ? map.values[value] : undefined;
    return n === undefined ? fail('MAP_VALUE', `${preview(value)} is none of ${Object.keys(map.values).join(', ')} (${describe(map)})`) : ok(n);
  }
  switch (map.type) {
    case 'String':
    case 'Objlnk':
      return typeof value === 'string' ? ok(value) : fail('MAP_TYPE', `no conversion ${describe(map)}`);
    case 'Integer':
    case 'Time':
    case 'Float':
      return typeof value === 'number' && (map.type === 'Float') === (map.format === 'float') ? ok(value) : fail('MAP_TYPE', `no conversion ${describe(map)}`);
    case 'Boolean':
      return typeof value === 'boolean' ? ok(value) : fail('MAP_TYPE', `no conversion ${describe(map)}`);
    case 'Opaque':
      if (value instanceof Uint8Array) return ok(value);
      if (typeof value !== 'string') return fail('MAP_TYPE', `no conversion ${describe(map)}`);
      // Text with a lone surrogate has no UTF-8 form: it would not come back.
      return Buffer.from(value, 'utf8').toString('utf8') === value
        ? ok(new Uint8Array(Buffer.from(value, 'utf8')))
        : fail('MAP_VALUE', `${preview(value)} is not valid Unicode text, so it has no UTF-8 form (${describe(map)})`);
  }
}

/** The DM leaf value (its JSON form: bin as base64 text) of an LwM2M resource value, per the table's entry. */
export function fromLwm2mValue(map: Lwm2mResourceMap, type: string, value: Lwm2mValue): Result<unknown> {
  if (type !== map.type) return fail('MAP_TYPE', `the resource is ${type}, the table says ${map.type} (${map.name})`);
  if (map.values) {
    const name = Object.entries(map.values).find(([, n]) => n === value)?.[0];
    return name === undefined ? fail('MAP_VALUE', `${preview(value)} is none of the enumeration ${JSON.stringify(map.values)} (${map.name})`) : ok(name);
  }
  let dm: unknown = value;
  if (map.type === 'Opaque') {
    if (!(value instanceof Uint8Array)) return fail('MAP_VALUE', `an Opaque value must be bytes, not ${preview(value)}`);
    const bytes = Buffer.from(value);
    if (map.format === 'bin') return ok(bytes.toString('base64'));
    dm = bytes.toString('utf8');
    if (!Buffer.from(dm as string, 'utf8').equals(bytes))
      return fail('MAP_VALUE', `the Opaque value of ${map.name} is not UTF-8 text (the DM node is ${map.format})`);
  }
  const leaf = toLeafValue(map.format, dm);
  return leaf.ok ? ok(dm) : fail('MAP_VALUE', `${leaf.error.message} (${map.name}, ${map.type})`);
}
