/**
 * The vitest reporter of a conformance run (main process): turns each case's task meta into its
 * verdict in results.json as soon as it finishes, shows progress, and names a timeout as the reason
 * (with the step the case had reached) instead of leaving the case without a verdict.
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import type { CaseRecord } from '../case-record.ts';
import type { Progress } from './progress.ts';
import type { ResultsBuilder } from './results-builder.ts';

const ID_OF_NAME = /^(DMCTS-[CS]-[A-Z0-9]+-\d{3}) (.*)$/;

export class DmctsReporter implements Reporter {
  private readonly seen = new Set<string>();
  private cancelled = false;

  constructor(
    private readonly builder: ResultsBuilder,
    private readonly progress: Progress,
    private readonly selected: ReadonlySet<string>,
    /** Suite file of each case, to blame a file that failed to load on its own cases only. */
    private readonly fileOf: ReadonlyMap<string, string>,
  ) {}

  /** The run is being cancelled: cases cut short get no verdict. */
  cancel(): void {
    this.cancelled = true;
  }

  onTestCaseReady(testCase: TestCase): void {
    const id = ID_OF_NAME.exec(testCase.name)?.[1];
    if (id && this.selected.has(id)) this.progress.started(id);
  }

  onTestCaseResult(testCase: TestCase): void {
    const m = ID_OF_NAME.exec(testCase.name);
    if (!m || !this.selected.has(m[1]!)) return;
    const id = m[1]!;
    const result = testCase.result();
    const record = testCase.meta().dmcts as CaseRecord | undefined;
    const firstError = result.errors?.[0]?.message;
    let verdict: CaseRecord['verdict'];
    let reason: string | undefined;
    // A case the run was cancelled before (Ctrl-C) keeps no verdict: results.json says the run is incomplete.
    if ((this.cancelled || result.state === 'skipped') && (!record || record.reason === 'the case did not finish')) return;
    if (!record) {
      verdict = 'ERROR';
      reason = firstError ?? 'the case ended without a record';
    } else if (result.state === 'failed' && record.reason === 'the case did not finish') {
      verdict = 'FAIL';
      const limit = /timed out in (\d+)ms/i.exec(firstError ?? '')?.[1];
      reason = `no verdict within ${limit ? `${limit} ms` : 'the case timeout'}${record.step ? `: the case was at "${record.step}"` : ''} (the IUT did not answer; raise the IXIT's timeouts.caseMs if it is only slow)`;
    } else {
      verdict = record.verdict;
      reason = record.reason;
    }
    this.seen.add(id);
    const durationMs = record?.durationMs ?? testCase.diagnostic()?.duration;
    this.builder.record(id, { ...(record ?? {}), verdict, ...(reason ? { reason } : {}), ...(durationMs !== undefined ? { durationMs } : {}) });
    this.progress.finished(id, m[2]!, verdict, reason, record?.durationMs ?? testCase.diagnostic()?.duration);
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    // A suite file that failed to load never reports its cases: give each an ERROR naming why.
    for (const mod of testModules) {
      const errors = mod.errors();
      if (errors.length === 0) continue;
      for (const pending of this.builder.pending()) {
        if (!this.seen.has(pending.id) && this.fileOf.get(pending.id) === mod.moduleId) {
          this.builder.record(pending.id, { verdict: 'ERROR', reason: `its suite file could not run: ${errors[0]!.message}` });
        }
      }
    }
  }
}
