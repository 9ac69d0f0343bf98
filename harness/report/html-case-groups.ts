/**
 * The case list of the HTML report, with many cases that end alike folded into one row: cases of the
 * same verdict whose reasons are the same but for numbers (reason-key.ts) — forty N/A cases "the ICS
 * does not claim UI" — become one row "N/A ×40 the ICS does not claim UI" that opens on those cases.
 * The cases keep their place in the urgency order (the group stands where its first case would) and
 * each keeps all its detail, its permalink and its filters.
 */
import { caseReason, renderCase, verdictClass } from './html-case.ts';
import { esc } from './html-escape.ts';
import type { TraceBudget } from './html-trace.ts';
import { reasonKey } from './reason-key.ts';
import { byUrgency, firstLine } from './report-order.ts';
import type { CaseResult } from './results-model.ts';

/** Fewer cases than this with one reason are listed one by one. */
export const MIN_GROUP = 3;

export interface CaseGroup {
  verdict: string;
  /** The reason of its first case, as shown on the group's row. */
  reason: string;
  cases: CaseResult[];
}

/** The cases, most urgent first, as single cases and groups of at least MIN_GROUP alike (a PASS has no reason and is never grouped). */
export function groupCases(cases: readonly CaseResult[], notReached?: string): Array<CaseResult | CaseGroup> {
  const shownReason = (c: CaseResult) => caseReason(c, notReached) ?? '';
  const sorted = [...cases].sort(byUrgency);
  const byKey = new Map<string, CaseResult[]>();
  for (const c of sorted) {
    const reason = shownReason(c);
    if (c.verdict === 'PASS' || !reason) continue;
    const key = `${c.verdict ?? 'none'}\u0000${reasonKey(reason)}`;
    byKey.set(key, [...(byKey.get(key) ?? []), c]);
  }
  const groupOf = new Map<CaseResult, CaseResult[]>();
  for (const members of byKey.values()) if (members.length >= MIN_GROUP) for (const c of members) groupOf.set(c, members);
  const out: Array<CaseResult | CaseGroup> = [];
  const placed = new Set<CaseResult[]>();
  for (const c of sorted) {
    const members = groupOf.get(c);
    if (!members) out.push(c);
    else if (!placed.has(members)) {
      placed.add(members);
      out.push({ verdict: c.verdict ?? 'none', reason: shownReason(c), cases: members });
    }
  }
  return out;
}

function renderGroup(group: CaseGroup, index: number, budget: TraceBudget, notReached: string | undefined): string {
  const shownReason = (c: CaseResult) => caseReason(c, notReached) ?? '';
  const id = `group-${index}`;
  const n = group.cases.length;
  const verdict = group.verdict === 'none' ? undefined : group.verdict;
  const label = verdict ?? 'not run';
  const same = group.cases.every((c) => shownReason(c) === group.reason);
  const ids = group.cases.map((c) => c.id);
  const listed = ids.length <= 6 ? ids.join(', ') : `${ids.slice(0, 5).join(', ')} and ${ids.length - 5} more`;
  const summary = `<summary><span class="v ${verdictClass(verdict)}">${esc(label)}</span> <b class="count">×<span class="n" id="${id}-n">${n}</span></b> <span class="title">${esc(firstLine(group.reason))}</span>${same ? '' : ' <span class="tags">(the numbers in the reasons differ)</span>'}<span class="why">${n} cases: ${esc(listed)}</span></summary>`;
  const members = group.cases.map((c) => renderCase(c, budget, { group: id, ...(notReached !== undefined ? { notReached } : {}) }));
  return `<details id="${id}" class="group ${verdictClass(verdict)}" data-verdict="${esc(group.verdict)}" data-size="${n}">${summary}<div class="members">${members.join('\n')}</div></details>`;
}

/** The case list's markup: cases one by one, alike cases in folded groups. `notReached`: why an incomplete run ended early. */
export function renderCaseList(cases: readonly CaseResult[], budget: TraceBudget, notReached?: string): string {
  let groups = 0;
  const options = notReached !== undefined ? { notReached } : {};
  return groupCases(cases, notReached)
    .map((item) => ('cases' in item ? renderGroup(item, ++groups, budget, notReached) : renderCase(item, budget, options)))
    .join('\n');
}
