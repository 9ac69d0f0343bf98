/**
 * Allure results of a conformance run: allure-vitest's reporter (allure-case-reporter.ts, which
 * labels each case from its CaseInfo), configured so that Allure shows exactly the verdicts of
 * results.json — a listener sets each result's status and status details from the
 * case's verdict and reason (FAIL failed, ERROR broken, INCONC and N/A skipped, PASS and WARN
 * passed; the message starts with the verdict), adds the verdict label, the case's steps and its
 * evidence and IUT log as attachments. Cases the ICS made not applicable never reach vitest; they
 * are written as skipped N/A results too. The directory's earlier Allure results are removed first.
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stage, Status, type StepResult, type TestResult } from 'allure-js-commons';
import type { Category } from 'allure-js-commons/sdk';
import { getTestResultHistoryId, ReporterRuntime, type LifecycleListener } from 'allure-js-commons/sdk/reporter';
import { ReportDirWriter } from './allure-writer.ts';
import type { Reporter } from 'vitest/node';
import type { Verdict } from '../core/verdict.ts';
import { ALLURE_LABELS, allureDescriptionOf, allureLabelsOf } from './allure-labels.ts';
import type { CaseResult, Results } from './results-model.ts';

const STATUS: Record<Verdict, Status> = {
  PASS: Status.PASSED,
  WARN: Status.PASSED,
  FAIL: Status.FAILED,
  ERROR: Status.BROKEN,
  INCONC: Status.SKIPPED,
  'N/A': Status.SKIPPED,
};

export const ALLURE_CATEGORIES: Category[] = [
  { name: 'FAIL: the IUT does not conform', matchedStatuses: [Status.FAILED] },
  { name: 'ERROR: the harness broke', matchedStatuses: [Status.BROKEN] },
  { name: 'WARN: a SHOULD not followed', matchedStatuses: [Status.PASSED], messageRegex: '^WARN: [\\s\\S]*' },
  { name: 'INCONC: a precondition could not be reached', matchedStatuses: [Status.SKIPPED], messageRegex: '^INCONC: [\\s\\S]*' },
  { name: 'N/A: not applicable to the IUT (ICS)', matchedStatuses: [Status.SKIPPED], messageRegex: '^N/A: [\\s\\S]*' },
];

const ID_OF_NAME = /^(DMCTS-[CS]-[A-Z0-9]+-\d{3})\b/;
const ALLURE_FILE = /-(result|container|globals)\.json$|-attachment(\.[A-Za-z0-9]+)?$|^environment\.properties$|^categories\.json$/;

/** Removes the Allure results an earlier run left in `dir` (other files stay: executor.json, history/). */
export function clearAllureResults(dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(dir)) if (ALLURE_FILE.test(name)) rmSync(join(dir, name), { force: true });
}

export function allureEnvironment(results: Results): Record<string, string> {
  return {
    dmcts: results.dmcts.version,
    run: results.run.id,
    seed: String(results.run.seed),
    'Node.js': results.environment.node,
    platform: `${results.environment.platform} ${results.environment.arch}`,
    ...Object.fromEntries(
      results.iuts.map((i) => [`IUT ${i.role}`, `${i.product.name} ${i.product.version}${i.product.vendor ? ` (${i.product.vendor})` : ''}`]),
    ),
  };
}

function message(c: CaseResult & { verdict: Verdict }): string {
  return c.reason ? `${c.verdict}: ${c.reason}` : c.verdict;
}

function attach(dir: string, result: TestResult, name: string, content: string, type: string, ext: string): void {
  const source = `${randomUUID()}-attachment.${ext}`;
  writeFileSync(join(dir, source), content);
  result.attachments.push({ name, source, type });
}

function steps(c: CaseResult, status: Status, start: number, stop: number): StepResult[] {
  const list = c.evidence?.steps ?? [];
  return list.map((s, i) => {
    const last = i === list.length - 1;
    const next = list[i + 1];
    return {
      name: s.name,
      status: last ? status : Status.PASSED,
      statusDetails: last && status !== Status.PASSED ? { message: message(c as CaseResult & { verdict: Verdict }) } : {},
      stage: Stage.FINISHED,
      start: start + s.t,
      stop: next ? start + next.t : stop,
      steps: [],
      attachments: [],
      parameters: [],
    };
  });
}

