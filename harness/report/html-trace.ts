/**
 * A case's wire trace as a readable sequence for the HTML report: one line per message (time, who,
 * direction, method and URL or status, size) that opens on its headers and pretty-printed body.
 * A page budget keeps 200 chatty cases readable: past it, messages keep their line but lose headers
 * and bodies, then whole traces are left out — each time saying so and where the full data is.
 */
import type { Evidence, WireRecord } from '../core/evidence-model.ts';
import { esc, escText } from './html-escape.ts';

export interface TraceBudget {
  /** Characters of message detail (headers, bodies) the page may still hold. */
  detail: number;
  /** Characters of message lines the page may still hold once the detail budget is spent. */
  lines: number;
  /** The longest body shown, in characters; longer ones are cut with a note. */
  maxBody: number;
}

export function traceBudget(overrides: Partial<TraceBudget> = {}): TraceBudget {
  return { detail: 3_000_000, lines: 1_200_000, maxBody: 20_000, ...overrides };
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : String(headers[key]);
}

function rpcSummary(body: unknown): string {
  if (!body || typeof body !== 'object') return 'message';
  const m = body as { id?: unknown; method?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown } };
  const id = m.id === undefined || m.id === null ? '' : ` #${String(m.id)}`;
  if (typeof m.method === 'string') return `${m.method}${id}`;
  if (m.error && typeof m.error === 'object') return `error${id}: ${String(m.error.code ?? '')} ${String(m.error.message ?? '')}`.trim();
  if ('result' in m) return `result${id}`;
  return 'message';
}

/** What a message is, in one line: `POST /dm`, `200 application/vnd.oma.dm.request+json`, `client.bootstrap #1`. */
export function messageSummary(r: WireRecord): string {
  switch (r.kind) {
    case 'request':
      return `${r.method ?? '?'} ${r.url ?? ''}`.trim();
    case 'response': {
      const type = header(r.headers, 'content-type')?.split(';', 1)[0];
      return `${r.status ?? '?'}${type ? ` ${type}` : ''}`;
    }
    case 'ut':
      return `upper tester: ${rpcSummary(r.body)}`;
    case 'frame':
      return 'WebSocket frame';
    default:
      return String((r as { kind?: unknown }).kind ?? 'message');
  }
}

export function bodyText(body: unknown): string | undefined {
  if (body === undefined) return undefined;
  if (typeof body === 'string') return body;
  try {
    return JSON.stringify(body, null, 2);
  } catch {
    return String(body);
  }
}

function cut(text: string, max: number): { text: string; note?: string } {
  if (text.length <= max) return { text };
  return { text: text.slice(0, max), note: `… ${(text.length - max).toLocaleString('en')} more characters cut; the full body is in results.json` };
}

function line(r: WireRecord): string {
  const arrow = r.direction === 'out' ? '→ IUT' : '← IUT';
  const size = r.bytes !== undefined ? `<span class="sz">${esc(r.bytes)} B</span>` : '';
  return `<span class="t">+${esc(Math.round(r.t))} ms</span><span class="by">${esc(r.by)}</span><span class="dir">${arrow}</span><span class="what">${esc(messageSummary(r))}</span>${size}`;
}

function detail(r: WireRecord, maxBody: number): string {
  let out = '';
  const headers = r.headers ? Object.entries(r.headers) : [];
  if (headers.length > 0) out += `<pre class="hdr">${escText(headers.map(([k, v]) => `${k}: ${String(v)}`).join('\n'))}</pre>`;
  const body = bodyText(r.body);
  if (body !== undefined) {
    const shown = cut(body, maxBody);
    out += `<pre class="body">${escText(shown.text)}</pre>`;
    if (shown.note) out += `<p class="cut">${esc(shown.note)}</p>`;
  }
  return out;
}

function directionClass(r: WireRecord): string {
  return `msg d-${r.direction === 'out' ? 'out' : 'in'} k-${esc(r.kind)}`;
}

export function renderTrace(evidence: Evidence | undefined, budget: TraceBudget): string {
  const wire = evidence?.wire ?? [];
  if (wire.length === 0) return '<p class="none">No message crossed the wire.</p>';
  const lines = wire.map(line);
  const linesSize = lines.reduce((n, l) => n + l.length, 0);
  if (budget.detail <= 0 && budget.lines < linesSize) {
    return `<p class="cut">The trace (${wire.length} messages) is left out to keep this page small; it is in results.json (this case's evidence.wire).</p>`;
  }
  const items: string[] = [];
  let bare = 0;
  for (const [i, r] of wire.entries()) {
    const head = lines[i]!;
    if (budget.detail > 0) {
      const more = detail(r, budget.maxBody);
      budget.detail -= more.length + head.length;
      items.push(
        more
          ? `<li class="${directionClass(r)}"><details class="msg"><summary>${head}</summary>${more}</details></li>`
          : `<li class="${directionClass(r)}"><div class="line">${head}</div></li>`,
      );
    } else {
      budget.lines -= head.length;
      if (r.headers || r.body !== undefined) bare += 1;
      items.push(`<li class="${directionClass(r)}"><div class="line">${head}</div></li>`);
    }
  }
  const notes: string[] = [];
  if (bare > 0) notes.push(`<p class="cut">Headers and bodies of ${bare} messages are left out to keep this page small; they are in results.json.</p>`);
  if (evidence && evidence.truncated > 0)
    notes.push(`<p class="cut">${esc(evidence.truncated)} more messages were not recorded (the evidence keeps the first ${wire.length}).</p>`);
  return `<ol class="trace">${items.join('')}</ol>${notes.join('')}`;
}
