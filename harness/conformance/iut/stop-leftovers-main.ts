/**
 * `node bin/run-ts.mjs harness/conformance/iut/stop-leftovers-main.ts <run id>`: stops what a run
 * left (run-leftovers.ts), detached from the run's process, which a signal is ending.
 */
import { stopLeftovers } from './run-leftovers.ts';

const runId = process.argv[2];
if (runId) await stopLeftovers(runId);
