/**
 * --shard i/n: the split of a run's suite files into n shards. Every file in exactly one shard, the
 * same split whatever order the files come in, shards balanced to within the heaviest file; and the
 * selection of one shard: the other shards' cases filtered out, naming the shard that runs each.
 */
import fc from 'fast-check';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CollectedCase, RunSelection } from '../../../harness/conformance/run/run-selection.ts';
import { caseDurations, shardSelection } from '../../../harness/conformance/run/shard-selection.ts';
import { MAX_SHARDS, parseShard, type ShardUnit, splitIntoShards } from '../../../harness/conformance/run/shard-split.ts';
import { SUITES_ROOT } from '../../../harness/conformance/run/suite-config.ts';
import type { Results } from '../../../harness/report/results-model.ts';

const loads = (units: readonly ShardUnit[], shardOf: Map<string, number>, count: number) => {
  const load = new Array<number>(count).fill(0);
  for (const u of units) load[shardOf.get(u.key)! - 1]! += u.weight;
  return load;
};

const unitsArb = fc.uniqueArray(fc.record({ key: fc.stringMatching(/^[a-z]{1,6}(\/[a-z]{1,6})?\.test\.ts$/), weight: fc.integer({ min: 0, max: 500 }) }), {
  selector: (u) => u.key,
  maxLength: 60,
});

describe('parseShard', () => {
  it('takes I/N with 1 <= I <= N', () => {
    expect(parseShard('1/2')).toEqual({ index: 1, count: 2 });
    expect(parseShard('2/2')).toEqual({ index: 2, count: 2 });
    expect(parseShard('1/1')).toEqual({ index: 1, count: 1 });
    expect(parseShard(`${MAX_SHARDS}/${MAX_SHARDS}`)).toEqual({ index: MAX_SHARDS, count: MAX_SHARDS });
  });

  it('names the problem and the fix of a bad value', () => {
    expect(parseShard('3/2')).toMatch(/only 2 shards: give I from 1 to 2 \(--shard 2\/2 is the last\)/);
    expect(parseShard('0/2')).toMatch(/numbered from 1: give --shard 1\/2 to --shard 2\/2/);
    expect(parseShard('a/b')).toMatch(/give the shard as I\/N/);
    expect(parseShard('1/0')).toMatch(/cannot be cut into 0 shards/);
    expect(parseShard('2')).toMatch(/give the shard as I\/N/);
    expect(parseShard('1.5/2')).toMatch(/give the shard as I\/N/);
    expect(parseShard(`1/${MAX_SHARDS + 1}`)).toMatch(new RegExp(`at most ${MAX_SHARDS} shards`));
  });
});

describe('splitIntoShards', () => {
  it('puts the heaviest files first onto the lightest shard', () => {
    const units = [
      { key: 'a.test.ts', weight: 5 },
      { key: 'b.test.ts', weight: 4 },
      { key: 'c.test.ts', weight: 3 },
      { key: 'd.test.ts', weight: 3 },
      { key: 'e.test.ts', weight: 1 },
    ];
    const shardOf = splitIntoShards(units, 2);
    // 5 -> 1; 4 -> 2; 3 (c) -> 2 (4 < 5); 3 (d) -> 1 (5 < 7); 1 -> 2 (7 < 8).
    expect(Object.fromEntries(shardOf)).toEqual({ 'a.test.ts': 1, 'b.test.ts': 2, 'c.test.ts': 2, 'd.test.ts': 1, 'e.test.ts': 2 });
    expect(loads(units, shardOf, 2)).toEqual([8, 8]);
  });

  it('more shards than files leaves the last shards empty', () => {
    const shardOf = splitIntoShards([{ key: 'x', weight: 1 }], 3);
    expect([...shardOf.values()]).toEqual([1]);
  });

  it('every file in exactly one shard of 1..n, whatever the files and n', () => {
    fc.assert(
      fc.property(unitsArb, fc.integer({ min: 1, max: 12 }), (units, count) => {
        const shardOf = splitIntoShards(units, count);
        expect([...shardOf.keys()].sort()).toEqual(units.map((u) => u.key).sort());
        for (const s of shardOf.values()) expect(s >= 1 && s <= count && Number.isInteger(s)).toBe(true);
      }),
    );
  });

  it('the same split whatever order the files are listed in (no dependence on directory order)', () => {
    fc.assert(
      fc.property(
        unitsArb.chain((units) => fc.tuple(fc.constant(units), fc.shuffledSubarray(units, { minLength: units.length, maxLength: units.length }))),
        fc.integer({ min: 1, max: 8 }),
        ([units, shuffled], count) => {
          expect(splitIntoShards(shuffled, count)).toEqual(splitIntoShards(units, count));
        },
      ),
    );
  });

  it('balanced: the heaviest shard outweighs the lightest by at most the heaviest file', () => {
    fc.assert(
      fc.property(unitsArb, fc.integer({ min: 1, max: 8 }), (units, count) => {
        const load = loads(units, splitIntoShards(units, count), count);
        const heaviest = Math.max(0, ...units.map((u) => u.weight));
        expect(Math.max(...load) - Math.min(...load)).toBeLessThanOrEqual(heaviest);
      }),
    );
  });

  it('n equal files over n shards: one each', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 20 }), (n) => {
        const units = Array.from({ length: n }, (_, i) => ({ key: `f${i}.test.ts`, weight: 3 }));
        expect(new Set(splitIntoShards(units, n).values()).size).toBe(n);
      }),
    );
  });
});

