import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { WireRecord } from '../../harness/core/evidence-model.ts';
import { renderHtml } from '../../harness/report/html-report.ts';
import type { CaseResult } from '../../harness/report/results-model.ts';
import { checkMarkup, unescapeXml } from './markup.ts';
import { EVIL_BODY, EVIL_LOG, sampleCases, sampleResults, withCases, withManyNotApplicable } from './sample-results.ts';

const page = renderHtml(sampleResults());

/** The page without its own inline script and stylesheet (the only places raw markup-like text may be). */
function withoutOwnBlocks(html: string): string {
  return html.replace(/<script>[\s\S]*?<\/script>/, '').replace(/<style>[\s\S]*?<\/style>/, '');
}

/** The markup of one case, up to the next case. */
function caseHtml(html: string, id: string): string {
  const start = html.indexOf(`<details id="case-${id}"`);
  if (start < 0) throw new Error(`no case ${id}`);
  const next = html.indexOf('<details id="case-', start + 1);
  return html.slice(start, next < 0 ? undefined : next);
}

/** Text content of the matrix row of `ref`: the counts in verdict column order, then the total. */
function matrixRow(html: string, ref: string): string[] {
  const table = /<table class="matrix">([\s\S]*?)<\/table>/.exec(html)![1]!;
  const row = table.split('<tr').find((r) => r.includes(`>${ref}</a>`));
  if (!row) throw new Error(`no matrix row for ${ref}`);
  return [...row.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, ''));
}

