/** JSON Schemas (draft 2020-12) of the package bodies of K-FLOW and the MO serialization of K-TREE. */
import { SCHEMA_BASE, genericAlertSchema, moEntrySchema, moidSchema } from './common.ts';

export const package1Schema = {
  $id: `${SCHEMA_BASE}package1.json`,
  title: 'Package#1 (client -> server)',
  type: 'object',
  required: ['MOS', 'Alert'],
  additionalProperties: false,
  properties: {
    MOS: {
      type: 'array',
      items: {
        type: 'object',
        required: ['MOID', 'MIID'],
        additionalProperties: false,
        properties: {
          DDF: { type: 'string' },
          MOID: moidSchema,
          MIID: { type: 'array', items: { type: 'string', minLength: 1 } },
        },
      },
    },
    Alert: { type: 'array', items: genericAlertSchema },
  },
} as const;

export const package2Schema = {
  $id: `${SCHEMA_BASE}package2.json`,
  title: 'Package#2 (server -> client)',
  type: 'object',
  required: ['CMD'],
  additionalProperties: false,
  properties: {
    CMD: {
      type: 'array',
      minItems: 1,
      items: { type: 'array', minItems: 1, prefixItems: [{ type: 'string' }], items: true },
    },
  },
} as const;

export const moSerializationSchema = {
  $id: `${SCHEMA_BASE}mo-serialization.json`,
  title: 'MO serialization (HGET/HPUT/HPOST/SUB bodies, GET data)',
  type: 'array',
  items: moEntrySchema,
} as const;

export const statusEntrySchema = {
  $id: `${SCHEMA_BASE}status-entry.json`,
  title: 'Status entry of a Package#3',
  type: 'object',
  required: ['sc', 'URI'],
  additionalProperties: false,
  properties: {
    sc: { type: 'integer', minimum: 100, maximum: 599 },
    URI: { type: 'array', items: { type: 'string' } },
    Data: { type: 'array', items: moEntrySchema },
  },
} as const;

export const package3Schema = {
  $id: `${SCHEMA_BASE}package3.json`,
  title: 'Package#3 (client -> server)',
  type: 'object',
  required: ['Status'],
  additionalProperties: false,
  properties: {
    Status: { type: 'array', items: statusEntrySchema },
    Alert: { type: 'array', items: genericAlertSchema },
  },
} as const;

export const genericAlertDocSchema = { $id: `${SCHEMA_BASE}generic-alert.json`, ...genericAlertSchema } as const;
