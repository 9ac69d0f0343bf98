/**
 * results.json, the source of truth of a run (every other report is made from it): versioned, with
 * its own JSON Schema (results-schema.ts). Written incrementally, so an interrupted run leaves a valid
 * file with `run.complete: false`.
 */
import type { Evidence } from '../conformance/evidence.ts';
import type { Verdict } from '../conformance/verdict.ts';

export const RESULTS_FORMAT = 'dmcts-results/1';

export interface CaseResult {
  id: string;
  title: string;
  requirement: string;
  labels: string[];
  rules: string[];
  level: 'MUST' | 'SHOULD' | 'MAY';
  role: 'client' | 'server';
  area: string;
  features: string[];
  selection: { status: 'selected' | 'not-applicable' | 'filtered'; why: string; icsItem?: string };
  /** Absent for a case that was filtered out or has not run yet. */
  verdict?: Verdict;
  reason?: string;
  startedAt?: string;
  durationMs?: number;
  seed?: number;
  step?: string;
  icsItems?: string[];
  evidence?: Evidence;
  iutLog?: string[];
}

export interface IutEntry {
  role: 'client' | 'server';
  product: { name: string; version: string; vendor?: string };
  ics: unknown;
  /** The IXIT with secrets removed. */
  ixit: unknown;
  icsFile?: string;
  ixitFile?: string;
}

export interface ResultsSummary {
  total: number;
  executed: number;
  byVerdict: Record<Verdict, number>;
  /** No FAIL or ERROR among executed cases, and at least one executed. */
  conformant: boolean;
}

export interface Results {
  format: typeof RESULTS_FORMAT;
  dmcts: { version: string };
  run: {
    id: string;
    startedAt: string;
    finishedAt?: string;
    complete: boolean;
    /** Why a run ended early (interrupted, no case selected, IUT unreachable). */
    note?: string;
    seed: number;
    command: string[];
    filters: { role?: string; requirements?: string[]; cases?: string[] };
  };
  environment: { node: string; platform: string; arch: string; cpus: number };
  iuts: IutEntry[];
  summary: ResultsSummary;
  cases: CaseResult[];
}

export function summarize(cases: readonly CaseResult[]): ResultsSummary {
  const byVerdict: Record<Verdict, number> = { PASS: 0, FAIL: 0, WARN: 0, INCONC: 0, 'N/A': 0, ERROR: 0 };
  let executed = 0;
  for (const c of cases) {
    if (!c.verdict) continue;
    byVerdict[c.verdict] += 1;
    if (c.verdict !== 'N/A') executed += 1;
  }
  return { total: cases.length, executed, byVerdict, conformant: executed > 0 && byVerdict.FAIL === 0 && byVerdict.ERROR === 0 };
}
