import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaseMeta } from '../../harness/conformance/case-meta.ts';
import { loadIcs } from '../../harness/conformance/ics.ts';
import { loadIxit } from '../../harness/conformance/ixit.ts';
import { ResultsBuilder } from '../../harness/conformance/run/results-builder.ts';
import type { RunPlan } from '../../harness/conformance/run-plan.ts';

const meta = (n: number): CaseMeta => ({
  id: `DMCTS-C-GET-90${n}`,
  title: `case ${n}`,
  requirement: 'A client MUST answer.',
  labels: ['DM-HLF-001'],
  rules: ['K-CMD'],
  level: 'MUST',
  role: 'client',
});

function builder(): { b: ResultsBuilder; path: string } {
  const dir = mkdtempSync(join(tmpdir(), 'dmcts-builder-'));
  const path = join(dir, 'results.json');
  const plan: RunPlan = {
    version: 1,
    runId: 'run-1',
    seed: 1,
    outDir: dir,
    targets: { client: { ics: loadIcs('docs/examples/client.ics.json'), ixit: loadIxit('docs/examples/client.process.ixit.json') } },
  };
  const cases = [meta(1), meta(2), meta(3)];
  const selection = cases.map((c) => ({ id: c.id, status: 'selected' as const, why: 'selected' }));
  return { b: new ResultsBuilder(path, plan, cases, selection, {}, ['dmcts', 'run']), path };
}

describe('ResultsBuilder: interim copies of results.json', () => {
  it('hold what the run holds so far, a row rewritten after a later verdict included', () => {
    const { b, path } = builder();
    b.record('DMCTS-C-GET-901', { verdict: 'PASS' });
    b.flush(false);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(JSON.parse(JSON.stringify(b.results)));
    // A row already serialised for an interim copy changes: the next copy shows the change.
    b.record('DMCTS-C-GET-901', { verdict: 'FAIL', reason: 'a "quoted" reason \u0000 with a NUL' });
    b.record('DMCTS-C-GET-903', { verdict: 'INCONC', reason: 'not run' });
    b.flush(false);
    const interim = JSON.parse(readFileSync(path, 'utf8'));
    expect(interim).toEqual(JSON.parse(JSON.stringify(b.results)));
    expect(interim.cases.map((c: { verdict?: string }) => c.verdict)).toEqual(['FAIL', undefined, 'INCONC']);
    expect(interim.summary).toEqual(JSON.parse(JSON.stringify(b.results.summary)));
  });

  it('end with the whole file, indented', () => {
    const { b, path } = builder();
    b.record('DMCTS-C-GET-902', { verdict: 'PASS' });
    b.finish();
    const text = readFileSync(path, 'utf8');
    expect(text).toBe(`${JSON.stringify(b.results, null, 1)}\n`);
  });
});
