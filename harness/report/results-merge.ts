/**
 * The results.json of n shards of one run (--shard i/n) put back together: the one results.json a
 * run of the whole selection would have written, each selected case with the verdict its shard gave
 * it, judged by the same rules (results-model.ts summarize). Shards that do not belong together are
 * refused, each problem named with its fix: different dmcts versions, suites, IUTs, ICS, levels or
 * filters; a shard given twice; cases two shards both ran or split differently; a missing shard
 * (unless allowed: its cases are then selected and not run, and the run is not demonstrated).
 */
import { randomBytes } from 'node:crypto';
import { summarize, type CaseResult, type Results } from './results-model.ts';

export interface ShardInput {
  /** Where the results.json was read from (named in problems). */
  file: string;
  results: Results;
}

export interface MergeOptions {
  /** Merge even when shards are missing: their cases are listed as selected and not run. */
  allowPartial?: boolean;
  /** The command line of the merge, for the report. */
  command: string[];
}

export interface Merged {
  results: Results;
  /** The shard indexes no results.json was given for (only with allowPartial). */
  missing: number[];
}

/** Merging failed: every reason, each naming its fix. */
export class MergeError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'MergeError';
  }
}

/** JSON with object keys sorted: two values alike whatever order their members were written in. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** What every shard of one run must share, each part with the name used when they differ and its fix. */
const SHARED: Array<{ what: string; of: (r: Results) => unknown }> = [
  { what: 'results format', of: (r) => r.format },
  { what: 'dmcts version', of: (r) => r.dmcts.version },
  { what: 'IUTs (product and ICS of each role)', of: (r) => r.iuts.map((i) => ({ role: i.role, product: i.product, ics: i.ics })) },
  { what: 'suites (the case IDs)', of: (r) => r.cases.map((c) => c.id).sort() },
  { what: 'selection filters', of: (r) => r.run.filters },
  { what: 'claim level (--level)', of: (r) => r.run.level },
  { what: 'number of attempts (--repeat)', of: (r) => r.run.repeat ?? 1 },
];

const shardName = (s: { index: number; count: number }) => `shard ${s.index}/${s.count}`;

function sameRunProblems(inputs: readonly ShardInput[]): string[] {
  const problems: string[] = [];
  const first = inputs[0]!;
  for (const { what, of } of SHARED) {
    const want = canonical(of(first.results));
    const odd = inputs.filter((i) => canonical(of(i.results)) !== want);
    if (odd.length > 0)
      problems.push(
        `${odd.map((i) => i.file).join(', ')}: another ${what} than ${first.file}: these are not shards of one run; run every shard with the same dmcts, ICS and flags but --shard`,
      );
  }
  return problems;
}

/** Which shard runs each selected case, as every shard agrees; problems where they disagree or two ran a case. */
function splitProblems(inputs: readonly ShardInput[]): { shardOf: Map<string, number>; problems: string[] } {
  const shardOf = new Map<string, number>();
  const problems: string[] = [];
  const disagree: string[] = [];
  const ranBy = new Map<string, string>();
  const overlap: string[] = [];
  for (const { file, results } of inputs) {
    const index = results.run.shard!.index;
    for (const c of results.cases) {
      const s = c.selection.shard;
      if (s !== undefined) {
        const before = shardOf.get(c.id);
        if (before === undefined) shardOf.set(c.id, s);
        else if (before !== s) disagree.push(c.id);
      }
      if (c.selection.status === 'selected') {
        const other = ranBy.get(c.id);
        if (other) overlap.push(`${c.id} (${other} and ${file})`);
        else ranBy.set(c.id, file);
        if (s !== undefined && s !== index) disagree.push(c.id);
      }
    }
  }
  const few = (ids: string[]) => {
    const unique = [...new Set(ids)];
    return unique.length <= 5 ? unique.join(', ') : `${unique.slice(0, 5).join(', ')} and ${unique.length - 5} more`;
  };
  if (overlap.length > 0) problems.push(`cases run by more than one shard: ${few(overlap)}; give each shard's results.json once, of shards of one split`);
  if (disagree.length > 0)
    problems.push(
      `the shards split the cases differently (${few(disagree)}): run every shard with the same dmcts, suites, ICS, selection flags and --shard-timing file`,
    );
  return { shardOf, problems };
}

