/** A Markdown summary of a run, fit for a CI job summary: totals, non-PASS cases with reasons, requirement coverage. */
import type { Results } from './results-model.ts';

function esc(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

export function renderMarkdown(results: Results): string {
  const s = results.summary;
  const lines: string[] = [];
  const iut = results.iuts.map((i) => `${i.product.name} ${i.product.version} (${i.role})`).join(', ');
  lines.push(`## dmcts ${results.dmcts.version}: ${s.conformant ? 'conformant' : 'NOT conformant'} — ${iut}`);
  lines.push('');
  lines.push(`${s.executed} cases executed of ${s.total} declared${results.run.complete ? '' : ' — **the run did not complete**'}${results.run.note ? ` (${results.run.note})` : ''}.`);
  lines.push('');
  lines.push('| PASS | FAIL | WARN | INCONC | N/A | ERROR |');
  lines.push('| ---: | ---: | ---: | ---: | ---: | ---: |');
  lines.push(`| ${s.byVerdict.PASS} | ${s.byVerdict.FAIL} | ${s.byVerdict.WARN} | ${s.byVerdict.INCONC} | ${s.byVerdict['N/A']} | ${s.byVerdict.ERROR} |`);
  const notPass = results.cases.filter((c) => c.verdict && c.verdict !== 'PASS' && c.verdict !== 'N/A');
  if (notPass.length > 0) {
    lines.push('', '### Cases that did not pass', '', '| verdict | case | level | requirements | reason |', '| --- | --- | --- | --- | --- |');
    const order = ['ERROR', 'FAIL', 'WARN', 'INCONC'];
    notPass.sort((a, b) => order.indexOf(a.verdict!) - order.indexOf(b.verdict!) || a.id.localeCompare(b.id));
    for (const c of notPass) {
      lines.push(`| ${c.verdict} | ${c.id} ${esc(c.title)} | ${c.level} | ${[...c.labels, ...c.rules].join(', ')} | ${esc((c.reason ?? '').slice(0, 240))} |`);
    }
  }
  const byLabel = new Map<string, { pass: number; fail: number; other: number }>();
  for (const c of results.cases) {
    if (!c.verdict || c.verdict === 'N/A') continue;
    for (const label of c.labels) {
      const row = byLabel.get(label) ?? { pass: 0, fail: 0, other: 0 };
      if (c.verdict === 'PASS') row.pass += 1;
      else if (c.verdict === 'FAIL' || c.verdict === 'ERROR') row.fail += 1;
      else row.other += 1;
      byLabel.set(label, row);
    }
  }
  if (byLabel.size > 0) {
    lines.push('', '### Requirements', '', '| requirement | pass | fail/error | other |', '| --- | ---: | ---: | ---: |');
    for (const [label, r] of [...byLabel].sort((a, b) => a[0].localeCompare(b[0]))) lines.push(`| ${label} | ${r.pass} | ${r.fail} | ${r.other} |`);
  }
  lines.push('');
  return `${lines.join('\n')}\n`;
}
