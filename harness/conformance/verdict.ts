/**
 * Verdicts (ARCHITECTURE.md, conformance model): PASS; FAIL; WARN (a SHOULD not followed: still
 * conformant); INCONC (a precondition could not be reached: not the IUT's fault); N/A (the ICS says
 * unsupported); ERROR (the harness itself broke). Every verdict but PASS carries a reason.
 *
 * Every check rests on a basis: `K`, public DM 2.0 facts only (docs/protocol.md rules K-*), or `P`,
 * a choice of the dmcts profile (rules P-*, and the clarifications marked "(ours)" under K rules).
 */

export const VERDICTS = ['PASS', 'FAIL', 'WARN', 'INCONC', 'N/A', 'ERROR'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** What a check rests on: public DM 2.0 facts (K) or a dmcts profile choice (P, "(ours)"). */
export type Basis = 'K' | 'P';

export interface Outcome {
  verdict: Verdict;
  reason?: string;
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

/** A failed check of the IUT's behaviour: FAIL with this reason, resting on `basis`. */
export class CaseFailure extends CaseVerdict {
  constructor(
    reason: string,
    readonly basis: Basis,
  ) {
    super('FAIL', reason);
    this.name = 'CaseFailure';
  }
}

/**
 * Ends a run before (or instead of) its cases because the set-up is wrong — the vendor's, not the
 * IUT's: an adapter that cannot start, an upper-tester or DM port in use. The run stops at once
 * with this message and the exit code of a bad configuration.
 */
export class SetupFailure extends CaseVerdict {
  constructor(reason: string) {
    super('INCONC', reason);
    this.name = 'SetupFailure';
  }
}
