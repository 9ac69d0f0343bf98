/**
 * The self-test: both suites against the reference client and server, through their upper-tester
 * adapters over real sockets, must be all PASS (N/A only where the reference ICS claims no feature).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../harness/report/results-model.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('dmcts self-test', () => {
  it('passes every applicable case of both roles and exits 0', () => {
    const out = mkdtempSync(join(tmpdir(), 'dmcts-self-test-'));
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/dmcts.mjs'), 'self-test', '--json', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
    const notPass = results.cases.filter((c) => c.verdict && c.verdict !== 'PASS' && c.verdict !== 'N/A');
    expect(notPass.map((c) => `${c.id} ${c.verdict}: ${c.reason}`)).toEqual([]);
    const na = results.cases.filter((c) => c.verdict === 'N/A');
    for (const c of na) expect(c.selection.icsItem ?? c.reason, `${c.id} is N/A without an ICS item or reason`).toBeTruthy();
    expect(results.run.complete).toBe(true);
    expect(results.summary.executed).toBeGreaterThan(0);
    expect(results.iuts.map((i) => i.role).sort()).toEqual(['client', 'server']);
    expect(r.status, r.stderr.slice(-2000)).toBe(0);
  }, 320_000);
});
