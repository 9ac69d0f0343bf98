/** `dmcts run`: run the conformance suite against an IUT described by its ICS and IXIT. */
import { resolve } from 'node:path';
import { ConfigError } from '../../core/config-error.ts';
import { loadIcs } from '../../conformance/ics.ts';
import { loadIxit } from '../../conformance/ixit.ts';
import type { RunTarget } from '../../conformance/run-plan.ts';
import { REQUIREMENTS, RULES } from '../../core/catalogue.ts';
import { intOption, parseOptions } from '../parse-options.ts';
import { UsageError } from '../usage-error.ts';
import { finishRun, readBaseline } from '../run-summary.ts';
import { DEFAULT_BREAK_AFTER } from '../../conformance/harness-session.ts';
import { MAX_PARALLEL } from '../../conformance/run/parallel-instances.ts';
import { CLAIM_LEVELS, type ClaimLevel } from '../../report/run-outcome.ts';
import { parallelProblems } from '../../conformance/run/parallel-instances.ts';
import { selectRun } from '../../conformance/run/run-selection.ts';
import { scaleTimeouts } from '../../conformance/run/timeout-scale.ts';
import { printDryRun } from '../dry-run.ts';
import { exitAtOnceOnSignal } from '../exit-on-signal.ts';
import { RUN_FLAG_HELP, RUN_FLAG_OPTIONS, runFlags } from '../run-flags.ts';
import { SELECTION_HELP, SELECTION_OPTIONS, selectionFilters, shardChoice } from '../selection-options.ts';
import { runConformanceShard } from '../../conformance/run/shard-run.ts';
import { shardSelection } from '../../conformance/run/shard-selection.ts';

export const RUN_HELP = `dmcts run — run the conformance suite against your DM client or server

Usage: dmcts run --ics FILE --ixit FILE [options]

The ICS says what the implementation claims (role, product, optional features); the IXIT says
how to reach and drive it (its upper-tester adapter: a process to start, a container, or one
already running). See docs/ics.md and docs/adapters.md.

Options:
  --ics FILE            the implementation conformance statement (JSON)
  --ixit FILE           how to reach the implementation (JSON)
${SELECTION_HELP}  --out DIR             where results.json and the reports go (default reports/<time>)
  --seed N              seed of generated data (replays a run)
  --baseline FILE       an earlier results.json: exit 1 only on regressions against it
  --level facts|profile which claim sets the outcome and exit code (default facts, below)
  --bail                stop at the first FAIL (the cases not run are INCONC: not demonstrated)
  --no-bail             keep going when cases in a row all end INCONC at the same unmet
                        precondition (by default, after ${DEFAULT_BREAK_AFTER} the rest of that role is INCONC at once)
  --parallel K          start K instances of the IUT and spread the suite files over them
                        (default 1; at most ${MAX_PARALLEL}). Each instance gets DMCTS_INSTANCE=1..K and must
                        share nothing with the others (state, ports); needs a process or container
                        adapter (a client, or a server without a fixed server.dmUrl: not yet) and
                        harness.utPort 0. A suite file's cases always run in order on one instance.
${RUN_FLAG_HELP}  --quiet               no progress, only the summary
  --json                print the summary as JSON on stdout (CI)
  -h, --help            this help

Progress goes to standard error: a first line as soon as the cases are chosen, a line per case,
and in a CI log (not a terminal) a counter line every 25 cases or 10 s. A run narrowed by --case,
--requirement, --exclude or --rerun-failed is partial: its outcome is about the selected cases
only, and the summary says so. One run at a time writes into a report folder (a lock file
.dmcts-run.lock names the run holding it; one left by a process that is gone is taken over).

Outcome. A run is conformant only if every selected case is PASS or WARN (N/A aside) and at
least one is; a FAIL makes it NOT conformant; otherwise (an INCONC or ERROR, a case not run, or
nothing demonstrated at all) it is not demonstrated — which is never a certificate.

Two claims, both in every report: "DM 2.0 public facts" judges only the checks that rest on
public DM 2.0 facts (docs/protocol.md rules K-*); "dmcts profile" judges every check, including
this project's own choices where the public record is silent (rules P-* and "(ours)"). A FAIL
that rests only on a profile choice never fails the public-facts claim. --level facts (the
default: a DM 2.0 claim is one about the standard, and a vendor who read the standard
differently where it is silent is not failed for it) or --level profile (you build to the dmcts
profile, e.g. to interoperate with its reference peers).

Before its cases each role is probed: the adapter's ut.hello, then one minimal session. An IUT
that cannot be started (a missing adapter file, a port in use, an adapter that crashes) ends the
run at once with one message and exit 2; a failed probe makes every case of its role INCONC,
naming it, in seconds.

Exit: 0 conformant, 1 not conformant (or a regression with --baseline), 2 bad invocation or
configuration (also: no case selected — nothing is written then, an earlier report stays — or
another run writing into --out), 3 not demonstrated, 130 (Ctrl-C) or 143 (SIGTERM) a run a
signal ended: its cases so far and every report are written (a first Ctrl-C finishes the case
under way; a second, or SIGTERM, stops at once).
`;

