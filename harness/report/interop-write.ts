/**
 * Writes an interop run's reports into a folder: interop.json (checked against its schema first),
 * interop.html, interop.md and interop-junit.xml; and reads interop.json back, checked.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../core/config-error.ts';
import { writeFileAtomic } from '../core/write-file-atomic.ts';
import { interopHtml } from './interop-html.ts';
import { interopJunit } from './interop-junit.ts';
import { interopMarkdown } from './interop-markdown.ts';
import type { InteropResults } from './interop-model.ts';
import { interopSchemaErrors } from './interop-schema.ts';

export const INTEROP_FILES = { json: 'interop.json', html: 'interop.html', markdown: 'interop.md', junit: 'interop-junit.xml' } as const;

export function writeInteropReports(dir: string, results: InteropResults): Record<keyof typeof INTEROP_FILES, string> {
  const errors = interopSchemaErrors(results);
  if (errors.length > 0) throw new Error(`the interop results do not match docs/interop.schema.json: ${errors.slice(0, 5).join('; ')}`);
  mkdirSync(dir, { recursive: true });
  const paths = Object.fromEntries(Object.entries(INTEROP_FILES).map(([k, f]) => [k, join(dir, f)])) as Record<keyof typeof INTEROP_FILES, string>;
  writeFileAtomic(paths.json, `${JSON.stringify(results, null, 1)}\n`, 0o644);
  writeFileAtomic(paths.html, interopHtml(results), 0o644);
  writeFileAtomic(paths.markdown, interopMarkdown(results), 0o644);
  writeFileAtomic(paths.junit, interopJunit(results), 0o644);
  return paths;
}

export function readInteropResults(path: string): InteropResults {
  const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  const errors = interopSchemaErrors(value);
  if (errors.length > 0) throw new ConfigError(errors.map((e) => `${path}: ${e}`));
  return value as InteropResults;
}
