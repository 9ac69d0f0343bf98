/** Reading and writing results.json: atomic writes, and a schema check with clear errors on read. */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { writeFileAtomic } from '../core/write-file-atomic.ts';
import { ConfigError } from '../core/config-error.ts';
import { describeErrors, readJsonFile } from '../core/schema-check.ts';
import { RESULTS_FORMAT, summarize, type CaseResult, type Results } from './results-model.ts';
import { RESULTS_SCHEMA } from './results-schema.ts';

// The schema is a constant, checked against the meta-schema by test/unit/protocol/schemas-valid.test.ts.
const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
let compiled: ValidateFunction | undefined;
/** Compiled on first use: a run writes results.json, only reading one checks it. */
const validator = (): ValidateFunction => (compiled ??= ajv.compile(RESULTS_SCHEMA));

/** At most this many problems are named; the rest are counted. */
const MAX_PROBLEMS = 12;

/** Writes results.json atomically; `durable` false (an interim copy during a run) skips the flushes to disk. */
export function writeResults(path: string, results: Results, durable = true): void {
  writeResultsJson(path, `${JSON.stringify(results, null, 1)}\n`, durable);
}

/** Writes results.json already serialised (an interim copy a run assembles from rows it keeps serialised). */
export function writeResultsJson(path: string, json: string, durable = true): void {
  // Reports are shared artifacts (CI), readable like the other reports beside them.
  writeFileAtomic(path, json, 0o644, durable);
}

function formatOf(value: unknown): unknown {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as { format?: unknown }).format : undefined;
}

/**
 * A results.json of format dmcts-results/1 (before the two levels of claim) read as /2: judged at
 * the profile level, which is what its verdicts were; its cases have no facts verdict.
 */
function upgrade(value: unknown): unknown {
  if (formatOf(value) !== 'dmcts-results/1') return value;
  const old = value as { run?: Record<string, unknown>; cases?: unknown };
  if (!old.run || !Array.isArray(old.cases)) return value;
  const run: Record<string, unknown> = { ...old.run, level: 'profile' };
  return { ...old, format: RESULTS_FORMAT, run, summary: summarize(old.cases as CaseResult[], run.complete === true, 'profile') };
}

export function checkResults(file: string, raw: unknown): Results {
  const value = upgrade(raw);
  const validate = validator();
  if (validate(value)) return value as unknown as Results;
  const format = formatOf(value);
  const problems = describeErrors(file, validate.errors ?? []);
  const lead =
    format === RESULTS_FORMAT
      ? []
      : [
          `${file}: not a dmcts results file (its "format" is ${format === undefined ? 'missing' : JSON.stringify(format)}, a results.json says "${RESULTS_FORMAT}"); give the results.json a run wrote`,
        ];
  const named = problems.slice(0, MAX_PROBLEMS);
  const more = problems.length > named.length ? [`${file}: ... and ${problems.length - named.length} more problems`] : [];
  throw new ConfigError([...lead, ...named, ...more]);
}

export function readResults(path: string): Results {
  return checkResults(path, readJsonFile(path, 'results file'));
}
