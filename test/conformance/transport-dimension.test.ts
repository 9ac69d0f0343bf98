/**
 * Transport as a dimension of the run (issue 9 item 3; DM-HLF-001, DM-IOP-001): a case of sessions
 * runs once per transport the ICS claims, under the same ID, each run with its own verdict; a
 * transport the ICS does not claim is N/A with the reason, and does not hide the other's verdict.
 * Against the reference server run as a standalone IUT (the example IXIT), with ICSs that differ only
 * in what transports they claim.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../harness/report/results-model.ts';
import { BIN, EXAMPLES, tempDir } from '../adapters/support.ts';

const CASE = 'DMCTS-S-FLOW-001';

function runWith(ics: Record<string, unknown>): { status: number | null; results: Results; junit: string; stderr: string } {
  const dir = tempDir('transport-dimension');
  const icsFile = join(dir, 'server.ics.json');
  const base = JSON.parse(readFileSync(join(EXAMPLES, 'server.ics.json'), 'utf8')) as Record<string, unknown>;
  delete base.$schema;
  writeFileSync(icsFile, JSON.stringify({ ...base, ...ics }));
  const out = join(dir, 'out');
  const r = spawnSync(
    process.execPath,
    [BIN, 'run', '--ics', icsFile, '--ixit', join(EXAMPLES, 'server.process.ixit.json'), '--case', CASE, '--out', out, '--quiet'],
    {
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return {
    status: r.status,
    results: JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results,
    junit: readFileSync(join(out, 'junit.xml'), 'utf8'),
    stderr: r.stderr,
  };
}

describe('a case of sessions runs once per transport the ICS claims', () => {
  it('both transports claimed (features.WS): a verdict for each, side by side, one testcase each in JUnit', () => {
    const r = runWith({});
    expect(r.status, r.stderr).toBe(0);
    const c = r.results.cases.find((x) => x.id === CASE)!;
    expect(c.transports?.map((t) => [t.transport, t.verdict])).toEqual([
      ['http', 'PASS'],
      ['ws', 'PASS'],
    ]);
    const ws = c.transports!.find((t) => t.transport === 'ws')!;
    expect(
      ws.evidence?.wire.some((e) => e.kind === 'request' && e.method === 'WS'),
      'the ws run went over the WebSocket',
    ).toBe(true);
    const http = c.transports!.find((t) => t.transport === 'http')!;
    expect(
      http.evidence?.wire.some((e) => e.kind === 'request' && e.method === 'WS'),
      'the http run did not',
    ).toBe(false);
    expect(r.junit).toContain(`${CASE} [http]`);
    expect(r.junit).toContain(`${CASE} [ws]`);
  }, 130_000);

  it('WS not claimed: the ws run is N/A with the reason, and the case keeps its http verdict', () => {
    const r = runWith({ features: { ...(JSON.parse(readFileSync(join(EXAMPLES, 'server.ics.json'), 'utf8')).features as object), WS: false } });
    expect(r.status, r.stderr).toBe(0);
    const c = r.results.cases.find((x) => x.id === CASE)!;
    expect(c.verdict).toBe('PASS');
    const ws = c.transports!.find((t) => t.transport === 'ws')!;
    expect(ws.verdict).toBe('N/A');
    expect(ws.reason).toMatch(/does not claim the transport ws/);
  }, 130_000);

  it('transports ["ws"] (a server reached only over the WebSocket): the http run is N/A', () => {
    const r = runWith({ transports: ['ws'] });
    expect(r.status, r.stderr).toBe(0);
    const c = r.results.cases.find((x) => x.id === CASE)!;
    expect(c.transports?.map((t) => [t.transport, t.verdict])).toEqual([
      ['http', 'N/A'],
      ['ws', 'PASS'],
    ]);
  }, 130_000);
});
