/** One JSON Schema per command (K-CMD): the exact parameter list each takes. */
import type { CommandName } from '../commands.ts';
import { SCHEMA_BASE, clientUriSchema, moidSchema, serverUriSchema } from './common.ts';

type ParamSchema = typeof serverUriSchema | typeof clientUriSchema | typeof moidSchema;

interface CommandShape {
  /** The parameter list as a person reads it, for error messages. */
  usage: string;
  required: readonly ParamSchema[];
  optional: readonly ParamSchema[];
  /** The last parameter may repeat (HPUT, HPOST: several ClientURIs). */
  repeatLast: boolean;
}

export const COMMAND_SHAPES: Readonly<Record<CommandName, CommandShape>> = {
  HGET: { usage: 'HGET ServerURI [ClientURI]', required: [serverUriSchema], optional: [clientUriSchema], repeatLast: false },
  HPUT: { usage: 'HPUT ServerURI ClientURI...', required: [serverUriSchema, clientUriSchema], optional: [], repeatLast: true },
  HPOST: { usage: 'HPOST ServerURI ClientURI...', required: [serverUriSchema, clientUriSchema], optional: [], repeatLast: true },
  DELETE: { usage: 'DELETE ClientURI', required: [clientUriSchema], optional: [], repeatLast: false },
  EXEC: { usage: 'EXEC ClientURI [ServerURI]', required: [clientUriSchema], optional: [serverUriSchema], repeatLast: false },
  GET: { usage: 'GET ClientURI', required: [clientUriSchema], optional: [], repeatLast: false },
  SHOW: { usage: 'SHOW ServerURI', required: [serverUriSchema], optional: [], repeatLast: false },
  CONT: { usage: 'CONT ServerURI', required: [serverUriSchema], optional: [], repeatLast: false },
  END: { usage: 'END', required: [], optional: [], repeatLast: false },
  DEFAULT: { usage: 'DEFAULT MOID ServerURI', required: [moidSchema, serverUriSchema], optional: [], repeatLast: false },
  SUB: { usage: 'SUB ClientURI ServerURI', required: [clientUriSchema, serverUriSchema], optional: [], repeatLast: false },
  UNSUB: { usage: 'UNSUB ClientURI', required: [clientUriSchema], optional: [], repeatLast: false },
};

/** The JSON Schema of one command, built from its shape. */
export function commandSchema(name: CommandName): Record<string, unknown> {
  const shape = COMMAND_SHAPES[name];
  const prefix = [{ const: name }, ...shape.required, ...shape.optional];
  const minItems = 1 + shape.required.length;
  const last = shape.required[shape.required.length - 1];
  const schema: Record<string, unknown> = {
    $id: `${SCHEMA_BASE}command-${name.toLowerCase()}.json`,
    title: shape.usage,
    type: 'array',
    prefixItems: prefix,
    minItems,
  };
  if (shape.repeatLast && last) schema.items = last;
  else {
    schema.items = false;
    schema.maxItems = prefix.length;
  }
  return schema;
}
