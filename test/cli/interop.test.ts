/**
 * dmcts interop end to end: the reference client against the reference server gives a PASS cell
 * for every scenario; faulty clients (mutants started by their IXIT's process adapter, as a third
 * party's client would be) get a red cell in the scenario that their fault breaks, with the reason
 * naming it; bad invocations exit 2 with the fix.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { INTEROP_SCENARIOS } from '../../harness/conformance/interop/scenarios.ts';
import { cellOf, type InteropResults } from '../../harness/report/interop-model.ts';
import { interopSchemaErrors } from '../../harness/report/interop-schema.ts';
import { interopMutantFiles } from '../support/interop-mutant-files.ts';
import { dmcts, ROOT } from './dmcts-process.ts';

const SELF_TEST = join(ROOT, 'harness/conformance/self-test');
const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'interop.json'), 'utf8')) as InteropResults;

describe('dmcts interop', () => {
  it('reference client × two reference servers: every scenario PASS (delegation between the two servers too), every report written', {
    timeout: 60_000,
  }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'dmcts-interop-ref-'));
    const r = await dmcts(['interop', '--server', `${SELF_TEST}/reference-server.ics.json:${SELF_TEST}/reference-server.ixit.json`, '--out', out, '--quiet']);
    expect(r.code, r.err + r.out).toBe(0);
    const results = read(out);
    expect(interopSchemaErrors(results)).toEqual([]);
    expect(results.servers.map((s) => s.id)).toEqual(['reference-server', 'reference-server-2']);
    const ids = INTEROP_SCENARIOS.map((s) => s.id);
    expect(results.cells.map((c) => c.scenario)).toEqual([...ids, ...ids]);
    expect(results.cells.filter((c) => c.verdict !== 'PASS').map((c) => `${c.scenario}: ${c.verdict} ${c.reason}`)).toEqual([]);
    // Each PASS rests on checks and on the recorded exchange.
    for (const c of results.cells) {
      expect(c.checks.length, c.scenario).toBeGreaterThan(0);
      expect(c.evidence.exchanges.length, c.scenario).toBeGreaterThan(0);
    }
    expect(results.outcome).toBe('all-pass');
    const html = readFileSync(join(out, 'interop.html'), 'utf8');
    expect(html.match(/class="badge v-pass" href="#cell-\d+"/g)).toHaveLength(results.cells.length);
    expect(html).toContain('<section class="evidence" id="cell-0">');
    const junit = readFileSync(join(out, 'interop-junit.xml'), 'utf8');
    expect(junit).toContain(`tests="${results.cells.length}" failures="0" errors="0"`);
    expect(readFileSync(join(out, 'interop.md'), 'utf8')).toContain('| delegation | PASS | PASS |');
    // No secret reaches a report: the mutual-auth password and Authorization values are redacted.
    expect(readFileSync(join(out, 'interop.json'), 'utf8')).not.toMatch(/authorization: (Basic|Digest) /i);
  });

  it('a faulty client gets a red cell in the scenario its fault breaks, with the reason', { timeout: 90_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'dmcts-interop-mut-'));
    const wrongDevId = await interopMutantFiles('client-wrong-devid');
    const afterEnd = await interopMutantFiles('client-package3-after-end');
    const r = await dmcts(
      ['interop', '--client', wrongDevId, '--client', afterEnd, '--scenario', 'session-client', '--scenario', 'cmd-end', '--out', out, '--quiet'],
      {
        timeoutMs: 85_000,
      },
    );
    expect(r.code, r.err + r.out).toBe(1);
    const results = read(out);
    expect(results.clients.map((c) => c.id)).toEqual(['reference-client', 'client-wrong-devid', 'client-package3-after-end']);
    const cell = (client: string, scenario: string) => cellOf(results, client, 'reference-server', scenario)!;
    expect(cell('reference-client', 'session-client').verdict).toBe('PASS');
    expect(cell('reference-client', 'cmd-end').verdict).toBe('PASS');
    expect(cell('client-wrong-devid', 'session-client')).toMatchObject({
      verdict: 'FAIL',
      reason: expect.stringMatching(/OMADM-DevID is the DevID the client's bootstrap reported \(dmcts-reference-device; it sent dmcts-reference-device-x\)/),
    });
    expect(cell('client-package3-after-end', 'cmd-end')).toMatchObject({
      verdict: 'FAIL',
      reason: expect.stringMatching(/no Package#3 after the Package#2 holding END \(the client sent [1-9]/),
    });
    // The fault the other mutant has does not show where it is not: its END is kept.
    expect(cell('client-wrong-devid', 'cmd-end').verdict).not.toBe('FAIL');
    const html = readFileSync(join(out, 'interop.html'), 'utf8');
    expect(html).toMatch(/class="badge v-fail" href="#cell-\d+" title="END: FAIL — round 1: no Package#3/);
    const junit = readFileSync(join(out, 'interop-junit.xml'), 'utf8');
    expect(junit).toMatch(
      /<testcase classname="interop\.client-package3-after-end\.reference-server" name="cmd-end"[^>]*><failure message="round 1: no Package#3/,
    );
  });

  it('answers --help with the options and exit codes, and refuses bad invocations with exit 2', { timeout: 40_000 }, async () => {
    const help = await dmcts(['interop', '--help']);
    expect(help.code).toBe(0);
    for (const word of ['--client ICS:IXIT', '--server ICS:IXIT', '--scenario ID', '--out DIR', 'Exit codes: 0', '3 not demonstrated'])
      expect(help.out).toContain(word);
    const badPair = await dmcts(['interop', '--client', 'only-one-file.json']);
    expect(badPair.code).toBe(2);
    expect(badPair.err).toContain('give the ICS and the IXIT of one implementation as ICS:IXIT');
    const badScenario = await dmcts(['interop', '--scenario', 'nope']);
    expect(badScenario.code).toBe(2);
    expect(badScenario.err).toContain('no such scenario');
    const nobody = await dmcts(['interop', '--no-reference']);
    expect(nobody.code).toBe(2);
    expect(nobody.err).toContain('give at least one --client');
  });
});
