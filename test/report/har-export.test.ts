/**
 * trace.har: HAR 1.2 as browser tools read it (every field the spec requires, of its type; absolute
 * URLs; pages the entries refer to), one entry per request with its response, bodies as text or
 * base64, the case named on each entry, and nothing but the HTTP evidence of results.json — no
 * secret it redacted, nothing of the IXIT, logs or notes.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { WireRecord } from '../../harness/core/evidence-model.ts';
import { type Har, type HarEntry, harOf, renderHar } from '../../harness/report/har-export.ts';
import type { CaseResult, Results } from '../../harness/report/results-model.ts';
import { writeRunReports } from '../../harness/report/write-run-reports.ts';
import { EVIL_BODY, sampleCases, sampleResults, withCases } from './sample-results.ts';

const dir = mkdtempSync(join(tmpdir(), 'dmcts-har-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/** The problems of a HAR 1.2 log: each field the specification requires, with its type. */
function harProblems(har: unknown): string[] {
  const problems: string[] = [];
  const need = (ok: boolean, what: string) => {
    if (!ok) problems.push(what);
  };
  const isNum = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  const isStr = (v: unknown) => typeof v === 'string';
  const nameValues = (v: unknown, where: string) => {
    need(Array.isArray(v), `${where} is not an array`);
    for (const [i, nv] of ((v as unknown[]) ?? []).entries()) {
      const x = nv as { name?: unknown; value?: unknown };
      need(isStr(x.name) && isStr(x.value), `${where}[${i}] needs string name and value`);
    }
  };
  const log = (har as { log?: Record<string, unknown> }).log;
  if (!log) return ['no log'];
  need(log.version === '1.2', 'log.version is not "1.2"');
  const creator = log.creator as { name?: unknown; version?: unknown } | undefined;
  need(isStr(creator?.name) && isStr(creator?.version), 'log.creator needs name and version');
  const pages = (log.pages ?? []) as Array<Record<string, unknown>>;
  const ids = new Set<string>();
  for (const [i, p] of pages.entries()) {
    need(isStr(p.startedDateTime) && ISO.test(p.startedDateTime as string), `pages[${i}].startedDateTime`);
    need(isStr(p.id) && !ids.has(p.id as string), `pages[${i}].id missing or repeated`);
    ids.add(p.id as string);
    need(isStr(p.title), `pages[${i}].title`);
    need(typeof p.pageTimings === 'object' && p.pageTimings !== null, `pages[${i}].pageTimings`);
  }
  need(Array.isArray(log.entries), 'log.entries is not an array');
  for (const [i, e] of ((log.entries ?? []) as Array<Record<string, unknown>>).entries()) {
    const at = `entries[${i}]`;
    need(e.pageref === undefined || ids.has(e.pageref as string), `${at}.pageref names no page`);
    need(isStr(e.startedDateTime) && ISO.test(e.startedDateTime as string), `${at}.startedDateTime`);
    need(isNum(e.time) && (e.time as number) >= 0, `${at}.time`);
    const rq = e.request as Record<string, unknown>;
    need(isStr(rq.method) && (rq.method as string).length > 0, `${at}.request.method`);
    let absolute = false;
    try {
      absolute = new URL(rq.url as string).protocol.length > 0;
    } catch {}
    need(absolute, `${at}.request.url is not absolute: ${String(rq.url)}`);
    need(isStr(rq.httpVersion), `${at}.request.httpVersion`);
    nameValues(rq.cookies, `${at}.request.cookies`);
    nameValues(rq.headers, `${at}.request.headers`);
    nameValues(rq.queryString, `${at}.request.queryString`);
    need(isNum(rq.headersSize) && isNum(rq.bodySize), `${at}.request sizes`);
    if (rq.postData !== undefined) {
      const pd = rq.postData as Record<string, unknown>;
      need(isStr(pd.mimeType) && (isStr(pd.text) || Array.isArray(pd.params)), `${at}.request.postData`);
    }
    const rs = e.response as Record<string, unknown>;
    need(isNum(rs.status), `${at}.response.status`);
    need(isStr(rs.statusText) && isStr(rs.httpVersion) && isStr(rs.redirectURL), `${at}.response strings`);
    nameValues(rs.cookies, `${at}.response.cookies`);
    nameValues(rs.headers, `${at}.response.headers`);
    const content = rs.content as Record<string, unknown>;
    need(isNum(content?.size) && isStr(content?.mimeType), `${at}.response.content needs size and mimeType`);
    need(content?.text === undefined || isStr(content.text), `${at}.response.content.text`);
    need(content?.encoding === undefined || content.encoding === 'base64', `${at}.response.content.encoding`);
    need(isNum(rs.headersSize) && isNum(rs.bodySize), `${at}.response sizes`);
    need(typeof e.cache === 'object' && e.cache !== null, `${at}.cache`);
    const t = e.timings as Record<string, unknown>;
    need(isNum(t?.send) && isNum(t?.wait) && isNum(t?.receive), `${at}.timings needs send, wait, receive`);
    for (const k of Object.keys(e)) {
      need(
        ['pageref', 'startedDateTime', 'time', 'request', 'response', 'cache', 'timings', 'serverIPAddress', 'connection', 'comment'].includes(k) ||
          k.startsWith('_'),
        `${at}.${k} is neither a HAR field nor a custom _field`,
      );
    }
  }
  return problems;
}

