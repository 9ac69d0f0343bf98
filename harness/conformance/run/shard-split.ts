/**
 * --shard i/n: the selected cases of a run split into n shards, by suite file (a file is what a test
 * worker is handed: its cases share the IUT's state and run in order, so they never leave one shard).
 * Each shard gets whole files, the heaviest first onto the lightest shard (longest processing time
 * first), their weight the runs they hold (a case of sessions once per transport) or the durations an
 * earlier run recorded. The split depends only on the files' names and weights: every machine of a
 * CI matrix computes the same one, whatever order its disk lists the files in and however fast it is.
 */

/** Shard `index` (1-based) of `count`. */
export interface Shard {
  index: number;
  count: number;
}

/** The most shards a run may be cut into. */
export const MAX_SHARDS = 256;

/** A unit of the split: a suite file (named relative to suites/, so alike on every machine) and its weight. */
export interface ShardUnit {
  key: string;
  weight: number;
}

/** Parses `i/n`; a string naming the problem and its fix when it is not a shard of a valid count. */
export function parseShard(value: string): Shard | string {
  const m = /^\s*(\d{1,6})\s*\/\s*(\d{1,6})\s*$/.exec(value);
  if (!m)
    return `--shard ${value}: give the shard as I/N, two whole numbers with 1 <= I <= N — e.g. --shard 1/4, --shard 2/4, --shard 3/4 and --shard 4/4 for a run cut in four`;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (count < 1) return `--shard ${value}: a run cannot be cut into 0 shards; give N from 1 to ${MAX_SHARDS}`;
  if (count > MAX_SHARDS) return `--shard ${value}: at most ${MAX_SHARDS} shards; give N from 1 to ${MAX_SHARDS}`;
  if (index < 1) return `--shard ${value}: shards are numbered from 1: give --shard 1/${count} to --shard ${count}/${count}`;
  if (index > count)
    return `--shard ${value}: there are only ${count} shard${count === 1 ? '' : 's'}: give I from 1 to ${count} (--shard ${count}/${count} is the last)`;
  return { index, count };
}

/** Heaviest first; equal weights by name, compared as code units (no locale), so every machine sorts alike. */
function heaviestFirst(a: ShardUnit, b: ShardUnit): number {
  if (a.weight !== b.weight) return b.weight - a.weight;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Which shard (1..count) each unit goes to: the units, heaviest first, each onto the shard with the
 * least weight so far (the lowest index among equals). The largest shard then outweighs the smallest
 * by at most the heaviest unit. The same key given twice is one unit (their weights add up).
 */
export function splitIntoShards(units: readonly ShardUnit[], count: number): Map<string, number> {
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`shard count must be a whole number >= 1, not ${count}`);
  const merged = new Map<string, number>();
  for (const u of units) merged.set(u.key, (merged.get(u.key) ?? 0) + Math.max(0, Number.isFinite(u.weight) ? u.weight : 0));
  const sorted = [...merged].map(([key, weight]) => ({ key, weight })).sort(heaviestFirst);
  const load = new Array<number>(count).fill(0);
  const shardOf = new Map<string, number>();
  for (const u of sorted) {
    let lightest = 0;
    for (let i = 1; i < count; i++) if (load[i]! < load[lightest]!) lightest = i;
    load[lightest]! += u.weight;
    shardOf.set(u.key, lightest + 1);
  }
  return shardOf;
}
