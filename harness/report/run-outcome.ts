/**
 * The outcome of a run, at each level of claim (docs/reports.md "Outcomes and claims"):
 * - conformant: every selected case is PASS or WARN (N/A aside), at least one of them;
 * - not conformant: a FAIL;
 * - not demonstrated: otherwise — an INCONC, an ERROR, a selected case that never ran, an
 *   incomplete run, or nothing demonstrated at all. Never a certificate.
 * Two claims: "DM 2.0 public facts" judges each case by its facts verdict (checks resting on K rules
 * only); "dmcts profile" by its full verdict (K and P checks). `--level` picks the one that sets the
 * exit code.
 */
import { VERDICTS, type Verdict } from '../core/verdict.ts';

export const RUN_OUTCOMES = ['conformant', 'not-conformant', 'not-demonstrated'] as const;
export type RunOutcome = (typeof RUN_OUTCOMES)[number];

export const CLAIM_LEVELS = ['facts', 'profile'] as const;
export type ClaimLevel = (typeof CLAIM_LEVELS)[number];

/** The default level: a DM 2.0 claim is one about the public standard; the profile is opt-in. */
export const DEFAULT_LEVEL: ClaimLevel = 'facts';

export const CLAIM_TITLES: Record<ClaimLevel, string> = { facts: 'DM 2.0 public facts', profile: 'dmcts profile' };

export const OUTCOME_TEXT: Record<RunOutcome, string> = {
  conformant: 'conformant',
  'not-conformant': 'NOT conformant',
  'not-demonstrated': 'not demonstrated',
};

/** Exit codes: 0 conformant, 1 not conformant, 2 bad invocation or configuration, 3 not demonstrated. */
export const EXIT = { conformant: 0, 'not-conformant': 1, config: 2, 'not-demonstrated': 3 } as const;

export interface ClaimSummary {
  outcome: RunOutcome;
  /** Selected cases by their verdict at this level. */
  byVerdict: Record<Verdict, number>;
  /** Selected cases that have no verdict (not run). */
  notRun: number;
  /** One sentence: why this outcome. */
  why: string;
}

export interface JudgedCase {
  id: string;
  selected: boolean;
  verdict?: Verdict;
}

function list(ids: string[]): string {
  return ids.length <= 3 ? ids.join(', ') : `${ids.slice(0, 3).join(', ')} and ${ids.length - 3} more`;
}

export function judgeClaim(cases: readonly JudgedCase[], complete: boolean): ClaimSummary {
  const byVerdict = Object.fromEntries(VERDICTS.map((v) => [v, 0])) as Record<Verdict, number>;
  const of = (v: Verdict) => cases.filter((c) => c.selected && c.verdict === v).map((c) => c.id);
  let notRun = 0;
  for (const c of cases) {
    if (!c.selected) continue;
    if (c.verdict) byVerdict[c.verdict] += 1;
    else notRun += 1;
  }
  const failed = of('FAIL');
  if (failed.length > 0) return { outcome: 'not-conformant', byVerdict, notRun, why: `${failed.length} FAIL: ${list(failed)}` };
  const open = [...of('INCONC'), ...of('ERROR')];
  const gaps = [
    open.length ? `${byVerdict.INCONC} INCONC and ${byVerdict.ERROR} ERROR (${list(open)})` : '',
    notRun ? `${notRun} selected case${notRun === 1 ? '' : 's'} not run` : '',
    complete ? '' : 'the run did not complete',
  ].filter(Boolean);
  if (gaps.length > 0) return { outcome: 'not-demonstrated', byVerdict, notRun, why: gaps.join('; ') };
  const shown = byVerdict.PASS + byVerdict.WARN;
  if (shown === 0) return { outcome: 'not-demonstrated', byVerdict, notRun, why: 'nothing was demonstrated: no case passed at this level' };
  return { outcome: 'conformant', byVerdict, notRun, why: `every selected case PASS or WARN (${shown}), N/A aside` };
}
