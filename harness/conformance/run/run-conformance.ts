/**
 * A conformance run: collect the cases, select them against each IUT's ICS, write results.json at
 * once (N/A cases already decided), run the selected ones under vitest with the dmcts reporter (one
 * vitest per role, side by side, sharing the reporter; with --parallel k one vitest for all roles whose
 * k workers take whole suite files, each with its own IUT instances), and finish the results with the summary.
 * With --repeat N the suites run N times over, one pass after another (each with fresh workers and IUT
 * instances), and a case's verdict is its worst attempt's. One run at a time writes into a report
 * folder (report-folder-lock.ts).
 * Exit code (harness/report/run-outcome.ts), at the chosen level of claim: 0 conformant, 1 not
 * conformant, 3 not demonstrated; 2 a bad configuration — an IUT that cannot be started, a folder
 * another run is writing into, or nothing selected (a filter or ICS that matches no case; an earlier
 * report in the same folder is then left as it was); 128 + the signal's number for a run a signal
 * ended (130 Ctrl-C, 143 SIGTERM), its reports written all the same.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import { constants } from 'node:os';
import { createVitest, type Vitest } from 'vitest/node';
import { allureReporters, clearAllureResults } from '../../report/allure-results.ts';
import { writeRunReports } from '../../report/write-run-reports.ts';
import { summarize, type Results } from '../../report/results-model.ts';
import { DEFAULT_LEVEL, EXIT, type ClaimLevel } from '../../report/run-outcome.ts';
import type { CaseRecord } from '../case-record.ts';
import { ConfigError } from '../../core/config-error.ts';
import { PLAN_ENV, type RunPlan, type RunTarget } from '../run-plan.ts';
import type { Filters } from '../selection.ts';
import { TRANSPORTS } from '../ics.ts';
import { DmctsReporter } from './dmcts-reporter.ts';
import { Progress, type ProgressMode, type TraceMode } from './progress.ts';
import { lockReportFolder } from './report-folder-lock.ts';
import { selectRun } from './run-selection.ts';
import { ResultsBuilder } from './results-builder.ts';
import { suiteTestConfig } from './suite-config.ts';
import { handOverLeftovers, signalLeftovers, stopIutsOnSignal, stopLeftovers } from '../iut/run-leftovers.ts';
import { parallelProblems } from './parallel-instances.ts';

export interface RunOptions {
  targets: RunTarget[];
  filters: Filters;
  outDir: string;
  seed?: number;
  progress: ProgressMode;
  /** The command line, for the report. */
  command: string[];
  /** Where allure-vitest writes Allure results (replacing earlier ones): default <outDir>/allure-results; false for none. */
  allureDir?: string | false;
  /** The claim that sets the outcome and exit code (default 'facts'). */
  level?: ClaimLevel;
  /** Stop at the first FAIL (--bail). */
  bail?: boolean;
  /** The circuit breaker's limit (cases in a row at one unmet precondition); 0 turns it off (--no-bail). */
  breakAfter?: number;
  /** Test workers, each with its own instance of each role's IUT (--parallel; default 1). */
  parallel?: number;
  /** Run each selected case this many times; its verdict is its worst attempt's (--repeat; default 1). */
  repeat?: number;
  /** Colour in the progress (on a TTY; false for NO_COLOR or --no-color). */
  color?: boolean;
  /** Print a case's decoded trace as it ends (--verbose): the one selected case, else every case not PASS. */
  verbose?: boolean;
}

/** The first line of a run: what runs against what, on how many workers, and where the results go. */
function headline(options: RunOptions, selected: number, runs: number, workers: number, outDir: string): string {
  const iuts = options.targets.map((t) => `${t.ics.product.name} ${t.ics.product.version} (${t.ics.role})`).join(' and ');
  const repeat = (options.repeat ?? 1) > 1 ? ` ${options.repeat} times each` : '';
  // A case of sessions runs once per transport: the counter counts runs.
  const perTransport = runs > selected ? ` (${runs} runs: a case of sessions once per transport)` : '';
  return `dmcts: running ${selected} case${selected === 1 ? '' : 's'}${perTransport}${repeat} against ${iuts}, ${workers} worker${workers === 1 ? '' : 's'}; results in ${outDir}`;
}

/** What a run leaves: results.json and, when `written`, report.html, junit.xml and summary.md beside it. */
export interface RunOutcome {
  results: Results;
  resultsPath: string;
  exitCode: number;
  /** False when nothing was written (nothing selected): no report is to be made either. */
  written: boolean;
}

