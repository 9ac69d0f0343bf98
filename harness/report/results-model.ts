/**
 * results.json, the source of truth of a run (every other report is made from it): versioned, with
 * its own JSON Schema (results-schema.ts). Written incrementally, so an interrupted run leaves a valid
 * file with `run.complete: false`.
 */
import type { Evidence } from '../core/evidence-model.ts';
import type { Basis, Verdict } from '../core/verdict.ts';
import { judgeClaim, type ClaimLevel, type ClaimSummary, type RunOutcome } from './run-outcome.ts';

export const RESULTS_FORMAT = 'dmcts-results/2';

/** A case's verdict at the level of DM 2.0 public facts: its checks resting on K rules only. */
export interface FactsVerdict {
  verdict: Verdict;
  reason?: string;
}

/** One attempt of a case run several times (--repeat N). */
export interface CaseAttempt {
  verdict: Verdict;
  reason?: string;
  facts?: FactsVerdict;
  startedAt?: string;
  durationMs?: number;
}

/**
 * One run of a case of sessions over one DM transport (a case declared perTransport runs once per
 * transport the ICS claims: DM-HLF-001, DM-IOP-001): its own verdict, reason and evidence.
 */
export interface TransportRun extends CaseAttempt {
  transport: 'http' | 'ws';
  basis?: Basis;
  evidence?: Evidence;
  /** With --repeat N: this transport's attempts (its verdict is the worst of them). */
  attempts?: CaseAttempt[];
}

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
  /** `shard`: in a run cut into shards (--shard i/n), the shard that runs this selected case. */
  selection: { status: 'selected' | 'not-applicable' | 'filtered'; why: string; icsItem?: string; shard?: number };
  /** Absent for a case that was filtered out or has not run yet. */
  verdict?: Verdict;
  reason?: string;
  /** For a FAIL or WARN: whether the check behind it rests on public facts (K) or the dmcts profile (P). */
  basis?: Basis;
  /** The verdict at the public-facts level (the `verdict` above is the dmcts profile's, K and P checks). */
  facts?: FactsVerdict;
  /** How many checks of each basis the case evaluated. */
  checks?: { K: number; P: number };
  startedAt?: string;
  durationMs?: number;
  seed?: number;
  step?: string;
  icsItems?: string[];
  evidence?: Evidence;
  iutLog?: string[];
  /**
   * With --repeat N: every attempt, in order. The case's verdict is its worst attempt's (FAIL, ERROR,
   * INCONC, WARN, N/A, PASS), and its reason, evidence and timing are that attempt's.
   */
  attempts?: CaseAttempt[];
  /**
   * A case of sessions: its run over each transport (HTTP, P-WS), side by side. The case's verdict is
   * the worst of the runs that ran (a transport the ICS does not claim is N/A and does not make the
   * case N/A when another ran); its reason, evidence and timing are that run's.
   */
  transports?: TransportRun[];
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
  /** Every case with a verdict, by its (dmcts profile) verdict. */
  byVerdict: Record<Verdict, number>;
  /** The claim that sets the outcome and the exit code (--level). */
  level: ClaimLevel;
  /** The outcome at that level. */
  outcome: RunOutcome;
  /** Both claims, whatever the level. */
  claims: Record<ClaimLevel, ClaimSummary>;
  /** outcome === 'conformant'. */
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
    /** The filters that chose the cases (a run with any but role is partial: it judges those cases only). */
    filters: { role?: string; requirements?: string[]; cases?: string[]; exclude?: string[]; rerunFailed?: { file: string; ids: string[] } };
    /** How many times each selected case ran (--repeat), when more than once. */
    repeat?: number;
    /** The claim that sets the outcome and exit code (--level). */
    level: ClaimLevel;
    /** How many instances of each role's IUT ran the suite files side by side (--parallel), when more than one. */
    parallel?: number;
    /** A run of one shard of the selected cases (--shard index/count); `dmcts merge` puts the shards together. */
    shard?: { index: number; count: number };
    /** How the run stopped early, if it did: a bad set-up, a failed readiness probe, --bail. */
    stoppedBy?: { kind: 'setup' | 'probe' | 'bail' | 'breaker' | 'signal'; detail: string };
  };
  environment: { node: string; platform: string; arch: string; cpus: number };
  iuts: IutEntry[];
  summary: ResultsSummary;
  cases: CaseResult[];
}

export function summarize(cases: readonly CaseResult[], complete: boolean, level: ClaimLevel): ResultsSummary {
  const byVerdict: Record<Verdict, number> = { PASS: 0, FAIL: 0, WARN: 0, INCONC: 0, 'N/A': 0, ERROR: 0 };
  let executed = 0;
  for (const c of cases) {
    if (!c.verdict) continue;
    byVerdict[c.verdict] += 1;
    if (c.verdict !== 'N/A') executed += 1;
  }
  const selected = (c: CaseResult) => c.selection.status === 'selected';
  const claims: Record<ClaimLevel, ClaimSummary> = {
    profile: judgeClaim(
      cases.map((c) => ({ id: c.id, selected: selected(c), ...(c.verdict ? { verdict: c.verdict } : {}) })),
      complete,
    ),
    facts: judgeClaim(
      cases.map((c) => {
        const v = c.facts?.verdict ?? c.verdict;
        return { id: c.id, selected: selected(c), ...(v ? { verdict: v } : {}) };
      }),
      complete,
    ),
  };
  const outcome = claims[level].outcome;
  return { total: cases.length, executed, byVerdict, level, outcome, claims, conformant: outcome === 'conformant' };
}
