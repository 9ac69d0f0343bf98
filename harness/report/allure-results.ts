/**
 * Allure results of a conformance run: allure-vitest's reporter (allure-case-reporter.ts, which
 * labels each case from its CaseInfo), configured so that Allure shows exactly the verdicts of
 * results.json — a listener sets each result's status and status details from the
 * case's verdict and reason (FAIL failed, ERROR broken, INCONC and N/A skipped, PASS and WARN
 * passed; the message starts with the verdict), adds the verdict label, the case's steps and its
 * evidence and IUT log as attachments. Cases the ICS made not applicable never reach vitest; they
 * are written as skipped N/A results too. The directory's earlier Allure results are removed first.
 *
 * A selected case without a verdict (the run was interrupted before it) is `skipped` with the
 * message "not run: ...", never a result without a status; after the run, completeAllureResults
 * brings the directory in line with the finished results.json (a result for every case vitest
 * never reported, the final verdict or reason for those written without one), and
 * writeAllureResults makes the whole directory from a results.json alone (`dmcts report --allure`).
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Stage, Status, type StepResult, type TestResult } from 'allure-js-commons';
import type { Category } from 'allure-js-commons/sdk';
import { getTestResultHistoryId, ReporterRuntime, type LifecycleListener } from 'allure-js-commons/sdk/reporter';
import { writeFileAtomic } from '../core/write-file-atomic.ts';
import { ReportDirWriter } from './allure-writer.ts';
import type { Reporter } from 'vitest/node';
import type { Verdict } from '../core/verdict.ts';
import { ALLURE_LABELS, allureDescriptionOf, allureLabelsOf } from './allure-labels.ts';
import type { CaseResult, Results } from './results-model.ts';
import { perTransportRows } from './transport-view.ts';

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
  { name: 'not run: the run ended before the case got a verdict', matchedStatuses: [Status.SKIPPED], messageRegex: '^not run: [\\s\\S]*' },
];

/** The verdict label of a selected case that got no verdict. */
export const NOT_RUN = 'not run';

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

/** Why a selected case has no verdict, as its status message: `not run: ...`. */
export function notRunMessage(results: Results): string {
  const note = results.run.complete ? undefined : results.run.note;
  return `not run: ${note ? `${note}; ` : ''}the run ended before this case got a verdict`;
}

/** Makes the Allure result of a selected case without a verdict say so: skipped, "not run: ...", verdict label "not run". */
export function markNotRun(result: TestResult, c: CaseResult, results: Results): void {
  result.status = Status.SKIPPED;
  result.stage = Stage.FINISHED;
  result.statusDetails = { message: notRunMessage(results) };
  result.labels = result.labels.filter((l) => l.name !== ALLURE_LABELS.verdict);
  result.labels.push({ name: ALLURE_LABELS.verdict, value: NOT_RUN });
  if (!result.labels.some((l) => l.name === ALLURE_LABELS.caseId)) result.labels.push(...allureLabelsOf(c));
  if (result.testCaseId !== c.id) {
    result.testCaseId = c.id;
    delete result.historyId;
    result.historyId = getTestResultHistoryId(result);
  }
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

/** The transport a case of sessions names after its ID in its test's name. */
const TRANSPORT_IN_NAME = /^DMCTS-[CS]-[A-Z0-9]+-\d{3} \[(http|ws)\] /;

function caseIdOf(result: Pick<TestResult, 'labels' | 'name'>): string | undefined {
  return result.labels.find((l) => l.name === ALLURE_LABELS.caseId)?.value ?? ID_OF_NAME.exec(result.name ?? '')?.[1];
}

/** The listener that aligns each result vitest produced with results.json (read live: verdicts arrive as the run goes). */
export function verdictListener(dir: string, results: Results): LifecycleListener {
  return {
    beforeTestResultWrite: (result) => {
      const id = caseIdOf(result);
      const row = id ? results.cases.find((x) => x.id === id) : undefined;
      // A case of sessions has a result per transport ("DMCTS-... [ws] ..."): each says its own run's
      // verdict, with the transport as a parameter (so each has its own history).
      const transport = TRANSPORT_IN_NAME.exec(result.name ?? '')?.[1];
      const c = row && transport ? (perTransportRows(row).find((r) => r.title.startsWith(`[${transport}] `)) ?? row) : row;
      if (transport && !result.parameters.some((p) => p.name === 'transport')) {
        result.parameters.push({ name: 'transport', value: transport });
        result.testCaseId = undefined;
      }
      if (c?.verdict) applyVerdict(dir, result, c);
      // Cancelled before its verdict (an interrupted run): vitest leaves such a result without a status.
      else if (c?.selection.status === 'selected') markNotRun(result, c, results);
    },
  };
}

/** Writes one Allure result for a case from results.json alone: its verdict, or "not run". */
function writeCaseResult(runtime: ReporterRuntime, dir: string, c: CaseResult, results: Results): void {
  const startedAt = c.startedAt ? Date.parse(c.startedAt) : Number.NaN;
  const at = Number.isFinite(startedAt) ? startedAt : Date.parse(results.run.startedAt);
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
    if (c.verdict) applyVerdict(dir, r, c);
    else markNotRun(r, c, results);
  });
  runtime.stopTest(uuid, { stop: at + (c.durationMs ?? 0) });
  runtime.writeTest(uuid);
}

