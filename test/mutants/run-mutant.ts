/** Runs `dmcts run` against one mutant (process adapter) and returns its results. */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Results } from '../../harness/report/results-model.ts';
import { selfTestConfig } from '../../harness/conformance/self-test-plan.ts';
import { fixedPort } from '../support/fixed-port.ts';
import { createTestPki } from '../../harness/security/test-pki.ts';
import { MUTANT_TLS_ENV, type Mutant } from './mutant.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function runMutant(
  m: Mutant,
  extra: string[] = [],
  timeouts: { caseMs?: number; sessionMs?: number } = {},
): Promise<{ exitCode: number | null; results: Results; stderr: string }> {
  const dir = mkdtempSync(join(tmpdir(), `dmcts-mutant-${m.name}-`));
  const port = await fixedPort();
  const command = [
    process.execPath,
    join(ROOT, 'bin/run-ts.mjs'),
    join(ROOT, 'test/mutants/mutant-adapter.ts'),
    m.name,
    ...(m.role === 'server' ? ['--port', String(port)] : []),
  ];
  const env: Record<string, string> = { ...(m.env ?? {}) };
  const tls = m.role === 'server' && m.server?.tls !== undefined;
  if (tls) {
    // The mutant server's own PKI: the harness trusts its CA through the IXIT, as it would a product's.
    const pki = await createTestPki({ commonName: `dmcts mutant CA (${m.name})`, serverHosts: ['127.0.0.1', 'localhost'] });
    writeFileSync(join(dir, 'ca.pem'), pki.ca.certPem);
    writeFileSync(join(dir, 'server.pem'), pki.server.chainPem);
    writeFileSync(join(dir, 'server-key.pem'), pki.server.keyPem, { mode: 0o600 });
    env[MUTANT_TLS_ENV] = dir;
  }
  const ixit = {
    dmcts: 'ixit/1',
    role: m.role,
    adapter: { kind: 'process', command, ...(Object.keys(env).length ? { env } : {}) },
    ...(m.role === 'client'
      ? {
          // The reference client's nodes, as its own self-test IXIT names them.
          client: selfTestConfig('client').ixit.client,
        }
      : {
          server: {
            dmUrl: `${tls ? 'https' : 'http'}://127.0.0.1:${port}/dm`,
            srvId: 'dmcts-mutant-server',
            notificationSecret: 'dmcts-mutant-noti-secret',
            ...(tls ? { caFile: join(dir, 'ca.pem') } : {}),
            ...(m.server?.clientAuth ? { clientAuth: { modes: ['basic', 'digest'], required: false } } : {}),
          },
        }),
    timeouts: { caseMs: 15000, readyMs: 20000, utCallMs: 8000, sessionMs: 4000, ...timeouts },
  };
  writeFileSync(join(dir, 'iut.ixit.json'), JSON.stringify(ixit));
  const referenceIcs = join(ROOT, `harness/conformance/self-test/reference-${m.role}.ics.json`);
  // A faulty proxy carries HTTP only: behind one, the reference peer claims no WebSocket transport.
  const ics = m.proxy ? join(dir, 'iut.ics.json') : referenceIcs;
  if (m.proxy) writeFileSync(ics, JSON.stringify({ ...JSON.parse(readFileSync(referenceIcs, 'utf8')), transports: ['http'] }));
  const args = [
    join(ROOT, 'bin/dmcts.mjs'),
    'run',
    '--ics',
    ics,
    '--ixit',
    join(dir, 'iut.ixit.json'),
    '--out',
    join(dir, 'out'),
    '--json',
    '--level',
    'profile',
    ...m.cases.flatMap((c) => ['--case', c]),
    ...extra,
  ];
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout.resume();
  const exitCode = await new Promise<number | null>((r) => child.once('exit', r));
  const results = JSON.parse(readFileSync(join(dir, 'out', 'results.json'), 'utf8')) as Results;
  return { exitCode, results, stderr };
}
