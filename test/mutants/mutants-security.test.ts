/**
 * Proof that the security, management-authority and delegation cases can fail: each mutant (a
 * reference peer with one security fault) must get a FAIL on a case citing the rule and the
 * requirement label its fault breaks; the same cases pass in the self-test. Mutants that differ only
 * in the label they target (the same faulty policy) share one run of the union of their cases; each
 * is judged on its own cases.
 */
import { describe, expect, it } from 'vitest';
import { checkCaught, type MutantRun } from './expect-caught.ts';
import { ALL_MUTANTS } from './all-mutants.ts';
import type { Mutant } from './mutant.ts';
import { HANG_MUTANT } from './mutants.ts';
import { SECURITY_MUTANTS } from './mutants-security.ts';
import { runMutant } from './run-mutant.ts';

const LABELS = [
  'DM-HLF-009',
  'DM-HLF-011',
  'DM-HLF-012',
  'DM-HLF-013',
  'DM-HLF-014',
  'DM-HLF-020',
  'DM-HLF-022',
  'DM-HLF-023',
  'DM-HLF-024',
  'DM-HLF-025',
  'DM-HLF-026',
  'DM-SECARIZE-001',
  'DM-SECARIZE-002',
  'DM-HLF-015',
  'DM-SECACATE-001',
  'DM-DI-001',
  'DM-SECCONF-001',
];

/**
 * Mutants whose fault is only data (a faulty policy, an adapter environment, plain HTTP allowed) and
 * the same data are the same faulty peer: one run serves them all. A fault in code is its own run.
 */
function faultKey(m: Mutant): string {
  if (m.proxy || m.device || m.started || m.server || m.serverStarted) return `mutant:${m.name}`;
  return JSON.stringify([m.role, m.policy ?? null, m.env ?? null, m.allowPlain ?? false]);
}

/**
 * Two mutant runs at a time: each keeps about one core busy (the harness and the mutant's process),
 * and vitest gives this file one worker on a two-core machine, so two runs use the machine without
 * starving the cases' session waits.
 */
const PARALLEL_RUNS = 2;
let running = 0;
const waiting: Array<() => void> = [];
async function limited<T>(fn: () => Promise<T>): Promise<T> {
  if (running >= PARALLEL_RUNS) await new Promise<void>((resolve) => waiting.push(resolve));
  running++;
  try {
    return await fn();
  } finally {
    running--;
    waiting.shift()?.();
  }
}

const runs = new Map<string, Promise<MutantRun>>();
function runFor(m: Mutant): Promise<MutantRun> {
  const key = faultKey(m);
  let run = runs.get(key);
  if (!run) {
    const peers = SECURITY_MUTANTS.filter((x) => faultKey(x) === key);
    run = limited(() => runMutant({ ...m, cases: [...new Set(peers.flatMap((x) => x.cases))] }));
    runs.set(key, run);
  }
  return run;
}

describe('security mutants are caught', () => {
  it('each names a label, under a name unique among all mutants, and every label has one', () => {
    const all = [...ALL_MUTANTS, HANG_MUTANT];
    expect(new Set(all.map((m) => m.name)).size).toBe(all.length);
    expect(SECURITY_MUTANTS.filter((m) => !m.label).map((m) => m.name)).toEqual([]);
    const covered = new Set(SECURITY_MUTANTS.map((m) => m.label));
    expect(LABELS.filter((l) => !covered.has(l))).toEqual([]);
  });

  for (const m of SECURITY_MUTANTS) {
    it.concurrent(`${m.name}: ${m.fault} -> a ${m.rule} / ${m.label} case FAILs`, async () => checkCaught(m, await runFor(m)), 300_000);
  }
});
