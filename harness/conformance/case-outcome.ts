/**
 * Turns how a case body ended into its verdict at both levels of claim (docs/reports.md):
 * - `verdict` (the dmcts profile's): every check, K and P;
 * - `facts` (DM 2.0 public facts): only the checks resting on K rules. A case citing no K rule, or
 *   one whose checks here all rested on the profile, is N/A for facts. A FAIL resting on the profile
 *   never fails the facts claim; a public-facts check failing after the IUT already deviated from the
 *   profile is INCONC for facts (the deviation may be its cause), never PASS.
 */
import type { Basis, Verdict } from '../core/verdict.ts';
import { CaseFailure, CaseVerdict } from './verdict.ts';

export interface CaseEnd {
  /** What the body threw; undefined when it returned. */
  thrown?: unknown;
  /** Failed P checks the case went on after, in order. */
  profileFailures: readonly string[];
  checks: { K: number; P: number };
  warned?: { reason: string; basis: Basis };
  /** The case cites a K rule. */
  checksFacts: boolean;
  /** The profile rules the case cites (named in a facts N/A). */
  profileRules: readonly string[];
}

export interface CaseJudgement {
  verdict: Verdict;
  reason?: string;
  basis?: Basis;
  facts: { verdict: Verdict; reason?: string };
}

function isAssertion(error: unknown): error is Error {
  return error instanceof Error && (error.name === 'AssertionError' || error.constructor.name === 'AssertionError');
}

const ours = (reason: string) => `${reason} [dmcts profile (ours)]`;

export function judgeCase(end: CaseEnd): CaseJudgement {
  const j = judge(end);
  // A case citing no K rule says nothing about public facts, however it ended.
  if (!end.checksFacts) j.facts = { verdict: 'N/A', reason: `the case checks only dmcts profile rules (${end.profileRules.join(', ') || 'none'})` };
  return j;
}

function judge(end: CaseEnd): CaseJudgement {
  const soft = end.profileFailures[0];
  const profileOnly: CaseJudgement['facts'] = {
    verdict: 'N/A',
    reason: end.checksFacts
      ? 'every check this case made here rests on the dmcts profile, none on public facts alone'
      : `the case checks only dmcts profile rules (${end.profileRules.join(', ') || 'none'})`,
  };
  const afterDeviation = (what: string): CaseJudgement['facts'] => ({
    verdict: 'INCONC',
    reason: `${what} after the IUT had deviated from the dmcts profile ("${soft}"), which may be its cause`,
  });

  if (end.thrown === undefined) {
    if (soft !== undefined) return { verdict: 'FAIL', reason: ours(soft), basis: 'P', facts: end.checks.K > 0 ? { verdict: 'PASS' } : profileOnly };
    const w = end.warned;
    const facts: CaseJudgement['facts'] =
      !end.checksFacts || end.checks.K === 0 ? profileOnly : w?.basis === 'K' ? { verdict: 'WARN', reason: w.reason } : { verdict: 'PASS' };
    if (w) return { verdict: 'WARN', reason: w.basis === 'P' ? ours(w.reason) : w.reason, basis: w.basis, facts };
    return { verdict: 'PASS', facts };
  }

  const e = end.thrown;
  if (e instanceof CaseFailure || isAssertion(e)) {
    const basis: Basis = e instanceof CaseFailure ? e.basis : end.checksFacts && end.profileRules.length === 0 ? 'K' : 'P';
    const reason = e.message;
    if (soft !== undefined) {
      // The first failure is the verdict's reason; what followed it is in the evidence.
      return { verdict: 'FAIL', reason: ours(soft), basis: 'P', facts: end.checksFacts ? afterDeviation(`a later check failed ("${reason}")`) : profileOnly };
    }
    if (basis === 'K') return { verdict: 'FAIL', reason, basis, facts: { verdict: 'FAIL', reason } };
    return {
      verdict: 'FAIL',
      reason: ours(reason),
      basis,
      facts: end.checksFacts
        ? { verdict: 'INCONC', reason: `the case stopped at a dmcts profile check ("${reason}") before its public-facts checks were done` }
        : profileOnly,
    };
  }
  if (e instanceof CaseVerdict) {
    if (soft !== undefined)
      return {
        verdict: 'FAIL',
        reason: ours(soft),
        basis: 'P',
        facts: end.checksFacts ? afterDeviation(`the case then ended ${e.verdict} ("${e.reason}")`) : profileOnly,
      };
    return { verdict: e.verdict, reason: e.reason, facts: { verdict: e.verdict, reason: e.reason } };
  }
  const broke = `the harness broke: ${(e as Error)?.stack ?? String(e)}`;
  if (soft !== undefined)
    return { verdict: 'FAIL', reason: ours(soft), basis: 'P', facts: end.checksFacts ? afterDeviation('the case could not go on') : profileOnly };
  return { verdict: 'ERROR', reason: broke, facts: { verdict: 'ERROR', reason: broke } };
}
