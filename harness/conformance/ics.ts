/**
 * The ICS (implementation conformance statement, like a PICS): what the IUT claims — its role, product
 * and the optional features of P-FEAT it implements. Cases needing a feature the ICS does not claim are
 * N/A, with the ICS item that made them so; a claim the live IUT contradicts is a FAIL (checked by cases).
 */
import { FEATURE_NAMES, type FeatureName } from '../tree/standard-mos.ts';
import { ConfigError } from '../core/config-error.ts';
import { compileSchema, readJsonFile } from '../core/schema-check.ts';

export const ICS_FEATURES: readonly FeatureName[] = FEATURE_NAMES;
export type IcsFeature = FeatureName;

/**
 * What the device or server can hold: a case needing more than the ICS grants is N/A with that
 * reason. Absent: no limit is claimed (cases run, and the live IUT is held to what they need).
 */
export interface IcsCapacities {
  /** Management accounts (DMAcc instances: servers) a client holds at once; 1 for a single-account device. */
  accounts?: number;
  /** The largest DM package body, in bytes, the IUT takes (a client: Package#2; a server: Package#1/#3). */
  maxPackageBytes?: number;
  /** The largest MO serialization, in bytes, the IUT takes in one transfer (HGET content, HPUT/HPOST, SUB delivery). */
  maxObjectBytes?: number;
}

export type IcsCapacity = keyof IcsCapacities;
export const ICS_CAPACITIES: readonly IcsCapacity[] = ['accounts', 'maxPackageBytes', 'maxObjectBytes'];

/** The DM transports a session can go over: HTTP(S), and the WebSocket binding (P-WS). */
export type Transport = 'http' | 'ws';
export const TRANSPORTS: readonly Transport[] = ['http', 'ws'];

export interface Ics {
  dmcts: 'ics/1';
  role: 'client' | 'server';
  product: { name: string; version: string; vendor?: string };
  /** Optional features (P-FEAT); a feature not listed is not claimed. */
  features: Partial<Record<IcsFeature, boolean>>;
  capacities?: IcsCapacities;
  /**
   * The transports the IUT runs DM sessions over (a device behind NAT may speak only "ws"). Absent:
   * HTTP, and the WebSocket binding too when features.WS is claimed. Cases of sessions run once per
   * transport claimed (transportsOf).
   */
  transports?: Transport[];
  notes?: string;
}

/** The transports an ICS claims (its `transports`, else HTTP plus P-WS when it claims the WS feature). */
export function transportsOf(ics: Ics): Transport[] {
  return ics.transports ?? (ics.features.WS ? ['http', 'ws'] : ['http']);
}

export const ICS_SCHEMA = {
  $id: 'https://dmcts.dev/schema/ics-1.json',
  title: 'dmcts ICS: what the implementation under test claims',
  type: 'object',
  required: ['dmcts', 'role', 'product', 'features'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    dmcts: { const: 'ics/1' },
    role: { enum: ['client', 'server'] },
    product: {
      type: 'object',
      required: ['name', 'version'],
      additionalProperties: false,
      properties: { name: { type: 'string', minLength: 1 }, version: { type: 'string', minLength: 1 }, vendor: { type: 'string' } },
    },
    features: {
      type: 'object',
      additionalProperties: false,
      properties: Object.fromEntries(FEATURE_NAMES.map((f) => [f, { type: 'boolean' }])),
    },
    capacities: {
      type: 'object',
      additionalProperties: false,
      properties: {
        accounts: { type: 'integer', minimum: 1, maximum: 1000 },
        maxPackageBytes: { type: 'integer', minimum: 256 },
        maxObjectBytes: { type: 'integer', minimum: 1 },
      },
    },
    transports: {
      type: 'array',
      items: { enum: ['http', 'ws'] },
      minItems: 1,
      uniqueItems: true,
      description: 'the transports the IUT runs DM sessions over; absent: http, and ws too when features.WS is claimed',
    },
    notes: { type: 'string' },
  },
} as const;

const check = compileSchema<Ics>(ICS_SCHEMA);

export function parseIcs(file: string, value: unknown): Ics {
  const ics = check(file, value);
  if (ics.transports?.includes('ws') && !ics.features.WS) {
    throw new ConfigError([`${file}: transports lists "ws" but features.WS is not claimed: claim the WebSocket binding (features.WS: true) or drop "ws"`]);
  }
  return ics;
}

export function loadIcs(path: string): Ics {
  return parseIcs(path, readJsonFile(path, 'ICS'));
}

export function claims(ics: Ics, feature: IcsFeature): boolean {
  return ics.features[feature] === true;
}

const CAPACITY_WORDS: Record<IcsCapacity, (n: number) => string> = {
  accounts: (n) => `${n} management account${n === 1 ? '' : 's'}`,
  maxPackageBytes: (n) => `a DM package of ${n} bytes`,
  maxObjectBytes: (n) => `an MO serialization of ${n} bytes`,
};

/** The first capacity `needs` asks beyond what the ICS grants, with the reason of its N/A; undefined when all fit. */
export function unmetCapacity(ics: Ics, needs: Partial<Record<IcsCapacity, number>> | undefined): { why: string; icsItem: string } | undefined {
  for (const name of ICS_CAPACITIES) {
    const need = needs?.[name];
    const granted = ics.capacities?.[name];
    if (need === undefined || granted === undefined || need <= granted) continue;
    return { why: `the case needs ${CAPACITY_WORDS[name](need)}; the ICS grants ${granted} (capacities.${name})`, icsItem: `capacities.${name}` };
  }
  return undefined;
}
