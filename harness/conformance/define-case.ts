/**
 * The one way to declare a conformance case. It registers the case's metadata and, under vitest,
 * declares a test tagged with its labels, rules, role, level and ID (so `--tags-filter` selects by
 * requirement). The test body turns whatever happens into a verdict with a reason, in task.meta:
 * PASS; WARN (t.warn); FAIL (t.fail, t.check, a failed expect, a timeout); INCONC and N/A
 * (t.inconclusive, t.notApplicable, an upper-tester call that cannot be made); ERROR (the harness broke).
 */
import { test, type TestContext } from 'vitest';
import { CaseContext } from './case-context.ts';
import { tagsOf, type CaseMeta } from './case-meta.ts';
import type { CaseRecord } from './case-record.ts';
import { collectOnly, registerCase } from './case-registry.ts';
import { HarnessSession } from './harness-session.ts';
import { claims } from './ics.ts';
import { labelForAllure } from '../report/allure-labels.ts';
import { caseSeed } from './run-plan.ts';
import { CaseVerdict } from './verdict.ts';

export type CaseBody = (t: CaseContext) => Promise<void>;

function isAssertion(error: unknown): error is Error {
  return error instanceof Error && (error.name === 'AssertionError' || error.constructor.name === 'AssertionError');
}

export function defineCase(meta: CaseMeta, body: CaseBody): void {
  registerCase(meta);
  if (collectOnly()) return;
  const plan = HarnessSession.plan();
  const target = plan.targets[meta.role];
  const selected = target !== undefined && (plan.selected === undefined || plan.selected.includes(meta.id));
  const timeout = meta.timeoutMs ?? target?.ixit.timeouts.caseMs ?? 30_000;
  (selected ? test : test.skip)(`${meta.id} ${meta.title}`, { tags: tagsOf(meta), timeout }, async (vctx: TestContext) => {
    const started = Date.now();
    const record: CaseRecord = {
      id: meta.id,
      verdict: 'ERROR',
      reason: 'the case did not finish',
      seed: caseSeed(plan.seed, meta.id),
      startedAt: new Date(started).toISOString(),
      evidence: { wire: [], steps: [], notes: [], truncated: 0 },
      iutLog: [],
      icsItems: [],
    };
    vctx.task.meta.dmcts = record;
    await labelForAllure(meta, vctx.task.meta); // Allure labels: requirement, rule, role, level, caseId (harness/report)
    const missing = (meta.features ?? []).find((f) => !claims(target!.ics, f));
    if (missing) {
      Object.assign(record, { verdict: 'N/A', reason: `the ICS does not claim ${missing}`, icsItems: [`features.${missing}`] });
      vctx.skip(record.reason);
      return;
    }
    let session: HarnessSession;
    try {
      session = await HarnessSession.get(meta.role);
    } catch (error) {
      Object.assign(record, { verdict: 'ERROR', reason: (error as Error).message, durationMs: Date.now() - started });
      throw error;
    }
    const iut = session.iut;
    const logStart = iut.logMark?.() ?? iut.logs().length;
    const t = new CaseContext(meta, session, record);
    vctx.signal.addEventListener('abort', () => t.abort(`timed out at "${record.step ?? 'the start'}"`), { once: true });
    for (const f of meta.features ?? []) t.useIcsItem(`features.${f}`);
    let thrown: unknown;
    try {
      await body(t);
      record.verdict = t.warned ? 'WARN' : 'PASS';
      if (t.warned) record.reason = t.warned;
      else delete record.reason;
    } catch (error) {
      if (error instanceof CaseVerdict) {
        record.verdict = error.verdict;
        record.reason = error.reason;
      } else if (isAssertion(error)) {
        record.verdict = 'FAIL';
        record.reason = error.message;
      } else {
        record.verdict = 'ERROR';
        record.reason = `the harness broke: ${(error as Error).stack ?? String(error)}`;
      }
      thrown = error;
    } finally {
      await t.dispose();
      record.durationMs = Date.now() - started;
      record.iutLog = (iut.logsSince?.(logStart) ?? iut.logs().slice(logStart)).slice(-200);
    }
    if (record.verdict === 'INCONC' || record.verdict === 'N/A') vctx.skip(record.reason);
    if (record.verdict === 'FAIL' || record.verdict === 'ERROR') throw thrown;
  });
}
