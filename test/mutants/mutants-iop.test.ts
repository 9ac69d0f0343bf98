/** Proof that the P-MAP interoperability cases can fail: the client that keeps typed values as text FAILs DMCTS-C-IOP-001 and -002 (DM-IOP-003). */
import { describe, expect, it } from 'vitest';
import { ALL_MUTANTS } from './all-mutants.ts';
import { expectCaught } from './expect-caught.ts';
import { IOP_CLIENT_MUTANTS } from './mutants-iop.ts';

describe('interoperability (P-MAP) mutants are caught', () => {
  it('each has a name unique among all mutants and its role', () => {
    expect(new Set(ALL_MUTANTS.map((m) => m.name)).size).toBe(ALL_MUTANTS.length);
    for (const m of IOP_CLIENT_MUTANTS) expect(m.role).toBe('client');
  });

  for (const m of IOP_CLIENT_MUTANTS) {
    it(`${m.name}: ${m.fault} -> a ${m.rule} case FAILs`, () => expectCaught(m), 120_000);
  }
});
