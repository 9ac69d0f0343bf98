import { describe, expect, it } from 'vitest';
import { renderMarkdown } from '../../harness/report/markdown-report.ts';
import { sampleResults } from './sample-results.ts';

const md = renderMarkdown(sampleResults());

function section(title: string): string {
  const start = md.indexOf(title);
  if (start < 0) throw new Error(`no section ${title}`);
  const ends = [md.indexOf('\n###', start + 1), md.indexOf('\n<details>', start + 1)].filter((i) => i > 0);
  return md.slice(start, ends.length ? Math.min(...ends) : undefined);
}

/** Cells of a Markdown table row, splitting on pipes that are not escaped. */
function cells(row: string): string[] {
  return row
    .replace(/^\|\s?|\s?\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((c) => c.trim());
}

describe('Markdown summary', () => {
  it('says not conformant, names the IUTs and the totals', () => {
    expect(md.split('\n')[0]).toBe('## dmcts conformance: **NOT conformant (DM 2.0 public facts)**');
    expect(md).toContain('| client | Acme &lt;Client&gt; | 1.2.3 | Acme &amp; Co |');
    expect(md).toContain('| 1 | 1 | 1 | 1 | 1 | 1 |');
    expect(md).toContain('5 executed of 7 cases (1 not run: filtered out or not reached).');
  });

  it('lists every case that did not pass, most urgent first, with its reason — and not the ones that passed', () => {
    const rows = section('### Cases that did not pass (4)')
      .split('\n')
      .filter((l) => l.startsWith('| **'));
    expect(rows.map((r) => cells(r)[1]!.split(' ')[0])).toEqual(['`DMCTS-S-SESSION-001`', '`DMCTS-C-GET-002`', '`DMCTS-S-FLOW-002`', '`DMCTS-C-CMD-003`']);
    expect(rows.map((r) => cells(r)[0])).toEqual(['**ERROR**', '**FAIL**', '**WARN**', '**INCONC**']);
    expect(cells(rows[2]!)[4]).toBe('the server did not send Content-Length (a SHOULD)');
    expect(md).not.toMatch(/\| \*\*PASS\*\*/);
  });

  it('lists N/A cases apart, folded', () => {
    const na = md.slice(md.indexOf('<details><summary>Not applicable (1)</summary>'));
    expect(na).toMatch(/\| \*\*N\/A\*\* \| `DMCTS-C-UI-001`.*the ICS does not claim UI \|/);
  });

  it('keeps hostile text inert: no HTML, no link, no extra table cell', () => {
    const fail = md.split('\n').find((l) => l.includes('`DMCTS-C-GET-002`'))!;
    expect(cells(fail)).toHaveLength(5);
    expect(fail).not.toContain('<script>');
    expect(fail).not.toMatch(/(?<!\\)\]\(/); // no unescaped ](
    expect(fail).toContain('\\[a link\\](http://evil.example/)');
    expect(fail).toContain('Pipe \\| in the title, \\*stars\\* and &lt;b&gt;tags&lt;/b&gt;');
    expect(fail).not.toContain('second line'); // a table cell holds the first line only
  });

  it('shows requirement coverage per verdict, labels in a table and rules folded', () => {
    // Every label of the catalogue has a row, those no case demonstrated say so.
    const cov = section('### Requirement coverage (35 labels)');
    expect(cov).toContain('| DM-HLF-004 | 1 | 1 | · | · | · | · |');
    expect(cov).toContain('| DM-HLF-001 | · | · | 1 | · | · | 1 |');
    expect(cov).toContain('| DM-HLF-008 (not demonstrated: none of its cases ran in this run) | · | · | · | · | · | · |'); // cited only by a case that did not run
    expect(cov).toMatch(/\| DM-IOP-003 \(not demonstrated: no case of the .* suite cites it\) \|/);
    expect(md).toContain('| K-CMD | 1 | · | · | 1 | · | · |');
  });

  it('says when the run did not complete', () => {
    const r = sampleResults();
    const out = renderMarkdown({ ...r, run: { ...r.run, complete: false, note: 'the run was interrupted' } });
    expect(out.split('\n')[0]).toContain('the run did not complete');
    expect(out).toContain('> the run was interrupted');
  });
});
