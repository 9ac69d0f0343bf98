/**
 * The ICS (implementation conformance statement, like a PICS): what the IUT claims — its role, product
 * and the optional features of P-FEAT it implements. Cases needing a feature the ICS does not claim are
 * N/A, with the ICS item that made them so; a claim the live IUT contradicts is a FAIL (checked by cases).
 */
import { FEATURE_NAMES, type FeatureName } from '../tree/standard-mos.ts';
import { compileSchema, readJsonFile } from './schema-check.ts';

export const ICS_FEATURES: readonly FeatureName[] = FEATURE_NAMES;
export type IcsFeature = FeatureName;

export interface Ics {
  dmcts: 'ics/1';
  role: 'client' | 'server';
  product: { name: string; version: string; vendor?: string };
  /** Optional features (P-FEAT); a feature not listed is not claimed. */
  features: Partial<Record<IcsFeature, boolean>>;
  notes?: string;
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
    notes: { type: 'string' },
  },
} as const;

const check = compileSchema<Ics>(ICS_SCHEMA);

export function parseIcs(file: string, value: unknown): Ics {
  return check(file, value);
}

export function loadIcs(path: string): Ics {
  return parseIcs(path, readJsonFile(path, 'ICS'));
}

export function claims(ics: Ics, feature: IcsFeature): boolean {
  return ics.features[feature] === true;
}
