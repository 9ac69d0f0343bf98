/**
 * dmcts merge's core: the results of the shards of one run as one run's, judged by a run's rules; and
 * every reason shards do not belong together refused, naming it — different versions, ICS, filters or
 * splits, a shard given twice, a case two shards ran, a missing shard (unless allowed: not run).
 */
import { describe, expect, it } from 'vitest';
import { MergeError, mergeShardResults, type ShardInput } from '../../../harness/report/results-merge.ts';
import { type CaseResult, type Results, summarize } from '../../../harness/report/results-model.ts';
import type { Verdict } from '../../../harness/core/verdict.ts';

/** The cases of the run and the shard that runs each (N/A: no shard). */
const SPLIT: Array<[string, number | 'N/A']> = [
  ['DMCTS-C-GET-001', 1],
  ['DMCTS-C-GET-002', 1],
  ['DMCTS-C-SEL-001', 2],
  ['DMCTS-C-FEAT-001', 'N/A'],
  ['DMCTS-S-ERR-001', 3],
];

function row(id: string, shard: number | 'N/A', index: number, verdict: Verdict): CaseResult {
  const base = { id, title: id, requirement: 'r', labels: [], rules: [], level: 'MUST', role: 'client', area: 'X', features: [] } as const;
  if (shard === 'N/A')
    return {
      ...base,
      labels: [],
      rules: [],
      features: [],
      selection: { status: 'not-applicable', why: 'no X', icsItem: 'features.X' },
      verdict: 'N/A',
      reason: 'no X',
    };
  if (shard !== index) return { ...base, labels: [], rules: [], features: [], selection: { status: 'filtered', why: `run by shard ${shard}/3`, shard } };
  return { ...base, labels: [], rules: [], features: [], selection: { status: 'selected', why: 'applies', shard }, verdict, durationMs: 10 };
}

function shard(index: number, verdicts: Record<string, Verdict> = {}, change: (r: Results) => void = () => {}): ShardInput {
  const cases = SPLIT.map(([id, s]) => row(id, s, index, verdicts[id] ?? 'PASS'));
  const results: Results = {
    format: 'dmcts-results/2',
    dmcts: { version: '0.1.0' },
    run: {
      id: `run-${index}`,
      startedAt: `2026-01-01T00:0${index}:00.000Z`,
      finishedAt: `2026-01-01T00:1${index}:00.000Z`,
      complete: true,
      seed: 100 + index,
      command: ['dmcts', 'self-test', '--shard', `${index}/3`],
      filters: {},
      level: 'profile',
      shard: { index, count: 3 },
    },
    environment: { node: 'v20', platform: 'linux', arch: 'x64', cpus: 2 },
    iuts: [{ role: 'client', product: { name: 'p', version: '1' }, ics: { role: 'client', features: ['GET'] }, ixit: {} }],
    summary: summarize(cases, true, 'profile'),
    cases,
  };
  change(results);
  return { file: `shard-${index}/results.json`, results };
}

const problems = (inputs: ShardInput[], allowPartial = false): string[] => {
  try {
    mergeShardResults(inputs, { command: ['dmcts', 'merge'], allowPartial });
  } catch (error) {
    if (error instanceof MergeError) return error.problems;
    throw error;
  }
  return [];
};

