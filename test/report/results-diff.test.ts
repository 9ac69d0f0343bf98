import { describe, expect, it } from 'vitest';
import { renderDiffText } from '../../harness/report/diff-text.ts';
import { diffResults } from '../../harness/report/results-diff.ts';
import { NEW, OLD, runOf } from './sample-results.ts';

const ids = (list: Array<{ id: string }>) => list.map((c) => c.id.replace(/^DMCTS-C-|-001$/g, ''));

describe('results diff', () => {
  const d = diffResults(OLD, NEW);

  it('classifies regressions, fixes, new, gone and other changes', () => {
    expect(ids(d.regressions)).toEqual(['A', 'D', 'F', 'J']);
    expect(ids(d.fixes)).toEqual(['B']);
    expect(ids(d.added)).toEqual(['F', 'L', 'N']);
    expect(ids(d.removed)).toEqual(['G', 'H']);
    expect(ids(d.changed)).toEqual(['E', 'I', 'K']);
  });

  it('keeps the before and after verdicts, the new reason, and why a case was added or removed', () => {
    expect(d.regressions[0]).toMatchObject({ before: 'PASS', after: 'FAIL', reason: 'why DMCTS-C-A-001 is FAIL' });
    expect(d.regressions.find((r) => r.id === 'DMCTS-C-F-001')!.before).toBeUndefined();
    expect(d.removed.find((r) => r.id === 'DMCTS-C-G-001')!.note).toBe('newer run: not in the suite of that run');
    expect(d.removed.find((r) => r.id === 'DMCTS-C-H-001')!.note).toBe('newer run: not selected: --role server');
    expect(d.added.find((r) => r.id === 'DMCTS-C-L-001')!.note).toBe('older run: not selected: --role server');
  });

  it('reports a case that FAILs as before but for another cause (numbers aside) as a reason change', () => {
    const before = runOf({ 'DMCTS-C-A-001': 'FAIL', 'DMCTS-C-B-001': 'FAIL', 'DMCTS-C-C-001': 'PASS' });
    const after = runOf({ 'DMCTS-C-A-001': 'FAIL', 'DMCTS-C-B-001': 'FAIL', 'DMCTS-C-C-001': 'PASS' });
    before.cases[0]!.reason = 'no Status within 10000 ms';
    after.cases[0]!.reason = 'no Status within 10012 ms'; // the same cause
    before.cases[1]!.reason = 'the Package#2 has no CONT';
    after.cases[1]!.reason = 'HGET answered 500';
    const r = diffResults(before, after);
    expect(r.regressions).toEqual([]);
    expect(r.reasonChanges).toEqual([
      expect.objectContaining({ id: 'DMCTS-C-B-001', before: 'FAIL', after: 'FAIL', beforeReason: 'the Package#2 has no CONT', reason: 'HGET answered 500' }),
    ]);
    const text = renderDiffText(r, { before: 'a.json', after: 'b.json' });
    expect(text).toContain('same verdict, another reason (1):');
    expect(text).toContain('was: the Package#2 has no CONT');
    expect(text).toContain('now: HGET answered 500');
  });

  it('finds nothing between a run and itself', () => {
    const same = diffResults(NEW, NEW);
    expect([same.regressions, same.fixes, same.added, same.removed, same.changed].map((l) => l.length)).toEqual([0, 0, 0, 0, 0]);
  });

  it('says a case the newer, interrupted run did not reach has no verdict because the run did not complete', () => {
    const cut = runOf({ 'DMCTS-C-A-001': 'PASS' }, false);
    cut.cases.push({ ...cut.cases[0]!, id: 'DMCTS-C-B-001', verdict: undefined, reason: undefined });
    const r = diffResults(runOf({ 'DMCTS-C-A-001': 'PASS', 'DMCTS-C-B-001': 'PASS' }), cut);
    expect(r.removed).toEqual([expect.objectContaining({ id: 'DMCTS-C-B-001', note: 'newer run: no verdict: that run did not complete' })]);
    expect(renderDiffText(r, { before: 'a.json', after: 'b.json' })).toContain('note: the new run did not complete');
  });

  it('prints regressions first with their reasons, then a count line', () => {
    const text = renderDiffText(d, { before: 'old.json', after: 'new.json' });
    expect(text.indexOf('REGRESSIONS (4):')).toBeLessThan(text.indexOf('fixes (1):'));
    expect(text).toMatch(/ {2}DMCTS-C-A-001 +PASS -> FAIL +t DMCTS-C-A-001\n {6}why DMCTS-C-A-001 is FAIL/);
    expect(text).toMatch(/DMCTS-C-G-001 +PASS -> gone +t DMCTS-C-G-001\n {2}DMCTS-C-H-001/); // gone from the suite: no note line
    expect(text).toMatch(/DMCTS-C-H-001 +PASS -> gone +t DMCTS-C-H-001\n {6}newer run: not selected: --role server/);
    expect(text.trimEnd().split('\n').at(-1)).toBe('4 regressions, 1 fixed, 3 new, 2 gone, 3 other changes, 0 reason changes');
  });
});
