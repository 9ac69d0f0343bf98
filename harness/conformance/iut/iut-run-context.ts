/**
 * What an IUT adapter needs to know of the run it belongs to, read from the run plan (DMCTS_PLAN) in
 * the test worker: the run ID (container labels, leftover markers) and where the IUT's whole log goes
 * (`<out>/iut-<role>.log`, beside results.json). Suites run under plain vitest have no plan file.
 */
import { join } from 'node:path';
import { readPlan } from '../run-plan.ts';

export interface IutRunContext {
  runId: string;
  role: 'client' | 'server';
  /** The IUT's log file (evidence), when the run has an output directory. */
  logFile?: string;
}

export function iutRunContext(role: 'client' | 'server'): IutRunContext {
  const plan = readPlan();
  if (!plan) return { runId: `direct-${process.pid}`, role };
  return { runId: plan.runId, role, logFile: join(plan.outDir, `iut-${role}.log`) };
}
