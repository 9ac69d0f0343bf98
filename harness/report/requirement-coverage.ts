/**
 * Requirement coverage of a run: for every requirement label and profile rule cited by a case that
 * has a verdict, how many of those cases ended with each verdict, and which ones.
 */
import { VERDICTS, type Verdict } from '../conformance/verdict.ts';
import type { CaseResult } from './results-model.ts';

export interface CoverageRow {
  /** A requirement label (DM-HLF-004) or a rule ID (P-GET). */
  ref: string;
  kind: 'label' | 'rule';
  counts: Record<Verdict, number>;
  /** Case IDs per verdict. */
  cases: Record<Verdict, string[]>;
  total: number;
}

function emptyCounts<T>(make: () => T): Record<Verdict, T> {
  return Object.fromEntries(VERDICTS.map((v) => [v, make()])) as Record<Verdict, T>;
}

const natural = new Intl.Collator('en', { numeric: true }).compare;

/** Labels first, then rules, each in natural order. Cases without a verdict (filtered, not reached) are left out. */
export function requirementCoverage(cases: readonly CaseResult[]): CoverageRow[] {
  const rows = new Map<string, CoverageRow>();
  const add = (ref: string, kind: CoverageRow['kind'], c: CaseResult & { verdict: Verdict }) => {
    const key = `${kind}\u0000${ref}`;
    let row = rows.get(key);
    if (!row) {
      row = { ref, kind, counts: emptyCounts(() => 0), cases: emptyCounts((): string[] => []), total: 0 };
      rows.set(key, row);
    }
    if (row.cases[c.verdict].includes(c.id)) return;
    row.counts[c.verdict] += 1;
    row.cases[c.verdict].push(c.id);
    row.total += 1;
  };
  for (const c of cases) {
    if (!c.verdict) continue;
    const done = c as CaseResult & { verdict: Verdict };
    for (const label of c.labels) add(label, 'label', done);
    for (const rule of c.rules) add(rule, 'rule', done);
  }
  return [...rows.values()].sort((a, b) => (a.kind === b.kind ? natural(a.ref, b.ref) : a.kind === 'label' ? -1 : 1));
}