const SECRET = 'hunter2-s3cret';

/** A case whose evidence holds one of every kind of body, a WebSocket, the upper tester and an unanswered request. */
function richCase(): CaseResult {
  const wire: WireRecord[] = [
    { t: 1, by: 'upper-tester', direction: 'out', kind: 'ut', body: { jsonrpc: '2.0', id: 7, method: 'client.startSession' } },
    {
      t: 5,
      by: 'harness client',
      direction: 'out',
      kind: 'request',
      method: 'GET',
      url: 'https://iut.example:8443/dm/mo?fields=CBOR&x=1',
      headers: { accept: 'application/vnd.oma.dm.response+cbor', authorization: 'Basic [REDACTED]' },
      bytes: 0,
    },
    {
      t: 25,
      by: 'harness client',
      direction: 'in',
      kind: 'response',
      status: 200,
      headers: { 'content-type': 'application/vnd.oma.dm.response+cbor' },
      body: { cbor: { MOID: 'urn:oma:mo:x:1.0', blob: { base64: 'AAEC' } } },
      bytes: 40,
    },
    {
      t: 30,
      by: 'harness server srv',
      direction: 'in',
      kind: 'request',
      method: 'POST',
      url: '/dm/s/abc',
      headers: { host: '127.0.0.1:9000', 'content-type': 'application/octet-stream' },
      body: { hex: '00ff10', bytes: 3 },
      bytes: 3,
    },
    {
      t: 31,
      by: 'harness server srv',
      direction: 'out',
      kind: 'response',
      status: 307,
      headers: { location: 'https://elsewhere.example/dm', 'content-type': 'text/plain' },
      body: 'go elsewhere',
      bytes: 12,
    },
    // not HTTP (a TLS record that failed its MAC): recorded without method or URL, never answered
    { t: 35, by: 'harness server srv', direction: 'in', kind: 'request', headers: {}, bytes: 0 },
    {
      t: 40,
      by: 'harness server srv',
      direction: 'in',
      kind: 'request',
      method: 'POST',
      url: '/dm',
      headers: { host: '127.0.0.1:9000', 'content-type': 'application/vnd.oma.dm.initiation+json' },
      body: { bytes: 90_000, truncated: 'over 65536 bytes: not decoded', hex: 'deadbeef' },
      bytes: 90_000,
    },
    {
      t: 41,
      by: 'harness server srv',
      direction: 'out',
      kind: 'response',
      status: 413,
      headers: { 'content-type': 'text/plain' },
      body: 'too large',
      bytes: 9,
    },
    {
      t: 50,
      by: 'harness server srv',
      direction: 'out',
      kind: 'request',
      method: 'POST',
      url: 'http://127.0.0.1:7000/notify',
      headers: { 'content-type': 'application/vnd.oma.dm.notification' },
      body: { package0: { version: 1, digest: 'ab12' } },
      bytes: 30,
    },
    { t: 60, by: 'harness ws', direction: 'out', kind: 'request', method: 'GET', url: 'wss://iut.example/dm', headers: { upgrade: 'websocket' } },
    { t: 61, by: 'harness ws', direction: 'in', kind: 'response', status: 101, headers: { upgrade: 'websocket' } },
    { t: 62, by: 'harness ws', direction: 'out', kind: 'frame', body: { CMD: [] } },
    { t: 63, by: 'harness ws', direction: 'in', kind: 'frame', body: 'pong' },
    {
      t: 65,
      by: 'harness server srv',
      direction: 'in',
      kind: 'request',
      method: 'WS',
      url: '/dm',
      headers: { 'content-type': 'application/vnd.oma.dm.initiation+json' },
      body: { MOS: [] },
    },
    {
      t: 66,
      by: 'harness server srv',
      direction: 'out',
      kind: 'response',
      status: 200,
      headers: { 'content-type': 'application/vnd.oma.dm.request+json' },
      body: {},
    },
    { t: 70, by: 'upper-tester', direction: 'in', kind: 'ut', body: { jsonrpc: '2.0', id: 7, result: {} } },
  ];
  return {
    ...sampleCases()[1]!,
    id: 'DMCTS-C-NOTI-004',
    title: 'rich',
    startedAt: '2026-01-02T03:05:00.000Z',
    evidence: { wire, steps: [], notes: [`a note that is not HTTP ${SECRET}`], truncated: 2 },
    iutLog: [`the IUT logged ${SECRET}`],
  };
}

