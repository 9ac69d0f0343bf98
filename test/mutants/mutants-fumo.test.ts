/** Proof that the P-FUMO cases can fail: each FUMO mutant FAILs a case citing P-FUMO and DM-IOP-002. */
import { describe, expect, it } from 'vitest';
import { ALL_MUTANTS } from './all-mutants.ts';
import { expectCaught } from './expect-caught.ts';
import { FUMO_CLIENT_MUTANTS, FUMO_SERVER_MUTANTS } from './mutants-fumo.ts';

describe('FUMO mutants are caught', () => {
  it('each has a name unique among all mutants, its role, and is listed in ALL_MUTANTS', () => {
    const all = ALL_MUTANTS;
    expect(new Set(all.map((m) => m.name)).size).toBe(all.length);
    for (const m of FUMO_CLIENT_MUTANTS) expect(m.role).toBe('client');
    for (const m of FUMO_SERVER_MUTANTS) expect(m.role).toBe('server');
    for (const m of [...FUMO_CLIENT_MUTANTS, ...FUMO_SERVER_MUTANTS]) expect(all).toContain(m);
  });

  for (const m of [...FUMO_CLIENT_MUTANTS, ...FUMO_SERVER_MUTANTS]) {
    it(`${m.name}: ${m.fault} -> a ${m.rule} case FAILs`, () => expectCaught(m), 120_000);
  }
});
