/** Proof that the P-ENV cases can fail: each environment or bearer mutant FAILs a case citing P-ENV and its label (DM-HLF-006, -007, -018). */
import { describe, expect, it } from 'vitest';
import { ALL_MUTANTS } from './all-mutants.ts';
import { expectCaught } from './expect-caught.ts';
import { ENV_CLIENT_MUTANTS, ENV_SERVER_MUTANTS } from './mutants-env.ts';

describe('environment and bearer mutants are caught', () => {
  it('each has a name unique among all mutants and its role', () => {
    const all = ALL_MUTANTS;
    expect(new Set(all.map((m) => m.name)).size).toBe(all.length);
    for (const m of ENV_CLIENT_MUTANTS) expect(m.role).toBe('client');
    for (const m of ENV_SERVER_MUTANTS) expect(m.role).toBe('server');
  });

  for (const m of [...ENV_CLIENT_MUTANTS, ...ENV_SERVER_MUTANTS]) {
    it(`${m.name}: ${m.fault} -> a ${m.rule} case FAILs`, () => expectCaught(m), 120_000);
  }
});
