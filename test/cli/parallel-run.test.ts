/**
 * --parallel k: a run's suite files are spread over k test workers, each starting its own instance of
 * the IUT (here the reference client as a process adapter), told which one it is by DMCTS_INSTANCE;
 * each instance's log goes to its own file, and the verdicts are those of a run on one instance.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../harness/report/results-model.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('dmcts run --parallel 2', () => {
  it('runs the files of the selected cases on two instances of a process IUT, each with its own log', () => {
    const out = mkdtempSync(join(tmpdir(), 'dmcts-parallel-run-'));
    // Cases of three files: two workers, each with one instance (a third file waits for a free one).
    const cases = ['DMCTS-C-GET-001', 'DMCTS-C-TREE-001', 'DMCTS-C-SEL-001'];
    const r = spawnSync(
      process.execPath,
      [
        join(ROOT, 'bin/dmcts.mjs'),
        'run',
        '--ics',
        'docs/examples/client.ics.json',
        '--ixit',
        'docs/examples/client.process.ixit.json',
        ...cases.flatMap((c) => ['--case', c]),
        '--parallel',
        '2',
        '--quiet',
        '--out',
        out,
      ],
      { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
    );
    expect(r.status, r.stdout + r.stderr.slice(-2000)).toBe(0);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
    expect(results.run.parallel).toBe(2);
    expect(results.cases.filter((c) => cases.includes(c.id)).map((c) => c.verdict)).toEqual(['PASS', 'PASS', 'PASS']);
    for (const n of [1, 2]) {
      const log = join(out, `iut-client-${n}.log`);
      expect(existsSync(log), `iut-client-${n}.log`).toBe(true);
      expect(readFileSync(log, 'utf8')).toContain(`DMCTS_INSTANCE=${n}`);
    }
    expect(existsSync(join(out, 'iut-client.log'))).toBe(false);
  }, 130_000);
});
