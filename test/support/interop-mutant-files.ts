/**
 * ICS and IXIT files that make a mutant (test/mutants/: the reference peer with one fault) an
 * interop participant, started by its IXIT's process adapter (test/mutants/mutant-adapter.ts) as a
 * third party's implementation would be: `dmcts interop --client ICS:IXIT`. A client behind a
 * faulty proxy (plain HTTP) claims HTTP only; a server gets a PKI of its own (its IXIT caFile).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestPki } from '../../harness/security/test-pki.ts';
import { ALL_MUTANTS } from '../mutants/all-mutants.ts';
import { MUTANT_TLS_ENV } from '../mutants/mutant.ts';
import { fixedPort } from './fixed-port.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function interopMutantFiles(name: string, dir = mkdtempSync(join(tmpdir(), `dmcts-interop-${name}-`))): Promise<string> {
  const m = ALL_MUTANTS.find((x) => x.name === name);
  if (!m) throw new Error(`no mutant named ${name}`);
  const reference = JSON.parse(readFileSync(join(ROOT, `harness/conformance/self-test/reference-${m.role}.ics.json`), 'utf8')) as Record<string, unknown>;
  const ics = { ...reference, product: { name: `mutant ${name}`, version: '0.0.0' }, ...(m.proxy ? { transports: ['http'] } : {}) };
  const port = m.role === 'server' ? await fixedPort() : 0;
  const command = [
    process.execPath,
    join(ROOT, 'bin/run-ts.mjs'),
    join(ROOT, 'test/mutants/mutant-adapter.ts'),
    name,
    ...(m.role === 'server' ? ['--port', String(port)] : []),
  ];
  const env: Record<string, string> = { ...(m.env ?? {}) };
  if (m.role === 'server') {
    const pki = await createTestPki({ commonName: `dmcts mutant CA (${name})`, serverHosts: ['127.0.0.1', 'localhost'] });
    writeFileSync(join(dir, 'ca.pem'), pki.ca.certPem);
    writeFileSync(join(dir, 'server.pem'), pki.server.chainPem);
    writeFileSync(join(dir, 'server-key.pem'), pki.server.keyPem, { mode: 0o600 });
    env[MUTANT_TLS_ENV] = dir;
  }
  const referenceIxit = JSON.parse(readFileSync(join(ROOT, 'harness/conformance/self-test/reference-client.ixit.json'), 'utf8')) as { client: unknown };
  const ixit = {
    dmcts: 'ixit/1',
    role: m.role,
    adapter: { kind: 'process', command, env },
    ...(m.role === 'client'
      ? { client: referenceIxit.client }
      : {
          server: {
            dmUrl: `https://127.0.0.1:${port}/dm`,
            srvId: 'dmcts-mutant-server',
            notificationSecret: 'dmcts-mutant-noti-secret',
            caFile: join(dir, 'ca.pem'),
            ...(m.server?.clientAuth ? { clientAuth: { modes: ['basic', 'digest'], required: false } } : {}),
          },
        }),
    timeouts: { caseMs: 20000, readyMs: 30000, utCallMs: 8000, sessionMs: 6000 },
  };
  writeFileSync(join(dir, `${name}.ics.json`), JSON.stringify(ics));
  writeFileSync(join(dir, `${name}.ixit.json`), JSON.stringify(ixit));
  return `${join(dir, `${name}.ics.json`)}:${join(dir, `${name}.ixit.json`)}`;
}
