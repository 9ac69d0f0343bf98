/**
 * The hostile IUTs of test/hostile/ run one by one (or a few at a time) as `dmcts run` would run
 * them for a vendor: per scenario, wall time, exit code and outcome, verdicts, the peak RSS of the
 * harness's process tree, whether a reason names the misbehaviour, and anything left running.
 *
 *   npm run bench:hostile [-- --concurrency 1 --only server-hang,client-trickle-body]
 */
import { parseArgs } from 'node:util';
import { hostilePool } from '../test/hostile/run-pool.ts';
import { HOSTILE_SCENARIOS } from '../test/hostile/scenarios.ts';

const { values } = parseArgs({ options: { concurrency: { type: 'string', default: '1' }, only: { type: 'string' } } });
const only = values.only?.split(',');
const scenarios = HOSTILE_SCENARIOS.filter((s) => !only || only.includes(s.name));
const run = hostilePool(Number(values.concurrency));
const OUTCOME: Record<number, string> = { 0: 'conformant', 1: 'not conformant', 2: 'bad configuration', 3: 'not demonstrated' };

const t0 = Date.now();
process.stdout.write(
  `${'scenario'.padEnd(26)} ${'wall s'.padStart(6)}  exit outcome            ${'peak RSS'.padStart(9)}  verdicts                 reason named  leftovers\n`,
);
const rows = await Promise.all(
  scenarios.map(async (s) => {
    const r = await run(s);
    const verdicts = new Map<string, number>();
    for (const c of r.results?.cases ?? []) if (c.verdict) verdicts.set(c.verdict, (verdicts.get(c.verdict) ?? 0) + 1);
    const line = [
      s.name.padEnd(26),
      (r.ms / 1000).toFixed(1).padStart(6),
      ` ${String(r.exitCode).padStart(4)} ${(OUTCOME[r.exitCode ?? -1] ?? '?').padEnd(18)}`,
      `${(r.peakRss / (1024 * 1024)).toFixed(0).padStart(5)} MiB`,
      ` ${[...verdicts]
        .map(([v, n]) => `${v} ${n}`)
        .join(', ')
        .padEnd(24)}`,
      (r.reasons.some((x) => s.reason.test(x)) ? 'yes' : 'NO').padEnd(12),
      r.leftovers.length ? r.leftovers.join('; ') : 'none',
    ].join(' ');
    process.stdout.write(`${line}\n`);
    return r;
  }),
);
const peak = Math.max(...rows.map((r) => r.peakRss));
process.stdout.write(
  `\n${rows.length} scenarios in ${((Date.now() - t0) / 1000).toFixed(1)} s (concurrency ${values.concurrency}); highest peak RSS ${(peak / (1024 * 1024)).toFixed(0)} MiB\n`,
);
