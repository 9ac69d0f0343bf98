/**
 * --parallel k: the suite files of a run are spread over k test workers, each starting its own
 * instance of each role's IUT. Only an IUT the harness starts, and whose instances share nothing
 * fixed, can be started k times; what stands in the way is named with its fix, before anything runs.
 */
import type { RunTarget } from '../run-plan.ts';

/** The most test workers (and IUT instances per role) a run may ask for. */
export const MAX_PARALLEL = 16;

export function parallelProblems(targets: readonly RunTarget[], parallel: number): string[] {
  if (parallel <= 1) return [];
  const problems: string[] = [];
  for (const { ixit, ixitFile } of targets) {
    const where = ixitFile ?? `the ${ixit.role} IXIT`;
    const kind = ixit.adapter.kind;
    if (kind === 'remote') {
      problems.push(
        `--parallel ${parallel}: ${where} has an adapter of kind remote, one adapter already running; only an IUT the harness starts (kind process, container or reference) can run ${parallel} times — run it with --parallel 1`,
      );
    }
    if (ixit.harness.utPort !== 0) {
      problems.push(
        `--parallel ${parallel}: ${where} fixes harness.utPort ${ixit.harness.utPort}, but each of the ${parallel} IUT instances needs its own upper-tester hub; set harness.utPort to 0 (each hub takes a free port)`,
      );
    }
    if (ixit.role === 'server' && (kind === 'process' || kind === 'container')) {
      problems.push(
        `--parallel ${parallel}: every instance of the server IUT ${where} starts would be reached at the one server.dmUrl ${ixit.server?.dmUrl ?? '(none)'}; run a server IUT with --parallel 1`,
      );
    }
  }
  return problems;
}
