/** The check every mutant must pass: a FAIL on a case citing the rule (and the label, if named) its fault breaks, and no ERROR. */
import { expect } from 'vitest';
import type { Mutant } from './mutant.ts';
import { runMutant } from './run-mutant.ts';

export type MutantRun = Awaited<ReturnType<typeof runMutant>>;

/** Whether a case ID is one of the mutant's cases (an ID or an ID prefix). */
export function isCaseOf(m: Mutant, id: string): boolean {
  return m.cases.some((c) => id === c || id.startsWith(c));
}

/**
 * Checks a run of the mutant's fault: only the mutant's own cases count (a run may hold the cases of
 * several mutants that share one fault).
 */
export function checkCaught(m: Mutant, { exitCode, results, stderr }: MutantRun): void {
  const executed = results.cases.filter((c) => c.verdict && c.verdict !== 'N/A' && isCaseOf(m, c.id));
  expect(executed.length, `no case of ${m.cases.join(', ')} was executed against ${m.name}\n${stderr.slice(-2000)}`).toBeGreaterThan(0);
  const caught = executed.filter((c) => c.verdict === 'FAIL' && c.rules.includes(m.rule));
  expect(
    caught.map((c) => c.id),
    `no case citing ${m.rule} failed against ${m.name}; verdicts: ${executed.map((c) => `${c.id} ${c.verdict}${c.verdict === 'FAIL' ? '' : ` (${c.reason ?? 'no reason'})`}`).join(', ')}\n${stderr.slice(-1500)}`,
  ).not.toEqual([]);
  if (m.label) {
    const label = m.label;
    // The same failing case cites both: the label's requirement, through the rule the fault breaks.
    const byLabel = caught.filter((c) => c.labels.includes(label));
    expect(
      byLabel.map((c) => c.id),
      `no case citing both ${m.rule} and ${label} failed against ${m.name}; failed citing ${m.rule}: ${caught.map((c) => `${c.id} [${c.labels.join(', ')}]`).join(', ')}`,
    ).not.toEqual([]);
  }
  expect(exitCode).toBe(1);
  expect(results.cases.filter((c) => c.verdict === 'ERROR').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
}

export async function expectCaught(m: Mutant): Promise<void> {
  checkCaught(m, await runMutant(m));
}
