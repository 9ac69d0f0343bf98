/**
 * Which cases a run executes, and why each other one does not: a role or filter that leaves it out,
 * or an ICS item that makes it not applicable (N/A, with that item named).
 */
import type { CaseMeta } from './case-meta.ts';
import { claims, unmetCapacity, type Ics } from './ics.ts';

export interface Filters {
  role?: 'client' | 'server';
  /** Keep cases citing any of these labels or rules. */
  requirements?: string[];
  /** Keep only these case IDs (or ID prefixes such as DMCTS-C-GET). */
  cases?: string[];
}

export type Selection =
  | { id: string; status: 'selected'; why: string }
  | { id: string; status: 'not-applicable'; why: string; icsItem: string }
  | { id: string; status: 'filtered'; why: string };

export function selectCases(all: readonly CaseMeta[], ics: Ics, filters: Filters): Selection[] {
  return all.map((meta): Selection => {
    if (meta.role !== ics.role) return { id: meta.id, status: 'filtered', why: `the IUT is a ${ics.role} (ICS role); this case tests a ${meta.role}` };
    if (filters.role && meta.role !== filters.role) return { id: meta.id, status: 'filtered', why: `--role ${filters.role}` };
    if (filters.cases?.length && !filters.cases.some((c) => meta.id === c || meta.id.startsWith(`${c}-`))) {
      return { id: meta.id, status: 'filtered', why: `not among --case ${filters.cases.join(', ')}` };
    }
    if (filters.requirements?.length) {
      const cited = [...meta.labels, ...meta.rules];
      if (!filters.requirements.some((r) => cited.includes(r)))
        return { id: meta.id, status: 'filtered', why: `cites none of --requirement ${filters.requirements.join(', ')}` };
    }
    const missing = (meta.features ?? []).find((f) => !claims(ics, f));
    if (missing) return { id: meta.id, status: 'not-applicable', why: `the ICS does not claim ${missing}`, icsItem: `features.${missing}` };
    const capacity = unmetCapacity(ics, meta.needs);
    if (capacity) return { id: meta.id, status: 'not-applicable', why: capacity.why, icsItem: capacity.icsItem };
    const because = [
      filters.requirements?.length ? `cites ${filters.requirements.join('/')}` : '',
      meta.features?.length ? `ICS claims ${meta.features.join(', ')}` : '',
    ].filter(Boolean);
    return { id: meta.id, status: 'selected', why: because.length ? because.join('; ') : `applies to every ${meta.role}` };
  });
}
