/** How reports order and name verdicts: the ones to act on first. */
import { VERDICTS, type Verdict } from '../core/verdict.ts';
import type { CaseResult } from './results-model.ts';

/** Most urgent first: the harness broke, the IUT failed, a SHOULD not followed, inconclusive, not applicable, passed. */
export const VERDICT_URGENCY: readonly Verdict[] = ['ERROR', 'FAIL', 'WARN', 'INCONC', 'N/A', 'PASS'];

/** Column order of verdict tables (the order of the model). */
export const VERDICT_COLUMNS: readonly Verdict[] = VERDICTS;

export function byUrgency(a: CaseResult, b: CaseResult): number {
  const rank = (c: CaseResult) => (c.verdict ? VERDICT_URGENCY.indexOf(c.verdict) : VERDICT_URGENCY.length);
  return rank(a) - rank(b) || a.id.localeCompare(b.id);
}

/** The first line of a reason, cut to `max` characters. */
export function firstLine(text: string | undefined, max = 200): string {
  const line = (text ?? '').split('\n', 1)[0]!.trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;
}