/** The results of the shards of one run as one, or a MergeError naming every problem. */
export function mergeShardResults(inputs: readonly ShardInput[], options: MergeOptions): Merged {
  if (inputs.length === 0)
    throw new MergeError(['no shard results given: name each shard results.json (dmcts merge OUT_DIR a/results.json b/results.json ...)']);
  const notShards = inputs.filter((i) => !i.results.run.shard);
  if (notShards.length > 0)
    throw new MergeError(
      notShards.map(
        (i) => `${i.file}: not the results of a shard (no run.shard): only the results of runs with --shard I/N are merged; that one is a whole run already`,
      ),
    );
  const problems = sameRunProblems(inputs);
  const count = inputs[0]!.results.run.shard!.count;
  const counts = new Set(inputs.map((i) => i.results.run.shard!.count));
  if (counts.size > 1)
    problems.push(
      `shards of different splits: ${inputs.map((i) => `${i.file} is ${shardName(i.results.run.shard!)}`).join(', ')}; merge the shards of one --shard I/N split (the same N)`,
    );
  const byIndex = new Map<number, ShardInput>();
  for (const input of inputs) {
    const twice = byIndex.get(input.results.run.shard!.index);
    if (twice) problems.push(`${shardName(input.results.run.shard!)} given twice (${twice.file} and ${input.file}): give each shard's results.json once`);
    else byIndex.set(input.results.run.shard!.index, input);
  }
  const split = splitProblems([...byIndex.values()]);
  problems.push(...split.problems);
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((i) => !byIndex.has(i));
  if (missing.length > 0 && !options.allowPartial && problems.length === 0) {
    const ids = [...split.shardOf].filter(([, s]) => missing.includes(s)).length;
    problems.push(
      `${missing.map((i) => `shard ${i}/${count}`).join(', ')} missing (its ${ids} selected case${ids === 1 ? '' : 's'} not run): give the results.json of every shard 1/${count} to ${count}/${count}, or --allow-partial to merge these with those cases as not run (exit 3: not demonstrated)`,
    );
  }
  if (problems.length > 0) throw new MergeError(problems);
  return { results: assemble(byIndex, split.shardOf, missing, options.command), missing };
}

function assemble(byIndex: ReadonlyMap<number, ShardInput>, shardOf: ReadonlyMap<string, number>, missing: readonly number[], command: string[]): Results {
  const sorted = [...byIndex.values()].sort((a, b) => a.results.run.shard!.index - b.results.run.shard!.index);
  const first = sorted[0]!.results;
  const count = first.run.shard!.count;
  const rowOf = new Map(sorted.map(({ results }) => [results.run.shard!.index, new Map(results.cases.map((c) => [c.id, c]))]));
  const cases: CaseResult[] = first.cases.map((row) => {
    const s = shardOf.get(row.id);
    if (s === undefined) return row;
    const ran = rowOf.get(s)?.get(row.id);
    if (ran) return ran;
    // Its shard is missing: selected, not run.
    const { verdict: _v, reason: _r, icsItems: _i, ...rest } = row;
    return { ...rest, selection: { status: 'selected', why: `its shard ${s}/${count} was not merged (--allow-partial): not run`, shard: s } };
  });
  const complete = missing.length === 0 && sorted.every(({ results }) => results.run.complete);
  const notes = [
    ...sorted.filter(({ results }) => results.run.note).map(({ results }) => `shard ${results.run.shard!.index}/${count}: ${results.run.note}`),
    ...(missing.length > 0
      ? [
          `${missing.map((i) => `shard ${i}/${count}`).join(', ')} missing (--allow-partial): ${cases.filter((c) => c.selection.status === 'selected' && !c.verdict && missing.includes(c.selection.shard ?? 0)).length} selected cases not run`,
        ]
      : []),
  ];
  const stopped = sorted.find(({ results }) => results.run.stoppedBy)?.results;
  const startedAt = sorted.map(({ results }) => results.run.startedAt).sort()[0]!;
  const finished = sorted
    .map(({ results }) => results.run.finishedAt)
    .filter((f): f is string => f !== undefined)
    .sort();
  const parallel = Math.max(...sorted.map(({ results }) => results.run.parallel ?? 1));
  const results: Results = {
    format: first.format,
    dmcts: first.dmcts,
    run: {
      id: `merged-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`,
      startedAt,
      ...(finished.length > 0 ? { finishedAt: finished[finished.length - 1]! } : {}),
      complete,
      ...(notes.length > 0 ? { note: notes.join('; ') } : {}),
      // Each case keeps the seed it ran with; the run's is the first shard's.
      seed: first.run.seed,
      command,
      filters: first.run.filters,
      ...(first.run.repeat ? { repeat: first.run.repeat } : {}),
      level: first.run.level,
      ...(parallel > 1 ? { parallel } : {}),
      ...(stopped?.run.stoppedBy
        ? { stoppedBy: { kind: stopped.run.stoppedBy.kind, detail: `shard ${stopped.run.shard!.index}/${count}: ${stopped.run.stoppedBy.detail}` } }
        : {}),
    },
    environment: first.environment,
    iuts: first.iuts,
    summary: summarize(cases, complete, first.run.level),
    cases,
  };
  return results;
}
