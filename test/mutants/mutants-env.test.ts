/** Proof that the P-ENV cases can fail: each environment or bearer mutant FAILs a case citing P-ENV and its label (DM-HLF-006, -007, -018). */
import { describe, expect, it } from 'vitest';
import { expectCaught } from './expect-caught.ts';
import { MUTANTS } from './mutants.ts';
import { BOOT_CLIENT_MUTANTS, BOOT_SERVER_MUTANTS } from './mutants-boot.ts';
import { ENV_CLIENT_MUTANTS } from './mutants-env.ts';
import { LO_CLIENT_MUTANTS, LO_SERVER_MUTANTS } from './mutants-lo.ts';
import { SECURITY_MUTANTS } from './mutants-security.ts';
import { TRUST_CLIENT_MUTANTS, TRUST_SERVER_MUTANTS } from './mutants-trust.ts';
import { WS_CLIENT_MUTANTS, WS_SERVER_MUTANTS } from './mutants-ws.ts';

describe('environment and bearer mutants are caught', () => {
  it('each has a name unique among all mutants and the client role', () => {
    const all = [
      ...MUTANTS,
      ...SECURITY_MUTANTS,
      ...TRUST_CLIENT_MUTANTS,
      ...TRUST_SERVER_MUTANTS,
      ...WS_CLIENT_MUTANTS,
      ...WS_SERVER_MUTANTS,
      ...LO_CLIENT_MUTANTS,
      ...LO_SERVER_MUTANTS,
      ...BOOT_CLIENT_MUTANTS,
      ...BOOT_SERVER_MUTANTS,
      ...ENV_CLIENT_MUTANTS,
    ];
    expect(new Set(all.map((m) => m.name)).size).toBe(all.length);
    for (const m of ENV_CLIENT_MUTANTS) expect(m.role).toBe('client');
  });

  for (const m of ENV_CLIENT_MUTANTS) {
    it(`${m.name}: ${m.fault} -> a ${m.rule} case FAILs`, () => expectCaught(m), 120_000);
  }
});