describe('mergeShardResults', () => {
  it('puts each selected case with its shard verdict, in suite order, judged as a run', () => {
    const { results, missing } = mergeShardResults([shard(3), shard(1), shard(2, { 'DMCTS-C-SEL-001': 'WARN' })], { command: ['dmcts', 'merge', 'x'] });
    expect(missing).toEqual([]);
    expect(results.cases.map((c) => [c.id, c.selection.status, c.verdict])).toEqual([
      ['DMCTS-C-GET-001', 'selected', 'PASS'],
      ['DMCTS-C-GET-002', 'selected', 'PASS'],
      ['DMCTS-C-SEL-001', 'selected', 'WARN'],
      ['DMCTS-C-FEAT-001', 'not-applicable', 'N/A'],
      ['DMCTS-S-ERR-001', 'selected', 'PASS'],
    ]);
    expect(results.run.shard).toBeUndefined();
    expect(results.run.complete).toBe(true);
    expect(results.run.command).toEqual(['dmcts', 'merge', 'x']);
    expect(results.run.startedAt).toBe('2026-01-01T00:01:00.000Z');
    expect(results.run.finishedAt).toBe('2026-01-01T00:13:00.000Z');
    expect(results.summary.outcome).toBe('conformant');
    expect(results.summary.byVerdict).toMatchObject({ PASS: 3, WARN: 1, 'N/A': 1 });
  });

  it('a FAIL in one shard makes the merged run not conformant; an incomplete shard, not demonstrated', () => {
    expect(mergeShardResults([shard(1), shard(2, { 'DMCTS-C-SEL-001': 'FAIL' }), shard(3)], { command: [] }).results.summary.outcome).toBe('not-conformant');
    const cut = shard(3, {}, (r) => {
      r.run.complete = false;
      r.run.note = 'the run was stopped by SIGTERM';
    });
    const { results } = mergeShardResults([shard(1), shard(2), cut], { command: [] });
    expect(results.run.complete).toBe(false);
    expect(results.summary.outcome).toBe('not-demonstrated');
    expect(results.run.note).toContain('shard 3/3: the run was stopped by SIGTERM');
  });

  it('refuses a missing shard, naming it; --allow-partial lists its cases as selected and not run', () => {
    expect(problems([shard(1), shard(3)])).toEqual([expect.stringMatching(/^shard 2\/3 missing .*--allow-partial/)]);
    const { results, missing } = mergeShardResults([shard(1), shard(3)], { command: [], allowPartial: true });
    expect(missing).toEqual([2]);
    const sel = results.cases.find((c) => c.id === 'DMCTS-C-SEL-001')!;
    expect(sel.selection).toMatchObject({ status: 'selected', shard: 2 });
    expect(sel.verdict).toBeUndefined();
    expect(results.summary.outcome).toBe('not-demonstrated');
    expect(results.summary.claims.profile.notRun).toBe(1);
    expect(results.run.complete).toBe(false);
    expect(results.run.note).toMatch(/shard 2\/3 missing \(--allow-partial\): 1 selected cases not run/);
  });

  it('refuses a shard given twice', () => {
    expect(problems([shard(1), shard(2), shard(2), shard(3)])).toEqual([expect.stringMatching(/^shard 2\/3 given twice/)]);
  });

  it('refuses results that are no shard', () => {
    expect(problems([shard(1, {}, (r) => delete r.run.shard), shard(2), shard(3)])).toEqual([
      expect.stringMatching(/shard-1\/results.json: not the results of a shard/),
    ]);
  });

  it('refuses shards of different versions, ICS, suites, filters, levels, repeats and counts', () => {
    const odd = (change: (r: Results) => void) => problems([shard(1), shard(2, {}, change), shard(3)]).join('\n');
    expect(odd((r) => (r.dmcts.version = '0.2.0'))).toMatch(/shard-2\/results.json: another dmcts version than shard-1/);
    expect(odd((r) => (r.iuts[0]!.ics = { role: 'client', features: [] }))).toMatch(/another IUTs \(product and ICS of each role\)/);
    expect(odd((r) => r.cases.pop())).toMatch(/another suites/);
    expect(odd((r) => (r.run.filters = { exclude: ['P-GET'] }))).toMatch(/another selection filters/);
    expect(odd((r) => (r.run.level = 'facts'))).toMatch(/another claim level/);
    expect(odd((r) => (r.run.repeat = 2))).toMatch(/another number of attempts/);
    expect(odd((r) => (r.run.shard = { index: 2, count: 4 }))).toMatch(/shards of different splits/);
  });

  it('refuses cases two shards ran, and shards that split the cases differently', () => {
    const both = shard(2, {}, (r) => {
      const c = r.cases.find((x) => x.id === 'DMCTS-C-GET-001')!;
      c.selection = { status: 'selected', why: 'applies', shard: 2 };
      c.verdict = 'PASS';
    });
    const said = problems([shard(1), both, shard(3)]).join('\n');
    expect(said).toMatch(/cases run by more than one shard: DMCTS-C-GET-001 \(shard-1\/results.json and shard-2\/results.json\)/);
    expect(said).toMatch(/split the cases differently \(DMCTS-C-GET-001\)/);
  });

  it('the same members in another order are the same ICS', () => {
    const reordered = shard(2, {}, (r) => (r.iuts[0]!.ics = { features: ['GET'], role: 'client' }));
    expect(problems([shard(1), reordered, shard(3)])).toEqual([]);
  });
});
