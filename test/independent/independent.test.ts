// The independent DM client and server under dmcts (issue 7, item 7):
//  - the clean implementation, whole suite, --level profile: no ERROR, every FAIL (and INCONC) listed
//    in known-deviations.json and every listed case still with that verdict, a complete results.json,
//    exit 0 — or 1 when a FAIL is listed, 3 when only INCONCs (not demonstrated) are;
//  - each seeded fault of common/faults.ts, only its target cases, the fault switched on through the
//    IXIT's adapter.env (INDEP_FAULT): one target case (not a known deviation) FAILs, no ERROR, exit 1.
// At most two dmcts runs at a time; each server run gets its own port and CA file, so runs never collide.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { FAULTS, type FaultName, type Role } from './common/faults.ts';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const DMCTS = path.join(ROOT, 'bin', 'dmcts.mjs');
const MAX_RUNS = Math.min(2, Math.max(1, Number(process.env.INDEP_RUNS ?? '2') || 2)); // INDEP_RUNS=1: one at a time
const RUN_KILL_MS = 240_000; // a dmcts run that takes this long is stopped (the test then fails)
const TEST_MS = 420_000; // per test: includes waiting for a run slot

interface Deviation {
  case: string;
  /** FAIL, or INCONC for a mandatory thing the implementation does not do (not demonstrated). */
  verdict: 'FAIL' | 'INCONC';
  why: string;
}
interface KnownDeviations {
  client: Deviation[];
  server: Deviation[];
}
const KNOWN = JSON.parse(readFileSync(path.join(HERE, 'known-deviations.json'), 'utf8')) as KnownDeviations;

type Verdict = 'PASS' | 'FAIL' | 'WARN' | 'INCONC' | 'N/A' | 'ERROR';
interface CaseResult {
  id: string;
  selection: { status: string };
  verdict?: Verdict;
  reason?: string;
  /** The public-facts verdict (K rules only). */
  facts?: { verdict: Verdict };
}
interface Results {
  run: { complete: boolean; level?: string; note?: string };
  summary: { byVerdict: Record<Verdict, number>; outcome?: string };
  cases: CaseResult[];
}
interface RunOutcome {
  code: number | null;
  stdout: string;
  stderr: string;
  out: string;
  results: Results | undefined;
}

// ---------------------------------------------------------------- run slots and cleanup

const work = mkdtempSync(path.join(tmpdir(), 'dmcts-independent-'));
const live = new Set<ChildProcess>();
let running = 0;
const waiting: (() => void)[] = [];

