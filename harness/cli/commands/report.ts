/** `dmcts report`: the HTML page, JUnit XML and Markdown summary of a results.json (any run's, any time later). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../../core/config-error.ts';
import { renderHtml } from '../../report/html-report.ts';
import { renderJunit } from '../../report/junit-report.ts';
import { renderMarkdown } from '../../report/markdown-report.ts';
import { readResults } from '../../report/results-file.ts';
import type { Results } from '../../report/results-model.ts';
import { parseOptions } from '../parse-options.ts';
import { UsageError } from '../usage-error.ts';

export const REPORT_HELP = `dmcts report — make reports from a results.json

Usage: dmcts report RESULTS.json [--html FILE] [--junit FILE] [--md FILE]

A run already writes report.html, junit.xml and summary.md beside its results.json; this makes
them again (from a run kept as an artifact, or into other paths). FILE - is standard output.

Options:
  --html FILE    one self-contained HTML page: totals, requirement x verdict matrix, every case
                 with its reason and decoded wire trace (open it in a browser; nothing is fetched)
  --junit FILE   JUnit XML for CI test views (Jenkins junit, GitLab artifacts:reports:junit):
                 FAIL is a failure, ERROR an error, INCONC and N/A skipped, WARN passed
  --md FILE      a Markdown summary (e.g. --md "$GITHUB_STEP_SUMMARY")
  -h, --help     this help

Give at least one of --html, --junit, --md; at most one of them may be -.
See docs/reports.md.

Exit: 0 written, 2 bad invocation or a file that is not a valid results.json (its first problems
are named).
`;

type Renderer = (results: Results) => string;

export async function reportCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    'report',
    args,
    {
      html: { type: 'string' },
      junit: { type: 'string' },
      md: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(REPORT_HELP);
    return 0;
  }
  if (positionals.length !== 1) {
    throw new UsageError(
      `give exactly one results.json (got ${positionals.length === 0 ? 'none' : positionals.map((p) => `"${p}"`).join(' ')}; see: dmcts report --help)`,
    );
  }
  const outputs: Array<[string, string, Renderer]> = [];
  if (values.html !== undefined) outputs.push(['--html', values.html, (r) => renderHtml(r)]);
  if (values.junit !== undefined) outputs.push(['--junit', values.junit, renderJunit]);
  if (values.md !== undefined) outputs.push(['--md', values.md, renderMarkdown]);
  if (outputs.length === 0) throw new UsageError('say which report to make: --html FILE, --junit FILE or --md FILE (- for standard output)');
  for (const [flag, file] of outputs) if (file === '') throw new UsageError(`${flag} needs a file name (or - for standard output)`);
  const toStdout = outputs.filter(([, file]) => file === '-');
  if (toStdout.length > 1)
    throw new UsageError(`only one report can go to standard output (${toStdout.map(([flag]) => `${flag} -`).join(', ')}): give the others a file`);

  let results: Results;
  try {
    results = readResults(positionals[0]!);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`not a valid results.json:\n  ${error.problems.join('\n  ')}`);
    throw error;
  }
  for (const [flag, file, render] of outputs) {
    const text = render(results);
    if (file === '-') {
      process.stdout.write(text);
      continue;
    }
    try {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, text);
    } catch (error) {
      throw new UsageError(`${flag} ${file}: cannot write it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path`);
    }
    process.stderr.write(`wrote ${file}\n`);
  }
  return 0;
}
