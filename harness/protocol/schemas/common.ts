/** Building blocks shared by the package and command schemas. */

export const SCHEMA_BASE = 'https://dmcts.dev/schema/';

/** An absolute http(s) URI: where a command sends the client (HGET, HPUT, CONT, ...). */
export const serverUriSchema = { type: 'string', minLength: 8, maxLength: 4096, pattern: '^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$' } as const;

/** A ClientURI is checked structurally by the ClientURI parser; the schema only bounds it. */
export const clientUriSchema = { type: 'string', minLength: 1, maxLength: 4096 } as const;

/** An MO identifier is a URN (`urn:oma:mo:...`). */
export const moidSchema = { type: 'string', minLength: 5, maxLength: 1024, pattern: '^[Uu][Rr][Nn]:[^\\s/?#]+$' } as const;

export const genericAlertSchema = {
  type: 'object',
  required: ['AlertType'],
  additionalProperties: false,
  properties: {
    AlertType: { type: 'string', minLength: 1 },
    SourceURI: { type: 'string' },
    TargetURI: { type: 'string' },
    Mark: { enum: ['fatal', 'critical', 'minor', 'warning', 'informational', 'harmless', 'indeterminate'] },
    DataType: { type: 'string' },
    Data: true,
  },
} as const;

export const moEntrySchema = {
  type: 'object',
  required: ['ClientURI', 'MOData'],
  additionalProperties: false,
  properties: {
    DDF: { type: 'string' },
    ClientURI: clientUriSchema,
    CV: { type: 'string' },
    MOData: true,
  },
} as const;
