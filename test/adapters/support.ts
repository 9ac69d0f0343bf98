/**
 * Shared set-up of the adapter tests: a real `dmcts run` in a child process against an IXIT written
 * for the test, and the reference peers started as standalone IUTs.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Results } from '../../harness/report/results-model.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin/dmcts.mjs');
export const EXAMPLES = join(ROOT, 'docs/examples');

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `dmcts-${prefix}-`));
}

export function readExample(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(join(EXAMPLES, name), 'utf8')) as Record<string, unknown>;
}

export function writeJson(dir: string, name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value, null, 2));
  return path;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
  out: string;
  results: Results | undefined;
  /** "<id> <verdict>: <reason>" of every executed case that is not PASS. */
  notPass: string[];
  /** The IUT's whole log (evidence), if the run wrote one. */
  iutLog(role: 'client' | 'server'): string;
}

/** `dmcts run` in a child process, from the project root, with its results. */
export async function dmctsRun(args: string[], options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<RunResult> {
  const out = join(tempDir('run'), 'out');
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, 'run', '--out', out, '--quiet', ...args], {
    cwd: ROOT,
    env: { ...process.env, ...(options.env ?? {}) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 120_000);
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  clearTimeout(timer);
  const path = join(out, 'results.json');
  const results = existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Results) : undefined;
  return {
    code,
    stdout,
    stderr,
    ms: Date.now() - started,
    out,
    results,
    notPass: (results?.cases ?? [])
      .filter((c) => c.verdict && c.verdict !== 'PASS' && c.selection.status === 'selected')
      .map((c) => `${c.id} ${c.verdict}: ${c.reason}`),
    iutLog: (role) => {
      const file = join(out, `iut-${role}.log`);
      return existsSync(file) ? readFileSync(file, 'utf8') : '';
    },
  };
}

/** The verdicts of the cases a run executed. */
export function verdicts(r: RunResult): Record<string, string> {
  return Object.fromEntries((r.results?.cases ?? []).filter((c) => c.selection.status === 'selected').map((c) => [c.id, c.verdict ?? 'none']));
}
