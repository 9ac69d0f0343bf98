/**
 * The self-test: both suites against the reference client and server, through their upper-tester
 * adapters over real sockets, must be all PASS (N/A only where the reference ICS claims no feature).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../harness/report/results-model.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/**
 * What a secret of the self-test looks like in a report: the passwords the security cases give
 * devices and servers (`pw-<seed>-<what>`), a PEM private key (client certificates handed over at
 * bootstrap), HTTP Basic or Digest credentials.
 */
const SECRET_SHAPES = [/pw-[0-9a-z]{1,8}-[a-z0-9]+/, /-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----/, /Basic [A-Za-z0-9+/]{12,}={0,2}/, /Digest [^"\n]{0,60}username=/];

/** Every file the run wrote (results.json, report.html, junit.xml, summary.md, allure-results/...). */
function reportFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('dmcts self-test', () => {
  it('passes every applicable case of both roles and exits 0', () => {
    const out = mkdtempSync(join(tmpdir(), 'dmcts-self-test-'));
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/dmcts.mjs'), 'self-test', '--json', '--out', out], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 300_000,
    });
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
    const notPass = results.cases.filter((c) => c.verdict && c.verdict !== 'PASS' && c.verdict !== 'N/A');
    expect(notPass.map((c) => `${c.id} ${c.verdict}: ${c.reason}`)).toEqual([]);
    const na = results.cases.filter((c) => c.verdict === 'N/A');
    for (const c of na) expect(c.selection.icsItem ?? c.reason, `${c.id} is N/A without an ICS item or reason`).toBeTruthy();
    expect(results.run.complete).toBe(true);
    expect(results.summary.executed).toBeGreaterThan(0);
    expect(results.iuts.map((i) => i.role).sort()).toEqual(['client', 'server']);
    // Two test workers where there are two cores, each with its own reference client and server.
    const workers = Math.min(2, availableParallelism());
    expect(results.run.parallel).toBe(workers > 1 ? workers : undefined);
    if (workers > 1)
      for (const log of ['iut-client-1.log', 'iut-client-2.log', 'iut-server-1.log', 'iut-server-2.log']) expect(existsSync(join(out, log)), log).toBe(true);
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
    // The cases that hand out passwords and private keys ran, and none of them reached a report.
    for (const id of ['DMCTS-C-SEC-010', 'DMCTS-C-SEC-012', 'DMCTS-S-SEC-001', 'DMCTS-S-SEC-006']) {
      expect(results.cases.find((c) => c.id === id)?.verdict, id).toBe('PASS');
    }
    const leaks = reportFiles(out).flatMap((file) => {
      const text = readFileSync(file, 'utf8');
      return SECRET_SHAPES.filter((re) => re.test(text)).map((re) => `${file}: ${re.exec(text)![0]}`);
    });
    expect(leaks).toEqual([]);
  }, 320_000);
});
