/**
 * A wrong set-up is the vendor's, not the IUT's: a bad --case or --baseline is refused before anything
 * runs, an upper-tester port in use ends the run at once with one message and exit 2, and a run that
 * selects nothing leaves an earlier report alone.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/dmcts.mjs');
const ICS = join(ROOT, 'docs/examples/client.ics.json');
const IXIT = join(ROOT, 'docs/examples/client.process.ixit.json');

function dmcts(...args: string[]) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120_000, cwd: ROOT });
  return { code: r.status, out: r.stdout, err: r.stderr, ms: Date.now() - started };
}

describe('dmcts run: a wrong set-up', () => {
  it('refuses a --case that names no case before anything runs', () => {
    const out = mkdtempSync(join(tmpdir(), 'dmcts-case-'));
    const r = dmcts('run', '--ics', ICS, '--ixit', IXIT, '--case', 'DMCTS-C-NOPE-001', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain('--case DMCTS-C-NOPE-001 names no case');
    expect(r.ms).toBeLessThan(30_000);
  });

  it('refuses a --baseline that is not a results.json before anything runs', () => {
    const out = mkdtempSync(join(tmpdir(), 'dmcts-base-'));
    const r = dmcts('run', '--ics', ICS, '--ixit', IXIT, '--case', 'DMCTS-C-GET-001', '--baseline', ICS, '--out', out);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`--baseline ${ICS}`);
    expect(r.err).toContain('not a dmcts results file');
    expect(r.out).not.toContain('results:'); // no run happened
  });

  it('refuses an unknown --level', () => {
    const r = dmcts('run', '--ics', ICS, '--ixit', IXIT, '--level', 'strict');
    expect(r.code).toBe(2);
    expect(r.err).toContain('--level must be facts or profile');
  });

  it('leaves an earlier report alone when nothing is selected', () => {
    const out = mkdtempSync(join(tmpdir(), 'dmcts-none-'));
    writeFileSync(join(out, 'results.json'), '{"earlier": true}\n');
    // A client ICS that claims nothing, and only a case that needs a feature: nothing left to run.
    const ics = join(out, 'bare.ics.json');
    writeFileSync(ics, JSON.stringify({ dmcts: 'ics/1', role: 'client', product: { name: 'bare', version: '1' }, features: {} }));
    const r = dmcts('run', '--ics', ics, '--ixit', IXIT, '--case', 'DMCTS-C-GET-001', '--out', out);
    expect(r.code).toBe(2);
    expect(r.out).toContain('nothing was written');
    expect(readFileSync(join(out, 'results.json'), 'utf8')).toBe('{"earlier": true}\n');
  });

  it('ends at once with exit 2 and one message naming the upper-tester port in use and the fix', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve()));
    const port = (blocker.address() as { port: number }).port;
    try {
      const out = mkdtempSync(join(tmpdir(), 'dmcts-port-'));
      const ixit = join(out, 'busy.ixit.json');
      writeFileSync(ixit, JSON.stringify({ ...JSON.parse(readFileSync(IXIT, 'utf8')), $schema: undefined, harness: { host: '127.0.0.1', utPort: port } }));
      const r = await new Promise<ReturnType<typeof dmcts>>((resolve) =>
        setImmediate(() => resolve(dmcts('run', '--ics', ICS, '--ixit', ixit, '--case', 'DMCTS-C-GET', '--out', out))),
      );
      expect(r.code, r.out + r.err).toBe(2);
      expect(r.out).toContain(`the upper-tester port 127.0.0.1:${port} (IXIT harness.utPort) is already in use`);
      expect(r.out).toContain('fix:');
      const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as {
        run: { stoppedBy?: { kind: string } };
        cases: Array<{ verdict?: string; selection: { status: string } }>;
      };
      expect(results.run.stoppedBy?.kind).toBe('setup');
      // Not the IUT's fault: no case FAILs or ERRORs.
      expect(results.cases.filter((c) => c.selection.status === 'selected').every((c) => c.verdict === 'INCONC')).toBe(true);
      expect(r.ms).toBeLessThan(60_000);
    } finally {
      blocker.close();
    }
  }, 120_000);

  it('refuses --parallel where the IUT cannot be started more than once, naming each reason', () => {
    const out = mkdtempSync(join(tmpdir(), 'dmcts-parallel-'));
    const ixit = join(out, 'remote.ixit.json');
    writeFileSync(
      ixit,
      JSON.stringify({
        ...JSON.parse(readFileSync(IXIT, 'utf8')),
        $schema: undefined,
        adapter: { kind: 'remote' },
        harness: { host: '127.0.0.1', utPort: 7311 },
      }),
    );
    const r = dmcts('run', '--ics', ICS, '--ixit', ixit, '--parallel', '2', '--out', out);
    expect(r.code).toBe(2);
    expect(r.err + r.out).toContain('an adapter of kind remote');
    expect(r.err + r.out).toContain('set harness.utPort to 0');
    expect(r.out).not.toContain('results:'); // nothing ran
  });

  it('refuses a --parallel that is not a whole number from 1 to 16', () => {
    for (const bad of ['0', '17', 'two']) {
      const r = dmcts('run', '--ics', ICS, '--ixit', IXIT, '--parallel', bad);
      expect(r.code).toBe(2);
      expect(r.err).toContain(`--parallel must be a whole number from 1 to 16, not "${bad}"`);
    }
  });
});