/** The plan of a run of these cases: a fresh run ID and seed (unless given), and the report folder, made (a ConfigError naming it when it cannot be). */
export function newRunPlan(options: RunOptions, selected: RunPlan['selected'], parallel = 1): RunPlan {
  const outDir = resolve(options.outDir);
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new ConfigError([
      `--out ${options.outDir}: cannot make the report directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); give a directory path`,
    ]);
  }
  return {
    version: 1,
    runId: `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`,
    targets: Object.fromEntries(options.targets.map((t) => [t.ics.role, t])),
    selected,
    seed: options.seed ?? randomInt(0, 2 ** 31),
    outDir,
    level: options.level ?? DEFAULT_LEVEL,
    ...(options.breakAfter !== undefined ? { breakAfter: options.breakAfter } : {}),
    ...(parallel > 1 ? { parallel } : {}),
  };
}

export async function runConformance(options: RunOptions): Promise<RunOutcome> {
  const parallel = options.parallel ?? 1;
  const parallelIssues = parallelProblems(options.targets, parallel);
  if (parallelIssues.length > 0) throw new ConfigError(parallelIssues);
  const { inRun, selection, selected } = await selectRun(options.targets, options.filters);
  const repeat = options.repeat ?? 1;

  const plan = newRunPlan(options, selected, parallel);
  const resultsPath = join(plan.outDir, 'results.json');
  if (selected.length === 0) {
    // Nothing to run: an earlier results.json and its reports in this folder stay as they were.
    const results = new ResultsBuilder(undefined, plan, inRun, selection, options.filters, options.command).finish(
      'no case was selected: check --role, --requirement, --case, --exclude, --rerun-failed and the ICS (dmcts run --dry-run shows why each case is left out); nothing was written',
    );
    return { results, resultsPath, exitCode: EXIT.config, written: false };
  }
  // Before anything is written here: another run writing into this folder would mix its files with ours.
  const lock = lockReportFolder(plan.outDir, options.command);
  if (lock.tookOver) process.stderr.write(`dmcts: ${plan.outDir}: took over ${lock.tookOver}\n`);
  try {
    return await runSelected(options, { plan, inRun, selection, selected, resultsPath, repeat, parallel });
  } finally {
    lock.release();
  }
}

interface Chosen {
  plan: RunPlan;
  inRun: Awaited<ReturnType<typeof selectRun>>['inRun'];
  selection: Awaited<ReturnType<typeof selectRun>>['selection'];
  selected: string[];
  resultsPath: string;
  repeat: number;
  parallel: number;
}

