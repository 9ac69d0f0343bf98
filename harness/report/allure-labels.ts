/**
 * Allure labels of a conformance case, made from its CaseInfo (harness/core/case-info.ts) by the
 * reporter side (allure-case-reporter.ts for a case vitest ran, allure-results.ts for a results.json
 * row): one `requirement` label per requirement label, one `rule` label per profile rule, `role`,
 * `level`, `caseId`; the vitest tags as Allure tags; severity from the level (MUST critical, SHOULD
 * normal, MAY minor); the role and area as suites; requirement labels as features; the case ID as
 * testCaseId (history follows the stable ID, not the file).
 */
import { LabelName, Severity, type Label } from 'allure-js-commons';
import type { RuntimeMetadataMessage } from 'allure-js-commons/sdk';
import type { CaseInfo } from '../core/case-info.ts';

/** Names of the dmcts labels in Allure results (filter on them in Allure: `requirement`, `rule`, ...). */
export const ALLURE_LABELS = { requirement: 'requirement', rule: 'rule', role: 'role', level: 'level', caseId: 'caseId', verdict: 'verdict' } as const;

const SEVERITY: Record<CaseInfo['level'], Severity> = { MUST: Severity.CRITICAL, SHOULD: Severity.NORMAL, MAY: Severity.MINOR };

function areaOfId(id: string): string {
  return /^DMCTS-[CS]-([A-Z0-9]+)-\d{3}$/.exec(id)?.[1] ?? 'UNKNOWN';
}

export function allureLabelsOf(info: CaseInfo): Label[] {
  const tags = [...info.labels, ...info.rules, `role:${info.role}`, `level:${info.level}`, info.id];
  return [
    ...info.labels.map((value) => ({ name: ALLURE_LABELS.requirement, value })),
    ...info.rules.map((value) => ({ name: ALLURE_LABELS.rule, value })),
    { name: ALLURE_LABELS.role, value: info.role },
    { name: ALLURE_LABELS.level, value: info.level },
    { name: ALLURE_LABELS.caseId, value: info.id },
    ...tags.map((value) => ({ name: LabelName.TAG, value })),
    { name: LabelName.SEVERITY, value: SEVERITY[info.level] },
    { name: LabelName.PARENT_SUITE, value: `IUT ${info.role}` },
    { name: LabelName.SUITE, value: areaOfId(info.id) },
    { name: LabelName.EPIC, value: `OMA DM 2.0 ${info.role}` },
    ...info.labels.map((value) => ({ name: LabelName.FEATURE, value })),
  ];
}

export function allureDescriptionOf(info: CaseInfo): string {
  const cites = [...info.labels, ...info.rules].map((r) => `\`${r}\``).join(', ');
  return `**${info.level}** — ${info.requirement.replace(/[<>]/g, '')}\n\nCites ${cites}.`;
}

/** The labels, testCaseId and description of a case as the runtime message allure-vitest's reporter applies to its result. */
export function allureMetadataOf(info: CaseInfo): RuntimeMetadataMessage {
  return { type: 'metadata', data: { labels: allureLabelsOf(info), testCaseId: info.id, description: allureDescriptionOf(info) } };
}
