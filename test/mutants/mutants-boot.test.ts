/** Proof that the P-BOOT cases can fail: each bootstrap mutant FAILs a case citing P-BOOT (and its label). */
import { describe, expect, it } from 'vitest';
import { ALL_MUTANTS } from './all-mutants.ts';
import { expectCaught } from './expect-caught.ts';
import { BOOT_CLIENT_MUTANTS, BOOT_SERVER_MUTANTS } from './mutants-boot.ts';

describe('bootstrap mutants are caught', () => {
  it('each has a name unique among all mutants and its role', () => {
    const all = ALL_MUTANTS;
    expect(new Set(all.map((m) => m.name)).size).toBe(all.length);
    for (const m of BOOT_CLIENT_MUTANTS) expect(m.role).toBe('client');
    for (const m of BOOT_SERVER_MUTANTS) expect(m.role).toBe('server');
  });

  for (const m of [...BOOT_CLIENT_MUTANTS, ...BOOT_SERVER_MUTANTS]) {
    it(`${m.name}: ${m.fault} -> a ${m.rule} case FAILs`, () => expectCaught(m), 120_000);
  }
});