function rich(): Results {
  const results = withCases(sampleResults(), [...sampleCases(), richCase()]);
  return { ...results, iuts: results.iuts.map((i) => ({ ...i, ixit: { role: i.role, password: SECRET }, ics: { note: SECRET } })) };
}

describe('HAR trace', () => {
  const har = harOf(rich());
  const entriesOf = (id: string) => har.log.entries.filter((e) => e.pageref === id);

  it('is HAR 1.2: every required field, of its type, absolute URLs, entries on the pages of their cases', () => {
    expect(harProblems(har)).toEqual([]);
    expect(harProblems(harOf(sampleResults()))).toEqual([]);
    expect(har.log.creator).toMatchObject({ name: 'dmcts', version: '9.9.9' });
    // a case with a trace is a page; the ERROR case's evidence has no message, the N/A and filtered ones none at all
    expect(har.log.pages.map((p) => p.id)).toEqual(['DMCTS-C-GET-001', 'DMCTS-C-GET-002', 'DMCTS-S-FLOW-002', 'DMCTS-C-NOTI-004']);
    expect(har.log.pages[1]!.title).toBe('DMCTS-C-GET-002 Pipe | in the title, *stars* and <b>tags</b> — FAIL');
  });

  it('(the check itself) names what a broken HAR lacks', () => {
    const broken = JSON.parse(JSON.stringify(har)) as { log: { version: string; entries: Array<HarEntry & { extra?: number }> } };
    broken.log.version = '1.1';
    broken.log.entries[0]!.request.url = '/dm';
    delete (broken.log.entries[1]!.timings as Partial<HarEntry['timings']>).wait;
    broken.log.entries[2]!.pageref = 'nope';
    broken.log.entries[3]!.extra = 1;
    expect(harProblems(broken)).toEqual([
      'log.version is not "1.2"',
      'entries[0].request.url is not absolute: /dm',
      'entries[1].timings needs send, wait, receive',
      'entries[2].pageref names no page',
      'entries[3].extra is neither a HAR field nor a custom _field',
    ]);
  });

  it('makes one entry per request, with the response of the same peer that followed it, timed from the case start', () => {
    const [get, redirect, notHttp, big, notify, ws, frame] = entriesOf('DMCTS-C-NOTI-004');
    expect(entriesOf('DMCTS-C-NOTI-004')).toHaveLength(7);
    expect([notHttp!.request.method, notHttp!.request.url, notHttp!.response.status]).toEqual(['UNKNOWN', 'http://unknown.invalid/', 0]);
    // a DM package as a P-WS frame, received by the harness's server: no Host header to name it
    expect([frame!.request.method, frame!.request.url, frame!.response.status]).toEqual(['WS', 'ws://unknown.invalid/dm', 200]);
    expect(frame!.response.content.text).toBe('{}');
    expect(get!.startedDateTime).toBe('2026-01-02T03:05:00.005Z');
    expect(get!.time).toBe(20);
    expect(get!.timings.wait).toBe(20);
    expect(get!.request.queryString).toEqual([
      { name: 'fields', value: 'CBOR' },
      { name: 'x', value: '1' },
    ]);
    expect(get!.response.status).toBe(200);
    expect(get!.response.statusText).toBe('OK');
    expect(get!._dmcts).toMatchObject({ caseId: 'DMCTS-C-NOTI-004', verdict: 'FAIL', by: 'harness client', requestFrom: 'harness', t: 5 });
    expect(get!.comment).toBe('DMCTS-C-NOTI-004 (FAIL) · harness client · harness → IUT');
    // a request the harness's server received: its path made absolute with its Host header, the recorded form kept
    expect(redirect!.request.url).toBe('http://127.0.0.1:9000/dm/s/abc');
    expect(redirect!._dmcts).toMatchObject({ recordedUrl: '/dm/s/abc', requestFrom: 'IUT' });
    expect(redirect!.response.status).toBe(307);
    expect(redirect!.response.redirectURL).toBe('https://elsewhere.example/dm');
    expect(big!.response.status).toBe(413);
    // a request nothing answered
    expect(notify!.response.status).toBe(0);
    expect(notify!.response.content.comment).toBe('no response recorded for this request');
    expect(ws!.response.status).toBe(101);
  });

  it("pairs a harness client's responses by their URL when requests overlap", () => {
    const req = (t: number, url: string): WireRecord => ({ t, by: 'harness client', direction: 'out', kind: 'request', method: 'GET', url, headers: {} });
    const res = (t: number, url: string, status: number): WireRecord => ({
      t,
      by: 'harness client',
      direction: 'in',
      kind: 'response',
      url,
      status,
      headers: {},
    });
    const c: CaseResult = {
      ...sampleCases()[0]!,
      evidence: {
        wire: [req(1, 'https://a.example/x'), req(2, 'https://a.example/y'), res(5, 'https://a.example/y', 204), res(9, 'https://a.example/x', 200)],
        steps: [],
        notes: [],
        truncated: 0,
      },
    };
    const entries = harOf(withCases(sampleResults(), [c])).log.entries;
    expect(entries.map((e) => [e.request.url, e.response.status, e.time])).toEqual([
      ['https://a.example/x', 200, 8],
      ['https://a.example/y', 204, 3],
    ]);
  });

  it('gives bodies as text: JSON as JSON text, decoded CBOR and Package#0 as JSON saying so, bytes as base64', () => {
    const [get, redirect, , big, notify] = entriesOf('DMCTS-C-NOTI-004');
    expect(JSON.parse(get!.response.content.text!)).toEqual({ MOID: 'urn:oma:mo:x:1.0', blob: { base64: 'AAEC' } });
    expect(get!.response.content.mimeType).toBe('application/vnd.oma.dm.response+cbor');
    expect(get!.response.content.encoding).toBeUndefined();
    expect(get!._dmcts.responseDecodedFrom).toBe('CBOR');
    expect(redirect!.request.postData).toEqual({
      mimeType: 'application/octet-stream',
      text: Buffer.from([0, 255, 16]).toString('base64'),
      _encoding: 'base64',
    });
    expect(redirect!.response.content).toMatchObject({ text: 'go elsewhere', mimeType: 'text/plain', size: 12 });
    expect(big!.request.postData!.text).toBe(Buffer.from('deadbeef', 'hex').toString('base64'));
    expect(big!.request.postData!.comment).toMatch(/^the first 4 of 90000 bytes; body of 90000 bytes not kept whole in results\.json/);
    expect(JSON.parse(notify!.request.postData!.text)).toEqual({ package0: { version: 1, digest: 'ab12' } });
    expect(notify!._dmcts.requestDecodedFrom).toBe('Package#0');
    const json = entriesOf('DMCTS-C-GET-001')[0]!;
    expect(JSON.parse(json.request.postData!.text)).toEqual({ MOS: [{ MOID: 'urn:oma:mo:oma-dm-devinfo:1.0', MIID: ['1'] }], ...EVIL_BODY });
    expect(json.request.postData!.text).toContain('\n  "MOS"'); // pretty-printed
    expect(json.response.content.encoding).toBeUndefined();
  });

  it("keeps WebSocket frames with their connection's entry and the upper tester's messages with the case's page", () => {
    const ws = entriesOf('DMCTS-C-NOTI-004')[5]!;
    expect(ws._webSocketMessages).toEqual([
      { type: 'send', time: Date.parse('2026-01-02T03:05:00.062Z') / 1000, opcode: 1, data: '{"CMD":[]}' },
      { type: 'receive', time: Date.parse('2026-01-02T03:05:00.063Z') / 1000, opcode: 1, data: 'pong' },
    ]);
    const page = har.log.pages.find((p) => p.id === 'DMCTS-C-NOTI-004')!;
    expect(page._dmcts.upperTester?.map((u) => u.direction)).toEqual(['to IUT', 'from IUT']);
    expect(page._dmcts.truncated).toBe(2);
    expect(har.log.entries.some((e) => e.request.url.includes('upper'))).toBe(false);
  });

  it('holds nothing but the HTTP evidence: what results.json redacted stays redacted, and no IXIT, ICS, IUT log or note', () => {
    const text = renderHar(rich());
    expect(text).toContain('"Basic [REDACTED]"');
    expect(text).not.toContain(SECRET);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(harOf(rich()))));
  });

  it('is written as trace.har beside results.json with the other reports', () => {
    const paths = writeRunReports(join(dir, 'results.json'), rich());
    expect(paths.har).toBe(join(dir, 'trace.har'));
    const written = JSON.parse(readFileSync(paths.har, 'utf8')) as Har;
    expect(harProblems(written)).toEqual([]);
    expect(written.log.entries).toHaveLength(har.log.entries.length);
  });
});
