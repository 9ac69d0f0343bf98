/** One case in the HTML report: a summary line (verdict, ID, title, reason) that opens on everything results.json holds about it. */
import { caseAnchor, esc, escText, filterHref } from './html-escape.ts';
import { renderTrace, type TraceBudget } from './html-trace.ts';
import { firstLine, formatMs } from './report-order.ts';
import type { CaseResult } from './results-model.ts';

const MAX_LOG_LINE = 2_000;

export function verdictClass(verdict: string | undefined): string {
  return verdict ? `v-${verdict.replace(/[^A-Za-z]/g, '')}` : 'v-none';
}

function refLinks(refs: readonly string[]): string {
  if (refs.length === 0) return '<span class="none">none</span>';
  return refs.map((r) => `<a href="${filterHref({ req: r })}">${esc(r)}</a>`).join(' ');
}

function fact(name: string, valueHtml: string): string {
  return `<dt>${esc(name)}</dt><dd>${valueHtml}</dd>`;
}

function selectionText(c: CaseResult): string {
  const s = c.selection;
  return `${esc(s.status)} — ${esc(s.why)}${s.icsItem ? ` (ICS item <code>${esc(s.icsItem)}</code>)` : ''}`;
}

function steps(c: CaseResult): string {
  const list = c.evidence?.steps ?? [];
  if (list.length === 0) return '';
  return `<h4>Steps</h4><ol class="steps">${list.map((s) => `<li><span class="t">+${esc(Math.round(s.t))} ms</span> ${esc(s.name)}</li>`).join('')}</ol>`;
}

function notes(c: CaseResult): string {
  const list = c.evidence?.notes ?? [];
  if (list.length === 0) return '';
  return `<h4>Notes</h4><ul class="notes">${list.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>`;
}

function iutLog(c: CaseResult): string {
  const lines = c.iutLog ?? [];
  if (lines.length === 0) return '';
  const text = lines.map((l) => (l.length > MAX_LOG_LINE ? `${l.slice(0, MAX_LOG_LINE)}… (${l.length - MAX_LOG_LINE} more characters)` : l)).join('\n');
  return `<h4>IUT log (${lines.length} lines)</h4><pre class="log">${escText(text)}</pre>`;
}

function trace(c: CaseResult, budget: TraceBudget): string {
  if (!c.evidence) return '';
  const n = c.evidence.wire.length;
  const toggle = n > 0 ? ' <button type="button" class="expand" data-expand="1">open all messages</button>' : '';
  return `<h4>Wire trace (${n} message${n === 1 ? '' : 's'})${toggle}</h4>${renderTrace(c.evidence, budget)}`;
}

export interface CaseRenderOptions {
  /** The ID of the group the case is folded in: its row leaves out the reason the group's row shows. */
  group?: string;
  /** Why the run ended before its end (an incomplete run): the reason of a selected case without a verdict. */
  notReached?: string;
}

/**
 * What a case's row says after its verdict: its reason; for a selected case without a verdict, that
 * the run did not reach it and why; for a case not selected, why not (a filter, the ICS).
 */
export function caseReason(c: CaseResult, notReached?: string): string | undefined {
  if (c.verdict) return c.reason;
  if (c.selection.status === 'selected') return `not reached: ${notReached ?? 'no verdict was recorded for it'}`;
  return c.selection.why;
}

/** " http PASS · ws FAIL" after a case's title when it ran once per transport. */
function runsLine(c: CaseResult): string {
  if (!c.transports?.length) return '';
  return ` <span class="transports">${c.transports.map((t) => `${esc(t.transport)} <span class="v ${verdictClass(t.verdict)}">${esc(t.verdict)}</span>`).join(' · ')}</span>`;
}

