/** Three outcomes: conformant, not conformant, not demonstrated — a run that demonstrated nothing is never conformant. */
import { describe, expect, it } from 'vitest';
import { EXIT, judgeClaim, type JudgedCase } from '../../harness/report/run-outcome.ts';
import type { Verdict } from '../../harness/core/verdict.ts';

const cases = (...vs: Array<Verdict | undefined>): JudgedCase[] => vs.map((v, i) => ({ id: `DMCTS-C-X-00${i}`, selected: true, ...(v ? { verdict: v } : {}) }));

describe('judgeClaim', () => {
  it('conformant: every selected case PASS or WARN, N/A aside', () => {
    expect(judgeClaim(cases('PASS', 'WARN', 'N/A'), true).outcome).toBe('conformant');
  });
  it('not conformant on any FAIL, whatever else', () => {
    const c = judgeClaim(cases('PASS', 'INCONC', 'FAIL', undefined), false);
    expect(c.outcome).toBe('not-conformant');
    expect(c.why).toContain('DMCTS-C-X-002');
  });
  it('not demonstrated on INCONC, ERROR, a case not run or an incomplete run', () => {
    expect(judgeClaim(cases('PASS', 'INCONC'), true).outcome).toBe('not-demonstrated');
    expect(judgeClaim(cases('PASS', 'ERROR'), true).outcome).toBe('not-demonstrated');
    expect(judgeClaim(cases('PASS', undefined), true)).toMatchObject({ outcome: 'not-demonstrated', notRun: 1 });
    expect(judgeClaim(cases('PASS'), false).outcome).toBe('not-demonstrated');
  });
  it('never conformant when nothing was demonstrated: all N/A, or the adapter never answered (INCONC)', () => {
    expect(judgeClaim(cases('N/A', 'N/A'), true).outcome).toBe('not-demonstrated');
    expect(judgeClaim(cases(), true).outcome).toBe('not-demonstrated');
    const dead = judgeClaim(cases('PASS', 'PASS', ...Array(44).fill('INCONC'), 'N/A'), true);
    expect(dead.outcome).toBe('not-demonstrated');
    expect(EXIT[dead.outcome]).toBe(3);
  });
  it('cases not selected do not count', () => {
    expect(judgeClaim([...cases('PASS'), { id: 'DMCTS-C-Y-001', selected: false }], true).outcome).toBe('conformant');
  });
  it('distinct exit codes', () => {
    expect(new Set([EXIT.conformant, EXIT['not-conformant'], EXIT.config, EXIT['not-demonstrated']]).size).toBe(4);
    expect(EXIT.conformant).toBe(0);
  });
});
