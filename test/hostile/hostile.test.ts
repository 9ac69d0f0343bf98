/**
 * Hostile IUTs (issue 7, item 6): `dmcts run` against each misbehaving client or server of
 * test/hostile/iut/, started through the process adapter as a vendor's would be. Whatever the IUT
 * does, the run ends within 2 minutes, writes a complete results.json that its schema accepts, gives
 * a FAIL or INCONC reason naming the misbehaviour, keeps the harness's processes under 1 GiB RSS,
 * leaves no process or port behind, and is never "conformant" (exit 0). Two runs at a time.
 */
import { describe, expect, it } from 'vitest';
import { hostilePool } from './run-pool.ts';
import { HOSTILE_SCENARIOS } from './scenarios.ts';

const run = hostilePool(2);
const GiB = 1024 * 1024 * 1024;

describe('hostile IUTs', () => {
  it.concurrent.each(HOSTILE_SCENARIOS)(
    '$name: a run against an IUT that $misbehaviour ends bounded, complete and not conformant',
    async (scenario) => {
      const r = await run(scenario);
      const why = `${scenario.name}: exit ${r.exitCode}, ${r.ms} ms\n${r.stderr.slice(-1500)}`;
      expect(r.ms, why).toBeLessThan(120_000);
      expect(r.resultsProblem, why).toBeUndefined();
      const results = r.results!;
      const selected = results.cases.filter((c) => c.selection.status === 'selected');
      expect(selected.map((c) => c.id).sort(), why).toEqual([...scenario.cases].sort());
      for (const c of selected) expect(c.verdict, `${c.id} has no verdict`).toBeDefined();
      expect(results.summary.executed).toBeGreaterThan(0);
      const verdicts = selected.map((c) => c.verdict);
      expect(verdicts, why).not.toContain('PASS');
      expect(verdicts, `${why}\n${selected.map((c) => `${c.id} ${c.verdict}: ${c.reason}`).join('\n')}`).not.toContain('ERROR');
      expect(
        r.reasons.some((reason) => scenario.reason.test(reason)),
        `no reason names the misbehaviour (${scenario.reason}):\n${r.reasons.slice(0, 4).join('\n')}`,
      ).toBe(true);
      // Never conformant: exit 1 when a FAIL makes the claim that sets the exit code "not conformant";
      // else nothing was demonstrated (3), or the run stopped at the IUT's start-up as a set-up problem (2).
      expect(results.summary.outcome, why).not.toBe('conformant');
      expect(r.exitCode, why).not.toBe(0);
      if (results.summary.outcome === 'not-conformant') expect(r.exitCode, why).toBe(1);
      else expect([2, 3], why).toContain(r.exitCode);
      expect(r.peakRss, `${scenario.name}: peak RSS ${Math.round(r.peakRss / (1024 * 1024))} MiB`).toBeLessThan(GiB);
      expect(r.leftovers, why).toEqual([]);
    },
    600_000,
  );
});
