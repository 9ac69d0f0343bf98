/** Schema validation of packages and commands: one strict ajv instance, every schema compiled once. */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { COMMAND_NAMES, isCommandName, type Command, type RawCommand } from './commands.ts';
import type { BodyKind } from './media-types.ts';
import type { MoSerialization, Package1, Package2, Package3 } from './packages.ts';
import { fail, ok, type Result } from './result.ts';
import { COMMAND_SHAPES, commandSchema } from './schemas/commands.ts';
import { moSerializationSchema, package1Schema, package2Schema, package3Schema } from './schemas/packages.ts';

// strictTuples is off because DM commands are open tuples (optional and repeated parameters).
const ajv = new Ajv2020({ strict: true, strictTuples: false, allErrors: false });

const packageValidators: Record<BodyKind, ValidateFunction> = {
  initiation: ajv.compile(package1Schema),
  request: ajv.compile(package2Schema),
  response: ajv.compile(package3Schema),
  mo: ajv.compile(moSerializationSchema),
};

const commandValidators = Object.fromEntries(
  COMMAND_NAMES.map((name) => [name, ajv.compile(commandSchema(name))]),
) as Record<(typeof COMMAND_NAMES)[number], ValidateFunction>;

const KIND_LABEL: Record<BodyKind, string> = {
  initiation: 'Package#1',
  request: 'Package#2',
  response: 'Package#3',
  mo: 'MO serialization',
};

export interface BodyByKind {
  initiation: Package1;
  request: Package2;
  response: Package3;
  mo: MoSerialization;
}

function describe(error: ErrorObject): string {
  const where = error.instancePath === '' ? 'the body' : error.instancePath;
  switch (error.keyword) {
    case 'required':
      return `${where} lacks the required member "${String(error.params.missingProperty)}"`;
    case 'additionalProperties':
      return `${where} has an unknown member "${String(error.params.additionalProperty)}"`;
    case 'pattern':
      return `${where} is not ${String(error.params.pattern).includes('[Hh][Tt]') ? 'an absolute http(s) URI' : 'a URN'}`;
    case 'enum':
      return `${where} must be one of ${JSON.stringify(error.params.allowedValues)}`;
    default:
      return `${where} ${error.message ?? 'is invalid'}`;
  }
}

/** Checks a decoded body against the schema of its kind; the error names the first offending member. */
export function validateBody<K extends BodyKind>(kind: K, value: unknown): Result<BodyByKind[K]> {
  const validator = packageValidators[kind];
  if (validator(value)) return ok(value as BodyByKind[K]);
  const first = validator.errors?.[0];
  if (!first) return fail('SCHEMA', `${KIND_LABEL[kind]} is invalid`);
  return fail('SCHEMA', `${KIND_LABEL[kind]}: ${describe(first)} (${first.keyword})`, first.instancePath);
}

/**
 * Checks one command of a Package#2. An unknown name is `CMD_UNKNOWN`, a wrong parameter list
 * `CMD_PARAMS`: both are a 400 in that command's Status, not an invalid package.
 */
export function checkCommand(raw: RawCommand): Result<Command> {
  const name = raw[0];
  if (!isCommandName(name)) return fail('CMD_UNKNOWN', `unknown command "${String(name)}"`, '/0');
  const validator = commandValidators[name];
  if (validator(raw)) return ok(raw as Command);
  const first = validator.errors?.[0];
  const detail = first ? (first.instancePath ? `: ${describe(first).replace(/^\//, 'parameter ')}` : ': wrong number of parameters') : '';
  return fail('CMD_PARAMS', `expected "${COMMAND_SHAPES[name].usage}"${detail}`, first?.instancePath || undefined);
}
