/** Proof that the P-LO cases can fail: each large-object mutant FAILs a case citing its rule and DM-HLF-021. */
import { describe, expect, it } from 'vitest';
import { ALL_MUTANTS } from './all-mutants.ts';
import { expectCaught } from './expect-caught.ts';
import { LO_CLIENT_MUTANTS, LO_SERVER_MUTANTS } from './mutants-lo.ts';

describe('large-object mutants are caught', () => {
  it('each has a name unique among all mutants and its role', () => {
    const all = ALL_MUTANTS;
    expect(new Set(all.map((m) => m.name)).size).toBe(all.length);
    for (const m of LO_CLIENT_MUTANTS) expect(m.role).toBe('client');
    for (const m of LO_SERVER_MUTANTS) expect(m.role).toBe('server');
  });

  for (const m of [...LO_CLIENT_MUTANTS, ...LO_SERVER_MUTANTS]) {
    it(`${m.name}: ${m.fault} -> a ${m.rule} case FAILs`, () => expectCaught(m), 120_000);
  }
});