/** The conformance-run options run and self-test share: --level, --bail, --no-bail, --parallel. */
export const OUTCOME_OPTIONS = {
  level: { type: 'string' },
  bail: { type: 'boolean', default: false },
  'no-bail': { type: 'boolean', default: false },
  parallel: { type: 'string' },
} as const;

/** --parallel k: test workers, each with its own IUT instance (1..MAX_PARALLEL). */
export function parallelOption(value: string | undefined, fallback: number): number {
  return intOption('parallel', value, fallback, 1, MAX_PARALLEL);
}

export function outcomeOptions(
  values: { level?: string | undefined; bail?: boolean | undefined; 'no-bail'?: boolean | undefined },
  defaultLevel: ClaimLevel,
): { level: ClaimLevel; bail: boolean; breakAfter?: number } {
  const level = values.level ?? defaultLevel;
  if (!(CLAIM_LEVELS as readonly string[]).includes(level)) throw new UsageError(`--level must be facts or profile, not "${level}"`);
  return { level: level as ClaimLevel, bail: values.bail === true, ...(values['no-bail'] ? { breakAfter: 0 } : {}) };
}

export function checkFilters(requirements: string[] | undefined): void {
  for (const r of requirements ?? []) {
    if (!REQUIREMENTS.some((x) => x.label === r) && !RULES.some((x) => x.id === r)) {
      throw new UsageError(`--requirement ${r} is neither a requirement label (DM-HLF-001 ...) nor a rule (K-FLOW, P-GET ...); dmcts list shows them`);
    }
  }
}

export async function runCommand(args: string[]): Promise<number> {
  const { values } = parseOptions('run', args, {
    ics: { type: 'string' },
    ixit: { type: 'string' },
    ...SELECTION_OPTIONS,
    out: { type: 'string' },
    seed: { type: 'string' },
    baseline: { type: 'string' },
    ...OUTCOME_OPTIONS,
    ...RUN_FLAG_OPTIONS,
    quiet: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(RUN_HELP);
    return 0;
  }
  if (!values.ics || !values.ixit) throw new UsageError('--ics and --ixit are required (see: dmcts run --help; docs/ics.md has examples)');
  checkFilters(values.requirement);
  const filters = selectionFilters(values);
  const flags = runFlags(values);
  const shard = shardChoice(values);
  const outcomeOpts = outcomeOptions(values, 'facts');
  const parallel = parallelOption(values.parallel, 1);
  // Checked before anything runs, like --requirement: a bad baseline must not cost a whole run.
  if (values.baseline) readBaseline(values.baseline);
  const seed = values.seed === undefined ? undefined : intOption('seed', values.seed, 0, -(2 ** 31), 2 ** 31 - 1);
  let target: RunTarget;
  try {
    const ics = loadIcs(values.ics);
    const ixit = loadIxit(values.ixit);
    if (ics.role !== ixit.role)
      throw new ConfigError([`${values.ics} says role ${ics.role} but ${values.ixit} says ${ixit.role}: they must describe the same IUT`]);
    target = { ics, ixit: scaleTimeouts(ixit, flags.timeoutScale), icsFile: resolve(values.ics), ixitFile: resolve(values.ixit) };
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  if (flags.dryRun) {
    const problems = parallelProblems([target], parallel);
    if (problems.length > 0) throw new ConfigError(problems);
    const chosen = await selectRun([target], filters);
    return printDryRun(shard ? shardSelection(chosen, shard.shard, shard.durations) : chosen, values.json);
  }
  const outDir = values.out ?? `reports/${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const outcome = await runConformanceShard({
    targets: [target],
    filters,
    outDir,
    ...(seed !== undefined ? { seed } : {}),
    progress: flags.progress,
    command: ['dmcts', 'run', ...args],
    ...outcomeOpts,
    parallel,
    repeat: flags.repeat,
    color: flags.color,
    verbose: flags.verbose,
    shard,
  });
  exitAtOnceOnSignal();
  return finishRun(outcome, { json: values.json, ...(values.baseline ? { baseline: values.baseline } : {}) });
}
