/**
 * The reports beside a results.json: report.html, junit.xml, summary.md, trace.har, and the Allure
 * results in allure-results/. A run writes them at its end (and on a second Ctrl-C); `dmcts report
 * --out DIR` writes them all again from any results.json.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { completeAllureResults, writeAllureResults } from './allure-results.ts';
import { renderHar } from './har-export.ts';
import { renderHtml } from './html-report.ts';
import { renderJunit } from './junit-report.ts';
import { renderMarkdown } from './markdown-report.ts';
import type { Results } from './results-model.ts';

/** The names of the reports in a run's folder. */
export const REPORT_FILES = {
  html: 'report.html',
  junit: 'junit.xml',
  markdown: 'summary.md',
  har: 'trace.har',
  allure: 'allure-results',
} as const;

export interface RunReportPaths {
  html: string;
  junit: string;
  markdown: string;
  har: string;
  /** The Allure results directory, when one was written or completed. */
  allure?: string;
}

function writeFiles(dir: string, results: Results): Omit<RunReportPaths, 'allure'> {
  const paths = {
    html: join(dir, REPORT_FILES.html),
    junit: join(dir, REPORT_FILES.junit),
    markdown: join(dir, REPORT_FILES.markdown),
    har: join(dir, REPORT_FILES.har),
  };
  writeFileSync(paths.html, renderHtml(results));
  writeFileSync(paths.junit, renderJunit(results));
  writeFileSync(paths.markdown, renderMarkdown(results));
  writeFileSync(paths.har, renderHar(results));
  return paths;
}

/**
 * The reports of a run, beside its results.json. The Allure results the run's reporter wrote in
 * allure-results/ (if any: a run may be told to write none) are completed from the finished
 * results.json: a result for every case vitest never reported, the verdict or "not run" on those
 * written before they had one — so an interrupted run leaves no case without a result or a status.
 */
export function writeRunReports(resultsPath: string, results: Results): RunReportPaths {
  const dir = dirname(resultsPath);
  const paths: RunReportPaths = writeFiles(dir, results);
  const allure = join(dir, REPORT_FILES.allure);
  if (existsSync(allure)) {
    completeAllureResults(allure, results);
    paths.allure = allure;
  }
  return paths;
}

/** Every report of a results.json into `dir`, under the names a run uses; the Allure results there are replaced. */
export function writeAllReports(dir: string, results: Results): Required<RunReportPaths> {
  mkdirSync(dir, { recursive: true });
  const paths = writeFiles(dir, results);
  const allure = join(dir, REPORT_FILES.allure);
  writeAllureResults(allure, results);
  return { ...paths, allure };
}
