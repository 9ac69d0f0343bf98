/**
 * What a case leaves behind in its vitest task (task.meta.dmcts), for the reporter in the main
 * process; its CaseInfo is there too from its declaration (task.meta.dmctsCase).
 */
import type { CASE_INFO_META, CaseInfo } from '../core/case-info.ts';
import type { Evidence } from '../core/evidence-model.ts';
import type { Basis, Verdict } from '../core/verdict.ts';

export interface CaseRecord {
  id: string;
  /** The transport of this run of a case that runs once per transport (CaseMeta.perTransport). */
  transport?: 'http' | 'ws';
  verdict: Verdict;
  reason?: string;
  /** For a FAIL or WARN: the basis of the check behind it. */
  basis?: Basis;
  /** The verdict at the level of public facts (checks resting on K rules only). */
  facts?: { verdict: Verdict; reason?: string };
  /** Checks evaluated, by basis. */
  checks?: { K: number; P: number };
  /**
   * Set when the case could not run because the run's set-up is wrong (setup) or the readiness probe
   * failed (probe): the main process stops the run.
   */
  stop?: 'setup' | 'probe' | 'breaker';
  /** The first failed profile check the case went on after (its FAIL reason if nothing worse follows). */
  softFailure?: string;
  /** Seed of the case's generated data (replay with --seed). */
  seed: number;
  startedAt: string;
  durationMs?: number;
  /** The last step the case reached (names where a timeout struck). */
  step?: string;
  evidence: Evidence;
  /** The IUT's own log lines written during the case. */
  iutLog: string[];
  /** ICS items the case relied on. */
  icsItems: string[];
}

declare module '@vitest/runner' {
  interface TaskMeta {
    dmcts?: CaseRecord;
    [CASE_INFO_META]?: CaseInfo;
  }
}