describe('HTML report', () => {
  it('is well-formed: every element closed in order, attributes quoted, no bare < or &', () => {
    expect(checkMarkup(page, 'html').problems).toEqual([]);
  });

  it('never lets hostile text from results.json become markup', () => {
    const rest = withoutOwnBlocks(page);
    expect(rest).not.toMatch(/<script/i);
    expect(rest).not.toMatch(/<img/i);
    expect(rest).not.toContain('<b>tags</b>');
    expect(rest).not.toContain('<b>fast</b>');
    // The hostile text is there, escaped: a reader still sees what the IUT sent.
    expect(page).toContain('&lt;script&gt;alert(&quot;reason&quot;)&lt;/script&gt;');
    expect(page).toContain(`&lt;/pre&gt;&lt;/details&gt;&lt;script&gt;alert(\\"body\\")&lt;/script&gt;`);
    expect(page).toContain('&lt;script&gt;alert("log")&lt;/script&gt; &amp; done');
    expect(page).toContain('x-evil: "&gt;&lt;script&gt;alert("header")&lt;/script&gt;');
    expect(page).toContain('Acme &lt;Client&gt;');
    expect(EVIL_LOG).toContain('<script>');
    expect(JSON.stringify(EVIL_BODY)).toContain('<script>');
  });

  it('has exactly one script and one style, both allowed by its Content-Security-Policy hash, and loads nothing', () => {
    const scripts = [...page.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    const styles = [...page.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)];
    expect(scripts).toHaveLength(1);
    expect(styles).toHaveLength(1);
    const csp = unescapeXml(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(page)![1]!);
    const hash = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;
    expect(csp).toContain(`script-src ${hash(scripts[0]![1]!)}`);
    expect(csp).toContain(`style-src ${hash(styles[0]![1]!)}`);
    expect(csp).toContain("default-src 'none'");
    const { elements } = checkMarkup(page, 'html');
    expect(elements.filter((e) => 'src' in e.attrs)).toEqual([]);
    for (const e of elements.filter((x) => 'href' in x.attrs)) expect(e.attrs.href!.startsWith('#'), e.attrs.href).toBe(true);
  });

  it('lists every case, with or without a verdict', () => {
    for (const c of sampleCases()) expect(page, c.id).toContain(`id="case-${c.id}"`);
    expect(page).toContain('data-verdict="none"');
  });

  it('puts the cases to act on first: ERROR, FAIL, WARN, INCONC, N/A, PASS, then the ones not run', () => {
    const order = [...page.matchAll(/<details id="case-([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual([
      'DMCTS-S-SESSION-001',
      'DMCTS-C-GET-002',
      'DMCTS-S-FLOW-002',
      'DMCTS-C-CMD-003',
      'DMCTS-C-UI-001',
      'DMCTS-C-GET-001',
      'DMCTS-S-FLOW-009',
    ]);
  });

  it('counts each requirement and rule per verdict in the matrix, leaving out cases that did not run', () => {
    // columns: PASS FAIL WARN INCONC N/A ERROR total
    expect(matrixRow(page, 'DM-HLF-004')).toEqual(['1', '1', '·', '·', '·', '·', '2']);
    expect(matrixRow(page, 'DM-HLF-001')).toEqual(['·', '·', '1', '·', '·', '1', '2']);
    expect(matrixRow(page, 'K-CMD')).toEqual(['1', '·', '·', '1', '·', '·', '2']);
    expect(matrixRow(page, 'DM-HLF-003')).toEqual(['·', '·', '·', '·', '1', '·', '1']);
    expect(() => matrixRow(page, 'DM-HLF-008')).toThrow(/no matrix row/);
  });

  it('links each matrix count to the filter of its requirement and verdict', () => {
    expect(page).toContain('href="#f?req=DM-HLF-004&amp;verdict=FAIL" title="DMCTS-C-GET-002"');
    expect(page).toContain('href="#f?req=DM-HLF-001&amp;verdict=ERROR" title="DMCTS-S-SESSION-001"');
  });

  it('shows the header: each IUT with its version, the dmcts version, the run time, completeness and totals', () => {
    const text = page.replace(/<[^>]+>/g, '');
    expect(text).toContain('IUT (client)Acme &lt;Client&gt; 1.2.3 — Acme &amp; Co');
    expect(text).toContain('IUT (server)Acme Server 4.5');
    expect(text).toContain('dmcts9.9.9');
    expect(text).toContain('2026-01-02T03:04:00.000Z to 2026-01-02T03:04:30.000Z (30.0 s)');
    expect(text).toContain('completeyes');
    expect(page).toContain('NOT CONFORMANT');
    expect(text).toMatch(/1FAIL/);
    expect(text).toMatch(/1not run/);
    const incomplete = renderHtml({ ...sampleResults(), run: { ...sampleResults().run, complete: false, note: 'the run was interrupted' } });
    expect(incomplete).toContain('INCOMPLETE RUN');
    expect(incomplete).toContain('the run was interrupted');
  });

  it("shows a case's evidence: requirement, selection, seed, steps with times, notes, the decoded trace and the IUT log", () => {
    const one = caseHtml(page, 'DMCTS-C-GET-001');
    expect(one).toContain('A client MUST do what DMCTS-C-GET-001 checks.');
    expect(one).toContain('selected — the IUT is of its role');
    expect(one).toContain('<code>1234</code>');
    expect(one).toContain('<span class="t">+5 ms</span> wait for the Status of GET');
    expect(one).toContain('the IUT answered in 3 ms &lt;b&gt;fast&lt;/b&gt;');
    expect(one).toMatch(/<li class="msg d-in k-request">.*?<span class="dir">← IUT<\/span><span class="what">POST \/dm<\/span>/);
    expect(one).toMatch(
      /<li class="msg d-out k-response">.*?<span class="dir">→ IUT<\/span><span class="what">200 application\/vnd\.oma\.dm\.request\+json<\/span>/,
    );
    expect(one).toContain('upper tester: client.startSession #1');
    expect(one).toContain('"MOID": "urn:oma:mo:oma-dm-devinfo:1.0"'); // pretty-printed JSON
    expect(one).toContain('<pre class="log">GET done</pre>');
    expect(caseHtml(page, 'DMCTS-C-UI-001')).toContain('not-applicable — the ICS does not claim UI (ICS item <code>features.UI</code>)');
  });

  it('puts the cases right after the summary: the matrix comes before them folded into one closed line that says how much is demonstrated', () => {
    const fold = page.indexOf('<details id="requirements" class="fold">');
    const matrix = page.indexOf('<table class="matrix">');
    const cases = page.indexOf('<section id="cases">');
    expect(fold).toBeGreaterThan(page.indexOf('<div class="totals">'));
    expect(fold).toBeLessThan(matrix);
    expect(matrix).toBeLessThan(cases);
    // closed: the tag has no open attribute
    expect(page).toMatch(/<details id="requirements" class="fold"><summary>/);
    // sample: DM-HLF-001, -003, -004, -027 have verdicts (-008 only a case not run); -001 and -004 a FAIL or ERROR
    expect(page).toMatch(
      /<summary><h2>Requirements × verdicts<\/h2> <span class="none">4 of \d+ requirement labels with a verdict, 2 with a FAIL or ERROR; 6 of \d+ rules with a verdict, 2 with a FAIL or ERROR/,
    );
  });

  it('folds many cases with the same verdict and reason into one row with a count that opens on their cases, keeping each case whole', () => {
    const html = renderHtml(withManyNotApplicable(39));
    expect(checkMarkup(html, 'html').problems).toEqual([]);
    const groups = [...html.matchAll(/<details id="(group-\d+)" class="group v-NA" data-verdict="N\/A" data-size="(\d+)"><summary>([\s\S]*?)<\/summary>/g)];
    expect(groups).toHaveLength(1);
    const [, id, size, summary] = groups[0]!;
    expect(size).toBe('40');
    expect(summary).toContain(`×<span class="n" id="${id}-n">40</span>`);
    expect(summary).toContain('the ICS does not claim UI');
    expect(summary).toContain('40 cases: DMCTS-C-UI-001, DMCTS-C-UI-002, DMCTS-C-UI-003, DMCTS-C-UI-004, DMCTS-C-UI-005 and 35 more');
    // the reason once for the group, not once per case row
    expect(html.match(/<span class="why">the ICS does not claim UI<\/span>/g) ?? []).toHaveLength(0);
    for (let i = 1; i <= 40; i += 1) {
      const one = caseHtml(html, `DMCTS-C-UI-${String(i).padStart(3, '0')}`);
      expect(one).toContain(`data-group="${id}"`);
      expect(one).toContain('not-applicable — the ICS does not claim UI');
    }
    // the group stands where its cases would: after INCONC, before PASS
    const order = [...html.matchAll(/<details id="((?:case|group)-[^"]+)"/g)].map((m) => m[1]!).filter((x) => !x.startsWith('case-DMCTS-C-UI-'));
    expect(order).toEqual([
      'case-DMCTS-S-SESSION-001',
      'case-DMCTS-C-GET-002',
      'case-DMCTS-S-FLOW-002',
      'case-DMCTS-C-CMD-003',
      id,
      'case-DMCTS-C-GET-001',
      'case-DMCTS-S-FLOW-009',
    ]);
  });

  it('groups reasons that differ only in numbers, saying so, and leaves two alike cases or cases with other reasons alone', () => {
    const base = sampleCases()[4]!; // INCONC
    const inconc = (id: string, reason: string): CaseResult => ({ ...base, id, reason });
    const cases = [
      ...sampleCases(),
      inconc('DMCTS-C-CMD-010', 'no answer within 5000 ms'),
      inconc('DMCTS-C-CMD-011', 'no answer within 7000 ms'),
      inconc('DMCTS-C-CMD-012', 'no answer within 5000 ms'),
      inconc('DMCTS-C-CMD-020', 'the IUT refused the session'),
      inconc('DMCTS-C-CMD-021', 'the IUT refused the session'),
    ];
    const html = renderHtml(withCases(sampleResults(), cases));
    expect(html.match(/class="group /g) ?? []).toHaveLength(1);
    expect(html).toMatch(
      /data-size="3"><summary><span class="v v-INCONC">INCONC<\/span> <b class="count">×<span class="n" id="group-1-n">3<\/span><\/b> <span class="title">no answer within 5000 ms<\/span> <span class="tags">\(the numbers in the reasons differ\)<\/span>/,
    );
    expect(caseHtml(html, 'DMCTS-C-CMD-020')).not.toContain('data-group');
    expect(caseHtml(html, 'DMCTS-C-CMD-003')).not.toContain('data-group');
  });

  it('says of a selected case without a verdict that the run did not reach it, and why, and folds several such into one row', () => {
    const pending = (id: string): CaseResult => ({ ...sampleCases()[4]!, id, verdict: undefined, reason: undefined });
    const base = sampleResults();
    const cases = [...sampleCases(), pending('DMCTS-C-CMD-009'), pending('DMCTS-C-CMD-010'), pending('DMCTS-C-CMD-011')];
    const html = renderHtml(withCases({ ...base, run: { ...base.run, complete: false, note: 'the run was interrupted (SIGINT)' } }, cases));
    expect(html).toMatch(
      /data-verdict="none" data-size="3"><summary><span class="v v-none">not run<\/span> <b class="count">×<span class="n" id="group-1-n">3<\/span><\/b> <span class="title">not reached: the run was interrupted \(SIGINT\)<\/span>/,
    );
    expect(caseHtml(html, 'DMCTS-C-CMD-009')).toContain('<pre class="reason">not reached: the run was interrupted (SIGINT)</pre>');
    // a case filtered out is not run for its own reason, stated on its row
    expect(caseHtml(html, 'DMCTS-S-FLOW-009')).toContain('<span class="why">--role client</span>');
  });

  it('keeps a linked case clear of the sticky filter bar: cases and groups have a scroll margin of the bar height', () => {
    expect(page).toMatch(/details\.case,details\.group\{[^}]*scroll-margin-top:var\(--bar,\d+px\)/);
    expect(page).toMatch(/#filters\{[^}]*position:sticky/);
  });

  it('cuts a huge body, saying so', () => {
    const big: WireRecord = { t: 1, by: 'harness', direction: 'in', kind: 'request', method: 'POST', url: '/dm', body: { blob: 'x'.repeat(50_000) } };
    const cases = sampleCases().map(
      (c): CaseResult => (c.id === 'DMCTS-C-GET-001' ? { ...c, evidence: { wire: [big], steps: [], notes: [], truncated: 3 } } : c),
    );
    const html = renderHtml(withCases(sampleResults(), cases), { budget: { maxBody: 1000 } });
    expect(html).not.toContain('x'.repeat(1001));
    expect(html).toMatch(/49,0\d\d more characters cut; the full body is in results\.json/);
    expect(html).toContain('3 more messages were not recorded');
  });

  it('stays a few MB at 200 cases with chatty traces, keeping the failing cases whole and saying what was left out', () => {
    const wire: WireRecord[] = Array.from({ length: 40 }, (_, i) => ({
      t: i,
      by: 'harness server s',
      direction: i % 2 ? 'out' : 'in',
      kind: i % 2 ? 'response' : 'request',
      method: 'POST',
      url: '/dm',
      status: 200,
      headers: { 'content-type': 'application/vnd.oma.dm.request+json', 'content-length': '30000' },
      body: { data: 'y'.repeat(15_000) },
      bytes: 15_000,
    }));
    const cases: CaseResult[] = Array.from({ length: 200 }, (_, i) => ({
      ...sampleCases()[0]!,
      id: `DMCTS-C-GET-${String(i).padStart(3, '0')}`,
      verdict: i === 150 ? 'FAIL' : 'PASS',
      ...(i === 150 ? { reason: 'the one failure' } : {}),
      evidence: { wire, steps: [], notes: [], truncated: 0 },
    }));
    const html = renderHtml(withCases(sampleResults(), cases));
    expect(html.length).toBeLessThan(6_000_000);
    expect(caseHtml(html, 'DMCTS-C-GET-199')).not.toContain('y'.repeat(100));
    expect(checkMarkup(html, 'html').problems).toEqual([]);
    expect(caseHtml(html, 'DMCTS-C-GET-150')).toContain('y'.repeat(15_000));
    expect(html).toContain('Headers and bodies of 40 messages are left out to keep this page small');
    for (const c of cases) expect(html).toContain(`id="case-${c.id}"`);
  });
});
