import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectionKey, keepCollected, readCollected, type Collected } from '../../harness/conformance/run/collected-cases-cache.ts';
import { collectCases, importSuites } from '../../harness/conformance/run/collect-cases.ts';

function tree(): string {
  const root = mkdtempSync(join(tmpdir(), 'dmcts-collect-key-'));
  mkdirSync(join(root, 'suites', 'client', 'cmd'), { recursive: true });
  mkdirSync(join(root, 'harness', 'conformance'), { recursive: true });
  writeFileSync(join(root, 'suites', 'client', 'cmd', 'get.test.ts'), 'defineCase({ id: "DMCTS-C-GET-001" })\n');
  writeFileSync(join(root, 'harness', 'conformance', 'catalogue.json'), '{"rules":[]}\n');
  writeFileSync(join(root, 'package-lock.json'), '{}\n');
  return root;
}

describe('the kept collection of case declarations', () => {
  it('is keyed by every file under suites/ and harness/ and the lock file: any change collects afresh', () => {
    const root = tree();
    const key = collectionKey(root);
    expect(collectionKey(root)).toBe(key);
    writeFileSync(join(root, 'suites', 'client', 'cmd', 'get.test.ts'), 'defineCase({ id: "DMCTS-C-GET-002" })\n');
    const edited = collectionKey(root);
    expect(edited).not.toBe(key);
    writeFileSync(join(root, 'suites', 'client', 'cmd', 'new.test.ts'), '\n');
    const added = collectionKey(root);
    expect(added).not.toBe(edited);
    writeFileSync(join(root, 'harness', 'conformance', 'catalogue.json'), '{"rules":["K-X"]}\n');
    const harness = collectionKey(root);
    expect(harness).not.toBe(added);
    writeFileSync(join(root, 'package-lock.json'), '{"v":2}\n');
    expect(collectionKey(root)).not.toBe(harness);
    rmSync(root, { recursive: true, force: true });
  });

  it('gives back what was kept for the same key only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'dmcts-collect-cache-'));
    const file = join(dir, 'sub', 'collected-cases.json');
    const collected: Collected = {
      cases: [
        { id: 'DMCTS-C-GET-001', title: 't', requirement: 'A client MUST', labels: [], rules: ['K-CMD'], level: 'MUST', role: 'client', file: '/x.test.ts' },
      ],
      problems: ['p'],
    };
    expect(readCollected('k1', file)).toBeUndefined();
    keepCollected('k1', collected, file);
    expect(readCollected('k1', file)).toEqual(collected);
    expect(readCollected('k2', file)).toBeUndefined();
    writeFileSync(file, 'not json');
    expect(readCollected('k1', file)).toBeUndefined();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same declarations and problems as importing the suite files', async () => {
    const kept = await collectCases();
    const fresh = await importSuites();
    expect(kept.cases).toEqual(fresh.cases);
    expect(kept.problems).toEqual(fresh.problems);
  });
});
