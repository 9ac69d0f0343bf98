/**
 * The flags that choose the cases, shared by dmcts run, self-test and list: --role, --requirement,
 * --case, --exclude and --rerun-failed; --shard (and --shard-timing) the share of them one run takes. Their values are checked here where that needs no suite
 * (the role, the --rerun-failed file); against the suites in run-selection.ts (a --case or --exclude
 * that names nothing). Every problem is a usage error: exit 2.
 */
import type { Filters } from '../conformance/selection.ts';
import type { ShardChoice } from '../conformance/run/shard-run.ts';
import { caseDurations } from '../conformance/run/shard-selection.ts';
import { parseShard } from '../conformance/run/shard-split.ts';
import { ConfigError } from '../core/config-error.ts';
import { readResults } from '../report/results-file.ts';
import { rerunFailedCases } from './rerun-failed.ts';
import { UsageError } from './usage-error.ts';

export const SELECTION_OPTIONS = {
  role: { type: 'string' },
  requirement: { type: 'string', multiple: true },
  case: { type: 'string', multiple: true },
  exclude: { type: 'string', multiple: true },
  'rerun-failed': { type: 'string' },
  shard: { type: 'string' },
  'shard-timing': { type: 'string' },
} as const;

export const SELECTION_HELP = `  --role client|server  only cases of this role
  --requirement L       only cases citing this requirement label or rule (repeatable),
                        e.g. --requirement DM-HLF-004 --requirement P-SEL
  --case ID             only this case, or an ID prefix such as DMCTS-C-GET (repeatable)
  --exclude X           leave out a case ID, an ID prefix, or every case citing a requirement
                        label or rule (repeatable): --exclude DMCTS-C-SEC --exclude P-DELEG
  --rerun-failed FILE   only the cases an earlier results.json did not pass: FAIL, ERROR,
                        INCONC and WARN, and selected cases it never reached (not PASS, not
                        N/A: the ICS decides those again)
  --shard I/N           only shard I of N of the selected cases (1 <= I <= N): whole suite files,
                        split alike on every machine; dmcts merge puts the N results together
                        (docs/ci.md); a shard the split leaves no case writes its results, exit 0
  --shard-timing FILE   split the shards by the case durations of an earlier results.json
                        (default: by runs, a case of sessions once per transport); give every
                        shard the same file
`;

export interface SelectionValues {
  role?: string | undefined;
  requirement?: string[] | undefined;
  case?: string[] | undefined;
  exclude?: string[] | undefined;
  'rerun-failed'?: string | undefined;
  shard?: string | undefined;
  'shard-timing'?: string | undefined;
}

export function selectionFilters(values: SelectionValues): Filters {
  if (values.role !== undefined && values.role !== 'client' && values.role !== 'server')
    throw new UsageError(`--role must be client or server, not "${values.role}"`);
  return {
    ...(values.role ? { role: values.role as 'client' | 'server' } : {}),
    ...(values.requirement?.length ? { requirements: values.requirement } : {}),
    ...(values.case?.length ? { cases: values.case } : {}),
    ...(values.exclude?.length ? { exclude: values.exclude } : {}),
    ...(values['rerun-failed'] !== undefined ? { rerunFailed: rerunFailedCases(values['rerun-failed']) } : {}),
  };
}

/** --shard I/N (and --shard-timing FILE): the shard to run, or undefined for the whole selection. */
export function shardChoice(values: SelectionValues): ShardChoice | undefined {
  if (values.shard === undefined) {
    if (values['shard-timing'] !== undefined)
      throw new UsageError('--shard-timing weighs the split of --shard: give --shard I/N too, or leave --shard-timing out');
    return undefined;
  }
  const shard = parseShard(values.shard);
  if (typeof shard === 'string') throw new UsageError(shard);
  const file = values['shard-timing'];
  if (file === undefined) return { shard };
  try {
    return { shard, durations: caseDurations(readResults(file)) };
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`--shard-timing ${file}: ${error.message}`);
    throw error;
  }
}
