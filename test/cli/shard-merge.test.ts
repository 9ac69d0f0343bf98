/**
 * A run spread over machines: self-test --shard 1/2 and --shard 2/2 of a small selection (cases of
 * five suite files, a case of sessions among them), their results merged by dmcts merge, equal to a
 * run of the whole selection — the same cases, the same verdicts per case and transport. And what
 * goes wrong said clearly: a bad --shard (exit 2), a missing shard (exit 2, or 3 with
 * --allow-partial), a shard left without a case (its results.json all the same, exit 0).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Results } from '../../harness/report/results-model.ts';
import { dmcts, dmctsHere } from './dmcts-process.ts';

const CASES = ['DMCTS-C-GET-001', 'DMCTS-C-GET-002', 'DMCTS-C-SEL-001', 'DMCTS-C-SESSION-001', 'DMCTS-S-ALERT-001', 'DMCTS-S-ERR-001'];
const SELECT = [...CASES.flatMap((c) => ['--case', c]), '--seed', '7', '--quiet'];

const read = (dir: string) => JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as Results;
/** What must be alike, durations aside: each case, its selection status, verdict, and verdict per transport. */
const verdicts = (r: Results) =>
  r.cases.map((c) => ({
    id: c.id,
    status: c.selection.status,
    verdict: c.verdict,
    transports: (c.transports ?? []).map((t) => `${t.transport} ${t.verdict}`),
  }));