async function runSelected(options: RunOptions, { plan, inRun, selection, selected, resultsPath, repeat, parallel }: Chosen): Promise<RunOutcome> {
  const outDir = plan.outDir;
  const builder = new ResultsBuilder(resultsPath, plan, inRun, selection, options.filters, options.command);
  if (repeat > 1) builder.results.run.repeat = repeat;

  const planPath = join(outDir, 'plan.json');
  writeFileSync(planPath, JSON.stringify(plan));
  const trace: TraceMode = !options.verbose ? 'none' : selected.length === 1 ? 'all' : 'not-pass';
  // A case of sessions runs once per transport (perTransport): each run counts.
  const perTransport = new Set(inRun.filter((c) => c.perTransport).map((c) => c.id));
  const runs = selected.reduce((n, id) => n + (perTransport.has(id) ? TRANSPORTS.length : 1), 0);
  const progress = new Progress(options.progress, runs * repeat, { color: options.color !== false, trace });
  let stopped: { kind: 'setup' | 'probe'; reason: string } | undefined;
  const onStop = (kind: 'setup' | 'probe', record: CaseRecord) => {
    if (stopped?.kind === 'setup') return;
    stopped = { kind, reason: record.reason ?? '' };
    builder.results.run.stoppedBy = { kind, detail: stopped.reason };
    // A set-up the IUT cannot be started with ends the whole run at once; a failed probe ends its
    // role's cases by itself (each is INCONC at once), so the other role still runs.
    if (kind === 'setup') {
      reporter.cancel();
      cancelAll('test-failure');
    }
  };
  // --bail stops the whole run at the first FAIL, whichever role's runner it came from.
  const onVerdict = (verdict: CaseRecord['verdict']) => {
    if (options.bail && (verdict === 'FAIL' || verdict === 'ERROR')) cancelAll('test-failure');
  };
  const reporter = new DmctsReporter(builder, progress, new Set(selected), new Map(inRun.map((c) => [c.id, c])), onStop, onVerdict, repeat);
  const previousPlan = process.env[PLAN_ENV];
  process.env[PLAN_ENV] = planPath;
  let note: string | undefined;
  /** The signal that ended the run (the exit code is then 128 + its number). */
  let interrupted: NodeJS.Signals | undefined;
  // One vitest per role, run side by side: each has one worker, so each role's IUT is started once,
  // and the two roles' cases (which share nothing but the reporter) run at the same time. With
  // --parallel k, one vitest for every role: its k workers each take a whole suite file at a time,
  // whichever role it is of, and start that role's IUT the first time they need it.
  const vitests: Vitest[] = [];
  const cancelAll = (reason: 'test-failure' | 'keyboard-input') => {
    for (const v of vitests) void v.cancelCurrentRun(reason);
  };
  const releaseSignals = stopIutsOnSignal(
    plan.runId,
    (signal) => {
      // A CI job's time-out (SIGTERM), or a second Ctrl-C: the reports a CI reads (results.json,
      // report.html, junit.xml, summary.md) are written before the process ends. The cases cut short
      // keep no verdict: the run is incomplete, not broken.
      interrupted = signal;
      note = `the run was stopped by ${signal}`;
      // The process ends in a moment (run-leftovers.ts); the test runner, seeing its workers killed,
      // sets exit code 1 meanwhile: the code a signal-ended run exits with is set last, as it exits.
      process.once('exit', () => {
        process.exitCode = 128 + (constants.signals[signal] ?? 1);
      });
      reporter.cancel();
      builder.results.run.stoppedBy = { kind: 'signal', detail: note };
      writeRunReports(resultsPath, builder.finish(note));
    },
    (signal) => {
      interrupted = signal;
      note = `the run was interrupted (${signal})`;
      reporter.cancel();
      cancelAll('keyboard-input');
    },
  );
  try {
    const activeRoles = [...new Set(inRun.filter((c) => selected.includes(c.id)).map((c) => c.role))];
    const groups = parallel > 1 ? [activeRoles] : activeRoles.map((role) => [role]);
    // More workers than files with a selected case would start workers (and IUTs) for nothing.
    const chosen = new Set(selected);
    const filesOf = (roles: Array<'client' | 'server'>) => new Set(inRun.filter((c) => roles.includes(c.role) && chosen.has(c.id)).map((c) => c.file)).size;
    progress.begin(
      headline(
        options,
        selected.length,
        runs,
        groups.reduce((n, roles) => n + Math.max(1, Math.min(parallel, filesOf(roles))), 0),
        outDir,
      ),
    );
    const ours = new Set([...process.listeners('SIGINT'), ...process.listeners('SIGTERM')]);
    const allureDir = options.allureDir === false ? undefined : resolve(options.allureDir ?? join(outDir, 'allure-results'));
    if (allureDir) clearAllureResults(allureDir);
    // One pass of the suites per --repeat; a run that must stop (set-up, signal, --bail) runs no more.
    const mustStop = () =>
      stopped?.kind === 'setup' ||
      interrupted !== undefined ||
      (options.bail === true && builder.results.cases.some((c) => c.verdict === 'FAIL' || c.verdict === 'ERROR'));
    for (let pass = 1; pass <= repeat && !mustStop(); pass++) {
      vitests.length = 0;
      // The N/A results of the cases the ICS ruled out are written once, by the first role's reporters of the first pass.
      const allure = await Promise.all(
        groups.map((_, i) => (allureDir ? allureReporters(allureDir, builder.results, { clear: false, notApplicable: i === 0 && pass === 1 }) : [])),
      );
      const created = await Promise.allSettled(
        groups.map((roles, i) =>
          createVitest(
            'test',
            {
              config: false,
              watch: false,
              reporters: [reporter, ...allure[i]!],
              ...suiteTestConfig(roles, Math.max(1, Math.min(parallel, filesOf(roles)))),
              passWithNoTests: true,
              ...(options.bail ? { bail: 1 } : {}),
            } as Parameters<typeof createVitest>[1],
            {},
            { stdout: process.stderr, stderr: process.stderr },
          ),
        ),
      );
      for (const c of created) if (c.status === 'fulfilled') vitests.push(c.value);
      // Vitest's own signal handlers exit the process at once; a conformance run ends its cases first.
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        for (const listener of process.listeners(signal)) if (!ours.has(listener)) process.off(signal, listener);
      }
      try {
        const failed = created.find((c) => c.status === 'rejected');
        if (failed) throw failed.reason;
        const ran = await Promise.allSettled(vitests.map((v) => v.start([])));
        const broke = ran.find((r) => r.status === 'rejected');
        if (broke) throw broke.reason;
      } finally {
        await Promise.all(vitests.map((v) => v.close()));
      }
    }
  } finally {
    releaseSignals();
    // From here the run only stops what it started and writes its reports: a signal now (a second
    // Ctrl-C, a CI's SIGTERM) writes them at once, hands the IUTs still stopping to a detached process
    // and exits with 128 + the signal's number.
    const late = (signal: NodeJS.Signals) => {
      interrupted ??= signal;
      note ??= `the run was interrupted (${signal})`;
      builder.results.run.stoppedBy = { kind: 'signal', detail: note };
      try {
        writeRunReports(resultsPath, builder.finish(note));
      } finally {
        process.stderr.write(`\ndmcts: ${signal}: reports written; exiting\n`);
        signalLeftovers(plan.runId, 'SIGTERM');
        handOverLeftovers(plan.runId);
        process.exit(128 + (constants.signals[signal] ?? 1));
      }
    };
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, late);
    try {
      // No IUT process or container outlives the run, even one whose test worker died.
      for (const left of await stopLeftovers(plan.runId)) if (left.killed) process.stderr.write(`dmcts: ${left.what} did not stop on SIGTERM and was killed\n`);
    } finally {
      for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.off(signal, late);
    }
    if (previousPlan === undefined) delete process.env[PLAN_ENV];
    else process.env[PLAN_ENV] = previousPlan;
  }
  // An interrupted run leaves its unfinished cases without a verdict (run.complete is false). A run
  // stopped by its set-up or --bail gives each the reason it was not run; otherwise a case the runner
  // never reached is an ERROR of the harness.
  const failed = builder.results.cases.find((c) => c.verdict === 'FAIL' || c.verdict === 'ERROR');
  if (!note) {
    for (const c of builder.pending()) {
      if (stopped?.kind === 'setup')
        builder.record(c.id, {
          verdict: 'INCONC',
          reason: `not run: ${stopped.reason}`,
          facts: { verdict: 'INCONC', reason: 'not run: the IUT could not be started' },
        });
      else if (options.bail && failed)
        builder.record(c.id, {
          verdict: 'INCONC',
          reason: `not run: --bail stopped the run at the first FAIL (${failed.id})`,
          facts: { verdict: 'INCONC', reason: 'not run (--bail)' },
        });
      else builder.record(c.id, { verdict: 'ERROR', reason: 'the test runner never reached this case' });
    }
    if (options.bail && failed && !stopped) builder.results.run.stoppedBy = { kind: 'bail', detail: `--bail: the first FAIL was ${failed.id}` };
  } else {
    builder.results.run.stoppedBy = { kind: 'signal', detail: note };
  }
  if (stopped?.kind === 'setup') note = `the run stopped before its cases: ${stopped.reason}`;
  const results = builder.finish(note);
  // --repeat: a case that did not get all its attempts (the run was stopped in a later pass) leaves the run incomplete.
  const short = repeat > 1 ? results.cases.filter((c) => c.selection.status === 'selected' && c.verdict && (c.attempts?.length ?? 0) < repeat) : [];
  if (short.length > 0) {
    results.run.complete = false;
    results.summary = summarize(results.cases, false, results.run.level);
    results.run.note = `${results.run.note ? `${results.run.note}; ` : ''}${short.length} case${short.length === 1 ? '' : 's'} ran fewer than the ${repeat} attempts of --repeat`;
  }
  const s = results.summary;
  const exitCode = interrupted ? 128 + (constants.signals[interrupted] ?? 1) : stopped?.kind === 'setup' ? EXIT.config : EXIT[s.outcome];
  if (s.executed === 0 && !results.run.note) results.run.note = 'no case was executed (every selected case was N/A): nothing was demonstrated';
  builder.flush();
  // Written while the folder is still ours (the lock is released after).
  writeRunReports(resultsPath, results);
  return { results, resultsPath, exitCode, written: true };
}
