/**
 * LwM2M object instances as SenML (RFC 8428) in its JSON and CBOR forms, as LwM2M 1.1 carries them:
 * a base name `/object/instance/` per instance and a name per resource; Integer, Float and Time in
 * `v`, String in `vs`, Boolean in `vb`, Opaque in `vd` (base64url without padding in JSON, a byte
 * string in CBOR), Objlnk in `vlo`. SenML carries no types: decoding takes them from the table
 * (`typeOf`), else infers them from the value.
 */
import { Decoder, Encoder } from 'cbor-x';
import { fail, ok, type Result } from '../../protocol/result.ts';
import type { Lwm2mInstance, Lwm2mValue } from './lwm2m-model.ts';
import type { Lwm2mType } from './mapping-table.ts';

export interface SenmlRecord {
  bn?: string;
  n?: string;
  v?: number;
  vs?: string;
  vb?: boolean;
  vd?: string | Uint8Array;
  vlo?: string;
}

/** RFC 8428 §6 CBOR labels (vlo: LwM2M's text label). */
const LABEL = { bn: -2, n: 0, v: 2, vs: 3, vb: 4, vd: 8 } as const;
const BY_LABEL = new Map<number | string, keyof SenmlRecord>([...Object.entries(LABEL).map(([k, v]) => [v, k as keyof SenmlRecord] as const), ['vlo', 'vlo']]);

export type TypeOf = (object: number, resource: number) => Lwm2mType | undefined;

const MAX_RECORDS = 100_000;

function valueField(type: Lwm2mType, value: Lwm2mValue, cbor: boolean): Partial<SenmlRecord> {
  switch (type) {
    case 'Integer':
    case 'Float':
    case 'Time':
      return { v: value as number };
    case 'String':
      return { vs: value as string };
    case 'Boolean':
      return { vb: value as boolean };
    case 'Opaque':
      return { vd: cbor ? (value as Uint8Array) : Buffer.from(value as Uint8Array).toString('base64url') };
    case 'Objlnk':
      return { vlo: value as string };
  }
}

export function toSenmlRecords(instances: readonly Lwm2mInstance[], cbor = false): SenmlRecord[] {
  return instances.flatMap((inst) =>
    inst.resources.map((r, i) => ({ ...(i === 0 ? { bn: `/${inst.object}/${inst.instance}/` } : {}), n: String(r.id), ...valueField(r.type, r.value, cbor) })),
  );
}

export function encodeSenmlJson(instances: readonly Lwm2mInstance[]): string {
  return JSON.stringify(toSenmlRecords(instances));
}

const encoder = new Encoder({ useRecords: false, mapsAsObjects: false, tagUint8Array: false, pack: false } as ConstructorParameters<typeof Encoder>[0]);
const decoder = new Decoder({ useRecords: false, mapsAsObjects: false } as ConstructorParameters<typeof Decoder>[0]);

export function encodeSenmlCbor(instances: readonly Lwm2mInstance[]): Uint8Array {
  const records = toSenmlRecords(instances, true).map(
    (r) => new Map(Object.entries(r).map(([k, v]) => [k === 'vlo' ? 'vlo' : LABEL[k as keyof typeof LABEL], v])),
  );
  return new Uint8Array(encoder.encode(records));
}

const PATH = /^\/(\d{1,5})\/(\d{1,5})\/(\d{1,5})$/;

