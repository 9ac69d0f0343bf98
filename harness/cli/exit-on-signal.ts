/**
 * After a conformance run has written its reports, what is left is printing the summary and letting
 * the test runner's workers wind down: a Ctrl-C or SIGTERM then exits at once with 128 + the
 * signal's number (130, 143), as the run's exit codes promise, instead of Node's default of dying by
 * the signal halfway through the summary.
 */
import { constants } from 'node:os';

export function exitAtOnceOnSignal(): void {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => process.exit(128 + (constants.signals[signal] ?? 1)));
  }
}
