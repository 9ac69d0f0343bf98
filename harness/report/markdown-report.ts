/**
 * A Markdown summary of a run, fit for a CI job summary ($GITHUB_STEP_SUMMARY, a merge request
 * note): the verdict and IUTs, totals, every case that did not pass with its reason, requirement
 * coverage. Text from results.json is escaped (no stray table cells, links, images or HTML), and
 * long lists are cut so the summary stays well under GitHub's 1 MiB limit.
 */
import { VERDICTS } from '../core/verdict.ts';
import { transportLine } from './transport-view.ts';
import { byUrgency, firstLine, formatMs } from './report-order.ts';
import { headline } from './outcome-headline.ts';
import { partialRun } from './partial-run.ts';
import { requirementCoverage, type CoverageRow } from './requirement-coverage.ts';
import type { CaseResult, Results } from './results-model.ts';

/** At most this many rows per case table; the rest are counted and left to report.html. */
const MAX_ROWS = 150;
const MAX_REASON = 300;

/** Plain text for a Markdown table cell: no line breaks, no HTML, no Markdown syntax. */
export function mdText(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}

function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')}\``;
}

function caseRows(cases: readonly CaseResult[], withReason: boolean): string[] {
  const shown = cases.slice(0, MAX_ROWS);
  const rows = shown.map((c) => {
    const refs = [...c.labels, ...c.rules].map(mdText).join(', ');
    // A case of sessions: its verdict over each transport beside its overall one.
    const runs = transportLine(c);
    const cells = [`**${c.verdict ?? ''}**${runs ? ` (${mdText(runs)})` : ''}`, `${code(c.id)} ${mdText(c.title)}`, c.level, refs];
    if (withReason) cells.push(mdText(firstLine(c.reason, MAX_REASON)));
    return `| ${cells.join(' | ')} |`;
  });
  if (cases.length > shown.length) rows.push(`| | … and ${cases.length - shown.length} more (see report.html) | | |${withReason ? ' |' : ''}`);
  return rows;
}

function coverageTable(rows: readonly CoverageRow[], name: string): string[] {
  const head = `| ${name} | ${VERDICTS.join(' | ')} |`;
  const rule = `| --- | ${VERDICTS.map(() => '---:').join(' | ')} |`;
  return [
    head,
    rule,
    ...rows.map(
      (r) =>
        `| ${mdText(r.ref)}${r.uncovered ? ` (not demonstrated: ${mdText(r.uncovered)})` : ''} | ${VERDICTS.map((v) => (r.counts[v] ? String(r.counts[v]) : '·')).join(' | ')} |`,
    ),
  ];
}

export function renderMarkdown(results: Results): string {
  const s = results.summary;
  const run = results.run;
  const lines: string[] = [];
  const head = headline(results);
  lines.push(
    `## dmcts conformance: ${head.outcome === 'conformant' ? head.title : `**${head.title}**`}${run.complete ? '' : ' — **the run did not complete**'}`,
  );
  lines.push('', ...head.claims.map((c) => `- ${mdText(c.line)}`));
  lines.push('');
  if (results.iuts.length > 0) {
    lines.push('| IUT role | product | version | vendor |', '| --- | --- | --- | --- |');
    for (const i of results.iuts) lines.push(`| ${i.role} | ${mdText(i.product.name)} | ${mdText(i.product.version)} | ${mdText(i.product.vendor ?? '')} |`);
    lines.push('');
  }
  const took = run.finishedAt ? Date.parse(run.finishedAt) - Date.parse(run.startedAt) : NaN;
  lines.push(
    `dmcts ${mdText(results.dmcts.version)} · run ${code(run.id)} · ${mdText(run.startedAt)}${Number.isFinite(took) && took >= 0 ? ` (${formatMs(took)})` : ''} · seed ${code(String(run.seed))}`,
  );
  const partial = partialRun(results);
  if (partial) lines.push('', `> **${mdText(partial)}**`);
  if (run.note) lines.push('', `> ${mdText(run.note)}`);
  lines.push('');
  const notRun = results.cases.filter((c) => !c.verdict).length;
  lines.push(`${s.executed} executed of ${s.total} cases${notRun ? ` (${notRun} not run: filtered out or not reached)` : ''}.`, '');
  lines.push(`| ${VERDICTS.join(' | ')} |`, `| ${VERDICTS.map(() => '---:').join(' | ')} |`, `| ${VERDICTS.map((v) => s.byVerdict[v]).join(' | ')} |`);

  const sorted = [...results.cases].sort(byUrgency);
  const notPass = sorted.filter((c) => c.verdict && c.verdict !== 'PASS' && c.verdict !== 'N/A');
  if (notPass.length > 0) {
    lines.push(
      '',
      `### Cases that did not pass (${notPass.length})`,
      '',
      '| verdict | case | level | requirements | reason |',
      '| --- | --- | --- | --- | --- |',
      ...caseRows(notPass, true),
    );
  }
  const na = sorted.filter((c) => c.verdict === 'N/A');
  if (na.length > 0) {
    lines.push(
      '',
      `<details><summary>Not applicable (${na.length})</summary>`,
      '',
      '| verdict | case | level | requirements | reason |',
      '| --- | --- | --- | --- | --- |',
      ...caseRows(na, true),
      '',
      '</details>',
    );
  }

  const coverage = requirementCoverage(results.cases);
  const labels = coverage.filter((r) => r.kind === 'label');
  const rules = coverage.filter((r) => r.kind === 'rule');
  if (labels.length > 0) lines.push('', `### Requirement coverage (${labels.length} labels)`, '', ...coverageTable(labels, 'requirement'));
  if (rules.length > 0) lines.push('', `<details><summary>Profile rules (${rules.length})</summary>`, '', ...coverageTable(rules, 'rule'), '', '</details>');
  lines.push('');
  return `${lines.join('\n')}\n`;
}
