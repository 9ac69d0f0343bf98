/**
 * What names a case and what it cites: the part of its declaration (harness/conformance/case-meta.ts)
 * that results.json and every report carry — stable ID, title, requirement sentence, requirement
 * labels, profile rules, level and the role the IUT plays. A declared case hands it to its vitest
 * task under CASE_INFO_META, where a reporter in the main process finds it (the Allure reporter
 * labels the case's result from it).
 */
import type { Level } from './catalogue.ts';

export interface CaseInfo {
  id: string;
  title: string;
  requirement: string;
  labels: readonly string[];
  rules: readonly string[];
  level: Level;
  role: 'client' | 'server';
}

/** The member of a case's vitest task meta (`task.meta`) that holds its CaseInfo. */
export const CASE_INFO_META = 'dmctsCase';

/** Just the CaseInfo of a declaration or a results.json row (nothing else goes to the task). */
export function caseInfoOf(c: CaseInfo): CaseInfo {
  return { id: c.id, title: c.title, requirement: c.requirement, labels: [...c.labels], rules: [...c.rules], level: c.level, role: c.role };
}
