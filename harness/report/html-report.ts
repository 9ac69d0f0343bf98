/**
 * One self-contained HTML page of a run (nothing fetched, no external resource): the IUTs and the run,
 * the verdict totals, the requirement x verdict matrix folded into one line, and every case —
 * filterable by verdict, role, level, requirement and free text, cases ending alike folded into one
 * row with a count — each opening on its requirement, selection, verdict reason, seed, steps, notes,
 * decoded wire trace and IUT log. Every value is escaped, and a Content-Security-Policy allows only
 * the page's own inline style and script (by hash).
 */
import { VERDICTS } from '../core/verdict.ts';
import { REPORT_CSP, REPORT_CSS, REPORT_JS } from './html-assets.ts';
import { verdictClass } from './html-case.ts';
import { renderCaseList } from './html-case-groups.ts';
import { esc, filterHref } from './html-escape.ts';
import { matrixSummary, renderMatrix } from './html-matrix.ts';
import { traceBudget, type TraceBudget } from './html-trace.ts';
import { formatMs } from './report-order.ts';
import { narrowingFlags, partialRun } from './partial-run.ts';
import { requirementCoverage } from './requirement-coverage.ts';
import type { Results } from './results-model.ts';
import { headline } from './outcome-headline.ts';

export interface HtmlOptions {
  /** Limits on trace detail, to keep the page small (defaults: about 4.5 MB of trace at most, bodies cut at 20,000 characters). */
  budget?: Partial<TraceBudget>;
}

