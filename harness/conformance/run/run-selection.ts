/**
 * The selection of a run, made before anything starts: the suites' cases, checked; the filters,
 * checked against them (a --case or --exclude that names nothing is a mistake, not an empty run); and
 * each case of the roles under test selected, N/A by the ICS, or filtered out, with why. `dmcts run`
 * runs it, `--dry-run` prints it, `dmcts list` shows it.
 */
import { ConfigError } from '../../core/config-error.ts';
import { REQUIREMENTS, RULES } from '../../core/catalogue.ts';
import type { CaseMeta } from '../case-meta.ts';
import type { RunTarget } from '../run-plan.ts';
import { namesCase, selectCases, type Filters, type Selection } from '../selection.ts';
import { collectCases } from './collect-cases.ts';

export type CollectedCase = CaseMeta & { file?: string };

export interface RunSelection {
  /** The cases of the roles under test (the others are no part of the run). */
  inRun: CollectedCase[];
  /** Each of them: selected, not applicable or filtered, with why. */
  selection: Selection[];
  /** The IDs of the selected ones, in suite order. */
  selected: string[];
}

function isLabelOrRule(value: string): boolean {
  return REQUIREMENTS.some((r) => r.label === value) || RULES.some((r) => r.id === value);
}

/** The filters that name no case of the suites, each with its fix. */
export function filterProblems(cases: readonly CaseMeta[], filters: Filters): string[] {
  const problems: string[] = [];
  for (const c of filters.cases ?? []) {
    if (!cases.some((m) => namesCase(c, m.id)))
      problems.push(`--case ${c} names no case (give a case ID such as DMCTS-C-GET-001 or a prefix such as DMCTS-C-GET; dmcts list shows them)`);
  }
  for (const x of filters.exclude ?? []) {
    if (!isLabelOrRule(x) && !cases.some((m) => namesCase(x, m.id)))
      problems.push(
        `--exclude ${x} names no case, requirement label or rule (give a case ID such as DMCTS-C-GET-001, a prefix such as DMCTS-C-GET, a label such as DM-HLF-004 or a rule such as P-GET; dmcts list shows them)`,
      );
  }
  for (const r of filters.requirements ?? []) {
    if (!isLabelOrRule(r))
      problems.push(`--requirement ${r} is neither a requirement label (DM-HLF-001 ...) nor a rule (K-FLOW, P-GET ...); dmcts list shows them`);
  }
  return problems;
}

/** Collects the suites and selects the cases of a run; a bad declaration, filter or pair of IUTs is a ConfigError. */
export async function selectRun(targets: readonly RunTarget[], filters: Filters): Promise<RunSelection> {
  const { cases, problems } = await collectCases();
  if (problems.length > 0) throw new ConfigError(problems.map((p) => `suite declaration: ${p}`));
  const roles = targets.map((t) => t.ics.role);
  if (new Set(roles).size !== roles.length) throw new ConfigError(['two IUTs of the same role in one run: run them one at a time']);
  const wrong = filterProblems(cases, filters);
  if (wrong.length > 0) throw new ConfigError(wrong);
  const byRole = new Map(targets.map((t) => [t.ics.role, t]));
  const inRun = cases.filter((c) => byRole.has(c.role));
  const selection = inRun.map((meta) => selectCases([meta], byRole.get(meta.role)!.ics, filters)[0]!);
  return { inRun, selection, selected: selection.filter((s) => s.status === 'selected').map((s) => s.id) };
}
