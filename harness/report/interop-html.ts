/**
 * The interop matrix as one self-contained HTML page, after the QUIC interop runner: clients as
 * rows, servers as columns, each cell a row of scenario badges coloured by verdict; a badge opens
 * that cell's evidence (its checks, the reason, the exchange the recording proxy saw, the
 * upper-tester calls, how the pair was set up) — CSS :target, no script. Made from the results only.
 */
import { esc, escText } from './html-escape.ts';
import { INTEROP_VERDICTS, type InteropCell, type InteropResults } from './interop-model.ts';

const COLOURS: Record<string, string> = {
  PASS: '#2e7d32',
  FAIL: '#c62828',
  WARN: '#ef6c00',
  INCONC: '#6d4c41',
  'N/A': '#9e9e9e',
  ERROR: '#6a1b9a',
};

const cls = (v: string) => `v-${v === 'N/A' ? 'na' : v.toLowerCase()}`;

function cellId(index: number): string {
  return `cell-${index}`;
}

function evidence(c: InteropCell, index: number, title: string): string {
  const checks = c.checks.map((k) => `<li class="${k.ok ? 'ok' : 'bad'}">${k.ok ? '✔' : '✘'} ${escText(k.text)}</li>`).join('');
  const exchanges = c.evidence.exchanges
    .map(
      (e) =>
        `<details><summary><code>+${e.t} ms</code> <b>${escText(e.hop)}</b> ${escText(e.summary)}</summary>${e.detail ? `<pre>${escText(e.detail)}</pre>` : ''}</details>`,
    )
    .join('');
  const ut = c.evidence.ut
    .map(
      (u) =>
        `<details><summary><code>+${u.t} ms</code> ${esc(u.who ?? u.side)} <b>${escText(u.method)}</b>${u.error ? ` <span class="bad">${escText(u.error)}</span>` : ''}</summary><pre>${escText(JSON.stringify({ params: u.params, result: u.result }, null, 1))}</pre></details>`,
    )
    .join('');
  return `<section class="evidence" id="${cellId(index)}"><a class="close" href="#">close ✕</a>
<h2><span class="badge ${cls(c.verdict)}">${esc(c.verdict)}</span> ${escText(title)}: ${escText(c.client)} × ${escText(c.server)}</h2>
${c.reason ? `<p class="reason">${escText(c.reason)}</p>` : ''}
<h3>Checks</h3><ul class="checks">${checks || '<li>none</li>'}</ul>
<h3>Exchange (${c.evidence.exchanges.length})</h3>${exchanges || '<p>nothing recorded</p>'}
<h3>Upper testers (${c.evidence.ut.length})</h3>${ut || '<p>no calls</p>'}
<h3>Setup</h3><ul>${c.evidence.notes.map((n) => `<li>${escText(n)}</li>`).join('')}</ul>
<p class="muted">${c.durationMs} ms</p></section>`;
}

export function interopHtml(results: InteropResults): string {
  const title = new Map(results.scenarios.map((s) => [s.id, s.title]));
  const index = new Map(results.cells.map((c, i) => [c, i]));
  const header = results.servers.map((s) => `<th>${escText(s.id)}<div class="muted">${escText(`${s.product.name} ${s.product.version}`)}</div></th>`).join('');
  const rows = results.clients
    .map((client) => {
      const tds = results.servers
        .map((server) => {
          const badges = results.cells
            .filter((c) => c.client === client.id && c.server === server.id)
            .map(
              (c) =>
                `<a class="badge ${cls(c.verdict)}" href="#${cellId(index.get(c)!)}" title="${esc(`${title.get(c.scenario) ?? c.scenario}: ${c.verdict}${c.reason ? ` — ${c.reason}` : ''}`)}">${escText(c.scenario)}</a>`,
            )
            .join(' ');
          return `<td>${badges}</td>`;
        })
        .join('');
      return `<tr><th>${escText(client.id)}<div class="muted">${escText(`${client.product.name} ${client.product.version}`)}</div></th>${tds}</tr>`;
    })
    .join('\n');
  const legend = INTEROP_VERDICTS.map((v) => `<span class="badge ${cls(v)}">${esc(v)} ${results.summary[v]}</span>`).join(' ');
  const scenarios = results.scenarios
    .map(
      (s) =>
        `<tr><td><code>${escText(s.id)}</code></td><td>${escText(s.title)}</td><td>${escText(s.description)}</td><td>${escText(s.rules.join(', '))}</td></tr>`,
    )
    .join('');
  const failed = [...results.clients, ...results.servers]
    .filter((p) => p.error)
    .map((p) => `<li><b>${escText(p.id)}</b> did not start: ${escText(p.error)}</li>`)
    .join('');
  const css = `body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.4em;vertical-align:top;text-align:left}
.badge{display:inline-block;color:#fff;border-radius:3px;padding:1px 5px;margin:1px;font-size:12px;text-decoration:none}
${Object.entries(COLOURS)
  .map(([v, c]) => `.${cls(v)}{background:${c}}`)
  .join('')}
.muted{color:#777;font-size:12px}.evidence{display:none;position:fixed;inset:3% 5%;overflow:auto;background:#fff;border:2px solid #444;padding:1em 1.5em;box-shadow:0 0 40px #0006}
.evidence:target{display:block}.close{float:right}pre{background:#f5f5f5;padding:.5em;white-space:pre-wrap;word-break:break-all;max-height:30em;overflow:auto}
.ok{color:#2e7d32}.bad{color:#c62828}.checks{list-style:none;padding-left:.5em}.reason{font-weight:bold}`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>dmcts interop</title><style>${css}</style></head><body>
<h1>dmcts interop — ${escText(results.outcome)}</h1>
<p class="muted">${escText(results.startedAt)} · ${results.durationMs} ms · dmcts ${escText(results.tool.version)} · rows: clients, columns: servers; a badge opens its evidence</p>
<p>${legend}</p>${failed ? `<ul>${failed}</ul>` : ''}
<table><tr><th>client \\ server</th>${header}</tr>
${rows}</table>
<h2>Scenarios</h2><table><tr><th>ID</th><th>Title</th><th>What it checks</th><th>Rules</th></tr>${scenarios}</table>
${results.cells.map((c, i) => evidence(c, i, title.get(c.scenario) ?? c.scenario)).join('\n')}
</body></html>
`;
}
