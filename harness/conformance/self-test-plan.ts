/** The self-test's ICS and IXIT: the reference client and server as the IUT (harness/conformance/self-test/). */
import { fileURLToPath } from 'node:url';
import { loadIcs, type Ics } from './ics.ts';
import { loadIxit, type Ixit } from './ixit.ts';
import type { RunPlan } from './run-plan.ts';

export function selfTestFile(role: 'client' | 'server', kind: 'ics' | 'ixit'): string {
  return fileURLToPath(new URL(`./self-test/reference-${role}.${kind}.json`, import.meta.url));
}

export function selfTestConfig(role: 'client' | 'server'): { ics: Ics; ixit: Ixit } {
  return { ics: loadIcs(selfTestFile(role, 'ics')), ixit: loadIxit(selfTestFile(role, 'ixit')) };
}

/** The plan used when suites run under plain vitest without `dmcts run`: the reference IUTs of both roles. */
export function selfTestPlan(): RunPlan {
  return {
    version: 1,
    runId: `direct-${Date.now()}`,
    targets: { client: selfTestConfig('client'), server: selfTestConfig('server') },
    seed: 1,
    outDir: 'reports/direct',
  };
}
