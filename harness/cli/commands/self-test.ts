/** `dmcts self-test`: both suites against the reference client and server; all must pass. */
import { availableParallelism } from 'node:os';
import { selfTestConfig, selfTestFile } from '../../conformance/self-test-plan.ts';
import { parallelProblems } from '../../conformance/run/parallel-instances.ts';
import { selectRun } from '../../conformance/run/run-selection.ts';
import { scaleTimeouts } from '../../conformance/run/timeout-scale.ts';
import { ConfigError } from '../../core/config-error.ts';
import { printDryRun } from '../dry-run.ts';
import { exitAtOnceOnSignal } from '../exit-on-signal.ts';
import { intOption, parseOptions } from '../parse-options.ts';
import { RUN_FLAG_HELP, RUN_FLAG_OPTIONS, runFlags } from '../run-flags.ts';
import { finishRun } from '../run-summary.ts';
import { SELECTION_HELP, SELECTION_OPTIONS, selectionFilters, shardChoice } from '../selection-options.ts';
import { runConformanceShard } from '../../conformance/run/shard-run.ts';
import { shardSelection } from '../../conformance/run/shard-selection.ts';
import { checkFilters, OUTCOME_OPTIONS, outcomeOptions, parallelOption } from './run.ts';

/**
 * Two test workers where there are two cores: the reference peers run inside the workers, and much
 * of a case is waiting on the wire, so two share the cores well (a third costs more than it gains).
 */
const DEFAULT_SELF_TEST_PARALLEL = Math.min(2, availableParallelism());

export const SELF_TEST_HELP = `dmcts self-test — run both suites against the reference client and server

Usage: dmcts self-test [--role client|server] [--requirement L] [--case ID] [--exclude X]
                       [--rerun-failed FILE] [--shard I/N] [--out DIR] [--seed N] [--level facts|profile]
                       [--bail] [--no-bail] [--parallel K] [--dry-run] [--repeat N] [--verbose]
                       [--timeout-scale X] [--no-color] [--quiet|--json]

Every case talks to the reference peers only over the wire and their upper-tester adapters, as it
would to a third-party implementation; the self-test must be all PASS (N/A where the reference
does not claim a feature). It judges the dmcts profile by default (--level profile): the reference
peers are built to it. --parallel K spreads the suite files over K test workers, each with its
own reference client and server (default: one per core, at most 2; ${DEFAULT_SELF_TEST_PARALLEL} on this
machine). Exit codes as dmcts run --help says (0 conformant, 1 not conformant, 2 bad invocation,
3 not demonstrated, 130/143 ended by a signal).

Options (as dmcts run --help explains):
${SELECTION_HELP}${RUN_FLAG_HELP}`;

export async function selfTestCommand(args: string[]): Promise<number> {
  const { values } = parseOptions('self-test', args, {
    ...SELECTION_OPTIONS,
    out: { type: 'string', default: 'reports/self-test' },
    seed: { type: 'string' },
    ...OUTCOME_OPTIONS,
    ...RUN_FLAG_OPTIONS,
    quiet: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(SELF_TEST_HELP);
    return 0;
  }
  checkFilters(values.requirement);
  // --role picks the suites (the IUTs started); it is not a filter of their cases.
  const { role: _role, ...filters } = selectionFilters(values);
  const flags = runFlags(values);
  const shard = shardChoice(values);
  const outcomeOpts = outcomeOptions(values, 'profile');
  const parallel = parallelOption(values.parallel, DEFAULT_SELF_TEST_PARALLEL);
  const seed = values.seed === undefined ? undefined : intOption('seed', values.seed, 0, -(2 ** 31), 2 ** 31 - 1);
  const roles: Array<'client' | 'server'> = values.role === 'client' || values.role === 'server' ? [values.role] : ['client', 'server'];
  const targets = roles.map((role) => {
    const { ics, ixit } = selfTestConfig(role);
    return { ics, ixit: scaleTimeouts(ixit, flags.timeoutScale), icsFile: selfTestFile(role, 'ics'), ixitFile: selfTestFile(role, 'ixit') };
  });
  if (flags.dryRun) {
    const problems = parallelProblems(targets, parallel);
    if (problems.length > 0) throw new ConfigError(problems);
    const chosen = await selectRun(targets, filters);
    return printDryRun(shard ? shardSelection(chosen, shard.shard, shard.durations) : chosen, values.json);
  }
  const outcome = await runConformanceShard({
    targets,
    filters,
    outDir: values.out!,
    ...(seed !== undefined ? { seed } : {}),
    progress: flags.progress,
    command: ['dmcts', 'self-test', ...args],
    ...outcomeOpts,
    parallel,
    repeat: flags.repeat,
    color: flags.color,
    verbose: flags.verbose,
    shard,
  });
  exitAtOnceOnSignal();
  return finishRun(outcome, { json: values.json });
}