describe('dmcts self-test --shard and dmcts merge', () => {
  const root = mkdtempSync(join(tmpdir(), 'dmcts-shard-merge-'));
  const dir = (name: string) => join(root, name);

  beforeAll(async () => {
    // The whole selection and its two shards at once (each with its own reference peers).
    const ran = await Promise.all([
      dmcts(['self-test', ...SELECT, '--parallel', '1', '--out', dir('whole')], { timeoutMs: 90_000 }),
      dmcts(['self-test', ...SELECT, '--parallel', '1', '--shard', '1/2', '--out', dir('s1')], { timeoutMs: 90_000 }),
      dmcts(['self-test', ...SELECT, '--parallel', '1', '--shard', '2/2', '--out', dir('s2')], { timeoutMs: 90_000 }),
    ]);
    for (const r of ran) expect(r.code, r.out + r.err.slice(-2000)).toBe(0);
  }, 100_000);

  it('each shard runs whole files of its own, says which shard it is, and lists the others cases with their shard', () => {
    const [one, two] = [read(dir('s1')), read(dir('s2'))];
    expect(one.run.shard).toEqual({ index: 1, count: 2 });
    expect(two.run.shard).toEqual({ index: 2, count: 2 });
    const ran = (r: Results) => r.cases.filter((c) => c.selection.status === 'selected').map((c) => c.id);
    expect([...ran(one), ...ran(two)].sort()).toEqual([...CASES].sort());
    expect(ran(one).filter((id) => ran(two).includes(id))).toEqual([]);
    // Both GET cases share get.test.ts: one shard.
    expect(ran(one).includes('DMCTS-C-GET-001')).toBe(ran(one).includes('DMCTS-C-GET-002'));
    for (const r of [one, two]) {
      expect(r.run.filters.cases).toEqual(CASES);
      for (const c of r.cases.filter((x) => CASES.includes(x.id))) expect(c.selection.shard).toBe(ran(one).includes(c.id) ? 1 : 2);
    }
  });

  it('merged, the shards are the whole run: the same cases and verdicts, per transport too, and every report', async () => {
    const merged = await dmctsHere(['merge', dir('merged'), dir('s1'), join(dir('s2'), 'results.json'), '--quiet']);
    expect(merged.code, merged.err).toBe(0);
    const [whole, m] = [read(dir('whole')), read(dir('merged'))];
    expect(verdicts(m)).toEqual(verdicts(whole));
    expect(m.summary.outcome).toBe(whole.summary.outcome);
    expect(m.summary.byVerdict).toEqual(whole.summary.byVerdict);
    expect(m.run.complete).toBe(true);
    expect(m.run.shard).toBeUndefined();
    expect(m.cases.find((c) => c.id === 'DMCTS-C-GET-001')?.transports?.map((t) => t.transport)).toEqual(['http', 'ws']);
    for (const f of ['report.html', 'junit.xml', 'summary.md', 'trace.har', 'allure-results']) expect(existsSync(join(dir('merged'), f)), f).toBe(true);
  });

  it('a missing shard is refused naming it; --allow-partial merges with its cases not run, exit 3', async () => {
    const refused = await dmctsHere(['merge', dir('partial'), dir('s2')]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/shard 1\/2 missing .*--allow-partial/);
    expect(existsSync(join(dir('partial'), 'results.json'))).toBe(false);
    const partial = await dmctsHere(['merge', dir('partial'), dir('s2'), '--allow-partial', '--json']);
    expect(partial.code).toBe(3);
    expect(JSON.parse(partial.out)).toMatchObject({ exitCode: 3, outcome: 'not-demonstrated', complete: false });
    const notRun = read(dir('partial')).cases.filter((c) => c.selection.status === 'selected' && !c.verdict);
    expect(notRun.map((c) => c.id).sort()).toEqual(
      read(dir('s1'))
        .cases.filter((c) => c.selection.status === 'selected')
        .map((c) => c.id)
        .sort(),
    );
  });

  it('a shard and a whole run, or a shard given twice, are refused (exit 2)', async () => {
    const whole = await dmctsHere(['merge', dir('bad'), dir('whole'), dir('s1')]);
    expect(whole.code).toBe(2);
    expect(whole.err).toMatch(/not the results of a shard/);
    const twice = await dmctsHere(['merge', dir('bad'), dir('s1'), dir('s1'), dir('s2')]);
    expect(twice.code).toBe(2);
    expect(twice.err).toMatch(/shard 1\/2 given twice/);
    const usage = await dmctsHere(['merge', dir('bad')]);
    expect(usage.code).toBe(2);
    expect(usage.err).toMatch(/give the output folder and each shard results.json/);
  });

  it('a bad --shard is a usage error naming the fix (exit 2)', async () => {
    for (const [value, said] of [
      ['3/2', /only 2 shards: give I from 1 to 2/],
      ['0/2', /numbered from 1: give --shard 1\/2 to --shard 2\/2/],
      ['a/b', /give the shard as I\/N/],
    ] as const) {
      const r = await dmctsHere(['self-test', '--shard', value, '--dry-run']);
      expect(r.code, value).toBe(2);
      expect(r.err).toMatch(said);
    }
    const timing = await dmctsHere(['run', '--ics', 'x', '--ixit', 'y', '--shard-timing', 'z.json']);
    expect(timing.code).toBe(2);
    expect(timing.err).toMatch(/--shard-timing weighs the split of --shard: give --shard I\/N too/);
  });

  it('a shard the split leaves without a case writes its results.json all the same, exit 0', async () => {
    const r = await dmctsHere(['self-test', '--case', 'DMCTS-C-SEL-001', '--shard', '2/2', '--quiet', '--out', dir('empty')]);
    expect(r.code, r.err).toBe(0);
    const results = read(dir('empty'));
    expect(results.run.shard).toEqual({ index: 2, count: 2 });
    expect(results.run.note).toMatch(/shard 2\/2 has none of the 1 selected cases/);
    expect(results.cases.find((c) => c.id === 'DMCTS-C-SEL-001')?.selection).toMatchObject({ status: 'filtered', shard: 1 });
  });

  it('list --shard and --dry-run show what a shard would run', async () => {
    const dry = await dmctsHere(['self-test', ...CASES.flatMap((c) => ['--case', c]), '--shard', '1/2', '--dry-run', '--json']);
    expect(dry.code).toBe(0);
    const selected = (JSON.parse(dry.out) as { cases: Array<{ id: string; status: string }> }).cases.filter((c) => c.status === 'selected').map((c) => c.id);
    expect(selected).toEqual(
      read(dir('s1'))
        .cases.filter((c) => c.selection.status === 'selected')
        .map((c) => c.id),
    );
    // Split by the durations of the whole run instead: every case is still in one shard of the two.
    // One after the other: dmctsHere captures this process's output.
    const timed = [];
    for (const s of ['1/2', '2/2'])
      timed.push(
        await dmctsHere([
          'self-test',
          ...CASES.flatMap((c) => ['--case', c]),
          '--shard',
          s,
          '--shard-timing',
          join(dir('whole'), 'results.json'),
          '--dry-run',
          '--json',
        ]),
      );
    const timedIds = timed.flatMap((r) =>
      (JSON.parse(r.out) as { cases: Array<{ id: string; status: string }> }).cases.filter((c) => c.status === 'selected').map((c) => c.id),
    );
    expect(timedIds.sort()).toEqual([...CASES].sort());
    const badTiming = await dmctsHere(['self-test', '--shard', '1/2', '--shard-timing', join(root, 'none.json'), '--dry-run']);
    expect(badTiming.code).toBe(2);
    expect(badTiming.err).toMatch(/--shard-timing .*none\.json/);
    // dmcts run splits as self-test does: the same IDs for a client ICS.
    const run = await dmctsHere([
      'run',
      '--ics',
      'docs/examples/client.ics.json',
      '--ixit',
      'docs/examples/client.process.ixit.json',
      '--shard',
      '2/3',
      '--dry-run',
      '--json',
    ]);
    const listedRun = await dmctsHere(['list', '--ics', 'docs/examples/client.ics.json', '--shard', '2/3', '--json']);
    const runIds = (JSON.parse(run.out) as { cases: Array<{ id: string; status: string }> }).cases.filter((c) => c.status === 'selected').map((c) => c.id);
    expect(runIds.length).toBeGreaterThan(0);
    expect((JSON.parse(listedRun.out) as Array<{ id: string }>).map((c) => c.id)).toEqual(runIds);
    const listed = await dmctsHere(['list', ...CASES.flatMap((c) => ['--case', c]), '--shard', '1/2', '--json']);
    expect(listed.code).toBe(0);
    expect((JSON.parse(listed.out) as Array<{ id: string }>).map((c) => c.id).sort()).toEqual([...selected].sort());
  });
});
