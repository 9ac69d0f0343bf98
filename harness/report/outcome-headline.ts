/** The headline every report opens with: the outcome at the chosen level, and both claims. */
import type { Results } from './results-model.ts';
import { CLAIM_LEVELS, CLAIM_TITLES, OUTCOME_TEXT, type ClaimLevel, type RunOutcome } from './run-outcome.ts';

export interface Headline {
  outcome: RunOutcome;
  /** e.g. "NOT conformant (DM 2.0 public facts)". */
  title: string;
  /** One line per claim: "DM 2.0 public facts: conformant — every selected case PASS or WARN (12), N/A aside". */
  claims: Array<{ level: ClaimLevel; outcome: RunOutcome; line: string }>;
}

export function headline(results: Results): Headline {
  const s = results.summary;
  return {
    outcome: s.outcome,
    title: `${OUTCOME_TEXT[s.outcome]} (${CLAIM_TITLES[s.level]})`,
    claims: CLAIM_LEVELS.map((level) => ({
      level,
      outcome: s.claims[level].outcome,
      line: `${CLAIM_TITLES[level]}: ${OUTCOME_TEXT[s.claims[level].outcome]} — ${s.claims[level].why}`,
    })),
  };
}
