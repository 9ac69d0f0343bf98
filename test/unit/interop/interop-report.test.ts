/**
 * The interop matrix model and its reports: docs/interop.schema.json is the schema's current copy,
 * the schema refuses what is not interop results, the outcome and exit code follow the verdicts,
 * and the HTML, Markdown and JUnit reports say what the cells say — escaping what an IUT sent.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { interopHtml } from '../../../harness/report/interop-html.ts';
import { interopJunit } from '../../../harness/report/interop-junit.ts';
import { interopMarkdown } from '../../../harness/report/interop-markdown.ts';
import {
  interopExitCode,
  interopOutcome,
  interopSummary,
  type InteropCell,
  type InteropResults,
  type InteropVerdict,
} from '../../../harness/report/interop-model.ts';
import { INTEROP_SCHEMA, interopSchemaErrors } from '../../../harness/report/interop-schema.ts';

const cell = (scenario: string, verdict: InteropVerdict, reason?: string, client = 'c1'): InteropCell => ({
  client,
  server: 's1',
  scenario,
  verdict,
  ...(reason ? { reason } : {}),
  checks: [{ ok: verdict === 'PASS', text: reason ?? 'ok' }],
  durationMs: 12,
  evidence: {
    exchanges: [{ t: 0, hop: 'HTTP client → server', summary: 'POST /dm → 200', detail: 'POST /dm\n\n<b>body</b>' }],
    ut: [],
    notes: ['TLS at the proxy'],
  },
});

function results(cells: InteropCell[]): InteropResults {
  const p = (id: string, role: 'client' | 'server') => ({
    id,
    role,
    product: { name: id, version: '1' },
    adapter: 'process',
    ics: `${id}.ics.json`,
    ixit: `${id}.ixit.json`,
    features: [],
    transports: ['http'],
    description: 'x',
  });
  return {
    dmcts: 'interop/1',
    tool: { name: 'dmcts', version: '0.1.0' },
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: '2026-01-01T00:00:01.000Z',
    durationMs: 1000,
    scenarios: [...new Set(cells.map((c) => c.scenario))].map((id) => ({ id, title: id.toUpperCase(), description: 'd', rules: ['K-FLOW'] })),
    clients: [...new Set(cells.map((c) => c.client))].map((id) => p(id, 'client')),
    servers: [p('s1', 'server')],
    cells,
    summary: interopSummary(cells),
    outcome: interopOutcome(cells),
  };
}

describe('the interop results', () => {
  it('docs/interop.schema.json is the current copy of the schema (node bin/run-ts.mjs harness/report/interop-write-schema.ts)', () => {
    const file = readFileSync(new URL('../../../docs/interop.schema.json', import.meta.url), 'utf8');
    expect(JSON.parse(file)).toEqual(JSON.parse(JSON.stringify(INTEROP_SCHEMA)));
  });

  it('the schema takes interop results and refuses a verdict it does not know or a missing cell member', () => {
    const good = results([cell('a', 'PASS')]);
    expect(interopSchemaErrors(good)).toEqual([]);
    expect(interopSchemaErrors({ ...good, cells: [{ ...good.cells[0], verdict: 'OK' }] }).join()).toContain('/cells/0/verdict');
    const { checks: _, ...noChecks } = good.cells[0]!;
    expect(interopSchemaErrors({ ...good, cells: [noChecks] }).join()).toContain('checks');
  });

  it('the outcome and exit code follow the verdicts: FAIL/ERROR 1, INCONC or nothing run 3, else 0', () => {
    expect(interopOutcome([cell('a', 'PASS'), cell('b', 'N/A')])).toBe('all-pass');
    expect(interopOutcome([cell('a', 'PASS'), cell('b', 'INCONC')])).toBe('not-demonstrated');
    expect(interopOutcome([cell('a', 'N/A')])).toBe('not-demonstrated');
    expect(interopOutcome([cell('a', 'INCONC'), cell('b', 'ERROR')])).toBe('failures');
    expect(interopExitCode({ outcome: 'all-pass' })).toBe(0);
    expect(interopExitCode({ outcome: 'failures' })).toBe(1);
    expect(interopExitCode({ outcome: 'not-demonstrated' })).toBe(3);
  });

  it('the HTML gives one badge per cell coloured by verdict, each opening its evidence, and escapes what IUTs sent', () => {
    const html = interopHtml(results([cell('a', 'PASS'), cell('b', 'FAIL', 'the <script>alert(1)</script> status'), cell('c', 'N/A', 'no WS')]));
    expect(html.match(/class="badge v-(pass|fail|na)" href="#cell-\d"/g)).toEqual([
      'class="badge v-pass" href="#cell-0"',
      'class="badge v-fail" href="#cell-1"',
      'class="badge v-na" href="#cell-2"',
    ]);
    expect(html).toContain('<section class="evidence" id="cell-1">');
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;b&gt;body&lt;/b&gt;');
  });

  it('Markdown and JUnit carry each verdict and reason', () => {
    const r = results([cell('a', 'PASS'), cell('b', 'FAIL', 'x | y'), cell('c', 'INCONC', 'not driven'), cell('d', 'ERROR', 'broke')]);
    const md = interopMarkdown(r);
    expect(md).toContain('| b | FAIL |');
    expect(md).toContain('- **FAIL** b, c1 × s1: x \\| y');
    const junit = interopJunit(r);
    expect(junit).toContain('tests="4" failures="1" errors="1" skipped="1"');
    expect(junit).toMatch(/name="b"[^>]*><failure message="x \| y">/);
    expect(junit).toMatch(/name="c"[^>]*><skipped message="INCONC: not driven"\/>/);
    expect(junit).toMatch(/name="d"[^>]*><error message="broke">/);
  });
});
