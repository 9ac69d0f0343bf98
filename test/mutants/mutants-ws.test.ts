/** Proof that the P-WS cases can fail: each WebSocket mutant FAILs a case citing P-WS and DM-HLF-002. */
import { describe, expect, it } from 'vitest';
import { ALL_MUTANTS } from './all-mutants.ts';
import { expectCaught } from './expect-caught.ts';
import { WS_CLIENT_MUTANTS, WS_SERVER_MUTANTS } from './mutants-ws.ts';

describe('WebSocket mutants are caught', () => {
  it('each has a name unique among all mutants and its role', () => {
    const all = ALL_MUTANTS;
    expect(new Set(all.map((m) => m.name)).size).toBe(all.length);
    for (const m of WS_CLIENT_MUTANTS) expect(m.role).toBe('client');
    for (const m of WS_SERVER_MUTANTS) expect(m.role).toBe('server');
  });

  for (const m of [...WS_CLIENT_MUTANTS, ...WS_SERVER_MUTANTS]) {
    it(`${m.name}: ${m.fault} -> a ${m.rule} case FAILs`, () => expectCaught(m), 120_000);
  }
});
