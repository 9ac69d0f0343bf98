/**
 * The vitest configuration conformance suites run under (shared by `dmcts run` and a developer's
 * `npx vitest --config suites/vitest.config.ts`): workers that are not isolated, so each starts the
 * IUT and its upper tester once and keeps them for every file it runs; one worker with its files in
 * sequence (`dmcts run` then gives each role its own vitest, so the two roles run side by side), or
 * `workers` of them taking whole files (--parallel: each with its own IUT instances). A tag for every
 * requirement label, rule, role and level, so `--tags-filter 'DM-HLF-004 && role:client'` selects by
 * requirement.
 */
import { accessSync, constants, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ViteUserConfig } from 'vitest/config';
import { REQUIREMENTS, RULES } from '../../core/catalogue.ts';

export const SUITES_ROOT = fileURLToPath(new URL('../../../suites/', import.meta.url));

export function suiteTags(): Array<{ name: string; description: string }> {
  return [
    ...REQUIREMENTS.map((r) => ({ name: r.label, description: `${r.level}: ${r.text}` })),
    ...RULES.map((r) => ({ name: r.id, description: `${r.kind}: ${r.summary}` })),
    { name: 'role:client', description: 'cases where the IUT is a DM client' },
    { name: 'role:server', description: 'cases where the IUT is a DM server' },
    { name: 'level:MUST', description: 'MUST / SHALL requirements' },
    { name: 'level:SHOULD', description: 'SHOULD requirements' },
    { name: 'level:MAY', description: 'MAY requirements' },
  ];
}

/** Where vitest keeps the transformed modules between runs (its default for fsModuleCache). */
const TRANSFORM_CACHE = fileURLToPath(new URL('../../../node_modules/.experimental-vitest-cache', import.meta.url));

/**
 * Whether the test workers' modules (the suites and the harness, TypeScript) may be taken from
 * vitest's transform cache (keyed by each file's content, vitest's version and the config) instead
 * of transformed afresh by each run — and by each role's vitest: about 2 s of the main process's
 * CPU. Only where the cache can be written (an installation the user cannot write to runs without).
 */
function transformCacheUsable(): boolean {
  try {
    mkdirSync(TRANSFORM_CACHE, { recursive: true });
    accessSync(TRANSFORM_CACHE, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

export function suiteTestConfig(roles: Array<'client' | 'server'>, workers = 1): NonNullable<ViteUserConfig['test']> {
  return {
    root: fileURLToPath(new URL('../../../', import.meta.url)),
    include: roles.map((r) => `suites/${r}/**/*.test.ts`),
    pool: 'forks',
    maxWorkers: workers,
    isolate: false,
    // A file's cases run in order in one worker; with several workers, files are handed out one at a time.
    fileParallelism: workers > 1,
    sequence: { concurrent: false },
    tags: suiteTags(),
    // Case IDs are tags too; they are not listed one by one.
    strictTags: false,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    ...(transformCacheUsable() ? { experimental: { fsModuleCache: true } } : {}),
  };
}
