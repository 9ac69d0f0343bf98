/**
 * The fuzz bench in small: a short run finds no crash and no unauthorized effect in the reference
 * peers, and the same run against a device that grants everything does find the hole (so the
 * checks can fail). The full run is `npm run bench:fuzz` (100,000 packages).
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

function fuzz(...args: string[]) {
  const r = spawnSync(process.execPath, ['--expose-gc', 'bin/run-ts.mjs', 'bench/fuzz.ts', ...args], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: r.stdout + r.stderr };
}

describe('fuzzing the reference peers', () => {
  it('finds no crash and no unauthorized effect in 6,000 packages', () => {
    const r = fuzz('--packages', '6000', '--seed', '7');
    expect(r.out).toMatch(/crashes \(5xx or a dropped connection at the server\): 0\n/);
    expect(r.out).toMatch(/unauthorized effects: 0 /);
    expect(r.code, r.out).toBe(0);
  }, 120_000);

  it('finds the hole in a device that grants every server every right', () => {
    const r = fuzz('--packages', '3000', '--seed', '7', '--self-check');
    expect(r.out).toContain('self-check: the fuzzer found the planted hole');
    expect(r.code, r.out).toBe(0);
  }, 120_000);
});
