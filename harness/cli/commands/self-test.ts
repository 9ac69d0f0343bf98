/** `dmcts self-test`: both suites against the reference client and server; all must pass. */
import { availableParallelism } from 'node:os';
import { runConformance } from '../../conformance/run/run-conformance.ts';
import { selfTestConfig, selfTestFile } from '../../conformance/self-test-plan.ts';
import { writeRunReports } from '../../report/write-run-reports.ts';
import { parseOptions } from '../parse-options.ts';
import { finishRun } from '../run-summary.ts';
import { checkFilters, OUTCOME_OPTIONS, outcomeOptions, parallelOption } from './run.ts';

/**
 * Two test workers where there are two cores: the reference peers run inside the workers, and much
 * of a case is waiting on the wire, so two share the cores well (a third costs more than it gains).
 */
const DEFAULT_SELF_TEST_PARALLEL = Math.min(2, availableParallelism());

export const SELF_TEST_HELP = `dmcts self-test — run both suites against the reference client and server

Usage: dmcts self-test [--role client|server] [--requirement L] [--case ID] [--out DIR]
                       [--level facts|profile] [--bail] [--no-bail] [--parallel K]
                       [--quiet|--json]

Every case talks to the reference peers only over the wire and their upper-tester adapters, as it
would to a third-party implementation; the self-test must be all PASS (N/A where the reference
does not claim a feature). It judges the dmcts profile by default (--level profile): the reference
peers are built to it. --parallel K spreads the suite files over K test workers, each with its
own reference client and server (default: one per core, at most 2; ${DEFAULT_SELF_TEST_PARALLEL} on this
machine). Exit codes as dmcts run --help says (0 conformant, 1 not conformant, 2 bad invocation,
3 not demonstrated).
`;

export async function selfTestCommand(args: string[]): Promise<number> {
  const { values } = parseOptions('self-test', args, {
    role: { type: 'string' },
    requirement: { type: 'string', multiple: true },
    case: { type: 'string', multiple: true },
    out: { type: 'string', default: 'reports/self-test' },
    seed: { type: 'string' },
    ...OUTCOME_OPTIONS,
    quiet: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(SELF_TEST_HELP);
    return 0;
  }
  checkFilters(values.requirement);
  const outcomeOpts = outcomeOptions(values, 'profile');
  const parallel = parallelOption(values.parallel, DEFAULT_SELF_TEST_PARALLEL);
  const roles: Array<'client' | 'server'> = values.role === 'client' || values.role === 'server' ? [values.role] : ['client', 'server'];
  const outcome = await runConformance({
    targets: roles.map((role) => ({ ...selfTestConfig(role), icsFile: selfTestFile(role, 'ics'), ixitFile: selfTestFile(role, 'ixit') })),
    filters: { ...(values.requirement ? { requirements: values.requirement } : {}), ...(values.case ? { cases: values.case } : {}) },
    outDir: values.out!,
    ...(values.seed ? { seed: Number(values.seed) } : {}),
    progress: values.quiet || values.json ? 'quiet' : process.stderr.isTTY ? 'tty' : 'plain',
    command: ['dmcts', 'self-test', ...args],
    ...outcomeOpts,
    parallel,
  });
  if (outcome.written) writeRunReports(outcome.resultsPath, outcome.results);
  return finishRun(outcome, { json: values.json });
}
