/** The check every mutant must pass: a FAIL on a case citing the rule its fault breaks, and no ERROR. */
import { expect } from 'vitest';
import type { Mutant } from './mutant.ts';
import { runMutant } from './run-mutant.ts';

export async function expectCaught(m: Mutant): Promise<void> {
  const { exitCode, results, stderr } = await runMutant(m);
  const executed = results.cases.filter((c) => c.verdict && c.verdict !== 'N/A');
  expect(executed.length, `no case of ${m.cases.join(', ')} was executed against ${m.name}\n${stderr.slice(-2000)}`).toBeGreaterThan(0);
  const caught = results.cases.filter((c) => c.verdict === 'FAIL' && c.rules.includes(m.rule));
  expect(caught.map((c) => c.id), `no case citing ${m.rule} failed against ${m.name}; verdicts: ${executed.map((c) => `${c.id} ${c.verdict}`).join(', ')}`).not.toEqual([]);
  expect(exitCode).toBe(1);
  expect(results.cases.filter((c) => c.verdict === 'ERROR').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
}
