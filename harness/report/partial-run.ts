/**
 * Whether a run judged part of the suite only, in one sentence every report shows the same way (the
 * terminal summary, summary.md, report.html): a partial run's outcome is about its selected cases,
 * never a claim of conformance to the whole suite.
 */
import type { Results } from './results-model.ts';

/** The flags that narrowed a run (--case, --requirement, --exclude, --rerun-failed, --shard), as a vendor would type them. */
export function narrowingFlags(results: Results): string[] {
  const f = results.run.filters;
  const shard = results.run.shard;
  return [
    ...(shard ? [`--shard ${shard.index}/${shard.count} (merge the ${shard.count} shards with dmcts merge)`] : []),
    ...(f.cases ?? []).map((c) => `--case ${c}`),
    ...(f.requirements ?? []).map((r) => `--requirement ${r}`),
    ...(f.exclude ?? []).map((x) => `--exclude ${x}`),
    ...(f.rerunFailed ? [`--rerun-failed ${f.rerunFailed.file} (${f.rerunFailed.ids.length} cases not PASS there)`] : []),
  ];
}

/** The sentence saying a run was partial and what narrowed it; undefined for a run of every case the ICS makes applicable. */
export function partialRun(results: Results): string | undefined {
  const parts = narrowingFlags(results);
  if (parts.length === 0) return undefined;
  const selected = results.cases.filter((c) => c.selection.status === 'selected').length;
  const applicable = results.cases.filter((c) => c.selection.status !== 'not-applicable' && !c.selection.why.startsWith('the IUT is a ')).length;
  return `partial run: ${selected} of the ${applicable} cases of the suite selected (${parts.join(', ')}); the outcome is about these cases only, not a claim of conformance to the whole suite`;
}
