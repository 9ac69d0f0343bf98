/** A case of sessions run once per transport: its runs merged into one row (transport-runs.ts) and shown side by side in the reports. */
import { describe, expect, it } from 'vitest';
import { parseIcs, transportsOf } from '../../harness/conformance/ics.ts';
import { MAX_REASON_CHARS } from '../../harness/conformance/run/recorded-reason.ts';
import { TransportRuns } from '../../harness/conformance/run/transport-runs.ts';
import { renderJunit } from '../../harness/report/junit-report.ts';
import { renderMarkdown } from '../../harness/report/markdown-report.ts';
import { renderHtml } from '../../harness/report/html-report.ts';
import { transportLine } from '../../harness/report/transport-view.ts';
import { sampleResults, withCases } from '../report/sample-results.ts';

const run = (verdict: 'PASS' | 'FAIL' | 'N/A' | 'INCONC', reason?: string, facts?: 'PASS' | 'FAIL' | 'INCONC') => ({
  verdict,
  ...(reason ? { reason } : {}),
  ...(facts ? { facts: { verdict: facts } } : {}),
});

describe('TransportRuns', () => {
  it('gives the case the worst verdict of the runs that ran, its reason naming the transport', () => {
    const runs = new TransportRuns();
    runs.add('DMCTS-S-FLOW-001', 'http', run('PASS'));
    const merged = runs.add('DMCTS-S-FLOW-001', 'ws', run('FAIL', 'the frame got no answer', 'PASS'));
    expect(merged.record.verdict).toBe('FAIL');
    expect(merged.record.reason).toBe('[ws] the frame got no answer');
    expect(merged.transports.map((t) => [t.transport, t.verdict])).toEqual([
      ['http', 'PASS'],
      ['ws', 'FAIL'],
    ]);
  });

  it('names the transport of the reason only when more than one transport ran', () => {
    const runs = new TransportRuns();
    runs.add('T', 'ws', run('N/A', 'the ICS does not claim the transport ws'));
    expect(runs.add('T', 'http', run('FAIL', 'no Status')).record.reason).toBe('no Status');
  });

  it('does not let a transport the ICS does not claim (N/A) hide the verdict of one that ran', () => {
    const runs = new TransportRuns();
    runs.add('X', 'ws', run('N/A', 'the ICS does not claim the transport ws'));
    expect(runs.add('X', 'http', run('PASS')).record.verdict).toBe('PASS');
    const none = new TransportRuns();
    none.add('Y', 'http', run('N/A', 'no'));
    expect(none.add('Y', 'ws', run('N/A', 'no')).record.verdict).toBe('N/A');
  });

  it('takes the worst public-facts verdict of any run, even when another run is worse at the profile level', () => {
    const runs = new TransportRuns();
    runs.add('Z', 'http', run('FAIL', 'a profile rule', 'PASS'));
    const merged = runs.add('Z', 'ws', run('INCONC', 'a public fact could not be shown', 'INCONC'));
    expect(merged.record.verdict).toBe('FAIL');
    expect(merged.record.facts?.verdict).toBe('INCONC');
  });
});

describe('the reports show a case of sessions per transport', () => {
  const base = sampleResults();
  const first = base.cases.find((c) => c.verdict === 'PASS')!;
  const results = withCases(base, [
    {
      ...first,
      verdict: 'FAIL',
      reason: '[ws] the frame got no answer',
      transports: [
        { transport: 'http', verdict: 'PASS', durationMs: 12 },
        { transport: 'ws', verdict: 'FAIL', reason: 'the frame got no answer', durationMs: 34 },
      ],
    },
  ]);
  const c = results.cases[0]!;

  it('JUnit: one testcase per transport, each with its own verdict', () => {
    const xml = renderJunit(results);
    expect(xml).toContain(`name="${c.id} [http] ${c.title}"`);
    const ws = xml.slice(xml.indexOf(`name="${c.id} [ws] ${c.title}"`));
    expect(ws.slice(0, ws.indexOf('</testcase>'))).toContain('<failure message="FAIL: the frame got no answer"');
    const http = xml.slice(xml.indexOf(`name="${c.id} [http] ${c.title}"`));
    expect(http.slice(0, http.indexOf('</testcase>'))).not.toContain('<failure');
  });

  it('Markdown and HTML: the runs side by side', () => {
    expect(transportLine(c)).toBe('http PASS · ws FAIL');
    expect(renderMarkdown(results)).toContain('**FAIL** (http PASS · ws FAIL)');
    const html = renderHtml(results);
    expect(html).toMatch(/class="transports">http <span class="v v-PASS">PASS<\/span> · ws <span class="v v-FAIL">FAIL<\/span>/);
    expect(html).toContain('over ws: <span class="v v-FAIL">FAIL</span>');
  });
});

describe('the ICS transports', () => {
  const base = { dmcts: 'ics/1', role: 'server', product: { name: 'x', version: '1' } };
  it('default to HTTP, plus the WebSocket binding when features.WS is claimed', () => {
    expect(transportsOf(parseIcs('a.json', { ...base, features: {} }))).toEqual(['http']);
    expect(transportsOf(parseIcs('a.json', { ...base, features: { WS: true } }))).toEqual(['http', 'ws']);
    expect(transportsOf(parseIcs('a.json', { ...base, features: { WS: true }, transports: ['ws'] }))).toEqual(['ws']);
  });
  it('refuse "ws" without the WS feature, and anything but http and ws', () => {
    expect(() => parseIcs('a.json', { ...base, features: {}, transports: ['ws'] })).toThrow(/features\.WS is not claimed/);
    expect(() => parseIcs('a.json', { ...base, features: {}, transports: ['coap'] })).toThrow();
    expect(() => parseIcs('a.json', { ...base, features: {}, transports: [] })).toThrow();
  });
});

describe('TransportRuns: bounded reasons', () => {
  it('keeps a reason at most MAX_REASON_CHARS with the transport in front', () => {
    const long = `cause ${'x'.repeat(MAX_REASON_CHARS - 6)}`;
    expect(long.length).toBe(MAX_REASON_CHARS);
    const runs = new TransportRuns();
    runs.add('L', 'http', run('PASS'));
    const merged = runs.add('L', 'ws', run('FAIL', long));
    expect(merged.record.reason!.startsWith('[ws] cause')).toBe(true);
    expect(merged.record.reason!.length).toBeLessThanOrEqual(MAX_REASON_CHARS);
  });
});