/** Skipped N/A results for the cases the ICS made not applicable (vitest never runs them). */
export function writeNotApplicable(dir: string, results: Results): number {
  const runtime = new ReporterRuntime({ writer: new ReportDirWriter(dir) });
  let written = 0;
  for (const c of results.cases) {
    if (c.selection.status !== 'not-applicable' || c.verdict !== 'N/A') continue;
    writeCaseResult(runtime, dir, c, results);
    written += 1;
  }
  return written;
}

/** The cases Allure should have a result for: every one with a verdict, and every selected one (without a verdict: "not run"). */
function reportable(c: CaseResult): boolean {
  return c.verdict !== undefined || c.selection.status === 'selected';
}

/**
 * Brings the Allure results in `dir` in line with a finished results.json: a result for every case
 * with a verdict or selected that has none there (vitest never reported it: the run was interrupted
 * before its file, or the N/A results were not written yet), and the verdict — or "not run" with the
 * run's note — on each result written before its case had one. Results that already carry a verdict
 * stay as they are; so do files of other tests. Returns how many results it wrote or rewrote.
 */
export function completeAllureResults(dir: string, results: Results): number {
  mkdirSync(dir, { recursive: true });
  const seen = new Set<string>();
  let written = 0;
  const byId = new Map(results.cases.map((c) => [c.id, c]));
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('-result.json')) continue;
    let result: TestResult;
    try {
      result = JSON.parse(readFileSync(join(dir, name), 'utf8')) as TestResult;
    } catch {
      continue; // not one of ours, or half a file from a process killed while writing
    }
    const id = caseIdOf({ labels: result.labels ?? [], name: result.name ?? '' });
    const c = id ? byId.get(id) : undefined;
    if (!c) continue;
    seen.add(c.id);
    const verdict = result.labels.find((l) => l.name === ALLURE_LABELS.verdict)?.value;
    const settled = verdict === NOT_RUN ? !c.verdict && result.statusDetails?.message === notRunMessage(results) : verdict !== undefined;
    if ((settled && result.status) || !reportable(c)) continue;
    result.stage = Stage.FINISHED;
    if (c.verdict) applyVerdict(dir, result, c);
    else markNotRun(result, c, results);
    writeFileAtomic(join(dir, name), JSON.stringify(result), 0o644, false);
    written += 1;
  }
  const runtime = new ReporterRuntime({
    writer: new ReportDirWriter(dir),
    environmentInfo: allureEnvironment(results),
    categories: ALLURE_CATEGORIES,
  });
  if (!existsSync(join(dir, 'environment.properties'))) runtime.writeEnvironmentInfo();
  if (!existsSync(join(dir, 'categories.json'))) runtime.writeCategoriesDefinitions();
  for (const c of results.cases) {
    if (seen.has(c.id) || !reportable(c)) continue;
    writeCaseResult(runtime, dir, c, results);
    written += 1;
  }
  return written;
}

/** The Allure results of a results.json alone, replacing the directory's earlier ones (`dmcts report --allure DIR`). */
export function writeAllureResults(dir: string, results: Results): number {
  clearAllureResults(dir);
  return completeAllureResults(dir, results);
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
