/** `dmcts run`: run the conformance suite against an IUT described by its ICS and IXIT. */
import { resolve } from 'node:path';
import { ConfigError } from '../../conformance/config-error.ts';
import { loadIcs } from '../../conformance/ics.ts';
import { loadIxit } from '../../conformance/ixit.ts';
import type { RunTarget } from '../../conformance/run-plan.ts';
import { runConformance } from '../../conformance/run/run-conformance.ts';
import { REQUIREMENTS, RULES } from '../../conformance/catalogue.ts';
import { writeRunReports } from '../../report/write-run-reports.ts';
import { intOption, parseOptions } from '../parse-options.ts';
import { UsageError } from '../usage-error.ts';
import { finishRun } from '../run-summary.ts';

export const RUN_HELP = `dmcts run — run the conformance suite against your DM client or server

Usage: dmcts run --ics FILE --ixit FILE [options]

The ICS says what the implementation claims (role, product, optional features); the IXIT says
how to reach and drive it (its upper-tester adapter: a process to start, a container, or one
already running). See docs/ics.md and docs/adapters.md.

Options:
  --ics FILE            the implementation conformance statement (JSON)
  --ixit FILE           how to reach the implementation (JSON)
  --role client|server  only cases of this role (the ICS role anyway)
  --requirement L       only cases citing this requirement label or rule (repeatable),
                        e.g. --requirement DM-HLF-004 --requirement P-SEL
  --case ID             only this case, or an ID prefix such as DMCTS-C-GET (repeatable)
  --out DIR             where results.json and the reports go (default reports/<time>)
  --seed N              seed of generated data (replays a run)
  --baseline FILE       an earlier results.json: exit 1 only on regressions against it
  --quiet               no progress, only the summary
  --json                print the summary as JSON on stdout (CI)
  -h, --help            this help

Exit: 0 conformant, 1 a FAIL or ERROR (or a regression with --baseline), 2 bad invocation or
configuration, or no case selected.
`;

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
    role: { type: 'string' },
    requirement: { type: 'string', multiple: true },
    case: { type: 'string', multiple: true },
    out: { type: 'string' },
    seed: { type: 'string' },
    baseline: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(RUN_HELP);
    return 0;
  }
  if (!values.ics || !values.ixit) throw new UsageError('--ics and --ixit are required (see: dmcts run --help; docs/ics.md has examples)');
  if (values.role && values.role !== 'client' && values.role !== 'server') throw new UsageError(`--role must be client or server, not "${values.role}"`);
  checkFilters(values.requirement);
  const seed = values.seed === undefined ? undefined : intOption('seed', values.seed, 0, -(2 ** 31), 2 ** 31 - 1);
  let target: RunTarget;
  try {
    const ics = loadIcs(values.ics);
    const ixit = loadIxit(values.ixit);
    if (ics.role !== ixit.role) throw new ConfigError([`${values.ics} says role ${ics.role} but ${values.ixit} says ${ixit.role}: they must describe the same IUT`]);
    target = { ics, ixit, icsFile: resolve(values.ics), ixitFile: resolve(values.ixit) };
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const outDir = values.out ?? `reports/${new Date().toISOString().replace(/[:.]/g, '-')}`;
  const outcome = await runConformance({
    targets: [target],
    filters: {
      ...(values.role ? { role: values.role as 'client' | 'server' } : {}),
      ...(values.requirement ? { requirements: values.requirement } : {}),
      ...(values.case ? { cases: values.case } : {}),
    },
    outDir,
    ...(seed !== undefined ? { seed } : {}),
    progress: values.quiet || values.json ? 'quiet' : process.stderr.isTTY ? 'tty' : 'plain',
    command: ['dmcts', 'run', ...args],
  });
  writeRunReports(outcome.resultsPath, outcome.results);
  return finishRun(outcome, { json: values.json, ...(values.baseline ? { baseline: values.baseline } : {}) });
}
