/**
 * The example ICS/IXIT pairs of docs/examples/ describe the reference peers run as standalone IUTs
 * (`dmcts ut-server`, `dmcts ut-device`, process adapters): a whole run of each, started from a
 * directory that is not the project's (their relative paths are the IXIT file's), is conformant at
 * both levels of claim, its device-authentication cases PASS rather than N/A or INCONC (issue 12,
 * items 7 and 8). A full run of each role: the server's about 10 s, the client's about 25 s with
 * --parallel 2 (a server IUT the harness starts cannot be run in parallel).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../harness/report/results-model.ts';
import { BIN, EXAMPLES, ROOT, tempDir } from './support.ts';

/** `dmcts run` of an example pair, from a fresh directory outside the project. */
async function runExample(role: 'client' | 'server', extra: string[]) {
  const cwd = tempDir(`example-${role}-cwd`);
  const out = join(tempDir(`example-${role}`), 'out');
  const args = [
    BIN,
    'run',
    '--ics',
    join(EXAMPLES, `${role}.ics.json`),
    '--ixit',
    join(EXAMPLES, `${role}.process.ixit.json`),
    '--out',
    out,
    '--quiet',
    ...extra,
  ];
  const child = spawn(process.execPath, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), 170_000);
  const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
  clearTimeout(timer);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
  const selected = results.cases.filter((c) => c.selection.status === 'selected');
  const iutLog = readdirSync(out)
    .filter((n) => n.startsWith(`iut-${role}`))
    .map((n) => readFileSync(join(out, n), 'utf8'))
    .join('\n');
  return { code, output, results, selected, iutLog, cwd };
}

function expectConformant(r: Awaited<ReturnType<typeof runExample>>, authCases: string[]) {
  const bad = r.selected.filter((c) => !['PASS', 'WARN', 'N/A'].includes(c.verdict ?? '')).map((c) => `${c.id} ${c.verdict}: ${c.reason}`);
  expect(bad, r.output.slice(-3000)).toEqual([]);
  expect(r.code, r.output.slice(-3000)).toBe(0);
  expect(r.results.summary.outcome).toBe('conformant');
  expect(r.results.summary.claims.facts.outcome).toBe('conformant');
  expect(r.results.summary.claims.profile.outcome).toBe('conformant');
  const verdicts = Object.fromEntries(r.selected.map((c) => [c.id, c.verdict]));
  expect(Object.fromEntries(authCases.map((id) => [id, verdicts[id]]))).toEqual(Object.fromEntries(authCases.map((id) => [id, 'PASS'])));
  // The adapter ran where its IXIT says (adapter.cwd "../..", from docs/examples/): the project, not the run's directory.
  expect(r.iutLog).toContain(`(in ${ROOT.replace(/\/$/, '')}, DMCTS_UT_URL=`);
  expect(readdirSync(r.cwd)).toEqual([]);
}

describe('the example ICS/IXIT pairs of docs/examples/, run from another directory', () => {
  it('server: a full run against `dmcts ut-server` is conformant, Basic, Digest and X.509 device authentication PASS', async () => {
    const r = await runExample('server', []);
    expectConformant(r, [
      'DMCTS-S-SEC-001',
      'DMCTS-S-SEC-002',
      'DMCTS-S-SEC-003',
      'DMCTS-S-SEC-004',
      'DMCTS-S-SEC-005',
      'DMCTS-S-SEC-006',
      'DMCTS-S-SEC-007',
      'DMCTS-S-SEC-008',
      'DMCTS-S-SEC-012',
    ]);
    // The server trusted the run's device CA (x509CaPem) by restarting its DM endpoint, once.
    expect(r.iutLog.split('trusting a new device CA (x509CaPem)').length - 1).toBe(1);
  }, 180_000);

  it('client: a full run against `dmcts ut-device` (two instances) is conformant, Basic, Digest and X.509 client authentication PASS', async () => {
    const r = await runExample('client', ['--parallel', '2']);
    expectConformant(r, ['DMCTS-C-SEC-010', 'DMCTS-C-SEC-011', 'DMCTS-C-SEC-012']);
  }, 180_000);
});
