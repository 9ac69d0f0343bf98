/**
 * The requirement x verdict matrix of the HTML report: a row per label and rule of the catalogue, a
 * count per verdict, each count filtering the case list to its cases; a row without cases says so.
 * The page folds it (one line saying how much is demonstrated and how much fails) above the cases.
 */
import { esc, filterHref } from './html-escape.ts';
import { VERDICT_COLUMNS } from './report-order.ts';
import type { CoverageRow } from './requirement-coverage.ts';

function rowClass(row: CoverageRow): string {
  if (row.counts.FAIL + row.counts.ERROR > 0) return 'bad';
  if (row.counts.WARN + row.counts.INCONC > 0) return 'meh';
  if (row.counts.PASS > 0) return 'good';
  return 'na';
}

export function renderMatrix(rows: readonly CoverageRow[]): string {
  if (rows.length === 0) return '<p class="none">No case with a verdict cites a requirement.</p>';
  const head = `<tr><th scope="col">requirement / rule</th>${VERDICT_COLUMNS.map((v) => `<th scope="col" class="v-${esc(v.replace('/', ''))}">${esc(v)}</th>`).join('')}<th scope="col">cases</th></tr>`;
  const body = rows.map((row) => {
    const cells = VERDICT_COLUMNS.map((v) => {
      const n = row.counts[v];
      if (n === 0) return '<td class="n0">·</td>';
      const ids = row.cases[v];
      const title = ids.length <= 30 ? ids.join(', ') : `${ids.slice(0, 30).join(', ')} and ${ids.length - 30} more`;
      return `<td><a href="${filterHref({ req: row.ref, verdict: v })}" title="${esc(title)}">${n}</a></td>`;
    });
    if (row.uncovered)
      return `<tr class="none"><th scope="row">${esc(row.ref)} <span class="kind">${row.kind}</span></th><td colspan="${VERDICT_COLUMNS.length + 1}" class="uncovered">not demonstrated: ${esc(row.uncovered)}</td></tr>`;
    return `<tr class="${rowClass(row)}"><th scope="row"><a href="${filterHref({ req: row.ref })}">${esc(row.ref)}</a> <span class="kind">${row.kind}</span></th>${cells.join('')}<td>${row.total}</td></tr>`;
  });
  return `<table class="matrix"><thead>${head}</thead><tbody>${body.join('')}</tbody></table>`;
}

/** The matrix in one line: how many labels and rules the run demonstrated, and how many have a FAIL or ERROR. */
export function matrixSummary(rows: readonly CoverageRow[]): string {
  const part = (kind: CoverageRow['kind'], name: string) => {
    const all = rows.filter((r) => r.kind === kind);
    const shown = all.filter((r) => !r.uncovered);
    const bad = shown.filter((r) => r.counts.FAIL + r.counts.ERROR > 0).length;
    return `${shown.length} of ${all.length} ${name} with a verdict${bad ? `, ${bad} with a FAIL or ERROR` : ''}`;
  };
  return `${part('label', 'requirement labels')}; ${part('rule', 'rules')}`;
}
