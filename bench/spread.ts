/**
 * Spreading a self-test, measured in one run on one machine: the whole selection on one worker; its
 * two shards (--shard 1/2, then --shard 2/2, one after the other, as two CI machines would run them
 * side by side) merged by dmcts merge; and --parallel 2 (two IUT instances on this machine). Prints
 * the wall time of each, and for the shards each one's (the longer is what two machines would take)
 * and their sum (what sharding costs over one run: a second start of the harness and peers). Checks
 * that the merged results and the --parallel 2 results equal the whole run's: the same cases, the
 * same verdict per case and transport (durations aside); exit 1 if not.
 *
 *   npm run bench:spread [-- --case DMCTS-C-GET --case DMCTS-S-ALERT]   (selection flags of self-test; default every case)
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Results } from '../harness/report/results-model.ts';

const BIN = fileURLToPath(new URL('../bin/dmcts.mjs', import.meta.url));
const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Selection flags given after `--`, passed to every self-test. */
const selection = process.argv.slice(2);
const SEED = '20261202';

interface Timed {
  code: number | null;
  ms: number;
  err: string;
}

function dmcts(args: string[]): Promise<Timed> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      // Only the end matters (a failure's message): bounded.
      err = (err + d.toString()).slice(-4000);
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ms: performance.now() - started, err }));
  });
}

const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;

/** Each case's selection status, verdict and verdict per transport: what the spread must not change. */
function verdicts(r: Results): Map<string, string> {
  return new Map(
    r.cases.map((c) => [c.id, `${c.selection.status} ${c.verdict ?? '-'} ${(c.transports ?? []).map((t) => `${t.transport}:${t.verdict}`).join(',')}`]),
  );
}

function differences(want: Results, got: Results): string[] {
  const [a, b] = [verdicts(want), verdicts(got)];
  const out: string[] = [];
  for (const id of new Set([...a.keys(), ...b.keys()])) if (a.get(id) !== b.get(id)) out.push(`${id}: ${a.get(id) ?? 'absent'} vs ${b.get(id) ?? 'absent'}`);
  return out;
}

async function main(): Promise<number> {
  const root = mkdtempSync(join(tmpdir(), 'dmcts-bench-spread-'));
  const out = (name: string) => join(root, name);
  const base = ['self-test', ...selection, '--seed', SEED, '--quiet'];
  const load = loadavg()[0]!.toFixed(1);
  process.stderr.write(`bench:spread: ${availableParallelism()} cores, load ${load}; self-test ${selection.join(' ') || '(every case)'}\n`);
  try {
    process.stderr.write('  the whole selection, --parallel 1 ...\n');
    const whole = await dmcts([...base, '--parallel', '1', '--out', out('whole')]);
    process.stderr.write('  --shard 1/2, then --shard 2/2, each --parallel 1 ...\n');
    const one = await dmcts([...base, '--parallel', '1', '--shard', '1/2', '--out', out('s1')]);
    const two = await dmcts([...base, '--parallel', '1', '--shard', '2/2', '--out', out('s2')]);
    const merge = await dmcts(['merge', out('merged'), out('s1'), out('s2'), '--quiet']);
    process.stderr.write('  --parallel 2 ...\n');
    const parallel = await dmcts([...base, '--parallel', '2', '--out', out('parallel')]);
    for (const [what, r] of [
      ['whole', whole],
      ['shard 1/2', one],
      ['shard 2/2', two],
      ['merge', merge],
      ['--parallel 2', parallel],
    ] as const) {
      if (r.code !== 0 && r.code !== 1 && r.code !== 3) throw new Error(`${what} exited ${r.code}:\n${r.err}`);
    }
    const reference = read(out('whole'));
    const runs = (r: Results) => r.cases.filter((c) => c.selection.status === 'selected').length;
    const [s1, s2] = [read(out('s1')), read(out('s2'))];
    const mergedDiff = differences(reference, read(out('merged')));
    const parallelDiff = differences(reference, read(out('parallel')));
    const s = (ms: number) => (ms / 1000).toFixed(1);
    const rows = [
      ['whole selection, 1 worker', s(whole.ms), `${runs(reference)} cases, exit ${whole.code}`, 'reference'],
      [
        'shards 1/2 + 2/2, one after the other',
        `${s(one.ms + two.ms)} (sum)`,
        `${s(one.ms)} + ${s(two.ms)}: two machines ~${s(Math.max(one.ms, two.ms))}; ${runs(s1)} + ${runs(s2)} cases; merge ${s(merge.ms)}`,
        mergedDiff.length === 0 ? 'merged = whole' : `${mergedDiff.length} differ`,
      ],
      ['--parallel 2 (2 IUT instances)', s(parallel.ms), `exit ${parallel.code}`, parallelDiff.length === 0 ? '= whole' : `${parallelDiff.length} differ`],
    ];
    const widths = [0, 1, 2, 3].map((i) => Math.max(...[['configuration', 'wall s', 'detail', 'verdicts'], ...rows].map((r) => r[i]!.length)));
    const line = (r: string[]) =>
      `${r
        .map((c, i) => c.padEnd(widths[i]!))
        .join(' | ')
        .trimEnd()}\n`;
    process.stdout.write(`\nself-test ${selection.join(' ') || '(every case)'}, seed ${SEED}, ${availableParallelism()} cores, load ${load} at the start\n`);
    process.stdout.write(line(['configuration', 'wall s', 'detail', 'verdicts']));
    process.stdout.write(line(widths.map((w) => '-'.repeat(w))));
    for (const r of rows) process.stdout.write(line(r));
    for (const d of [...mergedDiff.map((x) => `merged: ${x}`), ...parallelDiff.map((x) => `--parallel 2: ${x}`)].slice(0, 20)) process.stdout.write(`  ${d}\n`);
    return mergedDiff.length === 0 && parallelDiff.length === 0 ? 0 : 1;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

process.exitCode = await main();
