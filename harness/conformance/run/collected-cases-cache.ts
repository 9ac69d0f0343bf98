/**
 * The case declarations a collection found, kept between runs: collecting imports every suite file
 * and the harness they are built from — half a second at the start of every run, before any test
 * worker can begin. The copy is keyed by the content of every file under suites/ and harness/ (and
 * package-lock.json, and where the suites are), so any change to a declaration or to what one is made
 * of collects afresh. It lives in node_modules/.cache/dmcts/ where that can be written; elsewhere
 * (a read-only installation) every run collects, as before.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeFileAtomic } from '../../core/write-file-atomic.ts';
import type { CaseMeta } from '../case-meta.ts';

export interface Collected {
  cases: Array<CaseMeta & { file?: string }>;
  problems: readonly string[];
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CACHE_FILE = join(ROOT, 'node_modules', '.cache', 'dmcts', 'collected-cases.json');
const FORMAT = 'dmcts-collected-cases/1';

/** The hash of everything a collection's result can depend on (under `root`, this package by default). */
export function collectionKey(root = ROOT): string {
  const hash = createHash('sha256').update(FORMAT).update(root);
  for (const dir of ['suites', 'harness']) {
    for (const name of readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).sort()) {
      let content: Buffer;
      try {
        content = readFileSync(join(root, dir, name));
      } catch {
        continue; // a directory
      }
      hash.update(`\0${dir}/${name}\0`).update(content);
    }
  }
  try {
    hash.update(readFileSync(join(root, 'package-lock.json')));
  } catch {
    // an installation without a lock file: the sources alone key it
  }
  return hash.digest('hex');
}

/** The kept collection for this key, or undefined (none, another key, unreadable). */
export function readCollected(key: string, file = CACHE_FILE): Collected | undefined {
  try {
    const kept = JSON.parse(readFileSync(file, 'utf8')) as { format?: string; key?: string; collected?: Collected };
    return kept.format === FORMAT && kept.key === key && kept.collected ? kept.collected : undefined;
  } catch {
    return undefined;
  }
}

/** Keeps a collection for its key; a cache that cannot be written is no error. */
export function keepCollected(key: string, collected: Collected, file = CACHE_FILE): void {
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileAtomic(file, JSON.stringify({ format: FORMAT, key, collected }), 0o644, false);
  } catch {
    // read-only installation: the next run collects again
  }
}
