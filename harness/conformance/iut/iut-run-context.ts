/**
 * What an IUT adapter needs to know of the run it belongs to, read from the run plan (DMCTS_PLAN) in
 * the test worker: the run ID (container labels, leftover markers), which of the run's IUT instances
 * this worker's is (--parallel k starts one per test worker: 1..k, vitest's pool ID) and where the
 * IUT's whole log goes (`<out>/iut-<role>.log`, or `iut-<role>-<instance>.log` with --parallel).
 * Suites run under plain vitest have no plan file.
 */
import { join } from 'node:path';
import { readPlan } from '../run-plan.ts';

/** The environment variable a process or container adapter finds its instance number in (1..k). */
export const INSTANCE_ENV = 'DMCTS_INSTANCE';

export interface IutRunContext {
  runId: string;
  role: 'client' | 'server';
  /** Which instance of the role's IUT this is: 1 unless the run has --parallel k (then 1..k). */
  instance: number;
  /** The run's output directory (results.json and the IUT logs), when it has one. */
  outDir?: string;
  /** The IUT's log file (evidence), when the run has an output directory. */
  logFile?: string;
}

/** This test worker's instance number: vitest's pool ID (1..maxWorkers), 1 outside a pool. */
function instanceOfWorker(): number {
  const id = Number(process.env.VITEST_POOL_ID);
  return Number.isInteger(id) && id >= 1 ? id : 1;
}

export function iutRunContext(role: 'client' | 'server'): IutRunContext {
  const plan = readPlan();
  const instance = instanceOfWorker();
  if (!plan) return { runId: `direct-${process.pid}`, role, instance };
  const name = (plan.parallel ?? 1) > 1 ? `iut-${role}-${instance}.log` : `iut-${role}.log`;
  return { runId: plan.runId, role, instance, outDir: plan.outDir, logFile: join(plan.outDir, name) };
}
