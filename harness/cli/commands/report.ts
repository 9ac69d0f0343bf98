/** `dmcts report`: every report of a results.json (any run's, any time later): HTML, JUnit, Markdown, HAR trace, Allure results. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ConfigError } from '../../core/config-error.ts';
import { writeAllureResults } from '../../report/allure-results.ts';
import { renderHar } from '../../report/har-export.ts';
import { renderHtml } from '../../report/html-report.ts';
import { renderJunit } from '../../report/junit-report.ts';
import { renderMarkdown } from '../../report/markdown-report.ts';
import { readResults } from '../../report/results-file.ts';
import type { Results } from '../../report/results-model.ts';
import { writeAllReports } from '../../report/write-run-reports.ts';
import { parseOptions } from '../parse-options.ts';
import { UsageError } from '../usage-error.ts';

export const REPORT_HELP = `dmcts report — make reports from a results.json

Usage: dmcts report RESULTS.json [--out DIR] [--html FILE] [--junit FILE] [--md FILE] [--har FILE] [--allure DIR]

A run already writes report.html, junit.xml, summary.md, trace.har and allure-results/ beside its
results.json; this makes them again (from a run kept as an artifact, or into other paths), from
results.json alone. FILE - is standard output.

Options:
  --out DIR      every report below into DIR, named as a run names them (report.html, junit.xml,
                 summary.md, trace.har, allure-results/)
  --html FILE    one self-contained HTML page: totals, requirement x verdict matrix, every case
                 with its reason and decoded wire trace (open it in a browser; nothing is fetched)
  --junit FILE   JUnit XML for CI test views (Jenkins junit, GitLab artifacts:reports:junit):
                 FAIL is a failure, ERROR an error, INCONC and N/A skipped, WARN passed
  --md FILE      a Markdown summary (e.g. --md "$GITHUB_STEP_SUMMARY")
  --har FILE     every HTTP exchange of every case as HAR 1.2 (browser developer tools, HAR
                 viewers): a page per case, an entry per request and its response
  --allure DIR   Allure results (allure serve DIR); the Allure results already in DIR are replaced
  -h, --help     this help

Give at least one of --out, --html, --junit, --md, --har, --allure; at most one FILE may be -.
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
      har: { type: 'string' },
      allure: { type: 'string' },
      out: { type: 'string' },
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
  if (values.har !== undefined) outputs.push(['--har', values.har, renderHar]);
  const dirs: Array<[string, string]> = [];
  if (values.out !== undefined) dirs.push(['--out', values.out]);
  if (values.allure !== undefined) dirs.push(['--allure', values.allure]);
  if (outputs.length === 0 && dirs.length === 0)
    throw new UsageError(
      'say which report to make: --out DIR (all of them), --html FILE, --junit FILE, --md FILE, --har FILE or --allure DIR (- for standard output)',
    );
  for (const [flag, file] of outputs) if (file === '') throw new UsageError(`${flag} needs a file name (or - for standard output)`);
  for (const [flag, dir] of dirs) {
    if (dir === '') throw new UsageError(`${flag} needs a directory`);
    if (dir === '-') throw new UsageError(`${flag} writes a directory, not standard output: give it a directory`);
  }
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
  for (const [flag, dir] of dirs) {
    try {
      if (flag === '--out') {
        const paths = writeAllReports(dir, results);
        process.stderr.write(`wrote ${[paths.html, paths.junit, paths.markdown, paths.har, `${paths.allure}/`].join(', ')}\n`);
      } else {
        const n = writeAllureResults(dir, results);
        process.stderr.write(`wrote ${dir}/ (${n} Allure results)\n`);
      }
    } catch (error) {
      throw new UsageError(`${flag} ${dir}: cannot write there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); check the path`);
    }
  }
  return 0;
}
