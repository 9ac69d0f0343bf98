import { describe, expect, it } from 'vitest';
import { renderJunit } from '../../harness/report/junit-report.ts';
import type { CaseResult } from '../../harness/report/results-model.ts';
import { checkMarkup, type Element } from './markup.ts';
import { sampleCases, sampleResults, withCases } from './sample-results.ts';

const xml = renderJunit(sampleResults());
const { problems, elements } = checkMarkup(xml, 'xml');

/** The testcase elements, each with the names of the elements inside it. */
function testcases(text: string): Array<{ attrs: Record<string, string>; children: string[]; body: string }> {
  return [...text.matchAll(/<testcase ([^>]*)>([\s\S]*?)<\/testcase>/g)].map((m) => ({
    attrs: Object.fromEntries([...m[1]!.matchAll(/([\w-]+)="([^"]*)"/g)].map((a) => [a[1]!, a[2]!])),
    children: [...m[2]!.matchAll(/<([a-z-]+)[\s/>]/g)].map((c) => c[1]!),
    body: m[2]!,
  }));
}

const root = (): Element => elements.find((e) => e.name === 'testsuites')!;

describe('JUnit XML', () => {
  it('is well-formed XML with a declaration and a single <testsuites> root', () => {
    expect(problems).toEqual([]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(xml.trimEnd().endsWith('</testsuites>')).toBe(true);
    expect(elements.filter((e) => e.name === 'testsuites')).toHaveLength(1);
  });

  it('has one testcase per case with a verdict: FAIL a failure, ERROR an error, INCONC and N/A skipped, PASS and WARN neither', () => {
    const tcs = testcases(xml);
    expect(tcs).toHaveLength(6); // the filtered case is not a test
    const outcome = (id: string) => tcs.find((t) => t.attrs.name!.startsWith(id))!.children.filter((c) => ['failure', 'error', 'skipped'].includes(c));
    expect(outcome('DMCTS-C-GET-002')).toEqual(['failure']);
    expect(outcome('DMCTS-S-SESSION-001')).toEqual(['error']);
    expect(outcome('DMCTS-C-CMD-003')).toEqual(['skipped']);
    expect(outcome('DMCTS-C-UI-001')).toEqual(['skipped']);
    expect(outcome('DMCTS-C-GET-001')).toEqual([]);
    expect(outcome('DMCTS-S-FLOW-002')).toEqual([]);
  });

  it('counts failures, errors and skipped on the root and on each suite, consistently with the testcases', () => {
    expect(root().attrs).toMatchObject({ tests: '6', failures: '1', errors: '1', skipped: '2' });
    const suites = elements.filter((e) => e.name === 'testsuite');
    expect(suites.map((s) => s.attrs.name)).toEqual(['dmcts.client.CMD', 'dmcts.client.GET', 'dmcts.client.UI', 'dmcts.server.FLOW', 'dmcts.server.SESSION']);
    const sum = (k: string) => suites.reduce((n, s) => n + Number(s.attrs[k]), 0);
    expect([sum('tests'), sum('failures'), sum('errors'), sum('skipped')]).toEqual([6, 1, 1, 2]);
    expect(suites.find((s) => s.attrs.name === 'dmcts.client.GET')!.attrs).toMatchObject({ tests: '2', failures: '1', errors: '0', skipped: '0' });
    for (const s of suites) expect(s.attrs.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d$/);
  });

  it("puts the reason's first line in the message and the whole reason, requirement, step and seed in the body", () => {
    const failure = elements.find((e) => e.name === 'failure')!;
    expect(failure.attrs.message).toMatch(/^FAIL: sc 500 <\/pre><script>alert\("reason"\)<\/script>/);
    expect(failure.attrs.message).not.toContain('second line');
    const body = /<failure [^>]*>([\s\S]*?)<\/failure>/.exec(xml)![1]!;
    expect(body).toContain('second line of the reason');
    expect(body).toContain('requirement (MUST): A client MUST do what DMCTS-C-GET-002 checks.');
    expect(body).toContain('last step: wait for the Status of GET');
    expect(body).toContain('seed: -99');
    expect(/<error [^>]*>([\s\S]*?)<\/error>/.exec(xml)![1]).toContain('at g (harness/y.ts:2:2)');
  });

  it('passes a WARN case with its reason in system-out, and gives a failing case its IUT log', () => {
    const warn = testcases(xml).find((t) => t.attrs.name!.startsWith('DMCTS-S-FLOW-002'))!;
    expect(warn.body).toContain('<system-out>WARN: the server did not send Content-Length (a SHOULD)</system-out>');
    const fail = testcases(xml).find((t) => t.attrs.name!.startsWith('DMCTS-C-GET-002'))!;
    expect(fail.body).toContain('<system-out>IUT log:\n&lt;script&gt;alert(&quot;log&quot;)&lt;/script&gt; &amp; done</system-out>');
  });

  it('names each testcase by ID and title, classname by role and area, time in seconds, requirement labels and rules as properties', () => {
    const tc = testcases(xml).find((t) => t.attrs.name!.startsWith('DMCTS-C-GET-001'))!;
    expect(tc.attrs).toMatchObject({ classname: 'dmcts.client.GET', name: 'DMCTS-C-GET-001 title of DMCTS-C-GET-001', time: '0.042' });
    expect(tc.body).toContain('<property name="requirement" value="DM-HLF-004"/><property name="rule" value="K-CMD"/><property name="rule" value="P-GET"/>');
  });

  it('drops characters XML 1.0 cannot hold (control characters, lone surrogates) and keeps line breaks in attributes', () => {
    const cases = sampleCases().map(
      (c): CaseResult => (c.id === 'DMCTS-C-GET-002' ? { ...c, reason: 'bad\u0001byte \ud800 lone\u0000 \uffff end', title: 'two\nlines' } : c),
    );
    const out = renderJunit(withCases(sampleResults(), cases));
    expect(checkMarkup(out, 'xml').problems).toEqual([]);
    expect(out).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ud800-\udfff\uffff]/);
    expect(out).toContain('message="FAIL: badbyte  lone  end"');
    expect(out).toContain('name="DMCTS-C-GET-002 two&#10;lines"');
  });
});
