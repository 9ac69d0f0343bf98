/**
 * How a case ends with a verdict other than PASS: it throws one of these (t.fail, t.inconclusive,
 * t.notApplicable do it for it). The vocabulary itself, Verdict and Basis, is harness/core/verdict.ts,
 * which reports share; cases annotate a check's basis with the Basis this module passes on.
 */
import type { Basis, Verdict } from '../core/verdict.ts';

export type { Basis } from '../core/verdict.ts';

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
