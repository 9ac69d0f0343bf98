/** What a case leaves behind in its vitest task (task.meta.dmcts), for the reporter in the main process. */
import type { Evidence } from './evidence.ts';
import type { Verdict } from './verdict.ts';

export interface CaseRecord {
  id: string;
  verdict: Verdict;
  reason?: string;
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
  }
}