/** A case's `<details>`. */
export function renderCase(c: CaseResult, budget: TraceBudget, options: CaseRenderOptions = {}): string {
  const { group } = options;
  const verdict = c.verdict ?? 'not run';
  const refs = [...c.labels, ...c.rules];
  const reason = caseReason(c, options.notReached);
  const facts = [
    fact(
      'verdict',
      `<span class="v ${verdictClass(c.verdict)}">${esc(verdict)}</span>${c.basis ? ` <span class="basis">${c.basis === 'K' ? 'rests on DM 2.0 public facts (K)' : 'rests on a dmcts profile choice (P, ours)'}</span>` : ''}${reason ? `<pre class="reason">${escText(reason)}</pre>` : ''}`,
    ),
    ...(c.facts
      ? [
          fact(
            'public facts',
            `<span class="v ${verdictClass(c.facts.verdict)}">${esc(c.facts.verdict)}</span>${c.facts.reason && c.facts.reason !== reason ? ` ${esc(c.facts.reason)}` : ''}`,
          ),
        ]
      : []),
    ...(c.transports?.length
      ? [
          fact(
            'transports',
            c.transports
              .map(
                (t) =>
                  `<div class="transport">${esc(t.transport)} <span class="v ${verdictClass(t.verdict)}">${esc(t.verdict)}</span>${t.durationMs !== undefined ? ` · ${esc(formatMs(t.durationMs))}` : ''}${t.reason ? ` ${esc(firstLine(t.reason))}` : ''}</div>`,
              )
              .join(''),
          ),
        ]
      : []),
    ...(c.checks ? [fact('checks', `${esc(c.checks.K)} on public facts (K), ${esc(c.checks.P)} on the dmcts profile (P)`)] : []),
    fact('requirement labels', refLinks(c.labels)),
    fact('rules', refLinks(c.rules)),
    fact('level', esc(c.level)),
    fact('role', `the IUT is a ${esc(c.role)} · area ${esc(c.area)}`),
    fact('ICS features', c.features.length ? c.features.map((f) => `<code>${esc(f)}</code>`).join(' ') : '<span class="none">none</span>'),
    fact('selection', selectionText(c)),
    ...(c.icsItems?.length ? [fact('ICS items used', c.icsItems.map((i) => `<code>${esc(i)}</code>`).join(' '))] : []),
    ...(c.seed !== undefined ? [fact('seed', `<code>${esc(c.seed)}</code>`)] : []),
    ...(c.startedAt ? [fact('started', `${esc(c.startedAt)}${c.durationMs !== undefined ? ` · took ${esc(formatMs(c.durationMs))}` : ''}`)] : []),
    ...(c.step ? [fact('last step', esc(c.step))] : []),
  ];
  const attrs = `id="${esc(caseAnchor(c.id))}" class="case ${verdictClass(c.verdict)}" data-verdict="${esc(c.verdict ?? 'none')}" data-role="${esc(c.role)}" data-level="${esc(c.level)}" data-refs="${esc(JSON.stringify(refs))}"${group ? ` data-group="${esc(group)}"` : ''}`;
  const summary = `<summary><span class="v ${verdictClass(c.verdict)}">${esc(verdict)}</span> <code class="id">${esc(c.id)}</code> <span class="title">${esc(c.title)}</span>${runsLine(c)} <span class="tags">${esc(c.role)} · ${esc(c.level)}${c.basis === 'P' && c.verdict === 'FAIL' ? ' · profile' : ''}${c.durationMs !== undefined ? ` · ${esc(formatMs(c.durationMs))}` : ''}</span>${!group && c.verdict !== 'PASS' && reason ? `<span class="why">${esc(firstLine(reason))}</span>` : ''}</summary>`;
  // A case of sessions shows the steps, notes and trace of each transport's run, one after the other.
  const evidence = c.transports?.length
    ? c.transports
        .map((t) => {
          const run: CaseResult = { ...c, ...(t.evidence ? { evidence: t.evidence } : {}) };
          return `<h4 class="over">over ${esc(t.transport)}: <span class="v ${verdictClass(t.verdict)}">${esc(t.verdict)}</span></h4>${steps(run)}${notes(run)}${trace(run, budget)}`;
        })
        .join('')
    : `${steps(c)}${notes(c)}${trace(c, budget)}`;
  const body = `<div class="body"><p class="perma"><a href="#${esc(caseAnchor(c.id))}">link to this case</a></p><blockquote class="req">${esc(c.requirement)}</blockquote><dl class="facts">${facts.join('')}</dl>${evidence}${iutLog(c)}</div>`;
  return `<details ${attrs}>${summary}${body}</details>`;
}
