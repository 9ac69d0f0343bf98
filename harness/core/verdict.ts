/**
 * The verdict vocabulary, shared by the engine that gives verdicts and the reports that show them:
 * PASS; FAIL; WARN (a SHOULD not followed: still conformant); INCONC (a precondition could not be
 * reached: not the IUT's fault); N/A (the ICS says unsupported); ERROR (the harness itself broke).
 * Every verdict but PASS carries a reason.
 *
 * Every check rests on a basis: `K`, public DM 2.0 facts only (docs/protocol.md rules K-*), or `P`,
 * a choice of the dmcts profile (rules P-*, and the clarifications marked "(ours)" under K rules).
 */

export const VERDICTS = ['PASS', 'FAIL', 'WARN', 'INCONC', 'N/A', 'ERROR'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** What a check rests on: public DM 2.0 facts (K) or a dmcts profile choice (P, "(ours)"). */
export type Basis = 'K' | 'P';
