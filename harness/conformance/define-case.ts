/**
 * The one way to declare a conformance case. It registers the case's metadata and, under vitest,
 * declares a test tagged with its labels, rules, role, level and ID (so `--tags-filter` selects by
 * requirement). The test body turns whatever happens into a verdict with a reason, in task.meta, at
 * both levels of claim (case-outcome.ts): PASS; WARN (t.warn); FAIL (t.fail, t.check, a failed
 * expect, a timeout); INCONC and N/A (t.inconclusive, t.notApplicable, an upper-tester call that
 * cannot be made); ERROR (the harness broke). Before the body: the ICS features and capacities, the
 * run's set-up (an IUT that cannot start stops the run), the upper-tester methods the case needs
 * (utMethods, against the adapter's ut.hello), the role's readiness probe and the circuit breaker.
 * The case's CaseInfo goes to its task's meta, where reporters find it (Allure labels).
 */
import { beforeAll, test, type TestContext } from 'vitest';
import { CASE_INFO_META, caseInfoOf } from '../core/case-info.ts';
import { CaseContext } from './case-context.ts';
import { judgeCase } from './case-outcome.ts';
import { tagsOf, withRole, type CaseDeclaration } from './case-meta.ts';
import type { CaseRecord } from './case-record.ts';
import { collectOnly, registerCase } from './case-registry.ts';
import { HarnessSession, IutSetupError } from './harness-session.ts';
import { claims, TRANSPORTS, transportsOf, unmetCapacity } from './ics.ts';
import { caseSeed } from './run-plan.ts';
import { withRootCause } from './trace-diagnosis.ts';
import { unofferedUtMethod } from './ut-method-need.ts';

export type CaseBody = (t: CaseContext) => Promise<void>;

/** Roles whose IUT start already has its beforeAll hook in this worker. */
const startHooked = new Set<'client' | 'server'>();

export function defineCase(declared: CaseDeclaration, body: CaseBody): void {
  const meta = withRole(declared);
  registerCase(meta);
  if (collectOnly()) return;
  const plan = HarnessSession.plan();
  const target = plan.targets[meta.role];
  const selected = target !== undefined && (plan.selected === undefined || plan.selected.includes(meta.id));
  const timeout = meta.timeoutMs ?? target?.ixit.timeouts.caseMs ?? 30_000;
  if (selected && target && !startHooked.has(meta.role)) {
    // The IUT's start and the role's readiness probe happen once, before the first selected case, on
    // their own time (not that case's): a case's timeout is for the case. Later files find the session
    // made (the worker is not isolated). Failures are reported by each case (set-up error, failed
    // probe), so the hook itself never fails.
    startHooked.add(meta.role);
    const t = target.ixit.timeouts;
    beforeAll(
      () =>
        HarnessSession.get(meta.role).then(
          () => undefined,
          () => undefined,
        ),
      t.readyMs + t.sessionMs + 2 * t.utCallMs + 10_000,
    );
  }
  // A case of sessions runs once per transport (DM-HLF-001): the same ID, "[ws]" after it in the test's name.
  for (const transport of meta.perTransport ? TRANSPORTS : [undefined]) {
    (selected ? test : test.skip)(
      transport ? `${meta.id} [${transport}] ${meta.title}` : `${meta.id} ${meta.title}`,
      { tags: tagsOf(meta), timeout, meta: { [CASE_INFO_META]: caseInfoOf(meta) } },
      async (vctx: TestContext) => {
        const started = Date.now();
        const record: CaseRecord = {
          id: meta.id,
          ...(transport ? { transport } : {}),
          verdict: 'ERROR',
          reason: 'the case did not finish',
          seed: caseSeed(plan.seed, meta.id),
          startedAt: new Date(started).toISOString(),
          evidence: { wire: [], steps: [], notes: [], truncated: 0 },
          iutLog: [],
          icsItems: [],
        };
        vctx.task.meta.dmcts = record;
        const notRun = (verdict: 'N/A' | 'INCONC', reason: string, extra: Partial<CaseRecord> = {}) => {
          Object.assign(record, { verdict, reason, facts: { verdict, reason }, durationMs: Date.now() - started, ...extra });
          vctx.skip(reason);
        };
        const missing = (meta.features ?? []).find((f) => !claims(target!.ics, f));
        if (missing) return notRun('N/A', `the ICS does not claim ${missing}`, { icsItems: [`features.${missing}`] });
        if (transport && !transportsOf(target!.ics).includes(transport)) {
          return notRun('N/A', `the ICS does not claim the transport ${transport} (its transports, or features.WS for ws)`, {
            icsItems: [target!.ics.transports ? 'transports' : 'features.WS'],
          });
        }
        const capacity = unmetCapacity(target!.ics, meta.needs);
        if (capacity) return notRun('N/A', capacity.why, { icsItems: [capacity.icsItem] });
        let session: HarnessSession;
        try {
          session = await HarnessSession.get(meta.role);
        } catch (error) {
          if (error instanceof IutSetupError) {
            record.evidence.notes.push(error.details);
            return notRun('INCONC', error.reason, { stop: 'setup' });
          }
          Object.assign(record, { verdict: 'ERROR', reason: (error as Error).message, durationMs: Date.now() - started });
          throw error;
        }
        const unoffered = unofferedUtMethod(meta, session.hello);
        if (unoffered) return notRun('N/A', unoffered.why, { icsItems: [unoffered.icsItem] });
        if (session.probeFailure) return notRun('INCONC', `not run: the readiness probe failed — ${session.probeFailure}`, { stop: 'probe' });
        if (session.breaker.open) return notRun('INCONC', session.breaker.open, { stop: 'breaker' });

        const iut = session.iut;
        const logStart = iut.logMark?.() ?? iut.logs().length;
        const t = new CaseContext(meta, session, record);
        vctx.signal.addEventListener('abort', () => t.abort(`timed out at "${record.step ?? 'the start'}"`), { once: true });
        for (const f of meta.features ?? []) t.useIcsItem(`features.${f}`);
        let thrown: unknown;
        try {
          await body(t);
        } catch (error) {
          thrown = error;
        } finally {
          await t.dispose();
          const j = judgeCase({
            ...(thrown !== undefined ? { thrown } : {}),
            profileFailures: t.profileFailures,
            checks: t.checks,
            ...(t.warned ? { warned: t.warned } : {}),
            checksFacts: t.checksFacts,
            profileRules: meta.rules.filter((r) => !r.startsWith('K-')),
          });
          record.verdict = j.verdict;
          // A FAIL names the first protocol fault the trace shows, not only the symptom further down.
          if (j.reason) record.reason = j.verdict === 'FAIL' ? withRootCause(j.reason, record.evidence, meta.role) : j.reason;
          else delete record.reason;
          if (j.basis) record.basis = j.basis;
          record.facts = j.facts;
          record.checks = { ...t.checks };
          record.durationMs = Date.now() - started;
          record.iutLog = (iut.logsSince?.(logStart) ?? iut.logs().slice(logStart)).slice(-200);
          session.breaker.ended(record.verdict, record.reason);
        }
        if (record.verdict === 'INCONC' || record.verdict === 'N/A') vctx.skip(record.reason);
        if (record.verdict === 'FAIL' || record.verdict === 'ERROR') throw thrown instanceof Error ? thrown : new Error(record.reason);
      },
    );
  }
}
