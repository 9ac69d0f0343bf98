/**
 * Runs `dmcts run` against one hostile IUT (process adapter) as a vendor would, and measures it: wall
 * time, exit code, the peak RSS of the harness's process tree (the dmcts process and its test worker,
 * polled in /proc; the IUT runs in its own process group and is not counted), results.json checked
 * against its schema, and what is left afterwards (a process of the run or of the IUT, the IUT's port).
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Results } from '../../harness/report/results-model.ts';
import { fixedPort } from '../support/fixed-port.ts';
import { readRunResults } from '../support/run-results.ts';
import { HOSTILE_TIMEOUTS, type HostileScenario } from './scenarios.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PAGE = 4096;

export interface HostileRun {
  scenario: HostileScenario;
  exitCode: number | null;
  ms: number;
  /** The highest sum of RSS over the harness's processes seen (bytes). */
  peakRss: number;
  /** results.json, checked against its schema; undefined when missing or invalid (see resultsProblem). */
  results?: Results;
  resultsProblem?: string;
  /** Every reason of the run: each case's, the run's note, and stderr. */
  reasons: string[];
  stderr: string;
  /** What outlived the run: processes (pid and command) and the IUT's port still listening. */
  leftovers: string[];
}

/** pid -> [process group, RSS bytes], from /proc. */
function processTable(): Map<number, { pgid: number; rss: number; cmdline: string }> {
  const out = new Map<number, { pgid: number; rss: number; cmdline: string }>();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (fields[0] === 'Z') continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, 'utf8').replace(/\0/g, ' ');
      out.set(Number(name), { pgid: Number(fields[2]), rss: Number(fields[21]) * PAGE, cmdline });
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

function groupRss(pgid: number): number {
  let sum = 0;
  for (const p of processTable().values()) if (p.pgid === pgid) sum += p.rss;
  return sum;
}

function portListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(true));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(false)));
  });
}

export async function runHostile(scenario: HostileScenario): Promise<HostileRun> {
  const dir = mkdtempSync(join(tmpdir(), `dmcts-hostile-${scenario.name}-`));
  const tag = `hostile-${scenario.name}-${randomBytes(4).toString('hex')}`;
  const port = scenario.role === 'server' ? await fixedPort() : undefined;
  const command = [
    process.execPath,
    join(ROOT, 'bin/run-ts.mjs'),
    join(ROOT, `test/hostile/iut/${scenario.name}.ts`),
    `--tag=${tag}`,
    ...(port ? [`--port=${port}`] : []),
  ];
  const ixit = {
    dmcts: 'ixit/1',
    role: scenario.role,
    adapter: { kind: 'process', command },
    ...(scenario.role === 'client'
      ? { client: { execNode: 'urn:oma:mo:dmcts-diagnostics:1.0/1/Run', writableMoid: 'urn:oma:mo:oma-dm-connmo:1.0' } }
      : { server: { dmUrl: `http://127.0.0.1:${port}/dm`, srvId: 'hostile-server', notificationSecret: 'hostile-noti-secret' } }),
    timeouts: HOSTILE_TIMEOUTS,
  };
  writeFileSync(join(dir, 'iut.ixit.json'), JSON.stringify(ixit));
  const ics = join(ROOT, `harness/conformance/self-test/reference-${scenario.role}.ics.json`);
  const out = join(dir, 'out');
  const args = [
    join(ROOT, 'bin/dmcts.mjs'),
    'run',
    '--ics',
    ics,
    '--ixit',
    join(dir, 'iut.ixit.json'),
    '--out',
    out,
    '--json',
    ...scenario.cases.flatMap((c) => ['--case', c]),
  ];
  const started = Date.now();
  // Its own process group: the harness's processes are exactly that group (the IUT gets another one).
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 200_000) stderr += d.toString();
  });
  child.stdout.resume();
  let peakRss = 0;
  const poll = setInterval(() => (peakRss = Math.max(peakRss, groupRss(child.pid!))), 100);
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  clearInterval(poll);
  const ms = Date.now() - started;

  const leftovers: string[] = [];
  // The run stops its IUT before it exits; give the kernel a moment to reap what was killed.
  for (let i = 0; i < 30; i++) {
    const left = [...processTable()].filter(([, p]) => p.pgid === child.pid || p.cmdline.includes(tag));
    if (left.length === 0) break;
    if (i === 29) leftovers.push(...left.map(([pid, p]) => `process ${pid}: ${p.cmdline.slice(0, 200)}`));
    await new Promise((r) => setTimeout(r, 100));
  }
  if (port && (await portListening(port))) leftovers.push(`the IUT's DM port ${port} is still listening`);
  for (const [pid, p] of processTable()) if (p.cmdline.includes(tag)) process.kill(pid, 'SIGKILL');

  const { results, resultsProblem } = readRunResults(out);
  const reasons = [...(results?.cases ?? []).map((c) => c.reason ?? ''), results?.run.note ?? '', stderr].filter((r) => r !== '');
  rmSync(dir, { recursive: true, force: true });
  return { scenario, exitCode, ms, peakRss, ...(results ? { results } : {}), ...(resultsProblem ? { resultsProblem } : {}), reasons, stderr, leftovers };
}
