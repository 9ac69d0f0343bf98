/**
 * What the main process tells the test worker about a run: the ICS and IXIT, the selected cases,
 * where evidence goes, and the run's seed. Passed as a JSON file named by DMCTS_PLAN.
 */
import { readFileSync } from 'node:fs';
import type { Ics } from './ics.ts';
import type { Ixit } from './ixit.ts';
import type { ClaimLevel } from '../report/run-outcome.ts';

export const PLAN_ENV = 'DMCTS_PLAN';

export interface RunTarget {
  ics: Ics;
  ixit: Ixit;
  icsFile?: string;
  ixitFile?: string;
}

export interface RunPlan {
  version: 1;
  runId: string;
  /** The IUT of each role under test (a self-test has both). */
  targets: Partial<Record<'client' | 'server', RunTarget>>;
  /** Case IDs to execute; undefined executes every case of the role (direct vitest use). */
  selected?: string[];
  /** Base seed of generated data; each case derives its own from it and its ID. */
  seed: number;
  /** Where case evidence files may go. */
  outDir: string;
  /** The claim that sets the outcome (--level); 'facts' when absent. */
  level?: ClaimLevel;
  /**
   * The circuit breaker: after this many cases of a role in a row end INCONC at the same unmet
   * precondition, the rest of that role is INCONC at once; 0 turns it off (--no-bail).
   */
  breakAfter?: number;
  /**
   * How many test workers run the suite files side by side, each with its own instance of each
   * role's IUT (--parallel); 1 when absent. A suite file never leaves its worker.
   */
  parallel?: number;
}

export function readPlan(): RunPlan | undefined {
  const path = process.env[PLAN_ENV];
  if (!path) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')) as RunPlan;
}

/** A case's seed: stable for a run seed and a case ID, so a failure can be replayed. */
export function caseSeed(runSeed: number, caseId: string): number {
  let h = runSeed >>> 0;
  for (const ch of caseId) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return h | 0;
}
