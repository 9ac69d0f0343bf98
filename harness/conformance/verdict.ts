/**
 * Verdicts (ARCHITECTURE.md, conformance model): PASS; FAIL; WARN (a SHOULD not followed: still
 * conformant); INCONC (a precondition could not be reached: not the IUT's fault); N/A (the ICS says
 * unsupported); ERROR (the harness itself broke). Every verdict but PASS carries a reason.
 */

export const VERDICTS = ['PASS', 'FAIL', 'WARN', 'INCONC', 'N/A', 'ERROR'] as const;
export type Verdict = (typeof VERDICTS)[number];

export interface Outcome {
  verdict: Verdict;
  reason?: string;
}

/** Verdicts that make a run non-conformant (exit code 1). */
export function isFailing(verdict: Verdict): boolean {
  return verdict === 'FAIL' || verdict === 'ERROR';
}

/** Thrown by a case to end with a verdict other than PASS or FAIL. */
export class CaseVerdict extends Error {
  constructor(
    readonly verdict: Exclude<Verdict, 'PASS'>,
    readonly reason: string,
  ) {
    super(reason);
    this.name = 'CaseVerdict';
  }
}

/** A failed check of the IUT's behaviour: FAIL with this reason. */
export class CaseFailure extends CaseVerdict {
  constructor(reason: string) {
    super('FAIL', reason);
    this.name = 'CaseFailure';
  }
}
