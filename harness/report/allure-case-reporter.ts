/**
 * allure-vitest's reporter, labelling each conformance case from its CaseInfo: a declared case hands
 * it to its vitest task (task.meta, CASE_INFO_META in harness/core/case-info.ts), and this reporter,
 * in the main process, gives the case's Allure result its labels, testCaseId and description
 * (allure-labels.ts) — the case itself knows nothing of Allure. A dmcts run uses it
 * (allure-results.ts); a developer running the suites under vitest directly names it:
 * `--reporter=./harness/report/allure-case-reporter.ts` (results in ./allure-results).
 */
import type { RuntimeMessage } from 'allure-js-commons/sdk';
import AllureVitestReporter, { type AllureVitestReporterConfig } from 'allure-vitest/reporter';
import type { RunnerTask } from 'vitest';
import { CASE_INFO_META, type CaseInfo } from '../core/case-info.ts';
import { allureMetadataOf } from './allure-labels.ts';
import { ReportDirWriter } from './allure-writer.ts';

/** The member of a task's meta where allure-vitest's reporter reads the runtime messages it applies to the result. */
const ALLURE_MESSAGES_META = 'allureRuntimeMessages';

/** The task as allure-vitest's reporter should see it: a case's metadata message first among its runtime messages. */
export function withCaseLabels(task: RunnerTask): RunnerTask {
  const meta = task.meta as Record<string, unknown>;
  const info = meta[CASE_INFO_META] as CaseInfo | undefined;
  if (task.type !== 'test' || !info) return task;
  const messages = (meta[ALLURE_MESSAGES_META] as RuntimeMessage[] | undefined) ?? [];
  const labelled: Record<string, unknown> = { ...meta, [ALLURE_MESSAGES_META]: [allureMetadataOf(info), ...messages] };
  return { ...task, meta: labelled };
}

export default class AllureCaseReporter extends AllureVitestReporter {
  private readonly resultsDir: string;

  constructor(config?: AllureVitestReporterConfig) {
    const resultsDir = config?.resultsDir ?? 'allure-results';
    super({ ...config, resultsDir });
    this.resultsDir = resultsDir;
  }

  override onInit(vitest: Parameters<AllureVitestReporter['onInit']>[0]): void {
    super.onInit(vitest);
    // allure-vitest makes its runtime's writer here, one that syncs every file to disk; a report
    // directory does not need that (allure-writer.ts). Should a later allure-vitest hold its runtime
    // elsewhere, the results are written as before, only more slowly.
    const runtime = (this as unknown as { allureReporterRuntime?: { writer?: unknown } }).allureReporterRuntime;
    if (runtime && 'writer' in runtime) runtime.writer = new ReportDirWriter(this.resultsDir);
  }

  override handleTask(task: RunnerTask): void {
    // allure-vitest calls handleTask again for each task of a suite, so every case passes here.
    super.handleTask(withCaseLabels(task));
  }
}
