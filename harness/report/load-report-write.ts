/** Writes a load's reports into a folder: load.json (with load.schema.json beside it), load.html, load.txt. */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../core/write-file-atomic.ts';
import { loadReportHtml } from './load-report-html.ts';
import type { LoadResult } from './load-report-model.ts';
import { LOAD_RESULT_SCHEMA } from './load-report-schema.ts';
import { loadSummaryText } from './load-report-text.ts';

export function writeLoadReports(dir: string, result: LoadResult): { json: string; html: string; text: string } {
  mkdirSync(dir, { recursive: true });
  const paths = { json: join(dir, 'load.json'), html: join(dir, 'load.html'), text: join(dir, 'load.txt') };
  writeFileAtomic(join(dir, 'load.schema.json'), `${JSON.stringify(LOAD_RESULT_SCHEMA, null, 2)}\n`);
  writeFileAtomic(paths.json, `${JSON.stringify({ $schema: './load.schema.json', ...result }, null, 2)}\n`);
  writeFileAtomic(paths.html, loadReportHtml(result));
  writeFileAtomic(paths.text, loadSummaryText(result));
  return paths;
}
