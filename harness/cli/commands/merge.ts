/** `dmcts merge`: the results.json of the shards of one run (--shard i/n) put together as one run's, with every report. */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { lockReportFolder } from '../../conformance/run/report-folder-lock.ts';
import { ConfigError } from '../../core/config-error.ts';
import { readResults, writeResults } from '../../report/results-file.ts';
import { MergeError, mergeShardResults, type ShardInput } from '../../report/results-merge.ts';
import { EXIT } from '../../report/run-outcome.ts';
import { writeAllReports } from '../../report/write-run-reports.ts';
import { parseOptions } from '../parse-options.ts';
import { finishRun } from '../run-summary.ts';
import { UsageError } from '../usage-error.ts';

export const MERGE_HELP = `dmcts merge — put the results of the shards of one run together

Usage: dmcts merge OUT_DIR SHARD_RESULTS... [--allow-partial] [--quiet|--json]

Each SHARD_RESULTS is the results.json of a run with --shard I/N (dmcts run or self-test), or the
folder it is in. The merge writes OUT_DIR/results.json — the one a run of the whole selection would
have written: every case with the verdict its shard gave it — and every report beside it
(report.html, junit.xml, summary.md, trace.har, allure-results/). docs/ci.md has a CI recipe.

It refuses (exit 2), naming the problem: shards of different dmcts versions, suites, IUTs or ICS,
selection flags, --level or --repeat; a shard given twice; cases two shards ran, or split
differently (every shard must be run with the same flags and --shard-timing file); a shard missing.

Options:
  --allow-partial       merge even when shards are missing: their cases are listed as selected and
                        not run, so the outcome is at best not demonstrated (exit 3)
  --quiet               only the summary
  --json                print the summary as JSON on stdout (CI)
  -h, --help            this help

The outcome and exit code follow the rules of a run (dmcts run --help), at the --level the shards
ran with: 0 conformant, 1 not conformant (a FAIL), 2 bad invocation or shards that do not belong
together (nothing is written), 3 not demonstrated (an INCONC or ERROR, a case not run, a shard
missing, a shard that did not complete).
`;

/** A results.json, or the folder holding one. */
function resultsFileOf(arg: string): string {
  try {
    return statSync(arg).isDirectory() ? join(arg, 'results.json') : arg;
  } catch {
    return arg;
  }
}

export async function mergeCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    'merge',
    args,
    {
      'allow-partial': { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(MERGE_HELP);
    return 0;
  }
  const [outArg, ...shardArgs] = positionals;
  if (outArg === undefined || shardArgs.length === 0)
    throw new UsageError(
      'give the output folder and each shard results.json: dmcts merge OUT_DIR shard-1/results.json shard-2/results.json ... (see: dmcts merge --help)',
    );
  const outDir = resolve(outArg);
  const resultsPath = join(outDir, 'results.json');
  const inputs: ShardInput[] = [];
  const problems: string[] = [];
  for (const arg of shardArgs) {
    const file = resultsFileOf(arg);
    if (resolve(file) === resultsPath) {
      problems.push(`${arg}: the merge would overwrite this shard's results: give another OUT_DIR`);
      continue;
    }
    if (!existsSync(file)) {
      problems.push(`${arg}: no such results.json: give the results.json of each shard (or the folder it is in)`);
      continue;
    }
    try {
      inputs.push({ file: arg, results: readResults(file) });
    } catch (error) {
      if (error instanceof ConfigError) problems.push(error.message);
      else throw error;
    }
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  let merged: ReturnType<typeof mergeShardResults>;
  try {
    merged = mergeShardResults(inputs, { allowPartial: values['allow-partial'], command: ['dmcts', 'merge', ...args] });
  } catch (error) {
    if (error instanceof MergeError) throw new ConfigError(error.problems);
    throw error;
  }
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new UsageError(`${outArg}: cannot make the output folder (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give a folder path`);
  }
  const lock = lockReportFolder(outDir, ['dmcts', 'merge', ...args]);
  try {
    writeResults(resultsPath, merged.results);
    writeAllReports(outDir, merged.results);
  } finally {
    lock.release();
  }
  if (!values.json && !values.quiet) {
    const given = inputs.map((i) => i.results.run.shard!.index).sort((a, b) => a - b);
    const count = inputs[0]!.results.run.shard!.count;
    process.stderr.write(
      `dmcts merge: shard${given.length === 1 ? '' : 's'} ${given.join(', ')} of ${count} merged${merged.missing.length > 0 ? `; missing (their cases not run): ${merged.missing.join(', ')}` : ''}\n`,
    );
  }
  return finishRun({ results: merged.results, resultsPath, exitCode: EXIT[merged.results.summary.outcome], written: true }, { json: values.json });
}
