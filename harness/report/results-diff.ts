/**
 * Comparing two runs (dmcts diff, run --baseline). A regression is a case that FAILs or ERRORs now
 * and did not before — it passed, warned, was inconclusive or not applicable, or is new. A fix is a
 * case that FAILed or ERRORed and now passes (PASS or WARN). Added and removed are cases with a
 * verdict on one side only (removed says why: gone from the suite, not selected, not reached);
 * every other verdict change is "changed". A case whose verdict stayed FAIL, ERROR, INCONC or WARN
 * but for another reason (numbers aside) is a "reason change": a FAIL for a new cause is no
 * regression of the verdict, but it is news.
 */
import type { Verdict } from '../core/verdict.ts';
import { reasonKey } from './reason-key.ts';
import type { CaseResult, Results } from './results-model.ts';

export interface VerdictChange {
  id: string;
  title: string;
  /** The verdict in the older run; absent when the case had none there. */
  before?: Verdict;
  /** The verdict in the newer run; absent when the case has none there. */
  after?: Verdict;
  /** The newer run's reason (for a removed case, the older run's). */
  reason?: string;
  /** For a reason change: the older run's reason. */
  beforeReason?: string;
  /** Why a case is added or removed (e.g. "not in the older run", "not selected: --role server"). */
  note?: string;
}

export interface RunSide {
  runId: string;
  startedAt: string;
  dmcts: string;
  complete: boolean;
  /** "<role>: <product> <version>" per IUT. */
  iuts: string[];
}

export interface ResultsDiff {
  before: RunSide;
  after: RunSide;
  regressions: VerdictChange[];
  fixes: VerdictChange[];
  added: VerdictChange[];
  removed: VerdictChange[];
  changed: VerdictChange[];
  /** Same verdict (not PASS), another reason. */
  reasonChanges: VerdictChange[];
}

const bad = (v: Verdict | undefined) => v === 'FAIL' || v === 'ERROR';
const good = (v: Verdict | undefined) => v === 'PASS' || v === 'WARN';

function side(r: Results): RunSide {
  return {
    runId: r.run.id,
    startedAt: r.run.startedAt,
    dmcts: r.dmcts.version,
    complete: r.run.complete,
    iuts: r.iuts.map((i) => `${i.role}: ${i.product.name} ${i.product.version}`),
  };
}

function whyNoVerdict(c: CaseResult | undefined, run: Results): string {
  if (!c) return 'not in the suite of that run';
  if (c.selection.status === 'filtered') return `not selected: ${c.selection.why}`;
  return run.run.complete ? 'no verdict' : 'no verdict: that run did not complete';
}

export function diffResults(before: Results, after: Results): ResultsDiff {
  const oldAll = new Map(before.cases.map((c) => [c.id, c]));
  const newAll = new Map(after.cases.map((c) => [c.id, c]));
  const diff: ResultsDiff = { before: side(before), after: side(after), regressions: [], fixes: [], added: [], removed: [], changed: [], reasonChanges: [] };
  for (const c of after.cases) {
    if (!c.verdict) continue;
    const o = oldAll.get(c.id);
    const change: VerdictChange = {
      id: c.id,
      title: c.title,
      ...(o?.verdict ? { before: o.verdict } : {}),
      after: c.verdict,
      ...(c.reason ? { reason: c.reason } : {}),
    };
    if (!o?.verdict) {
      diff.added.push({ ...change, note: `older run: ${whyNoVerdict(o, before)}` });
      if (bad(c.verdict)) diff.regressions.push(change);
    } else if (o.verdict !== c.verdict) {
      if (bad(c.verdict) && !bad(o.verdict)) diff.regressions.push(change);
      else if (bad(o.verdict) && good(c.verdict)) diff.fixes.push(change);
      else diff.changed.push(change);
    } else if (c.verdict !== 'PASS' && c.verdict !== 'N/A' && reasonKey(o.reason ?? '') !== reasonKey(c.reason ?? '')) {
      diff.reasonChanges.push({ ...change, ...(o.reason ? { beforeReason: o.reason } : {}) });
    }
  }
  for (const o of before.cases) {
    if (!o.verdict) continue;
    const c = newAll.get(o.id);
    if (c?.verdict) continue;
    diff.removed.push({ id: o.id, title: o.title, before: o.verdict, ...(o.reason ? { reason: o.reason } : {}), note: `newer run: ${whyNoVerdict(c, after)}` });
  }
  for (const list of [diff.regressions, diff.fixes, diff.added, diff.removed, diff.changed, diff.reasonChanges]) list.sort((a, b) => a.id.localeCompare(b.id));
  return diff;
}