async function slot<T>(f: () => Promise<T>): Promise<T> {
  if (running >= MAX_RUNS) await new Promise<void>((r) => waiting.push(r));
  else running++;
  try {
    return await f();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running--;
  }
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

afterAll(() => {
  for (const c of live) killGroup(c, 'SIGKILL');
  if (process.env.INDEP_KEEP_REPORTS !== '1') rmSync(work, { recursive: true, force: true });
  else console.log(`independent: reports kept in ${work}`);
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------- IXIT copies

type Json = Record<string, unknown>;

/** A copy of the role's IXIT with absolute paths, cwd the repository, its own port/CA (server), and env added. */
async function ixitFor(role: Role, dir: string, env: Record<string, string>): Promise<string> {
  const ixit = JSON.parse(readFileSync(path.join(HERE, role, `${role}.ixit.json`), 'utf8')) as Json;
  delete ixit.$schema;
  const adapter = ixit.adapter as { command: string[]; env?: Record<string, string>; cwd?: string };
  let command = adapter.command.map((a) => (/^(bin|test)\//.test(a) ? path.join(ROOT, a) : a));
  if (role === 'server') {
    const port = await freePort();
    const caFile = path.join(dir, 'ca', 'ca.pem');
    const set = (flag: string, value: string): void => {
      const i = command.indexOf(flag);
      if (i < 0) throw new Error(`the server IXIT command has no ${flag}`);
      command = [...command.slice(0, i + 1), value, ...command.slice(i + 2)];
    };
    set('--port', String(port));
    set('--ca-file', caFile);
    const server = ixit.server as { dmUrl: string; caFile: string };
    const dm = new URL(server.dmUrl);
    dm.port = String(port);
    server.dmUrl = dm.toString();
    server.caFile = caFile;
  }
  adapter.command = command;
  adapter.cwd = ROOT;
  adapter.env = { ...(adapter.env ?? {}), ...env };
  const file = path.join(dir, `${role}.ixit.json`);
  writeFileSync(file, `${JSON.stringify(ixit, null, 2)}\n`);
  return file;
}

// ---------------------------------------------------------------- one dmcts run

async function runDmcts(name: string, role: Role, env: Record<string, string>, cases: string[] = []): Promise<RunOutcome> {
  return slot(async () => {
    const dir = path.join(work, name);
    mkdirSync(dir, { recursive: true });
    const ixit = await ixitFor(role, dir, env);
    const out = path.join(dir, 'out');
    const args = [DMCTS, 'run', '--ics', path.join(HERE, role, `${role}.ics.json`), '--ixit', ixit, '--out', out, '--json', '--quiet', '--level', 'profile'];
    for (const c of cases) args.push('--case', c);
    const child = spawn(process.execPath, args, { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, INDEP_FAULT: '' } });
    live.add(child);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      stderr += `\n[independent.test] run ${name} stopped after ${RUN_KILL_MS} ms`;
      killGroup(child, 'SIGTERM');
      setTimeout(() => killGroup(child, 'SIGKILL'), 5000).unref();
    }, RUN_KILL_MS);
    const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
    clearTimeout(timer);
    live.delete(child);
    const file = path.join(out, 'results.json');
    const results = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Results) : undefined;
    return { code, stdout, stderr, out, results };
  });
}

const verdictOf = (r: Results, id: string): CaseResult | undefined => r.cases.find((c) => c.id === id);
const withVerdict = (r: Results, v: Verdict): CaseResult[] => r.cases.filter((c) => c.verdict === v);
const describeRun = (o: RunOutcome): string =>
  `exit ${o.code}; ${o.results ? JSON.stringify(o.results.summary.byVerdict) : 'no results.json'}; stderr: ${o.stderr.slice(-1500)}`;
const lines = (cs: CaseResult[]): string => cs.map((c) => `${c.id} ${c.verdict}: ${c.reason ?? ''}`).join('\n');

// ---------------------------------------------------------------- the tests

describe.concurrent('the independent DM implementation under dmcts', () => {
  for (const role of ['client', 'server'] as const) {
    it(`the clean ${role}: conformant at --level profile but for its known deviations`, { timeout: TEST_MS }, async () => {
      const known = KNOWN[role];
      const o = await runDmcts(`clean-${role}`, role, {});
      const r = o.results;
      expect(r, describeRun(o)).toBeDefined();
      if (!r) return;
      expect(r.run.complete, `results.json not complete: ${r.run.note ?? ''}`).toBe(true);
      const unrun = r.cases.filter((c) => c.selection.status === 'selected' && c.verdict === undefined);
      expect(unrun.map((c) => c.id), 'selected cases without a verdict').toEqual([]);
      expect(lines(withVerdict(r, 'ERROR')), 'ERROR verdicts').toBe('');
      const listed = new Map(known.map((d) => [d.case, d.verdict]));
      const unlisted = r.cases.filter((c) => (c.verdict === 'FAIL' || c.verdict === 'INCONC') && listed.get(c.id) !== c.verdict);
      expect(lines(unlisted), 'FAIL or INCONC verdicts not in known-deviations.json (with that verdict)').toBe('');
      const stale = known.filter((d) => verdictOf(r, d.case)?.verdict !== d.verdict);
      expect(
        stale.map((d) => `${d.case} is ${verdictOf(r, d.case)?.verdict ?? 'not run'}, listed as ${d.verdict} (${d.why})`).join('\n'),
        'known deviations whose verdict changed (update known-deviations.json)',
      ).toBe('');
      const expectedExit = known.some((d) => d.verdict === 'FAIL') ? 1 : known.length > 0 ? 3 : 0;
      expect(o.code, describeRun(o)).toBe(expectedExit);
    });
  }

  for (const [name, f] of Object.entries(FAULTS) as [FaultName, (typeof FAULTS)[FaultName]][]) {
    it(`seeded fault ${name} (${f.role}) is caught by ${f.cases.join(', ')}`, { timeout: TEST_MS }, async () => {
      const o = await runDmcts(`fault-${name}`, f.role, { INDEP_FAULT: name }, [...f.cases]);
      const r = o.results;
      expect(r, describeRun(o)).toBeDefined();
      if (!r) return;
      expect(lines(withVerdict(r, 'ERROR')), 'ERROR verdicts').toBe('');
      const listed = new Set(KNOWN[f.role].filter((d) => d.verdict === 'FAIL').map((d) => d.case));
      const targets = f.cases.map((id) => verdictOf(r, id)).filter((c): c is CaseResult => c !== undefined);
      const caught = targets.filter((c) => c.verdict === 'FAIL' && !listed.has(c.id));
      expect(caught.length, `no target case FAILs with ${name} on:\n${lines(targets)}`).toBeGreaterThan(0);
      expect(o.code, describeRun(o)).toBe(1);
      const one = (c: CaseResult): string => `${c.id} [facts: ${c.facts?.verdict ?? '-'}] (${(c.reason ?? '').split('\n')[0]!.slice(0, 300)})`;
      console.log(`independent: ${name} caught by ${caught.map(one).join('; ')}`);
    });
  }
});
