/** Proof that the K-DDF cases can fail: each DDF mutant FAILs a case citing K-DDF and DM-HLF-027. */
import { describe, expect, it } from 'vitest';
import { ALL_MUTANTS } from './all-mutants.ts';
import { expectCaught } from './expect-caught.ts';
import { DDF_CLIENT_MUTANTS } from './mutants-ddf.ts';

describe('DDF mutants are caught', () => {
  it('each has a name unique among all mutants, the client role, and is in the list of all mutants', () => {
    expect(new Set(ALL_MUTANTS.map((m) => m.name)).size).toBe(ALL_MUTANTS.length);
    for (const m of DDF_CLIENT_MUTANTS) {
      expect(m.role).toBe('client');
      expect(ALL_MUTANTS).toContain(m);
    }
  });

  for (const m of DDF_CLIENT_MUTANTS) {
    it(`${m.name}: ${m.fault} -> a ${m.rule} case FAILs`, () => expectCaught(m), 120_000);
  }
});
