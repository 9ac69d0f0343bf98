/**
 * Measures `dmcts interop` (npm run bench:interop): the reference client and server plus faulty
 * variants from test/mutants/ (each the reference peer with one fault, started by its IXIT's
 * process adapter like a third party's implementation) as extra implementations. Prints the matrix,
 * the wall time, and whether every faulty implementation got a red cell in the scenario its fault
 * breaks, for the right reason; other red cells of a faulty implementation are listed with their
 * reasons. Exit 1 when the reference pair is not all PASS or a fault is not caught where expected.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePairArg } from '../harness/conformance/interop/participant.ts';
import { REFERENCE_SERVER, runInterop } from '../harness/conformance/interop/run-interop.ts';
import { INTEROP_SCENARIOS } from '../harness/conformance/interop/scenarios.ts';
import { interopMarkdown } from '../harness/report/interop-markdown.ts';
import { cellOf } from '../harness/report/interop-model.ts';
import { writeInteropReports } from '../harness/report/interop-write.ts';
import { interopMutantFiles } from '../test/support/interop-mutant-files.ts';

/** Each faulty variant, the scenario its fault must turn red (against the reference peer) and the reason. */
const FAULTY: Array<{ mutant: string; role: 'client' | 'server'; scenario: string; reason: RegExp }> = [
  {
    mutant: 'client-wrong-devid',
    role: 'client',
    scenario: 'session-client',
    reason: /OMADM-DevID is the DevID the client's bootstrap reported .* it sent dmcts-reference-device-x/,
  },
  { mutant: 'client-package3-after-end', role: 'client', scenario: 'cmd-end', reason: /no Package#3 after the Package#2 holding END \(the client sent [1-9]/ },
  { mutant: 'client-reverses-status', role: 'client', scenario: 'cmd-hget', reason: /the HGET Status names the new .* instance/ },
  { mutant: 'client-exec-always-sync', role: 'client', scenario: 'cmd-exec-async', reason: /the client answered EXEC with sc 200 on the wire \(K-CMD: 202\)/ },
  { mutant: 'client-drops-sub', role: 'client', scenario: 'cmd-sub', reason: /delivered the change of the subscribed instance .* \(0 deliveries\)/ },
  {
    mutant: 'server-records-wrong-status',
    role: 'server',
    scenario: 'cmd-delete',
    reason: /the server records sc 404 for the GET of the deleted instance \(server\.result sc 200/,
  },
];

const out = process.env.DMCTS_BENCH_OUT ?? mkdtempSync(join(tmpdir(), 'dmcts-bench-interop-'));
const specs = await Promise.all(FAULTY.map(async (f) => ({ ...f, spec: parsePairArg(`--${f.role}`, await interopMutantFiles(f.mutant)) })));
const started = Date.now();
const results = await runInterop({
  clients: specs.filter((s) => s.role === 'client').map((s) => s.spec),
  // A second reference server: the grantee of the delegation scenario.
  servers: [REFERENCE_SERVER, ...specs.filter((s) => s.role === 'server').map((s) => s.spec)],
  withReference: true,
  scenarios: INTEROP_SCENARIOS,
  log: (line) => process.stderr.write(`[interop] ${line}\n`),
});
const wallMs = Date.now() - started;
writeInteropReports(out, results);
process.stdout.write(interopMarkdown(results));

let problems = 0;
const refCells = results.cells.filter((c) => c.client === 'reference-client' && c.server.startsWith('reference-server'));
const refNotPass = refCells.filter((c) => c.verdict !== 'PASS');
if (refNotPass.length > 0) problems += 1;
const lines = [
  '',
  '## Figures',
  '',
  `- ${results.clients.length} clients × ${results.servers.length} servers × ${results.scenarios.length} scenarios = ${results.cells.length} cells, wall time ${(wallMs / 1000).toFixed(1)} s (${(wallMs / (results.clients.length * results.servers.length) / 1000).toFixed(1)} s a pair)`,
  `- reference client × the two reference servers: ${refCells.length - refNotPass.length}/${refCells.length} PASS${refNotPass.length ? ` — NOT ALL: ${refNotPass.map((c) => `${c.scenario} ${c.verdict}`).join(', ')}` : ''}`,
];
for (const f of specs) {
  const client = f.role === 'client' ? f.mutant : 'reference-client';
  const server = f.role === 'server' ? f.mutant : 'reference-server';
  const c = cellOf(results, client, server, f.scenario);
  const caught = c?.verdict === 'FAIL' && f.reason.test(c.reason ?? '');
  if (!caught) problems += 1;
  const others = results.cells.filter(
    (x) => x.client === client && x.server === server && x.scenario !== f.scenario && (x.verdict === 'FAIL' || x.verdict === 'ERROR'),
  );
  lines.push(
    `- ${f.mutant} × ${f.role === 'client' ? 'reference-server' : 'reference-client'}: ${f.scenario} ${c?.verdict ?? 'missing'}${caught ? ' for the right reason' : ' — NOT CAUGHT AS EXPECTED'}: ${c?.reason ?? ''}`,
  );
  for (const o of others) lines.push(`  - also ${o.verdict} ${o.scenario}: ${o.reason}`);
}
lines.push('', `reports: ${join(out, 'interop.html')}`, '');
process.stdout.write(`${lines.join('\n')}\n`);
process.exit(problems === 0 ? 0 : 1);
