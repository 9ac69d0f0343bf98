/** Runs hostile scenarios at most `concurrency` at a time (the machine has 2 cores, shared with other work). */
import { runHostile, type HostileRun } from './run-hostile.ts';
import type { HostileScenario } from './scenarios.ts';

export function hostilePool(concurrency: number): (scenario: HostileScenario) => Promise<HostileRun> {
  let running = 0;
  const queue: Array<() => void> = [];
  return async (scenario) => {
    if (running >= concurrency) await new Promise<void>((resolve) => queue.push(resolve));
    running += 1;
    try {
      return await runHostile(scenario);
    } finally {
      running -= 1;
      queue.shift()?.();
    }
  };
}
