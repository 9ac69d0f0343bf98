/** The interop matrix in Markdown: the outcome, one table (scenarios × pairs), then every cell that is not PASS with its reason. Made from the results only. */
import type { InteropResults } from './interop-model.ts';

const cellText = (t: string) => t.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

export function interopMarkdown(results: InteropResults): string {
  const pairs = results.clients.flatMap((c) => results.servers.map((s) => ({ client: c.id, server: s.id })));
  const lines = [
    `# dmcts interop — ${results.outcome}`,
    '',
    `${results.startedAt}, ${results.durationMs} ms, dmcts ${results.tool.version}. ` +
      Object.entries(results.summary)
        .filter(([, n]) => n > 0)
        .map(([v, n]) => `${n} ${v}`)
        .join(', '),
    '',
    `| scenario | ${pairs.map((p) => `${cellText(p.client)} × ${cellText(p.server)}`).join(' | ')} |`,
    `| --- | ${pairs.map(() => '---').join(' | ')} |`,
  ];
  for (const s of results.scenarios) {
    const row = pairs.map((p) => results.cells.find((c) => c.client === p.client && c.server === p.server && c.scenario === s.id)?.verdict ?? '—');
    lines.push(`| ${cellText(s.id)} | ${row.join(' | ')} |`);
  }
  const notPass = results.cells.filter((c) => c.verdict !== 'PASS');
  if (notPass.length > 0) {
    lines.push('', '## Not PASS', '');
    for (const c of notPass)
      lines.push(`- **${c.verdict}** ${cellText(c.scenario)}, ${cellText(c.client)} × ${cellText(c.server)}: ${cellText(c.reason ?? '')}`);
  }
  for (const p of [...results.clients, ...results.servers].filter((x) => x.error)) lines.push(`- ${p.role} ${p.id} did not start: ${cellText(p.error ?? '')}`);
  return `${lines.join('\n')}\n`;
}
