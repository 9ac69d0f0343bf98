/**
 * --dry-run: what a run with this ICS, IXIT and these flags would do, case by case — selected, N/A
 * (with the ICS item that decides it) or filtered out, each with why — and nothing run: no IUT
 * started, nothing written. Exit 0, even when nothing would be selected (the line says a run would
 * then exit 2).
 */
import type { RunSelection } from '../conformance/run/run-selection.ts';

const TAG = { selected: 'selected', 'not-applicable': 'N/A', filtered: 'filtered' } as const;

export function printDryRun(chosen: RunSelection, json: boolean, out: NodeJS.WritableStream = process.stdout): number {
  const counts = { selected: 0, 'not-applicable': 0, filtered: 0 };
  for (const s of chosen.selection) counts[s.status] += 1;
  if (json) {
    out.write(`${JSON.stringify({ dryRun: true, counts, cases: chosen.selection }, null, 2)}\n`);
    return 0;
  }
  for (const s of chosen.selection) {
    const item = s.status === 'not-applicable' ? ` (${s.icsItem})` : '';
    out.write(`${TAG[s.status].padEnd(9)} ${s.id.padEnd(19)} ${s.why}${item}\n`);
  }
  out.write(
    `${chosen.selection.length} cases: ${counts.selected} selected, ${counts['not-applicable']} N/A, ${counts.filtered} filtered out; nothing was run (--dry-run)${counts.selected === 0 ? ' — a run would select no case and exit 2' : ''}\n`,
  );
  return 0;
}
