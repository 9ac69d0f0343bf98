/**
 * Case IDs are what vendors' baselines, waivers and CI filters name: moving cases between files (or
 * into a section subfolder) must keep every ID. A new case adds its ID to case-ids.json; an ID
 * is never reused or renamed.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { collectCases } from '../../harness/conformance/run/collect-cases.ts';

const KNOWN = JSON.parse(readFileSync(new URL('./case-ids.json', import.meta.url), 'utf8')) as string[];

describe('case IDs', () => {
  it('are the ones of test/conformance/case-ids.json: none lost or renamed (a new case adds its ID there)', async () => {
    const { cases } = await collectCases();
    const ids = cases.map((c) => c.id).sort();
    expect(
      ids.filter((id) => !KNOWN.includes(id)),
      'IDs not in case-ids.json (add them)',
    ).toEqual([]);
    expect(
      KNOWN.filter((id) => !ids.includes(id)),
      'IDs gone (an ID is never dropped or renamed)',
    ).toEqual([]);
  });
});
