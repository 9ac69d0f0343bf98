/**
 * --repeat N: each selected case runs N times (one pass of the suites after another) and its verdict
 * is its worst attempt's — a flaky FAIL is a FAIL. Worst first: FAIL, ERROR, INCONC, WARN, N/A, PASS.
 * The row keeps the reason, evidence and timing of that attempt; its public-facts verdict is the
 * worst facts verdict of any attempt (an attempt that failed on a public fact is not hidden behind
 * one that failed the profile first); every attempt is listed in `attempts`, and a reason starts
 * with which attempt it is and what the others were.
 */
import type { Verdict } from '../../core/verdict.ts';
import type { CaseAttempt } from '../../report/results-model.ts';
import type { CaseRecord } from '../case-record.ts';

export const WORST_FIRST: readonly Verdict[] = ['FAIL', 'ERROR', 'INCONC', 'WARN', 'N/A', 'PASS'];

/** Lower is worse. */
function rank(v: Verdict): number {
  return WORST_FIRST.indexOf(v);
}

type Recorded = Partial<CaseRecord> & { verdict: Verdict };

export class RepeatAttempts {
  private readonly byId = new Map<string, Recorded[]>();

  constructor(readonly repeat: number) {}

  /** How many attempts of a case have ended. */
  count(id: string): number {
    return this.byId.get(id)?.length ?? 0;
  }

  /** Adds an attempt; returns what the case's row says now (its worst attempt) and every attempt. */
  add(id: string, attempt: Recorded): { record: Recorded; attempts: CaseAttempt[] } {
    const all = [...(this.byId.get(id) ?? []), attempt];
    this.byId.set(id, all);
    const factsOf = (a: Recorded) => a.facts ?? { verdict: a.verdict, ...(a.reason ? { reason: a.reason } : {}) };
    let worst = 0;
    all.forEach((a, i) => {
      const w = all[worst]!;
      if (rank(a.verdict) < rank(w.verdict) || (rank(a.verdict) === rank(w.verdict) && rank(factsOf(a).verdict) < rank(factsOf(w).verdict))) worst = i;
    });
    let worstFacts = 0;
    all.forEach((a, i) => {
      if (rank(factsOf(a).verdict) < rank(factsOf(all[worstFacts]!).verdict)) worstFacts = i;
    });
    const chosen = all[worst]!;
    const verdicts = all.map((a) => a.verdict).join(', ');
    const which = `attempt ${worst + 1} of ${all.length}${all.length < this.repeat ? ` so far (of ${this.repeat})` : ''} (${verdicts})`;
    const facts = factsOf(all[worstFacts]!);
    const record: Recorded = {
      ...chosen,
      ...(chosen.reason ? { reason: `${which}: ${chosen.reason}` } : {}),
      facts: { verdict: facts.verdict, ...(facts.reason ? { reason: `attempt ${worstFacts + 1} of ${all.length}: ${facts.reason}` } : {}) },
    };
    const attempts = all.map(
      (a): CaseAttempt => ({
        verdict: a.verdict,
        ...(a.reason ? { reason: a.reason } : {}),
        ...(a.facts ? { facts: a.facts } : {}),
        ...(a.startedAt ? { startedAt: a.startedAt } : {}),
        ...(a.durationMs !== undefined ? { durationMs: a.durationMs } : {}),
      }),
    );
    return { record, attempts };
  }
}
