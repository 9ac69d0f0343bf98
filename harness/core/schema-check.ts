/** Validates a configuration document against its JSON Schema and words each problem with its fix. */
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { readFileSync } from 'node:fs';
import { ConfigError } from './config-error.ts';

// strictRequired is off: if/then clauses require members their parent schema defines. The schemas
// are constants, checked against the meta-schema by test/unit/protocol/schemas-valid.test.ts.
const ajv = new Ajv2020({ strict: true, allErrors: true, strictTuples: false, strictRequired: false, validateSchema: false });

function fixFor(error: ErrorObject): string {
  switch (error.keyword) {
    case 'required':
      return `add "${String(error.params.missingProperty)}"`;
    case 'additionalProperties':
      return `remove "${String(error.params.additionalProperty)}" or check its spelling`;
    case 'enum':
      return `use one of ${(error.params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
    case 'const':
      return `write ${JSON.stringify(error.params.allowedValue)}`;
    case 'type':
      return `write a ${String(error.params.type)}`;
    default:
      return 'see the schema';
  }
}

export function describeErrors(file: string, errors: readonly ErrorObject[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  for (const e of errors) {
    // oneOf/anyOf wrappers repeat what their branches said.
    if (e.keyword === 'oneOf' || e.keyword === 'anyOf' || e.keyword === 'if') continue;
    const where = e.instancePath === '' ? '(top level)' : e.instancePath;
    const line = `${file}: ${where}: ${e.message ?? 'is invalid'} (fix: ${fixFor(e)})`;
    if (!seen.has(line)) {
      seen.add(line);
      out.push(line);
    }
  }
  return out;
}

export function compileSchema<T>(schema: object): (file: string, value: unknown) => T {
  // Compiled on first use: importing a module that declares a file format costs nothing.
  let validate: ReturnType<typeof ajv.compile> | undefined;
  return (file, value) => {
    validate ??= ajv.compile(schema);
    if (validate(value)) return value as T;
    throw new ConfigError(describeErrors(file, validate.errors ?? []));
  };
}

export function readJsonFile(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ConfigError([`${path}: cannot read the ${what} (${code ?? (error as Error).message}); check the path`]);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError([`${path}: the ${what} is not valid JSON: ${(error as Error).message}`]);
  }
}
