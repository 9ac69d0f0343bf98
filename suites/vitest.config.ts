// Runs the conformance suites directly under vitest, against the reference peers (the self-test
// plan) unless DMCTS_PLAN names a run plan. Select by requirement with --tags-filter, e.g.
//   npx vitest run --config suites/vitest.config.ts --tags-filter 'DM-HLF-004 && role:client'
import { defineConfig } from 'vitest/config';
import { suiteTestConfig } from '../harness/conformance/run/suite-config.ts';

export default defineConfig({ test: suiteTestConfig(['client', 'server']) });
