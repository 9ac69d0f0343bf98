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
  /** Leave out the cases matching any of these: a case ID, an ID prefix, a requirement label or a rule (--exclude). */
  exclude?: string[];
  /** Keep only the cases an earlier run did not pass (--rerun-failed): its results.json and those case IDs. */
  rerunFailed?: { file: string; ids: string[] };
}

export type Selection =
  | { id: string; status: 'selected'; why: string }
  | { id: string; status: 'not-applicable'; why: string; icsItem: string }
  | { id: string; status: 'filtered'; why: string };

/** A case ID, or an ID prefix ending at a dash boundary (DMCTS-C-GET names DMCTS-C-GET-001, not DMCTS-C-GETX-001). */
export function namesCase(ref: string, id: string): boolean {
  return id === ref || id.startsWith(`${ref}-`);
}

/** The --exclude value that leaves this case out: its ID, an ID prefix, a label or a rule it cites. */
export function excludedBy(meta: CaseMeta, exclude: readonly string[] | undefined): string | undefined {
  return exclude?.find((x) => namesCase(x, meta.id) || meta.labels.includes(x) || meta.rules.includes(x));
}

/** Why the filters leave a case out (undefined: they keep it). The ICS is not consulted. */
export function filteredOut(meta: CaseMeta, filters: Filters): string | undefined {
  if (filters.role && meta.role !== filters.role) return `--role ${filters.role}`;
  if (filters.cases?.length && !filters.cases.some((c) => namesCase(c, meta.id))) return `not among --case ${filters.cases.join(', ')}`;
  if (filters.rerunFailed && !filters.rerunFailed.ids.includes(meta.id)) return `--rerun-failed: PASS, N/A or not selected in ${filters.rerunFailed.file}`;
  if (filters.requirements?.length) {
    const cited = [...meta.labels, ...meta.rules];
    if (!filters.requirements.some((r) => cited.includes(r))) return `cites none of --requirement ${filters.requirements.join(', ')}`;
  }
  const excluded = excludedBy(meta, filters.exclude);
  if (excluded) return `--exclude ${excluded}`;
  return undefined;
}

/** Whether any filter narrows the run to part of what the ICS makes applicable (the run is then partial). */
export function narrows(filters: Filters): boolean {
  return Boolean(filters.cases?.length || filters.requirements?.length || filters.exclude?.length || filters.rerunFailed);
}

export function selectCases(all: readonly CaseMeta[], ics: Ics, filters: Filters): Selection[] {
  return all.map((meta): Selection => {
    if (meta.role !== ics.role) return { id: meta.id, status: 'filtered', why: `the IUT is a ${ics.role} (ICS role); this case tests a ${meta.role}` };
    const out = filteredOut(meta, filters);
    if (out) return { id: meta.id, status: 'filtered', why: out };
    const missing = (meta.features ?? []).find((f) => !claims(ics, f));
    if (missing) return { id: meta.id, status: 'not-applicable', why: `the ICS does not claim ${missing}`, icsItem: `features.${missing}` };
    const capacity = unmetCapacity(ics, meta.needs);
    if (capacity) return { id: meta.id, status: 'not-applicable', why: capacity.why, icsItem: capacity.icsItem };
    const because = [
      filters.requirements?.length ? `cites ${filters.requirements.join('/')}` : '',
      filters.rerunFailed ? `not PASS in ${filters.rerunFailed.file}` : '',
      meta.features?.length ? `ICS claims ${meta.features.join(', ')}` : '',
    ].filter(Boolean);
    return { id: meta.id, status: 'selected', why: because.length ? because.join('; ') : `applies to every ${meta.role}` };
  });
}
