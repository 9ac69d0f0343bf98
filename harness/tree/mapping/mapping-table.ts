/**
 * P-MAP: the versioned mapping tables (vectors/mappings/lwm2m.json, tr181.json), checked against
 * their schemas when loaded. A table says, per DM MO, which node goes to which LwM2M resource or
 * TR-181 parameter with which types, and which nodes do not map and why.
 */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import type { LeafFormat } from '../formats.ts';
import { LWM2M_TABLE_SCHEMA, TR181_TABLE_SCHEMA } from './mapping-schemas.ts';

export const LWM2M_TYPES = ['String', 'Integer', 'Float', 'Boolean', 'Opaque', 'Time', 'Objlnk'] as const;
export type Lwm2mType = (typeof LWM2M_TYPES)[number];

export const TR181_TYPES = ['string', 'int', 'unsignedInt', 'long', 'unsignedLong', 'boolean', 'dateTime', 'base64'] as const;
export type Tr181Type = (typeof TR181_TYPES)[number];

/** A node known not to map, and why (`*` stands for any one node name). */
export interface UnmappedRule {
  node: string;
  reason: string;
}

export interface Lwm2mResourceMap {
  /** The node's path under the MO instance root (`Auth/Client/Name`). */
  node: string;
  format: LeafFormat;
  object: number;
  resource: number;
  name: string;
  type: Lwm2mType;
  /** An enumeration: DM text -> LwM2M integer (one to one). */
  values?: Record<string, number>;
}

export interface Lwm2mMoMap {
  moid: string;
  name: string;
  resources: Lwm2mResourceMap[];
  /** Resources the translator fills with the instance's Short Server ID (ours: instance ID + 1). */
  shortServerId?: Array<{ object: number; resource: number; name: string }>;
  unmapped: UnmappedRule[];
}

export interface Lwm2mTable {
  description: string;
  version: string;
  lwm2m: string;
  objects: Array<{ id: number; name: string; multiInstance: boolean }>;
  mos: Lwm2mMoMap[];
}

export interface Tr181ParameterMap {
  node: string;
  format: LeafFormat;
  /** The full parameter path; `{i}` stands for the instance number of a multi-instance object. */
  path: string;
  type: Tr181Type;
}

export interface Tr181MoMap {
  moid: string;
  name: string;
  parameters: Tr181ParameterMap[];
  unmapped: UnmappedRule[];
}

export interface Tr181Table {
  description: string;
  version: string;
  dataModel: string;
  mos: Tr181MoMap[];
}

export class MappingTableError extends Error {
  readonly code = 'MAPPING_TABLE';
}

const ajv = new Ajv2020({ strict: true, allErrors: true, validateSchema: false });
const validLwm2m = ajv.compile<Lwm2mTable>(LWM2M_TABLE_SCHEMA);
const validTr181 = ajv.compile<Tr181Table>(TR181_TABLE_SCHEMA);

function problems(errors: typeof validLwm2m.errors): string {
  return (errors ?? []).map((e) => `${e.instancePath || '(top)'} ${e.message ?? 'is invalid'}`).join('; ');
}

/** Checks a parsed LwM2M table: its schema, then that each object it names is declared and each resource is named once. */
export function checkLwm2mTable(raw: unknown, where = 'the LwM2M mapping table'): Lwm2mTable {
  if (!validLwm2m(raw)) throw new MappingTableError(`${where} does not follow its schema: ${problems(validLwm2m.errors)} (fix the JSON)`);
  const objects = new Set(raw.objects.map((o) => o.id));
  const seen = new Set<string>();
  for (const mo of raw.mos) {
    for (const r of [...mo.resources, ...(mo.shortServerId ?? [])]) {
      if (!objects.has(r.object)) throw new MappingTableError(`${where}: ${mo.name} maps to object ${r.object}, which "objects" does not declare`);
      const key = `/${r.object}/${r.resource}`;
      if (seen.has(key)) throw new MappingTableError(`${where}: resource ${key} is mapped twice (one DM node per resource)`);
      seen.add(key);
    }
  }
  return raw;
}

/** Checks a parsed TR-181 table: its schema, then that each parameter path is named once. */
export function checkTr181Table(raw: unknown, where = 'the TR-181 mapping table'): Tr181Table {
  if (!validTr181(raw)) throw new MappingTableError(`${where} does not follow its schema: ${problems(validTr181.errors)} (fix the JSON)`);
  const seen = new Set<string>();
  for (const mo of raw.mos) {
    for (const p of mo.parameters) {
      if (seen.has(p.path)) throw new MappingTableError(`${where}: parameter ${p.path} is mapped twice (one DM node per parameter)`);
      seen.add(p.path);
    }
  }
  return raw;
}

const TABLES = new URL('../../../vectors/mappings/', import.meta.url);

function readTable(name: string): unknown {
  const url = new URL(name, TABLES);
  try {
    return JSON.parse(readFileSync(url, 'utf8'));
  } catch (e) {
    throw new MappingTableError(`cannot read the mapping table ${url.pathname}: ${(e as Error).message}`);
  }
}

let lwm2m: Lwm2mTable | undefined;
let tr181: Tr181Table | undefined;

/** The LwM2M table of vectors/mappings/lwm2m.json (read once). */
export function lwm2mTable(): Lwm2mTable {
  lwm2m ??= checkLwm2mTable(readTable('lwm2m.json'), 'vectors/mappings/lwm2m.json');
  return lwm2m;
}

/** The TR-181 table of vectors/mappings/tr181.json (read once). */
export function tr181Table(): Tr181Table {
  tr181 ??= checkTr181Table(readTable('tr181.json'), 'vectors/mappings/tr181.json');
  return tr181;
}

/** The reason a table gives for a node not mapping, matching `*` against any one name. */
export function knownUnmapped(rules: readonly UnmappedRule[], node: string): string | undefined {
  const parts = node.split('/');
  for (const rule of rules) {
    const pattern = rule.node.split('/');
    if (pattern.length > parts.length) continue;
    if (pattern.every((p, i) => p === '*' || p === parts[i])) return rule.reason;
  }
  return undefined;
}

/** The LwM2M type of a resource the table names (the Short Server IDs: Integer); undefined for others. */
export function lwm2mTypeOf(table: Lwm2mTable): (object: number, resource: number) => Lwm2mType | undefined {
  const types = new Map<string, Lwm2mType>();
  for (const mo of table.mos) {
    for (const r of mo.resources) types.set(`${r.object}/${r.resource}`, r.type);
    for (const s of mo.shortServerId ?? []) types.set(`${s.object}/${s.resource}`, 'Integer');
  }
  return (object, resource) => types.get(`${object}/${resource}`);
}
