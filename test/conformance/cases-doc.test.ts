import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { casesMarkdown } from '../../harness/conformance/cases-markdown.ts';
import { collectCases } from '../../harness/conformance/run/collect-cases.ts';

describe('the case catalogue', () => {
  it('has sound declarations and docs/cases.md is up to date (regenerate: node bin/dmcts.mjs list --markdown > docs/cases.md)', async () => {
    const { cases, problems } = await collectCases();
    expect(problems).toEqual([]);
    expect(readFileSync(new URL('../../docs/cases.md', import.meta.url), 'utf8')).toBe(casesMarkdown(cases));
  });
});
