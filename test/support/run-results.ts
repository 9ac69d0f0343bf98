/** The results.json a `dmcts run` wrote into its --out folder, checked against its schema — or why there is none usable. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkResults } from '../../harness/report/results-file.ts';
import type { Results } from '../../harness/report/results-model.ts';

export function readRunResults(outDir: string): { results?: Results; resultsProblem?: string } {
  const file = join(outDir, 'results.json');
  try {
    if (!existsSync(file)) throw new Error('no results.json');
    return { results: checkResults(file, JSON.parse(readFileSync(file, 'utf8'))) };
  } catch (error) {
    return { resultsProblem: (error as Error).message };
  }
}
