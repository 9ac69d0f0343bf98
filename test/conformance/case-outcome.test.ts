/** The verdict of a case at both levels of claim: a profile-only FAIL never fails the public facts. */
import { describe, expect, it } from 'vitest';
import { judgeCase, type CaseEnd } from '../../harness/conformance/case-outcome.ts';
import { CaseFailure, CaseVerdict } from '../../harness/conformance/verdict.ts';

const end = (over: Partial<CaseEnd>): CaseEnd => ({ profileFailures: [], checks: { K: 2, P: 3 }, checksFacts: true, profileRules: ['P-DETAIL'], ...over });

describe('judgeCase', () => {
  it('PASS at both levels when every check held', () => {
    expect(judgeCase(end({}))).toEqual({ verdict: 'PASS', facts: { verdict: 'PASS' } });
  });

  it('a failed K check fails both claims', () => {
    const j = judgeCase(end({ thrown: new CaseFailure('no Package#3', 'K') }));
    expect(j).toMatchObject({ verdict: 'FAIL', basis: 'K', reason: 'no Package#3', facts: { verdict: 'FAIL' } });
  });

  it('a failed P check the case went on after: FAIL for the profile, PASS for facts when its K checks held', () => {
    const j = judgeCase(end({ profileFailures: ['405, not 200 (ours)'] }));
    expect(j.verdict).toBe('FAIL');
    expect(j.basis).toBe('P');
    expect(j.reason).toContain('[dmcts profile (ours)]');
    expect(j.facts.verdict).toBe('PASS');
  });

  it('a K check failing after a profile deviation is INCONC for facts, never FAIL or PASS', () => {
    const j = judgeCase(end({ profileFailures: ['unknown member refused'], thrown: new CaseFailure('data differs', 'K') }));
    expect(j.verdict).toBe('FAIL');
    expect(j.facts.verdict).toBe('INCONC');
    expect(j.facts.reason).toContain('unknown member refused');
  });

  it('a P failure that ends the case leaves facts INCONC (not judged), never FAIL', () => {
    const j = judgeCase(end({ thrown: new CaseFailure('depth=0 shows leaves', 'P') }));
    expect(j).toMatchObject({ verdict: 'FAIL', basis: 'P', facts: { verdict: 'INCONC' } });
  });

  it('a case citing no K rule is N/A for facts whatever happened', () => {
    for (const thrown of [undefined, new CaseFailure('grant kept', 'P'), new CaseVerdict('INCONC', 'no adapter'), new Error('boom')]) {
      const j = judgeCase(end({ checksFacts: false, profileRules: ['P-DELEG'], ...(thrown ? { thrown } : {}) }));
      expect(j.facts.verdict).toBe('N/A');
      expect(j.facts.reason).toContain('P-DELEG');
    }
  });

  it('a case that made no K check here is N/A for facts (nothing of the standard was demonstrated)', () => {
    expect(judgeCase(end({ checks: { K: 0, P: 4 } })).facts.verdict).toBe('N/A');
  });

  it('WARN keeps its basis; a profile WARN is PASS for facts', () => {
    expect(judgeCase(end({ warned: { reason: 'no gzip', basis: 'P' } }))).toMatchObject({ verdict: 'WARN', basis: 'P', facts: { verdict: 'PASS' } });
    expect(judgeCase(end({ warned: { reason: 'SHOULD not followed', basis: 'K' } }))).toMatchObject({
      verdict: 'WARN',
      basis: 'K',
      facts: { verdict: 'WARN' },
    });
  });

  it('INCONC and N/A carry over to facts; a harness error is ERROR at both levels', () => {
    expect(judgeCase(end({ thrown: new CaseVerdict('INCONC', 'adapter lacks it') })).facts.verdict).toBe('INCONC');
    expect(judgeCase(end({ thrown: new TypeError('x is undefined') }))).toMatchObject({ verdict: 'ERROR', facts: { verdict: 'ERROR' } });
  });
});
