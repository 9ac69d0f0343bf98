/**
 * Proof that the client suite can fail: each client mutant (a reference peer with one known fault) must
 * get a FAIL on a case citing the rule its fault breaks; the same cases pass in the self-test.
 */
import { describe, expect, it } from 'vitest';
import { expectCaught } from './expect-caught.ts';
import { MUTANTS } from './mutants.ts';

const mutants = MUTANTS.filter((m) => m.role === 'client');

describe('client mutants are caught', () => {
  it('each is aimed at a named rule, under a unique name', () => {
    expect(mutants.length).toBeGreaterThanOrEqual(7);
    expect(new Set(MUTANTS.map((m) => m.name)).size).toBe(MUTANTS.length);
    expect(MUTANTS.length).toBeGreaterThanOrEqual(15);
  });

  for (const m of mutants) {
    it(`${m.name}: ${m.fault} -> a ${m.rule} case FAILs`, () => expectCaught(m), 120_000);
  }
});
