/** Reads every case declaration of the suites without running anything (dmcts list, case selection). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { registeredCases, registryProblems, setCollectFile, setCollectOnly } from '../case-registry.ts';
import { SUITES_ROOT } from './suite-config.ts';
import { collectionKey, keepCollected, readCollected, type Collected } from './collected-cases-cache.ts';

/** The suite files of the roles: every `*.test.ts` under `suites/<role>/`, subfolders too (a large area keeps its sections in one). */
export function suiteFiles(roles: Array<'client' | 'server'> = ['client', 'server']): string[] {
  const files: string[] = [];
  for (const role of roles) {
    const dir = join(SUITES_ROOT, role);
    const names = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.test.ts'));
    for (const name of names.sort()) files.push(join(dir, name));
  }
  return files;
}

/**
 * Every case declaration of the suites, and the problems with them. Taken from the copy a previous
 * collection kept when no file under suites/ or harness/ has changed since (collected-cases-cache.ts);
 * otherwise the suite files are imported in collect mode (declarations register, nothing runs).
 */
export async function collectCases(): Promise<Collected> {
  const key = collectionKey();
  const kept = readCollected(key);
  if (kept) return kept;
  const collected = await importSuites();
  keepCollected(key, collected);
  return collected;
}

/** The declarations as the suite files make them now (imported in collect mode), never from the kept copy. */
export async function importSuites(): Promise<Collected> {
  setCollectOnly(true);
  try {
    for (const file of suiteFiles()) {
      setCollectFile(file);
      await import(pathToFileURL(file).href);
    }
  } finally {
    setCollectFile(undefined);
    setCollectOnly(false);
  }
  return { cases: registeredCases(), problems: registryProblems() };
}
