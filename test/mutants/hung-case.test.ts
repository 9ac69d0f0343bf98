/**
 * A case hung by its IUT does not hang the run: a mutant that never answers once a GET with cv= is
 * queued stalls one case; with a case timeout shorter than the session wait, that case ends with a
 * timeout reason naming its step, the other cases still run, and results.json is complete.
 */
import { describe, expect, it } from 'vitest';
import { HANG_MUTANT } from './mutants.ts';
import { runMutant } from './run-mutant.ts';

describe('a hung case', () => {
  it('gets a timeout reason while the run goes on and completes', async () => {
    const t0 = Date.now();
    const { exitCode, results } = await runMutant(HANG_MUTANT, [], { caseMs: 2500, sessionMs: 20000 });
    const ms = Date.now() - t0;
    const hung = results.cases.filter((c) => c.verdict === 'FAIL' && /no verdict within 2500 ms/.test(c.reason ?? ''));
    expect(hung.map((c) => c.id)).toContain('DMCTS-C-GET-002');
    expect(hung[0]!.reason).toMatch(/the case was at "wait for the Status of GET"/);
    const others = results.cases.filter((c) => c.verdict && !hung.includes(c));
    expect(others.length).toBeGreaterThan(3);
    expect(others.filter((c) => c.verdict === 'PASS').length).toBe(others.filter((c) => c.verdict !== 'N/A').length);
    expect(results.run.complete).toBe(true);
    expect(exitCode).toBe(1);
    expect(ms).toBeLessThan(60_000);
  }, 90_000);
});
