/**
 * Every declared case, collected as suite files are imported. In collect mode (dmcts list, case
 * selection) a declaration only registers; under vitest it also becomes a test.
 */
import { checkMeta, type CaseMeta } from './case-meta.ts';

const cases = new Map<string, CaseMeta & { file?: string }>();
const problems: string[] = [];
let collectingFile: string | undefined;

/** The suite file being imported for collection (its cases remember it). */
export function setCollectFile(file: string | undefined): void {
  collectingFile = file;
}

export function registerCase(meta: CaseMeta, file = collectingFile): void {
  problems.push(...checkMeta(meta));
  if (cases.has(meta.id)) problems.push(`${meta.id}: declared twice`);
  cases.set(meta.id, { ...meta, ...(file ? { file } : {}) });
}

export function registeredCases(): Array<CaseMeta & { file?: string }> {
  return [...cases.values()].sort((a, b) => a.id.localeCompare(b.id));
}

export function registryProblems(): readonly string[] {
  return problems;
}

const COLLECT = Symbol.for('dmcts.collect-only');

/** Import suites in this mode to read their declarations without running anything. */
export function setCollectOnly(on: boolean): void {
  (globalThis as Record<symbol, unknown>)[COLLECT] = on;
}

export function collectOnly(): boolean {
  return (globalThis as Record<symbol, unknown>)[COLLECT] === true;
}
