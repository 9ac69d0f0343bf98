/**
 * Schema validation of packages and commands: one strict ajv instance, every schema compiled once,
 * when first used (a process that never validates a kind, such as the main process of a run, does
 * not pay for compiling it).
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { type COMMAND_NAMES, isCommandName, type Command, type RawCommand } from './commands.ts';
import type { BodyKind } from './media-types.ts';
import type { MoSerialization, Package1, Package2, Package3 } from './packages.ts';
import { fail, ok, type Result } from './result.ts';
import { COMMAND_SHAPES, commandSchema } from './schemas/commands.ts';
import { moSerializationSchema, package1Schema, package2Schema, package3Schema } from './schemas/packages.ts';

// strictTuples is off because DM commands are open tuples (optional and repeated parameters).
// validateSchema is off: the schemas are this module's constants, checked against the JSON Schema
// 2020-12 meta-schema by test/unit/protocol/schemas-valid.test.ts instead of by every process that
// compiles one (compiling the meta-schema cost each test worker about 0.1 s).
const ajv = new Ajv2020({ strict: true, strictTuples: false, allErrors: false, validateSchema: false });

const PACKAGE_SCHEMAS: Record<BodyKind, object> = {
  initiation: package1Schema,
  request: package2Schema,
  response: package3Schema,
  mo: moSerializationSchema,
};
const packageValidators = new Map<BodyKind, ValidateFunction>();
const commandValidators = new Map<(typeof COMMAND_NAMES)[number], ValidateFunction>();

function packageValidator(kind: BodyKind): ValidateFunction {
  let v = packageValidators.get(kind);
  if (!v) packageValidators.set(kind, (v = ajv.compile(PACKAGE_SCHEMAS[kind])));
  return v;
}

function commandValidator(name: (typeof COMMAND_NAMES)[number]): ValidateFunction {
  let v = commandValidators.get(name);
  if (!v) commandValidators.set(name, (v = ajv.compile(commandSchema(name))));
  return v;
}

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
  const validator = packageValidator(kind);
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
  const validator = commandValidator(name);
  if (validator(raw)) return ok(raw as Command);
  const first = validator.errors?.[0];
  const detail = first ? (first.instancePath ? `: ${describe(first).replace(/^\//, 'parameter ')}` : ': wrong number of parameters') : '';
  return fail('CMD_PARAMS', `expected "${COMMAND_SHAPES[name].usage}"${detail}`, first?.instancePath || undefined);
}
