/**
 * One case's evidence as plain text for the console (--verbose): the steps with their times, each
 * message between the harness and the IUT (time, who, direction, method and URL or status, its
 * decoded body, indented and cut to a few lines), the notes. results.json and report.html have it all.
 */
import type { Evidence, WireRecord } from '../../core/evidence-model.ts';

/** Lines of one body shown at most; the rest is counted. */
const BODY_LINES = 12;
const LINE_CHARS = 160;

function bodyLines(body: unknown): string[] {
  if (body === undefined) return [];
  const text = typeof body === 'string' ? body : JSON.stringify(body, null, 2);
  const lines = (text ?? '').split('\n').map((l) => (l.length > LINE_CHARS ? `${l.slice(0, LINE_CHARS - 1)}…` : l));
  return lines.length > BODY_LINES ? [...lines.slice(0, BODY_LINES), `… ${lines.length - BODY_LINES} more lines (results.json has the whole body)`] : lines;
}

function headline(w: WireRecord): string {
  const arrow = w.direction === 'out' ? '→ IUT' : '← IUT';
  const what =
    w.kind === 'request'
      ? `${w.method ?? ''} ${w.url ?? ''}`.trim()
      : w.kind === 'response'
        ? `HTTP ${w.status ?? '?'}${w.headers?.['content-type'] ? ` ${w.headers['content-type']}` : ''}`
        : w.kind === 'ut'
          ? 'upper tester'
          : 'frame';
  return `${String(w.t).padStart(6)} ms  ${w.by.padEnd(20)} ${arrow}  ${what}${w.bytes !== undefined ? ` (${w.bytes} bytes)` : ''}`;
}

export function traceText(id: string, evidence: Evidence | undefined): string {
  if (!evidence) return `  ${id}: no evidence recorded\n`;
  const out = [`  --- trace of ${id} ---`];
  if (evidence.steps.length) out.push('  steps:', ...evidence.steps.map((s) => `${String(s.t).padStart(6)} ms  ${s.name}`));
  out.push(`  messages (${evidence.wire.length}${evidence.truncated ? `, ${evidence.truncated} more not kept` : ''}):`);
  for (const w of evidence.wire) out.push(headline(w), ...bodyLines(w.body).map((l) => `           ${l}`));
  if (evidence.notes.length) out.push('  notes:', ...evidence.notes.map((n) => `    ${n}`));
  out.push(`  --- end of ${id} ---`);
  return `${out.join('\n')}\n`;
}
