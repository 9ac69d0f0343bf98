/**
 * Comparing two runs (dmcts diff, run --baseline): regressions (a case that was PASS/WARN and now
 * FAILs or ERRORs, or a case newly failing), fixes, new and gone cases, other verdict changes.
 */
import type { CaseResult, Results } from './results-model.ts';

export interface VerdictChange {
  id: string;
  title: string;
  before?: string;
  after?: string;
  reason?: string;
}

export interface ResultsDiff {
  regressions: VerdictChange[];
  fixes: VerdictChange[];
  added: VerdictChange[];
  removed: VerdictChange[];
  changed: VerdictChange[];
}

const bad = (v: string | undefined) => v === 'FAIL' || v === 'ERROR';
const good = (v: string | undefined) => v === 'PASS' || v === 'WARN';

export function diffResults(before: Results, after: Results): ResultsDiff {
  const old = new Map<string, CaseResult>(before.cases.filter((c) => c.verdict).map((c) => [c.id, c]));
  const now = new Map<string, CaseResult>(after.cases.filter((c) => c.verdict).map((c) => [c.id, c]));
  const diff: ResultsDiff = { regressions: [], fixes: [], added: [], removed: [], changed: [] };
  for (const [id, c] of now) {
    const o = old.get(id);
    const change: VerdictChange = { id, title: c.title, after: c.verdict, ...(o?.verdict ? { before: o.verdict } : {}), ...(c.reason ? { reason: c.reason } : {}) };
    if (!o) {
      diff.added.push(change);
      if (bad(c.verdict)) diff.regressions.push(change);
    } else if (o.verdict !== c.verdict) {
      if (bad(c.verdict) && !bad(o.verdict)) diff.regressions.push(change);
      else if (good(c.verdict) && bad(o.verdict)) diff.fixes.push(change);
      else diff.changed.push(change);
    }
  }
  for (const [id, o] of old) if (!now.has(id)) diff.removed.push({ id, title: o.title, ...(o.verdict ? { before: o.verdict } : {}) });
  return diff;
}
