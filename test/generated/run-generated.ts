/**
 * Runs `dmcts run` (--json --level profile --no-bail, every case of the role) against a generated IUT
 * (test/generated/{client,server}-iut.ts, process adapter) for one seed, as a vendor would, and
 * returns the exit code, wall time and results.json checked against its schema.
 * By hand: node bin/run-ts.mjs test/generated/run.ts client|server SEED [--keep] [--all]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Results } from '../../harness/report/results-model.ts';
import { selfTestConfig } from '../../harness/conformance/self-test-plan.ts';
import { fixedPort } from '../support/fixed-port.ts';
import { readRunResults } from '../support/run-results.ts';
import { GEN_BREAKAGE_ENV, GEN_SEED_ENV } from './kit.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Short IXIT timeouts: the generated IUTs answer at once, odd content is what they vary. */
export const GENERATED_TIMEOUTS = { caseMs: 5000, readyMs: 15000, utCallMs: 2000, sessionMs: 1500, headersMs: 1500, bodyIdleMs: 1500, exchangeMs: 1500 };

export interface GeneratedRun {
  role: 'client' | 'server';
  seed: number;
  exitCode: number | null;
  ms: number;
  results?: Results;
  /** Why results.json is missing or invalid. */
  resultsProblem?: string;
  stderr: string;
}

export async function runGenerated(
  role: 'client' | 'server',
  seed: number,
  options: { keep?: boolean; extra?: string[]; breakage?: number } = {},
): Promise<GeneratedRun> {
  const dir = mkdtempSync(join(tmpdir(), `dmcts-generated-${role}-${seed}-`));
  const port = role === 'server' ? await fixedPort() : undefined;
  const command = [
    process.execPath,
    join(ROOT, 'bin/run-ts.mjs'),
    join(ROOT, `test/generated/${role}-iut.ts`),
    ...(port ? [`--port=${port}`, '--secret=gen-noti-secret'] : []),
  ];
  const ixit = {
    dmcts: 'ixit/1',
    role,
    adapter: {
      kind: 'process',
      command,
      env: { [GEN_SEED_ENV]: String(seed), ...(options.breakage !== undefined ? { [GEN_BREAKAGE_ENV]: String(options.breakage) } : {}) },
    },
    ...(role === 'client'
      ? {
          // The reference client's nodes, as its own self-test IXIT names them.
          client: selfTestConfig('client').ixit.client,
        }
      : {
          server: {
            dmUrl: `http://127.0.0.1:${port}/dm`,
            srvId: 'gen-server',
            notificationSecret: 'gen-noti-secret',
            clientAuth: { modes: ['basic', 'digest', 'x509'], required: false },
          },
        }),
    timeouts: GENERATED_TIMEOUTS,
  };
  writeFileSync(join(dir, 'iut.ixit.json'), JSON.stringify(ixit));
  const ics = join(ROOT, `harness/conformance/self-test/reference-${role}.ics.json`);
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
    '--level',
    'profile',
    '--no-bail',
    '--seed',
    String(seed >>> 0),
    ...(options.extra ?? []),
  ];
  const started = Date.now();
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 200_000) stderr += d.toString();
  });
  child.stdout.resume();
  const exitCode = await new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const ms = Date.now() - started;
  const { results, resultsProblem } = readRunResults(out);
  if (!options.keep) rmSync(dir, { recursive: true, force: true });
  else process.stderr.write(`kept ${dir}\n`);
  return { role, seed, exitCode, ms, ...(results ? { results } : {}), ...(resultsProblem ? { resultsProblem } : {}), stderr };
}

/** Every case that ended ERROR, with its reason. */
export function errorsOf(run: GeneratedRun): Array<{ id: string; reason: string }> {
  return (run.results?.cases ?? []).filter((c) => c.verdict === 'ERROR').map((c) => ({ id: c.id, reason: c.reason ?? '(no reason)' }));
}
