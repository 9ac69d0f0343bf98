/** `dmcts diff` for a terminal: the two runs, then regressions, fixes, new, gone, other changed cases and reason changes, one line each (reasons indented). */
import { firstLine } from './report-order.ts';
import type { ResultsDiff, RunSide, VerdictChange } from './results-diff.ts';

function describe(name: string, file: string, s: RunSide): string {
  return `${name} ${file}: run ${s.runId} (dmcts ${s.dmcts}${s.complete ? '' : ', incomplete'}) — ${s.iuts.join(', ') || 'no IUT'}`;
}

function line(c: VerdictChange, showReason: boolean): string {
  const arrow = `${c.before ?? 'new'} -> ${c.after ?? 'gone'}`;
  const main = `  ${c.id.padEnd(19)} ${arrow.padEnd(17)} ${c.title}`;
  // "not in the suite of that run" is what new and gone usually mean: only other notes are worth a line.
  const note = c.note && !c.note.endsWith('not in the suite of that run') ? c.note : '';
  const extra = [
    note ? `      ${note}` : '',
    showReason && c.beforeReason !== undefined ? `      was: ${firstLine(c.beforeReason, 300)}` : '',
    showReason && c.reason ? `      ${c.beforeReason !== undefined ? 'now: ' : ''}${firstLine(c.reason, 300)}` : '',
  ].filter(Boolean);
  return [main, ...extra].join('\n');
}

function section(title: string, list: readonly VerdictChange[], showReason: boolean): string[] {
  if (list.length === 0) return [];
  return [`${title} (${list.length}):`, ...list.map((c) => line(c, showReason)), ''];
}

export function renderDiffText(diff: ResultsDiff, files: { before: string; after: string }): string {
  const out = [
    describe('old', files.before, diff.before),
    describe('new', files.after, diff.after),
    '',
    ...section('REGRESSIONS', diff.regressions, true),
    ...section('fixes', diff.fixes, false),
    ...section('new cases', diff.added, false),
    ...section('gone cases', diff.removed, false),
    ...section('other changes', diff.changed, true),
    ...section('same verdict, another reason', diff.reasonChanges, true),
  ];
  const counts = `${diff.regressions.length} regression${diff.regressions.length === 1 ? '' : 's'}, ${diff.fixes.length} fixed, ${diff.added.length} new, ${diff.removed.length} gone, ${diff.changed.length} other change${diff.changed.length === 1 ? '' : 's'}, ${diff.reasonChanges.length} reason change${diff.reasonChanges.length === 1 ? '' : 's'}`;
  const warnings = [
    ...(diff.after.complete ? [] : ['note: the new run did not complete; cases it did not reach are listed as gone']),
    ...(diff.before.iuts.join() !== diff.after.iuts.join() ? ['note: the runs are of different IUTs or versions'] : []),
  ];
  out.push(...warnings, counts);
  return `${out.join('\n')}\n`;
}
