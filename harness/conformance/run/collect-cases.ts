/** Reads every case declaration of the suites without running anything (dmcts list, case selection). */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CaseMeta } from '../case-meta.ts';
import { registeredCases, registryProblems, setCollectFile, setCollectOnly } from '../case-registry.ts';
import { SUITES_ROOT } from './suite-config.ts';

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

export async function collectCases(): Promise<{ cases: Array<CaseMeta & { file?: string }>; problems: readonly string[] }> {
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