/** A case of a suite file; `perTransport` makes it two runs. */
const meta = (id: string, file: string, perTransport = false): CollectedCase =>
  ({ id, file: join(SUITES_ROOT, file), role: id.startsWith('DMCTS-C') ? 'client' : 'server', ...(perTransport ? { perTransport } : {}) }) as CollectedCase;

function chosen(cases: CollectedCase[], na: string[] = []): RunSelection {
  return {
    inRun: cases,
    selection: cases.map((c) =>
      na.includes(c.id)
        ? { id: c.id, status: 'not-applicable' as const, why: 'the ICS does not claim X', icsItem: 'features.X' }
        : { id: c.id, status: 'selected' as const, why: 'applies' },
    ),
    selected: cases.filter((c) => !na.includes(c.id)).map((c) => c.id),
  };
}

describe('shardSelection', () => {
  const cases = [
    meta('DMCTS-C-GET-001', 'client/get.test.ts', true),
    meta('DMCTS-C-GET-002', 'client/get.test.ts', true),
    meta('DMCTS-C-SEL-001', 'client/sel.test.ts'),
    meta('DMCTS-C-SEL-002', 'client/sel.test.ts'),
    meta('DMCTS-C-SEL-003', 'client/sel.test.ts'),
    meta('DMCTS-S-ERR-001', 'server/err.test.ts'),
    meta('DMCTS-C-FEAT-001', 'client/feat.test.ts'),
  ];

  it('never splits a file, and the shards together select every case once', () => {
    const all = chosen(cases, ['DMCTS-C-FEAT-001']);
    const shards = [1, 2, 3].map((index) => shardSelection(all, { index, count: 3 }));
    const selected = shards.flatMap((s) => s.selected);
    expect(selected.sort()).toEqual([...all.selected].sort());
    // Each file's selected cases all in one shard.
    for (const file of new Set(cases.map((c) => c.file))) {
      const ids = cases.filter((c) => c.file === file && all.selected.includes(c.id)).map((c) => c.id);
      const holders = shards.filter((s) => ids.some((id) => s.selected.includes(id)));
      expect(holders.length).toBe(ids.length > 0 ? 1 : 0);
      for (const id of ids) expect(holders[0]!.selected).toContain(id);
    }
  });

  it('weighs a case of sessions twice: get.test.ts (4 runs) alone, the rest (4 runs) together', () => {
    const all = chosen(cases, ['DMCTS-C-FEAT-001']);
    const [one, two] = [1, 2].map((index) => shardSelection(all, { index, count: 2 }));
    expect(one!.selected).toEqual(['DMCTS-C-GET-001', 'DMCTS-C-GET-002']);
    expect(two!.selected).toEqual(['DMCTS-C-SEL-001', 'DMCTS-C-SEL-002', 'DMCTS-C-SEL-003', 'DMCTS-S-ERR-001']);
    expect(one!.files).toEqual({ mine: 1, all: 3 });
    expect(one!.weighedBy).toBe('runs');
  });

  it('filters out the other shards cases naming the shard, and keeps the N/A ones as they are', () => {
    const s = shardSelection(chosen(cases, ['DMCTS-C-FEAT-001']), { index: 1, count: 2 });
    expect(s.selection.find((x) => x.id === 'DMCTS-S-ERR-001')).toEqual({ id: 'DMCTS-S-ERR-001', status: 'filtered', why: 'run by shard 2/2 (--shard 2/2)' });
    expect(s.selection.find((x) => x.id === 'DMCTS-C-FEAT-001')?.status).toBe('not-applicable');
    expect(s.shardOf.get('DMCTS-S-ERR-001')).toBe(2);
    expect(s.shardOf.has('DMCTS-C-FEAT-001')).toBe(false);
  });

  it('recorded durations weigh the split instead of runs', () => {
    const durations = new Map([
      ['DMCTS-C-GET-001', 100],
      ['DMCTS-C-GET-002', 100],
      ['DMCTS-C-SEL-001', 5000],
      ['DMCTS-S-ERR-001', 100],
    ]);
    const s = shardSelection(chosen(cases, ['DMCTS-C-FEAT-001']), { index: 1, count: 2 }, durations);
    expect(s.weighedBy).toBe('durations');
    // sel.test.ts (over 5 s) alone; the other two files together.
    expect(s.selected).toEqual(['DMCTS-C-SEL-001', 'DMCTS-C-SEL-002', 'DMCTS-C-SEL-003']);
  });

  it('takes the durations of a results.json, a case of sessions as its transports together', () => {
    const results = {
      cases: [
        {
          id: 'A',
          durationMs: 70,
          transports: [
            { transport: 'http', verdict: 'PASS', durationMs: 30 },
            { transport: 'ws', verdict: 'PASS', durationMs: 40 },
          ],
        },
        { id: 'B', durationMs: 12 },
        { id: 'C' },
      ],
    } as unknown as Results;
    expect(Object.fromEntries(caseDurations(results))).toEqual({ A: 70, B: 12 });
  });
});
