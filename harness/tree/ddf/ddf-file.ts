/** Reading a DDF file from disk (bounded in size) into an MO definition. */
import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { DdfError } from './ddf-error.ts';
import { readDdf, type DdfMo, type DdfReadOptions } from './ddf-to-mo.ts';
import { MAX_DDF_BYTES } from './ddf-xml.ts';

export function readDdfFile(path: string, options: Omit<DdfReadOptions, 'file'> & { file?: string } = {}): DdfMo {
  const file = options.file ?? basename(path);
  const size = statSync(path).size;
  if (size > MAX_DDF_BYTES) {
    throw new DdfError(file, {
      code: 'DDF_XML',
      element: 'MgmtTree',
      line: 1,
      problem: `is ${size} bytes, over the reader's limit of ${MAX_DDF_BYTES}`,
      fix: 'split the DDF: one MO per file',
    });
  }
  return readDdf(readFileSync(path, 'utf8'), { ...options, file });
}
