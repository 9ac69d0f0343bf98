/** A run narrowed to part of the suite says so in every report (terminal, summary.md, report.html), naming what narrowed it. */
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../harness/report/html-report.ts';
import { renderMarkdown } from '../../harness/report/markdown-report.ts';
import { partialRun } from '../../harness/report/partial-run.ts';
import type { Results } from '../../harness/report/results-model.ts';
import { sampleResults } from './sample-results.ts';

function narrowed(filters: Results['run']['filters'], repeat?: number): Results {
  const base = sampleResults();
  return { ...base, run: { ...base.run, filters, ...(repeat ? { repeat } : {}) } };
}

describe('a partial run', () => {
  const results = narrowed({ exclude: ['DMCTS-C-SEC-*'], rerunFailed: { file: 'old/results.json', ids: ['DMCTS-C-GET-002', 'DMCTS-S-FLOW-002'] } }, 3);

  it('is named with every flag that narrowed it', () => {
    const line = partialRun(results);
    expect(line).toMatch(/^partial run: \d+ of the \d+ cases of the suite selected \(/);
    expect(line).toContain('--exclude DMCTS-C-SEC-*');
    expect(line).toContain('--rerun-failed old/results.json (2 cases not PASS there)');
    expect(line).toContain('not a claim of conformance to the whole suite');
  });

  it('says so in summary.md, right under the outcome', () => {
    const md = renderMarkdown(results);
    const at = md.indexOf('> **partial run: ');
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(md.indexOf('executed of'));
    expect(md).toContain('--rerun-failed old/results.json');
  });

  it('says so in report.html, with --exclude, --rerun-failed and --repeat among the filters', () => {
    const html = renderHtml(results);
    expect(html).toMatch(/<th scope="row">partial<\/th><td><b>partial run: /);
    const filters = /<th scope="row">filters<\/th><td><code>([^<]*)<\/code>/.exec(html)?.[1] ?? '';
    expect(filters).toContain('--exclude DMCTS-C-SEC-*');
    expect(filters).toContain('--rerun-failed old/results.json');
    expect(filters).toContain('--repeat 3');
  });

  it('a run of the whole suite has none of it', () => {
    const whole = sampleResults();
    expect(partialRun(whole)).toBeUndefined();
    expect(renderMarkdown(whole)).not.toContain('partial run');
    expect(renderHtml(whole)).not.toContain('partial run');
  });
});

describe('a shard of a run', () => {
  it('is partial, naming the shard and how to merge', () => {
    const base = sampleResults();
    const shard: Results = { ...base, run: { ...base.run, shard: { index: 2, count: 3 } } };
    expect(partialRun(shard)).toContain('--shard 2/3 (merge the 3 shards with dmcts merge)');
    expect(renderMarkdown(shard)).toContain('> **partial run: ');
  });
});
