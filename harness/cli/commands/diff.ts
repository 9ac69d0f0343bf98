/** `dmcts diff`: compare two results.json files — regressions, fixes, new and gone cases, other changes. */
import { ConfigError } from '../../core/config-error.ts';
import { renderDiffText } from '../../report/diff-text.ts';
import { diffResults } from '../../report/results-diff.ts';
import { readResults } from '../../report/results-file.ts';
import type { Results } from '../../report/results-model.ts';
import { parseOptions } from '../parse-options.ts';
import { UsageError } from '../usage-error.ts';

export const DIFF_HELP = `dmcts diff — compare two runs: what regressed, what got fixed

Usage: dmcts diff OLD.json NEW.json [--json]

OLD.json and NEW.json are results.json files (a baseline you keep, and a new run). A regression
is a case that FAILs or ERRORs in NEW and did not in OLD (it passed, warned, was inconclusive or
not applicable there, or is new); a fix is a case that FAILed or ERRORed in OLD and passes in NEW.
New and gone cases, and other verdict changes (PASS -> WARN, FAIL -> INCONC ...), are listed too,
and so is a case whose verdict stayed (FAIL, ERROR, INCONC, WARN) but whose reason changed — a
FAIL for a new cause (numbers such as ports and timings aside). dmcts run --baseline OLD.json does
the same comparison at the end of a run.

Options:
  --json       print the comparison as JSON on stdout (CI)
  -h, --help   this help

Exit: 0 no regression, 1 a regression, 2 bad invocation or a file that is not a valid
results.json (its first problems are named).
`;

function load(file: string): Results {
  try {
    return readResults(file);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`not a valid results.json:\n  ${error.problems.join('\n  ')}`);
    throw error;
  }
}

export async function diffCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    'diff',
    args,
    {
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(DIFF_HELP);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError(`give two results.json files, the older first (got ${positionals.length}; see: dmcts diff --help)`);
  const [beforeFile, afterFile] = positionals as [string, string];
  const diff = diffResults(load(beforeFile), load(afterFile));
  const exitCode = diff.regressions.length > 0 ? 1 : 0;
  if (values.json) process.stdout.write(`${JSON.stringify({ exitCode, old: beforeFile, new: afterFile, ...diff }, null, 2)}\n`);
  else process.stdout.write(renderDiffText(diff, { before: beforeFile, after: afterFile }));
  return exitCode;
}