function runDuration(results: Results): string {
  const { startedAt, finishedAt } = results.run;
  if (!finishedAt) return '';
  const ms = Date.parse(finishedAt) - Date.parse(startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ` (${formatMs(ms)})` : '';
}

function header(results: Results): string {
  const s = results.summary;
  const run = results.run;
  const iuts = results.iuts.map((i) => {
    const p = i.product;
    const file = i.icsFile ? ` <span class="none">ICS ${esc(i.icsFile)}</span>` : '';
    return `<tr><th scope="row">IUT (${esc(i.role)})</th><td><b>${esc(p.name)}</b> ${esc(p.version)}${p.vendor ? ` — ${esc(p.vendor)}` : ''}${file}</td></tr>`;
  });
  const filters = [
    ...(run.filters.role ? [`--role ${run.filters.role}`] : []),
    ...narrowingFlags(results),
    ...(run.repeat && run.repeat > 1 ? [`--repeat ${run.repeat}`] : []),
  ];
  const partial = partialRun(results);
  const env = results.environment;
  const rows = [
    ...iuts,
    `<tr><th scope="row">dmcts</th><td>${esc(results.dmcts.version)}</td></tr>`,
    `<tr><th scope="row">run</th><td><code>${esc(run.id)}</code> — ${esc(run.startedAt)}${run.finishedAt ? ` to ${esc(run.finishedAt)}` : ''}${esc(runDuration(results))}</td></tr>`,
    `<tr><th scope="row">complete</th><td>${run.complete ? 'yes' : '<b>no</b> — some selected cases have no verdict'}</td></tr>`,
    ...(run.note ? [`<tr><th scope="row">note</th><td>${esc(run.note)}</td></tr>`] : []),
    `<tr><th scope="row">seed</th><td><code>${esc(run.seed)}</code> (replay with <code>--seed ${esc(run.seed)}</code>)</td></tr>`,
    `<tr><th scope="row">command</th><td><code>${esc(run.command.join(' '))}</code></td></tr>`,
    ...(filters.length ? [`<tr><th scope="row">filters</th><td><code>${esc(filters.join(' '))}</code></td></tr>`] : []),
    ...(partial ? [`<tr><th scope="row">partial</th><td><b>${esc(partial)}</b></td></tr>`] : []),
    `<tr><th scope="row">environment</th><td>Node.js ${esc(env.node)}, ${esc(env.platform)} ${esc(env.arch)}, ${esc(env.cpus)} CPUs</td></tr>`,
  ];
  const notRun = results.cases.filter((c) => !c.verdict).length;
  const totals = [
    ...VERDICTS.map((v) => `<a class="${verdictClass(v)}" href="${filterHref({ verdict: v })}"><b>${s.byVerdict[v]}</b>${esc(v)}</a>`),
    `<a class="v-none" href="${filterHref({ verdict: 'none' })}"><b>${notRun}</b>not run</a>`,
  ];
  const head = headline(results);
  const badgeClass = { conformant: 'ok', 'not-conformant': 'ko', 'not-demonstrated': 'incomplete' } as const;
  const badges = `<span class="badge ${badgeClass[head.outcome]}">${esc(head.title.toUpperCase())}</span>${run.complete ? '' : '<span class="badge incomplete">INCOMPLETE RUN</span>'}`;
  const claims = `<ul class="claims">${head.claims.map((c) => `<li class="claim-${c.outcome}">${esc(c.line)}</li>`).join('')}</ul>`;
  return `<header><h1>dmcts conformance report</h1><p>${badges} ${s.executed} of ${s.total} cases executed.</p>${claims}<table class="meta"><tbody>${rows.join('')}</tbody></table><div class="totals">${totals.join('')}</div></header>`;
}

function filterForm(results: Results, refs: readonly string[]): string {
  const boxes = [...VERDICTS, 'none'].map(
    (v) => `<label><input type="checkbox" name="verdict" value="${esc(v)}"${v === 'none' ? '' : ' checked'}> ${esc(v === 'none' ? 'not run' : v)}</label>`,
  );
  const option = (value: string, label = value) => `<option value="${esc(value)}">${esc(label)}</option>`;
  const roles = [...new Set(results.cases.map((c) => c.role))].sort();
  return `<form id="filters" hidden>
<fieldset><legend>verdict</legend>${boxes.join('')}</fieldset>
<label>role <select name="role">${option('', 'any')}${roles.map((r) => option(r)).join('')}</select></label>
<label>level <select name="level">${option('', 'any')}${['MUST', 'SHOULD', 'MAY'].map((l) => option(l)).join('')}</select></label>
<label>requirement <select name="req">${option('', 'any')}${refs.map((r) => option(r)).join('')}</select></label>
<label>text <input type="search" name="q" placeholder="ID, title, reason, trace…"></label>
<button type="reset">clear</button>
<span><b id="shown">${results.cases.length}</b> shown</span>
</form>`;
}

export function renderHtml(results: Results, options: HtmlOptions = {}): string {
  const budget = traceBudget(options.budget);
  const coverage = requirementCoverage(results.cases);
  const refs = [...new Set(results.cases.flatMap((c) => [...c.labels, ...c.rules]))].sort(new Intl.Collator('en', { numeric: true }).compare);
  const product = results.iuts.map((i) => `${i.product.name} ${i.product.version}`).join(' + ') || 'no IUT';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${esc(REPORT_CSP)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="dmcts ${esc(results.dmcts.version)}">
<title>${esc(`dmcts: ${product} — ${headline(results).title}`)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
${header(results)}
<details id="requirements" class="fold"><summary><h2>Requirements × verdicts</h2> <span class="none">${esc(matrixSummary(coverage))} — open the matrix</span></summary>
<p class="none">Every requirement label and rule of the catalogue, with the verdicts of the cases citing it; a count lists its cases. A row without any case says so: that requirement is not demonstrated by this run.</p>
${renderMatrix(coverage)}
</details>
<section id="cases"><h2>Cases</h2>
${filterForm(results, refs)}
${renderCaseList(results.cases, budget, results.run.complete ? undefined : (results.run.note ?? 'the run ended early'))}
</section>
<footer>Made by dmcts ${esc(results.dmcts.version)} from results.json (format ${esc(results.format)}); results.json is the source of truth.</footer>
<script>${REPORT_JS}</script>
</body>
</html>
`;
}
