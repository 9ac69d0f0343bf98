/**
 * A conformance run of one shard (--shard i/n): the run's selection is made as a whole run's, split
 * by suite file (shard-selection.ts), and only this shard's cases run. Its results.json says which
 * shard it is (run.shard) and lists every case of the run as a whole run would — the other shards'
 * selected cases filtered out, each naming the shard that runs it (selection.shard) — so that
 * `dmcts merge` can put the shards together. A shard the split leaves without a case writes such a
 * results.json too (nothing to run: exit 0), so a CI matrix of n jobs always has n results to merge.
 */
import { join, resolve } from 'node:path';
import { readResults, writeResults } from '../../report/results-file.ts';
import { summarize, type Results } from '../../report/results-model.ts';
import { EXIT } from '../../report/run-outcome.ts';
import { writeRunReports } from '../../report/write-run-reports.ts';
import { ConfigError } from '../../core/config-error.ts';
import type { Filters } from '../selection.ts';
import { parallelProblems } from './parallel-instances.ts';
import { lockReportFolder } from './report-folder-lock.ts';
import { ResultsBuilder } from './results-builder.ts';
import { newRunPlan, runConformance, type RunOptions, type RunOutcome } from './run-conformance.ts';
import { selectRun } from './run-selection.ts';
import { type CaseDurations, type ShardedSelection, shardHeadline, shardSelection } from './shard-selection.ts';
import type { Shard } from './shard-split.ts';

/** --shard i/n, and the durations that weigh the split (--shard-timing), if any. */
export interface ShardChoice {
  shard: Shard;
  durations?: CaseDurations;
}

/**
 * Makes a results.json of the shard's cases one of the whole run's: the filters the user gave, the
 * shard, every case's selection as the whole run has it (with the shard that runs each selected
 * case), and the N/A verdicts of the cases the ICS rules out. Returns the same object.
 */
export function markShard(results: Results, sharded: ShardedSelection, filters: Filters): Results {
  results.run.filters = { ...filters };
  results.run.shard = { index: sharded.shard.index, count: sharded.shard.count };
  const byId = new Map(sharded.selection.map((s) => [s.id, s]));
  for (const row of results.cases) {
    const s = byId.get(row.id);
    if (!s) continue;
    const runBy = sharded.shardOf.get(row.id);
    row.selection = {
      status: s.status,
      why: s.why,
      ...(s.status === 'not-applicable' ? { icsItem: s.icsItem } : {}),
      ...(runBy !== undefined ? { shard: runBy } : {}),
    };
    if (s.status === 'not-applicable' && !row.verdict) Object.assign(row, { verdict: 'N/A', reason: s.why, icsItems: [s.icsItem] });
  }
  results.summary = summarize(results.cases, results.run.complete, results.run.level);
  return results;
}

/** A conformance run, of one shard when `shard` says so (otherwise runConformance as it is). */
export async function runConformanceShard({ shard: choice, ...options }: RunOptions & { shard?: ShardChoice | undefined }): Promise<RunOutcome> {
  if (!choice) return runConformance(options);
  const problems = parallelProblems(options.targets, options.parallel ?? 1);
  if (problems.length > 0) throw new ConfigError(problems);
  const sharded = shardSelection(await selectRun(options.targets, options.filters), choice.shard, choice.durations);
  // Nothing selected at all: the run says so as an unsharded one would (exit 2, nothing written).
  if (sharded.allSelected.length === 0) return runConformance(options);
  if (options.progress !== 'quiet') process.stderr.write(`${shardHeadline(sharded)}\n`);
  if (sharded.selected.length === 0) return emptyShard(options, sharded);
  const resultsPath = join(resolve(options.outDir), 'results.json');
  // A run a signal ends writes its reports and exits from inside runConformance: they are marked on the way out.
  let marked = false;
  const markOnExit = () => {
    if (marked) return;
    try {
      const results = markShard(readResults(resultsPath), sharded, options.filters);
      writeResults(resultsPath, results);
      writeRunReports(resultsPath, results);
    } catch {
      // No results.json (the run stopped before writing one): nothing to mark.
    }
  };
  process.once('exit', markOnExit);
  try {
    const outcome = await runConformance({ ...options, filters: { ...options.filters, cases: sharded.selected } });
    marked = true;
    if (!outcome.written) return outcome;
    markShard(outcome.results, sharded, options.filters);
    writeResults(outcome.resultsPath, outcome.results);
    writeRunReports(outcome.resultsPath, outcome.results);
    return outcome;
  } finally {
    process.off('exit', markOnExit);
  }
}

/** A shard the split leaves without a case: its results.json (every case as the whole run has it, none run), exit 0. */
function emptyShard(options: RunOptions, sharded: ShardedSelection): RunOutcome {
  const plan = newRunPlan(options, []);
  const outDir = plan.outDir;
  const resultsPath = join(outDir, 'results.json');
  const lock = lockReportFolder(outDir, options.command);
  try {
    const { index, count } = sharded.shard;
    const builder = new ResultsBuilder(resultsPath, plan, sharded.inRun, sharded.selection, options.filters, options.command);
    const results = markShard(
      builder.finish(
        `shard ${index}/${count} has none of the ${sharded.allSelected.length} selected cases (they are in ${sharded.files.all} suite file${sharded.files.all === 1 ? '' : 's'}, and a file is never split): nothing to run`,
      ),
      sharded,
      options.filters,
    );
    writeResults(resultsPath, results);
    writeRunReports(resultsPath, results);
    return { results, resultsPath, exitCode: EXIT.conformant, written: true };
  } finally {
    lock.release();
  }
}
