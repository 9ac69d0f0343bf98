import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkResults } from '../../harness/report/results-file.ts';
import { RESULTS_SCHEMA } from '../../harness/report/results-schema.ts';
import { sampleResults } from './sample-results.ts';

describe('results.json schema', () => {
  it('docs/results.schema.json is the schema of results-schema.ts (else: node bin/run-ts.mjs harness/report/write-results-schema.ts)', () => {
    const file = readFileSync(new URL('../../docs/results.schema.json', import.meta.url), 'utf8');
    expect(file).toBe(`${JSON.stringify(RESULTS_SCHEMA, null, 2)}\n`);
  });

  it('accepts the hand-made results the report tests use (they are a results.json a run could write)', () => {
    expect(() => checkResults('sample', sampleResults())).not.toThrow();
  });

  it('names what is wrong with a file that is not a results.json, first that it is not one', () => {
    try {
      checkResults('ics.json', { dmcts: 'ics/1', role: 'client' });
      expect.unreachable();
    } catch (error) {
      const problems = (error as { problems: string[] }).problems;
      expect(problems[0]).toContain('ics.json: not a dmcts results file (its "format" is missing');
      expect(problems.some((p) => p.includes("must have required property 'cases'"))).toBe(true);
    }
  });

  it('names the field of a results.json that is wrong, and caps the list', () => {
    const bad = sampleResults();
    (bad.cases[0] as { verdict: string }).verdict = 'MAYBE';
    for (const c of bad.cases) (c as { level: string }).level = 'OFTEN';
    try {
      checkResults('r.json', bad);
      expect.unreachable();
    } catch (error) {
      const problems = (error as { problems: string[] }).problems;
      expect(problems[0]).toMatch(/^r\.json: \/cases\/0\/level: must be equal to one of the allowed values/);
      expect(problems.some((p) => p.startsWith('r.json: /cases/0/verdict:'))).toBe(true);
      expect(problems.length).toBeLessThanOrEqual(13);
    }
  });
});