function typedValue(record: SenmlRecord, declared: Lwm2mType | undefined, where: string): Result<{ type: Lwm2mType; value: Lwm2mValue }> {
  const bad = (what: string) => fail('SENML', `${where}: ${what}`);
  if (record.v !== undefined) {
    if (typeof record.v !== 'number' || !Number.isFinite(record.v)) return bad('v is not a finite number');
    const type = declared ?? (Number.isInteger(record.v) ? 'Integer' : 'Float');
    if (type === 'Float') return ok({ type, value: record.v });
    if ((type === 'Integer' || type === 'Time') && Number.isSafeInteger(record.v)) return ok({ type, value: record.v });
    return bad(`v ${record.v} is not a ${type}`);
  }
  const check = (type: Lwm2mType, ok_: boolean, value: Lwm2mValue, field: string) =>
    !ok_
      ? bad(`${field} has the wrong JSON type`)
      : declared !== undefined && declared !== type
        ? bad(`${field} carries a ${type}, the table says ${declared}`)
        : ok({ type, value });
  if (record.vs !== undefined) return check('String', typeof record.vs === 'string', record.vs, 'vs');
  if (record.vb !== undefined) return check('Boolean', typeof record.vb === 'boolean', record.vb, 'vb');
  if (record.vlo !== undefined) return check('Objlnk', typeof record.vlo === 'string' && /^\d+:\d+$/.test(record.vlo), record.vlo, 'vlo');
  if (record.vd !== undefined) {
    const bytes =
      record.vd instanceof Uint8Array
        ? new Uint8Array(record.vd)
        : typeof record.vd === 'string' && /^[A-Za-z0-9_-]*$/.test(record.vd)
          ? new Uint8Array(Buffer.from(record.vd, 'base64url'))
          : undefined;
    return check('Opaque', bytes !== undefined, bytes ?? new Uint8Array(), 'vd');
  }
  return bad('the record has no value');
}

/** Instances from SenML records (base names resolved as RFC 8428 §4.5 says), in the order they first appear. */
export function fromSenmlRecords(records: unknown, typeOf: TypeOf = () => undefined): Result<Lwm2mInstance[]> {
  if (!Array.isArray(records)) return fail('SENML', 'a SenML pack is an array of records');
  if (records.length > MAX_RECORDS) return fail('SENML', `a SenML pack of ${records.length} records is more than ${MAX_RECORDS}`);
  const out = new Map<string, Lwm2mInstance>();
  let bn = '';
  for (const [i, raw] of records.entries()) {
    if (typeof raw !== 'object' || raw === null) return fail('SENML', `record ${i} is not an object`);
    const record = raw as SenmlRecord;
    if (record.bn !== undefined) bn = String(record.bn);
    const name = `${bn}${record.n ?? ''}`;
    const m = PATH.exec(name);
    if (!m) return fail('SENML', `record ${i}: ${JSON.stringify(name)} is not an LwM2M resource path /object/instance/resource`);
    const [object, instance, resource] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const value = typedValue(record, typeOf(object, resource), `record ${i} (${name})`);
    if (!value.ok) return value;
    const key = `${object}/${instance}`;
    const inst = out.get(key) ?? out.set(key, { object, instance, resources: [] }).get(key)!;
    if (inst.resources.some((r) => r.id === resource)) return fail('SENML', `record ${i}: ${name} appears twice`);
    inst.resources.push({ id: resource, ...value.value });
  }
  return ok([...out.values()]);
}

export function decodeSenmlJson(text: string, typeOf?: TypeOf): Result<Lwm2mInstance[]> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return fail('SENML', `SenML-JSON does not parse: ${(e as Error).message}`);
  }
  return fromSenmlRecords(parsed, typeOf);
}

export function decodeSenmlCbor(bytes: Uint8Array, typeOf?: TypeOf): Result<Lwm2mInstance[]> {
  let parsed: unknown;
  try {
    parsed = decoder.decode(bytes);
  } catch (e) {
    return fail('SENML', `SenML-CBOR does not decode: ${(e as Error).message}`);
  }
  if (!Array.isArray(parsed)) return fail('SENML', 'a SenML-CBOR pack is an array of maps');
  const records: SenmlRecord[] = [];
  for (const [i, item] of parsed.entries()) {
    if (!(item instanceof Map)) return fail('SENML', `record ${i} is not a CBOR map`);
    const record: Record<string, unknown> = {};
    for (const [label, value] of item) {
      const key = BY_LABEL.get(label as number | string);
      if (key) record[key] = value;
    }
    records.push(record as SenmlRecord);
  }
  return fromSenmlRecords(records, typeOf);
}
