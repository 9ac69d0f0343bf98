/** Proof that the holes the trust issue found are closed: each of its mutants FAILs a case citing its rule (and label). */
import { describe, expect, it } from 'vitest';
import { ALL_MUTANTS } from './all-mutants.ts';
import { expectCaught } from './expect-caught.ts';
import { TRUST_CLIENT_MUTANTS, TRUST_SERVER_MUTANTS } from './mutants-trust.ts';

describe('trust mutants are caught', () => {
  it('each has a name unique among all mutants, its role, and cases to run', () => {
    const all = ALL_MUTANTS;
    expect(new Set(all.map((m) => m.name)).size).toBe(all.length);
    for (const m of TRUST_CLIENT_MUTANTS) expect(m.role).toBe('client');
    for (const m of TRUST_SERVER_MUTANTS) expect(m.role).toBe('server');
    for (const m of [...TRUST_CLIENT_MUTANTS, ...TRUST_SERVER_MUTANTS]) expect(m.cases.length).toBeGreaterThan(0);
  });

  for (const m of [...TRUST_CLIENT_MUTANTS, ...TRUST_SERVER_MUTANTS]) {
    it(`${m.name}: ${m.fault} -> a ${m.rule} case FAILs`, () => expectCaught(m), 120_000);
  }
});
