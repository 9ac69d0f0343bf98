/**
 * --rerun-failed FILE: the cases an earlier run did not pass, from its results.json. Rerun: FAIL,
 * ERROR, INCONC and WARN (a SHOULD not followed is worth a second look once fixed), and a case that
 * was selected but never got a verdict (the run was interrupted). Not rerun: PASS, and N/A (the ICS
 * decides it, and says the same again), nor a case the earlier run filtered out.
 */
import { ConfigError } from '../core/config-error.ts';
import type { Verdict } from '../core/verdict.ts';
import { readResults } from '../report/results-file.ts';
import { UsageError } from './usage-error.ts';

export const RERUN_VERDICTS: readonly Verdict[] = ['FAIL', 'ERROR', 'INCONC', 'WARN'];

export function rerunFailedCases(file: string): { file: string; ids: string[] } {
  let results: ReturnType<typeof readResults>;
  try {
    results = readResults(file);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`--rerun-failed ${file}: ${error.message}`);
    throw error;
  }
  const ids = results.cases
    .filter((c) => c.selection.status === 'selected' && (c.verdict === undefined || RERUN_VERDICTS.includes(c.verdict)))
    .map((c) => c.id);
  if (ids.length === 0)
    throw new UsageError(
      `--rerun-failed ${file}: nothing to rerun — every case that run selected is PASS or N/A (it reran FAIL, ERROR, INCONC, WARN and cases not reached)`,
    );
  return { file, ids };
}
