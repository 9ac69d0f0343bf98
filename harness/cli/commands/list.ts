/** `dmcts list`: the cases and what they check, as a table or JSON; chosen by the same flags as dmcts run. */
import { collectCases } from '../../conformance/run/collect-cases.ts';
import { filterProblems } from '../../conformance/run/run-selection.ts';
import { loadIcs } from '../../conformance/ics.ts';
import { filteredOut, selectCases } from '../../conformance/selection.ts';
import { ConfigError } from '../../core/config-error.ts';
import { parseOptions } from '../parse-options.ts';
import { casesMarkdown } from '../../conformance/cases-markdown.ts';
import { SELECTION_HELP, SELECTION_OPTIONS, selectionFilters, shardChoice } from '../selection-options.ts';
import { shardHeadline, shardSelection } from '../../conformance/run/shard-selection.ts';
import { UsageError } from '../usage-error.ts';

export const LIST_HELP = `dmcts list — the conformance cases and the requirements they check

Usage: dmcts list [--ics FILE] [--role client|server] [--requirement L] [--case ID] [--exclude X]
                  [--rerun-failed FILE] [--shard I/N] [--json | --markdown]

The cases are chosen as dmcts run chooses them:
  --ics FILE            only the cases a run with this ICS would select: its role, and not the
                        ones it makes N/A (counted at the end; dmcts run --dry-run says why)
${SELECTION_HELP}                        (list --shard I/N shows the cases that shard runs: with --ics, as dmcts run
                        --shard I/N with that ICS and these flags splits them)
  --json                the cases as JSON
  --markdown            the catalogue of cases by requirement label and by rule (docs/cases.md is this)

Exit: 0 cases listed, 2 a bad flag or file, a --case or --exclude naming no case, or no case chosen.
`;

export async function listCommand(args: string[]): Promise<number> {
  const { values } = parseOptions('list', args, {
    ics: { type: 'string' },
    ...SELECTION_OPTIONS,
    json: { type: 'boolean', default: false },
    markdown: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(LIST_HELP);
    return 0;
  }
  if (values.json && values.markdown) throw new UsageError('--json and --markdown: give one');
  const filters = selectionFilters(values);
  const shard = shardChoice(values);
  let ics: ReturnType<typeof loadIcs> | undefined;
  try {
    if (values.ics) ics = loadIcs(values.ics);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
  const { cases } = await collectCases();
  const problems = filterProblems(cases, filters);
  if (problems.length > 0) throw new ConfigError(problems);
  let notApplicable = 0;
  const kept = cases.filter((meta) => {
    if (!ics) return filteredOut(meta, filters) === undefined;
    const status = selectCases([meta], ics, filters)[0]!.status;
    if (status === 'not-applicable') notApplicable += 1;
    return status === 'selected';
  });
  // --shard: the share of the kept cases that shard takes, split as a run splits its selection.
  const sharded = shard ? shardSelection({ inRun: kept, selection: [], selected: kept.map((c) => c.id) }, shard.shard, shard.durations) : undefined;
  const shown = sharded ? kept.filter((c) => sharded.selected.includes(c.id)) : kept;
  if (sharded && !values.json && !values.markdown) process.stderr.write(`${shardHeadline(sharded).replace(/^dmcts: /, '')}\n`);
  if (shown.length === 0) {
    if (sharded && kept.length > 0) {
      process.stderr.write(
        `dmcts list: shard ${shard!.shard.index}/${shard!.shard.count} gets none of the ${kept.length} cases (their ${sharded.files.all} suite files go to the other shards)\n`,
      );
      return 0;
    }
    process.stderr.write(
      `dmcts list: no case matches${values.ics ? ` what ${values.ics} claims and` : ''} these flags (dmcts run --dry-run shows why each case is left out)\n`,
    );
    return 2;
  }
  if (values.markdown) {
    process.stdout.write(casesMarkdown(shown));
    return 0;
  }
  if (values.json) {
    process.stdout.write(
      `${JSON.stringify(
        shown.map(({ file: _file, ...meta }) => meta),
        null,
        2,
      )}\n`,
    );
    return 0;
  }
  for (const c of shown) {
    process.stdout.write(
      `${c.id.padEnd(19)} ${c.level.padEnd(6)} ${[...c.labels, ...c.rules].join(',').padEnd(34)} ${c.title}${c.features?.length || c.needs ? `  [needs ${[...(c.features ?? []), ...Object.entries(c.needs ?? {}).map(([k, v]) => `${k} >= ${v}`)].join(', ')}]` : ''}\n`,
    );
  }
  process.stdout.write(`${shown.length} cases${notApplicable ? ` (and ${notApplicable} the ICS makes N/A, not shown)` : ''}\n`);
  return 0;
}
