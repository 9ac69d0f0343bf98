/** Proof that the P-SCOMO cases can fail: each SCOMO mutant FAILs a case citing P-SCOMO and DM-IOP-002. */
import { describe, expect, it } from 'vitest';
import { ALL_MUTANTS } from './all-mutants.ts';
import { expectCaught } from './expect-caught.ts';
import { SCOMO_CLIENT_MUTANTS, SCOMO_SERVER_MUTANTS } from './mutants-scomo.ts';

describe('software component (SCOMO) mutants are caught', () => {
  it('each has a name unique among all mutants and its role', () => {
    const all = ALL_MUTANTS;
    expect(new Set(all.map((m) => m.name)).size).toBe(all.length);
    for (const m of SCOMO_CLIENT_MUTANTS) expect(m.role).toBe('client');
    for (const m of SCOMO_SERVER_MUTANTS) expect(m.role).toBe('server');
    for (const m of [...SCOMO_CLIENT_MUTANTS, ...SCOMO_SERVER_MUTANTS]) expect(all).toContain(m);
  });

  for (const m of [...SCOMO_CLIENT_MUTANTS, ...SCOMO_SERVER_MUTANTS]) {
    it(`${m.name}: ${m.fault} -> a ${m.rule} case FAILs`, () => expectCaught(m), 120_000);
  }
});
