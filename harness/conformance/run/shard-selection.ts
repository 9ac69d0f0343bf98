/**
 * A run's selection cut to one shard (--shard i/n): the selected cases split by suite file
 * (shard-split.ts), the cases of the other shards left out — each saying which shard runs it — and
 * the rest (N/A, filtered) as the whole run has them, so every shard's results.json lists every case
 * and `dmcts merge` can put the shards back together and name what a missing one would have run.
 */
import { relative, sep } from 'node:path';
import type { Results } from '../../report/results-model.ts';
import type { Selection } from '../selection.ts';
import { TRANSPORTS } from '../ics.ts';
import type { CollectedCase, RunSelection } from './run-selection.ts';
import { type Shard, splitIntoShards } from './shard-split.ts';
import { SUITES_ROOT } from './suite-config.ts';

/** A case's recorded duration in ms (a case of sessions: its transports' together), from an earlier results.json. */
export type CaseDurations = ReadonlyMap<string, number>;

export interface ShardedSelection extends RunSelection {
  shard: Shard;
  /** Which shard runs each case the whole run selects. */
  shardOf: Map<string, number>;
  /** The cases the whole run selects (every shard's), in suite order. */
  allSelected: string[];
  /** Suite files with a selected case: this shard's and all shards'. */
  files: { mine: number; all: number };
  /** What weighs the split: the runs of the cases, or durations an earlier run recorded. */
  weighedBy: 'runs' | 'durations';
}

/** The unit a case belongs to: its suite file relative to suites/ with forward slashes (alike on every machine). */
export function shardUnitKey(c: CollectedCase): string {
  if (!c.file) return `case:${c.id}`;
  return relative(SUITES_ROOT, c.file).split(sep).join('/');
}

/** The recorded durations of the cases of an earlier results.json (--shard-timing), those that have one. */
export function caseDurations(results: Results): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of results.cases) {
    const perTransport = (c.transports ?? []).map((t) => t.durationMs).filter((d): d is number => typeof d === 'number');
    const ms = perTransport.length > 0 ? perTransport.reduce((a, b) => a + b, 0) : c.durationMs;
    if (typeof ms === 'number' && Number.isFinite(ms) && ms >= 0) out.set(c.id, ms);
  }
  return out;
}

/** Each case's weight: its runs (a case of sessions once per transport), or its recorded duration (an unrecorded one: its runs at the recorded mean per run). */
function caseWeights(cases: readonly CollectedCase[], durations: CaseDurations | undefined): { weight: Map<string, number>; by: 'runs' | 'durations' } {
  const runs = new Map(cases.map((c) => [c.id, c.perTransport ? TRANSPORTS.length : 1]));
  const known = cases.filter((c) => durations?.has(c.id));
  if (!durations || known.length === 0) return { weight: runs, by: 'runs' };
  const knownMs = known.reduce((n, c) => n + durations.get(c.id)!, 0);
  const knownRuns = known.reduce((n, c) => n + runs.get(c.id)!, 0);
  const perRun = knownMs / knownRuns || 1;
  // Whole milliseconds: the same recorded file gives the same weights on every machine.
  return { weight: new Map(cases.map((c) => [c.id, Math.round(durations.get(c.id) ?? runs.get(c.id)! * perRun)])), by: 'durations' };
}

/** The selection of shard `shard.index` of `shard.count`: the other shards' cases filtered out, naming the shard that runs each. */
export function shardSelection(chosen: RunSelection, shard: Shard, durations?: CaseDurations): ShardedSelection {
  const selectedSet = new Set(chosen.selected);
  const selectedCases = chosen.inRun.filter((c) => selectedSet.has(c.id));
  const { weight, by } = caseWeights(selectedCases, durations);
  const unitWeight = new Map<string, number>();
  for (const c of selectedCases) unitWeight.set(shardUnitKey(c), (unitWeight.get(shardUnitKey(c)) ?? 0) + weight.get(c.id)!);
  const unitShard = splitIntoShards(
    [...unitWeight].map(([key, w]) => ({ key, weight: w })),
    shard.count,
  );
  const shardOf = new Map(selectedCases.map((c) => [c.id, unitShard.get(shardUnitKey(c))!]));
  const selection = chosen.selection.map((s): Selection => {
    const runBy = shardOf.get(s.id);
    if (runBy === undefined || runBy === shard.index) return s;
    return { id: s.id, status: 'filtered', why: `run by shard ${runBy}/${shard.count} (--shard ${runBy}/${shard.count})` };
  });
  const mine = new Set([...unitShard].filter(([, i]) => i === shard.index).map(([key]) => key));
  return {
    inRun: chosen.inRun,
    selection,
    selected: chosen.selected.filter((id) => shardOf.get(id) === shard.index),
    shard,
    shardOf,
    allSelected: [...chosen.selected],
    files: { mine: mine.size, all: unitShard.size },
    weighedBy: by,
  };
}

/** The line a shard's run starts with: what share of the run it takes. */
export function shardHeadline(s: ShardedSelection): string {
  const { index, count } = s.shard;
  return `dmcts: shard ${index}/${count}: ${s.selected.length} of the ${s.allSelected.length} selected cases, ${s.files.mine} of ${s.files.all} suite files (split by ${s.weighedBy === 'runs' ? 'runs per file' : 'recorded durations'}); dmcts merge puts the ${count} shards' results together`;
}
