/**
 * One run against a generated IUT by hand: prints the summary and each ERROR (with --all every other
 * verdict and its reason); --keep keeps the run's directory (results.json, iut log).
 *   node bin/run-ts.mjs test/generated/run.ts client|server SEED [--breakage=0.3] [--keep] [--all]
 */
import { errorsOf, runGenerated } from './run-generated.ts';

const role = process.argv[2] === 'server' ? 'server' : 'client';
const seed = Number(process.argv[3] ?? 1);
const b = process.argv.find((a) => a.startsWith('--breakage='));
const run = await runGenerated(role, seed, { keep: process.argv.includes('--keep'), ...(b ? { breakage: Number(b.slice('--breakage='.length)) } : {}) });
const r = run.results;
process.stdout.write(
  `${role} seed ${seed}: exit ${run.exitCode}, ${(run.ms / 1000).toFixed(1)} s, ${r ? JSON.stringify(r.summary.byVerdict) : run.resultsProblem} outcome ${r?.summary.outcome} complete ${r?.run.complete}\n`,
);
if (!r) process.stdout.write(`stderr:\n${run.stderr.slice(-3000)}\n`);
for (const e of errorsOf(run)) process.stdout.write(`ERROR ${e.id}: ${e.reason.split('\n').slice(0, 8).join('\n    ')}\n`);
if (process.argv.includes('--all'))
  for (const c of r?.cases ?? []) if (c.verdict !== 'ERROR') process.stdout.write(`${c.verdict} ${c.id}: ${(c.reason ?? '').slice(0, 200)}\n`);