/** Makes an Allure result say what results.json says of its case. */
export function applyVerdict(dir: string, result: TestResult, c: CaseResult | undefined): void {
  if (!c?.verdict) return;
  const done = c as CaseResult & { verdict: Verdict };
  result.status = STATUS[done.verdict];
  result.statusDetails = { ...result.statusDetails, message: message(done) };
  result.labels = result.labels.filter((l) => l.name !== ALLURE_LABELS.verdict);
  result.labels.push({ name: ALLURE_LABELS.verdict, value: done.verdict });
  if (!result.labels.some((l) => l.name === ALLURE_LABELS.caseId)) result.labels.push(...allureLabelsOf(c));
  if (result.testCaseId !== c.id) {
    // History follows the stable case ID (the reporter derived both from the file path otherwise).
    result.testCaseId = c.id;
    delete result.historyId;
    result.historyId = getTestResultHistoryId(result);
  }
  if (result.steps.length === 0 && c.startedAt) {
    const start = Date.parse(c.startedAt);
    result.steps = steps(c, result.status, start, start + (c.durationMs ?? 0));
  }
  if (c.evidence && (c.evidence.wire.length > 0 || c.evidence.steps.length > 0 || c.evidence.notes.length > 0)) {
    attach(dir, result, 'evidence (wire trace, steps, notes)', JSON.stringify(c.evidence, null, 2), 'application/json', 'json');
  }
  if (c.iutLog?.length) attach(dir, result, 'IUT log', c.iutLog.join('\n'), 'text/plain', 'txt');
}

/** The listener that aligns each result vitest produced with results.json (read live: verdicts arrive as the run goes). */
export function verdictListener(dir: string, results: Results): LifecycleListener {
  return {
    beforeTestResultWrite: (result) => {
      const id = result.labels.find((l) => l.name === ALLURE_LABELS.caseId)?.value ?? ID_OF_NAME.exec(result.name ?? '')?.[1];
      applyVerdict(dir, result, id ? results.cases.find((c) => c.id === id) : undefined);
    },
  };
}

/** Skipped N/A results for the cases the ICS made not applicable (vitest never runs them). */
export function writeNotApplicable(dir: string, results: Results): number {
  const runtime = new ReporterRuntime({ writer: new ReportDirWriter(dir) });
  const at = Date.parse(results.run.startedAt);
  let written = 0;
  for (const c of results.cases) {
    if (c.selection.status !== 'not-applicable' || c.verdict !== 'N/A') continue;
    const uuid = runtime.startTest({
      name: `${c.id} ${c.title}`,
      fullName: `dmcts:${c.id}`,
      testCaseId: c.id,
      labels: [...allureLabelsOf(c), { name: 'framework', value: 'dmcts' }],
      description: allureDescriptionOf(c),
      start: at,
    });
    runtime.updateTest(uuid, (r) => {
      r.stage = Stage.FINISHED;
      applyVerdict(dir, r, c);
    });
    runtime.stopTest(uuid, { stop: at });
    runtime.writeTest(uuid);
    written += 1;
  }
  return written;
}

/**
 * The vitest reporters that write Allure results of a run into `dir`. A run with one vitest per role
 * asks for a set per vitest: the directory cleared once (`clear`), the N/A results written by one set
 * only (`notApplicable`).
 */
export async function allureReporters(dir: string, results: Results, options: { clear?: boolean; notApplicable?: boolean } = {}): Promise<Reporter[]> {
  if (options.clear !== false) clearAllureResults(dir);
  const { default: AllureCaseReporter } = await import('./allure-case-reporter.ts');
  const allureReporter = new AllureCaseReporter({
    resultsDir: dir,
    listeners: [verdictListener(dir, results)],
    environmentInfo: allureEnvironment(results),
    categories: ALLURE_CATEGORIES,
  });
  const notApplicable: Reporter = {
    onTestRunEnd: () => {
      writeNotApplicable(dir, results);
    },
  };
  return options.notApplicable === false ? [allureReporter as unknown as Reporter] : [allureReporter as unknown as Reporter, notApplicable];
}
