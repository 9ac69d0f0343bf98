/**
 * Reading a device's persisted state: missing, parsed, or corrupt with a message saying why. It is
 * written with writeFileAtomic (harness/core/write-file-atomic.ts), so a crash leaves the old file
 * or the new one, never half of either.
 */
import { readFileSync } from 'node:fs';

export type ReadStateResult = { kind: 'missing' } | { kind: 'ok'; value: unknown } | { kind: 'corrupt'; message: string };

export function readStateFile(path: string): ReadStateResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'corrupt', message: `cannot read ${path}: ${(error as Error).message}` };
  }
  try {
    return { kind: 'ok', value: JSON.parse(text) as unknown };
  } catch (error) {
    return { kind: 'corrupt', message: `${path} is not valid JSON (${(error as Error).message})` };
  }
}
