/**
 * Allure labels of a conformance case, set from inside the case (define-case.ts calls
 * labelForAllure first thing) through allure-js-commons: one `requirement` label per requirement
 * label, one `rule` label per profile rule, `role`, `level`, `caseId`; the vitest tags as Allure
 * tags; severity from the level (MUST critical, SHOULD normal, MAY minor); the role and area as
 * suites; requirement labels as features; the case ID as testCaseId (history follows the stable ID,
 * not the file). allure-vitest's reporter turns them into the case's Allure result.
 */
import { LabelName, Severity, type Label } from 'allure-js-commons';
import type { RuntimeMessage } from 'allure-js-commons/sdk';
import { MessageTestRuntime } from 'allure-js-commons/sdk/runtime';
import type { CaseMeta } from '../conformance/case-meta.ts';

/** What the labels are made of: a case's declaration, or its row in results.json. */
export type AllureCaseInfo = Pick<CaseMeta, 'id' | 'title' | 'requirement' | 'labels' | 'rules' | 'level' | 'role'>;

/** Names of the dmcts labels in Allure results (filter on them in Allure: `requirement`, `rule`, ...). */
export const ALLURE_LABELS = { requirement: 'requirement', rule: 'rule', role: 'role', level: 'level', caseId: 'caseId', verdict: 'verdict' } as const;

const SEVERITY: Record<CaseMeta['level'], Severity> = { MUST: Severity.CRITICAL, SHOULD: Severity.NORMAL, MAY: Severity.MINOR };

function areaOfId(id: string): string {
  return /^DMCTS-[CS]-([A-Z0-9]+)-\d{3}$/.exec(id)?.[1] ?? 'UNKNOWN';
}

export function allureLabelsOf(info: AllureCaseInfo): Label[] {
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

export function allureDescriptionOf(info: AllureCaseInfo): string {
  const cites = [...info.labels, ...info.rules].map((r) => `\`${r}\``).join(', ');
  return `**${info.level}** — ${info.requirement.replace(/[<>]/g, '')}\n\nCites ${cites}.`;
}

/**
 * allure-vitest carries a test's runtime messages from the worker to its reporter in this member of
 * the vitest task meta. Its own runtime (what the allure-js-commons facade calls) is installed by a
 * beforeAll hook of its setup file, which under the suites' `isolate: false` belongs to the first
 * test file only — and never runs when every test of that file is skipped (a --case run). So the
 * case writes its messages to its own task, through allure-js-commons' message runtime.
 */
export const ALLURE_MESSAGES_META = 'allureRuntimeMessages';

class TaskMetaRuntime extends MessageTestRuntime {
  constructor(private readonly meta: Record<string, unknown>) {
    super();
  }

  override async sendMessage(message: RuntimeMessage): Promise<void> {
    const list = (this.meta[ALLURE_MESSAGES_META] ??= []) as RuntimeMessage[];
    list.push(message);
  }
}

/** Labels the running case for Allure (its vitest task meta: `vctx.task.meta`); without allure-vitest nothing reads them. */
export async function labelForAllure(info: AllureCaseInfo, taskMeta: object): Promise<void> {
  const runtime = new TaskMetaRuntime(taskMeta as Record<string, unknown>);
  await runtime.labels(...allureLabelsOf(info));
  await runtime.testCaseId(info.id);
  await runtime.description(allureDescriptionOf(info));
}
