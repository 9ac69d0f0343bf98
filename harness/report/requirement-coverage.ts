/**
 * Requirement coverage of a run: for every requirement label and profile rule of the catalogue —
 * cited by a case with a verdict or not — how many of its cases ended with each verdict, and which
 * ones. A row without cases says why: no case of the suite cites it, or none of its cases ran here.
 */
import { REQUIREMENTS, RULES } from '../core/catalogue.ts';
import { VERDICTS, type Verdict } from '../core/verdict.ts';
import type { CaseResult } from './results-model.ts';

export interface CoverageRow {
  /** A requirement label (DM-HLF-004) or a rule ID (P-GET). */
  ref: string;
  kind: 'label' | 'rule';
  counts: Record<Verdict, number>;
  /** Case IDs per verdict. */
  cases: Record<Verdict, string[]>;
  total: number;
  /** For a row without any case with a verdict: why (no case cites it in these suites, or none of its cases ran). */
  uncovered?: string;
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
  const cited = new Set(cases.flatMap((c) => [...c.labels, ...c.rules]));
  const roles = [...new Set(cases.map((c) => c.role))].join(' and ') || 'no';
  for (const [ref, kind] of [...REQUIREMENTS.map((r) => [r.label, 'label'] as const), ...RULES.map((r) => [r.id, 'rule'] as const)]) {
    const key = `${kind}\u0000${ref}`;
    if (rows.has(key)) continue;
    const uncovered = cited.has(ref) ? 'none of its cases ran in this run' : `no case of the ${roles} suite cites it`;
    rows.set(key, { ref, kind, counts: emptyCounts(() => 0), cases: emptyCounts((): string[] => []), total: 0, uncovered });
  }
  return [...rows.values()].sort((a, b) => (a.kind === b.kind ? natural(a.ref, b.ref) : a.kind === 'label' ? -1 : 1));
}
