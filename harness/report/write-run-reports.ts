/** The reports a run writes beside its results.json: report.html, junit.xml, summary.md. */
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { renderHtml } from './html-report.ts';
import { renderJunit } from './junit-report.ts';
import { renderMarkdown } from './markdown-report.ts';
import type { Results } from './results-model.ts';

export interface RunReportPaths {
  html: string;
  junit: string;
  markdown: string;
}

export function writeRunReports(resultsPath: string, results: Results): RunReportPaths {
  const dir = dirname(resultsPath);
  const paths = { html: join(dir, 'report.html'), junit: join(dir, 'junit.xml'), markdown: join(dir, 'summary.md') };
  writeFileSync(paths.html, renderHtml(results));
  writeFileSync(paths.junit, renderJunit(results));
  writeFileSync(paths.markdown, renderMarkdown(results));
  return paths;
}
