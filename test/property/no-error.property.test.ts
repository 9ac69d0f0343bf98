/**
 * No ERROR for IUT behaviour (issue 7, item 8): ERROR means the harness broke, never what an IUT sent.
 * For generated seeds, `dmcts run` (--json --level profile --no-bail: every case of the role is
 * really driven) runs against the generated client and the generated server (test/generated/), whose
 * DM behaviour and upper-tester answers are drawn from the seed, and requires: no case ERROR (each
 * listed with its reason), a complete results.json valid by its schema with a verdict for every case
 * of the role, and an outcome that is never conformant.
 *
 * In npm test: one seed per role, the roles in parallel, the client at the lowest breakage (each
 * structural fault costs a case a session timeout; odd content, which takes cases deepest, is drawn
 * apart from it). A longer soak: DMCTS_GEN_SOAK=N adds N seeds per role at every breakage level;
 * DMCTS_GEN_REPLAY=<fast-check seed> replays a failing run (fast-check prints that seed, the IUT's
 * DMCTS_GEN_SEED and breakage on failure). By hand: node bin/run-ts.mjs test/generated/run.ts.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { BREAKAGE_LEVELS } from '../generated/kit.ts';
import { errorsOf, runGenerated, type GeneratedRun } from '../generated/run-generated.ts';

const SOAK = Math.max(0, Number(process.env.DMCTS_GEN_SOAK ?? 0) || 0);
const REPLAY = process.env.DMCTS_GEN_REPLAY === undefined ? undefined : Number(process.env.DMCTS_GEN_REPLAY);

/** What is wrong with a run, by the property's rules (empty: nothing). */
function problems(run: GeneratedRun): string[] {
  const out: string[] = [];
  const r = run.results;
  if (!r) return [`results.json: ${run.resultsProblem ?? 'missing'} (exit ${run.exitCode}; stderr: ${run.stderr.slice(-2000)})`];
  for (const e of errorsOf(run)) out.push(`ERROR ${e.id}: ${e.reason.split('\n').slice(0, 6).join(' | ')}`);
  if (!r.run.complete) out.push(`results.json is not complete (run.note: ${r.run.note ?? 'none'})`);
  const role = r.cases.filter((c) => c.id.startsWith(run.role === 'client' ? 'DMCTS-C-' : 'DMCTS-S-'));
  const noVerdict = role.filter((c) => c.selection.status === 'selected' && !c.verdict).map((c) => c.id);
  if (noVerdict.length > 0) out.push(`cases without a verdict: ${noVerdict.join(', ')}`);
  if (role.every((c) => c.selection.status !== 'selected')) out.push(`no ${run.role} case was selected`);
  if (r.summary.outcome === 'conformant' || r.summary.claims.facts.outcome === 'conformant' || run.exitCode === 0) {
    out.push(`the run's outcome is conformant (profile ${r.summary.outcome}, facts ${r.summary.claims.facts.outcome}, exit ${run.exitCode})`);
  }
  if (run.exitCode !== 1 && run.exitCode !== 3) out.push(`exit ${run.exitCode}, not 1 (not conformant) or 3 (not demonstrated)`);
  // The generated IUTs answer every call at once and never exit: calls that time out, or an adapter
  // gone, mean the harness (or the generated IUT) broke under what the IUT sent — an ERROR disguised as
  // INCONC (a hub that threw on a deep answer made every later call "not answered"). One or two are
  // tolerated: a loaded machine can stall a call past utCallMs.
  const silent = role.filter((c) => /the adapter did not answer|no upper-tester adapter is connected|the adapter disconnected/.test(c.reason ?? ''));
  if (silent.length > 2)
    out.push(
      `${silent.length} cases found the generated adapter silent or gone, which it never is: ${silent
        .slice(0, 5)
        .map((c) => `${c.id}: ${c.reason}`)
        .join(' | ')}`,
    );
  return out;
}

function property(role: 'client' | 'server', breakage: fc.Arbitrary<number>, numRuns: number) {
  return async () => {
    await fc.assert(
      fc.asyncProperty(fc.record({ seed: fc.noBias(fc.integer({ min: 1, max: 0x7fffffff })), breakage }), async ({ seed, breakage: b }) => {
        const run = await runGenerated(role, seed, { breakage: b });
        const byVerdict = run.results ? JSON.stringify(run.results.summary.byVerdict) : 'no results';
        process.stderr.write(`no-error ${role}: DMCTS_GEN_SEED=${seed} breakage ${b}: exit ${run.exitCode}, ${(run.ms / 1000).toFixed(1)} s, ${byVerdict}\n`);
        const found = problems(run);
        expect(found, `the ${role} run for DMCTS_GEN_SEED=${seed} (breakage ${b}): ${found.join('\n')}`).toEqual([]);
      }),
      // A run takes minutes: no shrinking (a shrunk seed is just another seed); the failing one is printed.
      { numRuns, endOnFailure: true, ...(REPLAY !== undefined ? { seed: REPLAY } : {}) },
    );
  };
}

const soakLevels = fc.constantFrom(...BREAKAGE_LEVELS);
// Per run (measured on this 2-core machine): the client 60-160 s at breakage 0.1 (quiet to heavily
// loaded; more with more faults), the server 20-90 s; the two roles run side by side, so the file
// takes 1.3-2.8 min.
const RUN_MS = 6 * 60_000;

describe('no ERROR for IUT behaviour: dmcts run against generated IUTs', () => {
  test.concurrent(
    'client role: every case, generated client IUT',
    { timeout: RUN_MS * (1 + SOAK) },
    property('client', SOAK > 0 ? soakLevels : fc.constant(0.1), 1 + SOAK),
  );
  test.concurrent('server role: every case, generated server IUT', { timeout: RUN_MS * (1 + SOAK) }, property('server', soakLevels, 1 + SOAK));
});
