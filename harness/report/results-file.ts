/** Reading and writing results.json: atomic writes, and a schema check with clear errors on read. */
import { Ajv2020 } from 'ajv/dist/2020.js';
import { writeFileAtomic } from '../client/state-file.ts';
import { ConfigError } from '../conformance/config-error.ts';
import { describeErrors, readJsonFile } from '../conformance/schema-check.ts';
import type { Results } from './results-model.ts';
import { RESULTS_SCHEMA } from './results-schema.ts';

const ajv = new Ajv2020({ strict: false, allErrors: true });
const validate = ajv.compile(RESULTS_SCHEMA);

export function writeResults(path: string, results: Results): void {
  writeFileAtomic(path, `${JSON.stringify(results, null, 1)}\n`);
}

export function checkResults(file: string, value: unknown): Results {
  if (validate(value)) return value as unknown as Results;
  throw new ConfigError(describeErrors(file, validate.errors ?? []).slice(0, 20));
}

export function readResults(path: string): Results {
  return checkResults(path, readJsonFile(path, 'results file'));
}
