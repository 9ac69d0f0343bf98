/**
 * In the test worker: if the run's main process goes away (killed, or stopped by a signal), the IPC
 * channel to it closes. The worker then stops the IUTs it started and exits, instead of running on as
 * an orphan that holds them (the main process's own clean-up, run-leftovers.ts, may not have run).
 */
const stoppers = new Set<() => Promise<void>>();
let installed = false;

const GUARD_MS = 8_000;

/** Registers how to stop an IUT should the harness go away; returns the function that unregisters it. */
export function stopIfHarnessGone(stop: () => Promise<void>): () => void {
  if (!process.connected) return () => {}; // not a forked test worker
  stoppers.add(stop);
  if (!installed) {
    installed = true;
    process.once('disconnect', () => {
      const all = [...stoppers].map((s) => s().catch(() => undefined));
      const deadline = new Promise((r) => setTimeout(r, GUARD_MS).unref());
      void Promise.race([Promise.all(all), deadline]).finally(() => process.exit(1));
    });
  }
  return () => stoppers.delete(stop);
}
