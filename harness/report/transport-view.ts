/**
 * How the reports show a case of sessions run once per transport (CaseResult.transports, DM-HLF-001):
 * its runs side by side in one line ("http PASS · ws FAIL"), and as one row per run where a report
 * lists runs (JUnit: a testcase per transport).
 */
import type { CaseResult } from './results-model.ts';

/** "http PASS · ws FAIL" for a case run per transport; undefined for any other case. */
export function transportLine(c: CaseResult): string | undefined {
  if (!c.transports?.length) return undefined;
  return c.transports.map((t) => `${t.transport} ${t.verdict}`).join(' · ');
}

/**
 * The case as one row per transport run (its verdict, reason, timing and evidence those of that run,
 * its title starting "[ws]"), or as itself when it was not run per transport.
 */
export function perTransportRows(c: CaseResult): CaseResult[] {
  if (!c.transports?.length) return [c];
  return c.transports.map((t) => {
    const { transports: _runs, attempts: _attempts, reason: _reason, basis: _basis, facts: _facts, evidence: _evidence, ...rest } = c;
    return {
      ...rest,
      title: `[${t.transport}] ${c.title}`,
      verdict: t.verdict,
      ...(t.reason ? { reason: t.reason } : {}),
      ...(t.basis ? { basis: t.basis } : {}),
      ...(t.facts ? { facts: t.facts } : {}),
      ...(t.startedAt ? { startedAt: t.startedAt } : {}),
      ...(t.durationMs !== undefined ? { durationMs: t.durationMs } : {}),
      ...(t.evidence ? { evidence: t.evidence } : {}),
    };
  });
}
