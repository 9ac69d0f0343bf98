/** JSON Schemas (2020-12) of the P-MAP tables in vectors/mappings/. */
import { FORMATS } from '../formats.ts';

const LEAF_FORMATS = FORMATS.filter((f) => f !== 'node');
const NODE_PATH = { type: 'string', pattern: '^[^/]+(/[^/]+)*$' } as const;

const unmappedRules = {
  type: 'array',
  items: {
    type: 'object',
    required: ['node', 'reason'],
    additionalProperties: false,
    properties: { node: NODE_PATH, reason: { type: 'string', minLength: 1 } },
  },
} as const;

const header = {
  description: { type: 'string' },
  version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+$' },
} as const;

const id16 = { type: 'integer', minimum: 0, maximum: 65534 } as const;

export const LWM2M_TABLE_SCHEMA = {
  type: 'object',
  required: ['description', 'version', 'lwm2m', 'objects', 'mos'],
  additionalProperties: false,
  properties: {
    ...header,
    lwm2m: { type: 'string' },
    objects: {
      type: 'array',
      items: {
        type: 'object',
        required: ['id', 'name', 'multiInstance'],
        additionalProperties: false,
        properties: { id: id16, name: { type: 'string' }, multiInstance: { type: 'boolean' } },
      },
    },
    mos: {
      type: 'array',
      items: {
        type: 'object',
        required: ['moid', 'name', 'resources', 'unmapped'],
        additionalProperties: false,
        properties: {
          moid: { type: 'string', pattern: '^urn:' },
          name: { type: 'string' },
          resources: {
            type: 'array',
            items: {
              type: 'object',
              required: ['node', 'format', 'object', 'resource', 'name', 'type'],
              additionalProperties: false,
              properties: {
                node: NODE_PATH,
                format: { enum: LEAF_FORMATS },
                object: id16,
                resource: id16,
                name: { type: 'string' },
                type: { enum: ['String', 'Integer', 'Float', 'Boolean', 'Opaque', 'Time', 'Objlnk'] },
                values: { type: 'object', additionalProperties: { type: 'integer' } },
              },
            },
          },
          shortServerId: {
            type: 'array',
            items: {
              type: 'object',
              required: ['object', 'resource', 'name'],
              additionalProperties: false,
              properties: { object: id16, resource: id16, name: { type: 'string' } },
            },
          },
          unmapped: unmappedRules,
        },
      },
    },
  },
} as const;

export const TR181_TABLE_SCHEMA = {
  type: 'object',
  required: ['description', 'version', 'dataModel', 'mos'],
  additionalProperties: false,
  properties: {
    ...header,
    dataModel: { type: 'string' },
    mos: {
      type: 'array',
      items: {
        type: 'object',
        required: ['moid', 'name', 'parameters', 'unmapped'],
        additionalProperties: false,
        properties: {
          moid: { type: 'string', pattern: '^urn:' },
          name: { type: 'string' },
          parameters: {
            type: 'array',
            items: {
              type: 'object',
              required: ['node', 'format', 'path', 'type'],
              additionalProperties: false,
              properties: {
                node: NODE_PATH,
                format: { enum: LEAF_FORMATS },
                path: { type: 'string', pattern: '^Device\\.([A-Za-z][A-Za-z0-9]*\\.|\\{i\\}\\.)*[A-Za-z][A-Za-z0-9]*$' },
                type: { enum: ['string', 'int', 'unsignedInt', 'long', 'unsignedLong', 'boolean', 'dateTime', 'base64'] },
              },
            },
          },
          unmapped: unmappedRules,
        },
      },
    },
  },
} as const;
