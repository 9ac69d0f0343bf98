/**
 * The run's HTTP traffic as a HAR 1.2 file (trace.har beside results.json), for browser developer
 * tools (Chrome and Firefox import it in their Network panel) and HAR viewers: one page per case
 * with a trace (its ID, title and verdict), one entry per HTTP request of its evidence with the
 * response that answered it (same peer, the other way; see answered()). Made from results.json
 * only, so what results.json redacted stays redacted. The times are the case's start plus each
 * message's offset. What HTTP cannot say is kept as custom `_dmcts` fields: the case, the harness
 * peer, who sent the request, how a body was decoded; WebSocket frames go with their connection's
 * entry (`_webSocketMessages`, as Chrome writes them); upper-tester messages (JSON-RPC, not HTTP)
 * with the case's page.
 */
import type { WireRecord } from '../core/evidence-model.ts';
import { harBody } from './har-body.ts';
import type { CaseResult, Results } from './results-model.ts';

interface NameValue {
  name: string;
  value: string;
}

export interface HarContent {
  size: number;
  mimeType: string;
  text?: string;
  encoding?: 'base64';
  comment?: string;
}

export interface HarEntry {
  pageref: string;
  startedDateTime: string;
  time: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    cookies: NameValue[];
    headers: NameValue[];
    queryString: NameValue[];
    postData?: { mimeType: string; text: string; comment?: string; _encoding?: 'base64' };
    headersSize: number;
    bodySize: number;
  };
  response: {
    status: number;
    statusText: string;
    httpVersion: string;
    cookies: NameValue[];
    headers: NameValue[];
    content: HarContent;
    redirectURL: string;
    headersSize: number;
    bodySize: number;
  };
  cache: Record<string, never>;
  timings: { send: number; wait: number; receive: number };
  comment: string;
  _webSocketMessages?: Array<{ type: 'send' | 'receive'; time: number; opcode: number; data: string }>;
  _dmcts: {
    caseId: string;
    verdict: string;
    /** The harness peer that saw the exchange. */
    by: string;
    /** Who sent the request: the harness to the IUT, or the IUT to the harness. */
    requestFrom: 'harness' | 'IUT';
    /** Milliseconds from the case's start to the request. */
    t: number;
    /** The URL as recorded, when it was not absolute (a request the harness's server received). */
    recordedUrl?: string;
    requestDecodedFrom?: string;
    responseDecodedFrom?: string;
  };
}

export interface HarPage {
  startedDateTime: string;
  id: string;
  title: string;
  pageTimings: { onContentLoad: number; onLoad: number };
  comment?: string;
  _dmcts: { caseId: string; verdict: string; upperTester?: Array<{ t: number; direction: 'to IUT' | 'from IUT'; message: unknown }>; truncated?: number };
}

export interface Har {
  log: {
    version: '1.2';
    creator: { name: string; version: string; comment: string };
    pages: HarPage[];
    entries: HarEntry[];
    comment: string;
  };
}

function header(headers: Record<string, string> | undefined, name: string): string | undefined {
  const key = Object.keys(headers ?? {}).find((k) => k.toLowerCase() === name);
  return key === undefined ? undefined : String(headers![key]);
}

function nameValues(headers: Record<string, string> | undefined): NameValue[] {
  return Object.entries(headers ?? {}).map(([name, value]) => ({ name, value: String(value) }));
}

/**
 * An absolute URL: a request the harness's server received is recorded as its path, so its Host
 * header names the server (http: the record does not say whether TLS carried it). A DM package sent
 * as a P-WS frame (method WS) gets ws:.
 */
function absoluteUrl(r: WireRecord): { url: string; recorded?: string } {
  const recorded = r.url ?? '';
  if (/^[a-z][a-z0-9+.-]*:/i.test(recorded)) return { url: recorded };
  const host = header(r.headers, 'host') ?? 'unknown.invalid';
  const scheme = r.method === 'WS' ? 'ws' : 'http';
  return { url: `${scheme}://${host}${recorded.startsWith('/') ? '' : '/'}${recorded}`, recorded };
}

function queryOf(url: string): NameValue[] {
  try {
    return [...new URL(url).searchParams].map(([name, value]) => ({ name, value }));
  } catch {
    return [];
  }
}

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  202: 'Accepted',
  204: 'No Content',
  301: 'Moved Permanently',
  302: 'Found',
  304: 'Not Modified',
  307: 'Temporary Redirect',
  308: 'Permanent Redirect',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

function startOf(c: CaseResult, results: Results): number {
  for (const at of [c.startedAt, results.run.startedAt]) {
    const ms = at ? Date.parse(at) : Number.NaN;
    if (Number.isFinite(ms)) return ms;
  }
  return 0;
}

function requestOf(r: WireRecord): { request: HarEntry['request']; recorded?: string; decodedFrom?: string } {
  const { url, recorded } = absoluteUrl(r);
  const type = header(r.headers, 'content-type');
  const body = harBody(r.body, type);
  const postData =
    body.text !== undefined
      ? { mimeType: type ?? '', text: body.text, ...(body.comment ? { comment: body.comment } : {}), ...(body.encoding ? { _encoding: body.encoding } : {}) }
      : undefined;
  return {
    request: {
      method: r.method ?? 'UNKNOWN',
      url,
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: nameValues(r.headers),
      queryString: queryOf(url),
      ...(postData ? { postData } : {}),
      headersSize: -1,
      bodySize: r.bytes ?? -1,
    },
    ...(recorded !== undefined ? { recorded } : {}),
    ...(body.decodedFrom ? { decodedFrom: body.decodedFrom } : {}),
  };
}

function responseOf(r: WireRecord | undefined): { response: HarEntry['response']; decodedFrom?: string } {
  if (!r) {
    return {
      response: {
        status: 0,
        statusText: '',
        httpVersion: 'HTTP/1.1',
        cookies: [],
        headers: [],
        content: { size: 0, mimeType: 'x-unknown', comment: 'no response recorded for this request' },
        redirectURL: '',
        headersSize: -1,
        bodySize: -1,
      },
    };
  }
  const type = header(r.headers, 'content-type');
  const body = harBody(r.body, type);
  const status = r.status ?? 0;
  const content: HarContent = {
    size: r.bytes ?? (body.text !== undefined && !body.encoding ? Buffer.byteLength(body.text) : 0),
    mimeType: type ?? 'x-unknown',
    ...(body.text !== undefined ? { text: body.text } : {}),
    ...(body.encoding ? { encoding: body.encoding } : {}),
    ...(body.comment ? { comment: body.comment } : {}),
  };
  return {
    response: {
      status,
      statusText: STATUS_TEXT[status] ?? '',
      httpVersion: 'HTTP/1.1',
      cookies: [],
      headers: nameValues(r.headers),
      content,
      redirectURL: status >= 300 && status < 400 ? (header(r.headers, 'location') ?? '') : '',
      headersSize: -1,
      bodySize: r.bytes ?? -1,
    },
    ...(body.decodedFrom ? { decodedFrom: body.decodedFrom } : {}),
  };
}

function frameData(body: unknown): string {
  if (body === undefined) return '';
  return typeof body === 'string' ? body : (JSON.stringify(body) ?? '');
}

/**
 * The open request a response answers, taken from the list: the harness's HTTP clients record the
 * URL with a response (the oldest open request to it), the harness's servers record a response
 * right after its request (the latest open one). A request never answered — one that was not HTTP,
 * one cut short — stays open and so takes no other request's answer.
 */
function answered<T extends { url: string | undefined }>(list: T[] | undefined, response: WireRecord): T | undefined {
  if (!list?.length) return undefined;
  const byUrl = response.url === undefined ? -1 : list.findIndex((o) => o.url === response.url);
  const [taken] = list.splice(byUrl >= 0 ? byUrl : list.length - 1, 1);
  return taken;
}

/** The HAR entries of one case (one per request, paired with the next response of the same peer) and its page. */
function caseEntries(c: CaseResult, results: Results): { page: HarPage; entries: HarEntry[] } {
  const wire = c.evidence?.wire ?? [];
  const start = startOf(c, results);
  const verdict = c.verdict ?? 'not run';
  const entries: HarEntry[] = [];
  const open = new Map<string, Array<{ entry: HarEntry; at: number; url: string | undefined }>>();
  const lastOf = new Map<string, HarEntry>();
  const ut: NonNullable<HarPage['_dmcts']['upperTester']> = [];
  const at = (t: number) => new Date(start + t).toISOString();
  for (const r of wire) {
    if (r.kind === 'request') {
      const { request, recorded, decodedFrom } = requestOf(r);
      const from = r.direction === 'out' ? 'harness' : 'IUT';
      const entry: HarEntry = {
        pageref: c.id,
        startedDateTime: at(r.t),
        time: 0,
        request,
        response: responseOf(undefined).response,
        cache: {},
        timings: { send: 0, wait: 0, receive: 0 },
        comment: `${c.id} (${verdict}) · ${r.by} · ${from === 'harness' ? 'harness → IUT' : 'IUT → harness'}`,
        _dmcts: {
          caseId: c.id,
          verdict,
          by: r.by,
          requestFrom: from,
          t: r.t,
          ...(recorded !== undefined ? { recordedUrl: recorded } : {}),
          ...(decodedFrom ? { requestDecodedFrom: decodedFrom } : {}),
        },
      };
      entries.push(entry);
      const key = `${r.by}\u0000${r.direction}`;
      open.set(key, [...(open.get(key) ?? []), { entry, at: r.t, url: r.url }]);
      lastOf.set(r.by, entry);
    } else if (r.kind === 'response') {
      // The answer goes the other way: a request the peer sent is answered by one it received.
      const waiting = answered(open.get(`${r.by}\u0000${r.direction === 'out' ? 'in' : 'out'}`), r);
      if (!waiting) continue; // a response whose request the evidence does not hold (past its record limit)
      const { response, decodedFrom } = responseOf(r);
      const time = Math.max(0, r.t - waiting.at);
      waiting.entry.response = response;
      waiting.entry.time = time;
      waiting.entry.timings = { send: 0, wait: time, receive: 0 };
      if (decodedFrom) waiting.entry._dmcts.responseDecodedFrom = decodedFrom;
    } else if (r.kind === 'frame') {
      const entry = lastOf.get(r.by) ?? entries.at(-1);
      if (!entry) continue;
      entry._webSocketMessages = [
        ...(entry._webSocketMessages ?? []),
        { type: r.direction === 'out' ? 'send' : 'receive', time: (start + r.t) / 1000, opcode: 1, data: frameData(r.body) },
      ];
    } else if (r.kind === 'ut') {
      ut.push({ t: r.t, direction: r.direction === 'out' ? 'to IUT' : 'from IUT', message: r.body });
    }
  }
  const reason = c.verdict ? c.reason : c.selection.why;
  const page: HarPage = {
    startedDateTime: at(0),
    id: c.id,
    title: `${c.id} ${c.title} — ${verdict}`,
    pageTimings: { onContentLoad: -1, onLoad: -1 },
    ...(reason ? { comment: reason } : {}),
    _dmcts: { caseId: c.id, verdict, ...(ut.length ? { upperTester: ut } : {}), ...(c.evidence?.truncated ? { truncated: c.evidence.truncated } : {}) },
  };
  return { page, entries };
}

export function harOf(results: Results): Har {
  const pages: HarPage[] = [];
  const entries: HarEntry[] = [];
  for (const c of results.cases) {
    if (!c.evidence?.wire.length) continue;
    const one = caseEntries(c, results);
    pages.push(one.page);
    entries.push(...one.entries);
  }
  return {
    log: {
      version: '1.2',
      creator: { name: 'dmcts', version: results.dmcts.version, comment: 'OMA DM 2.0 conformance test suite' },
      pages,
      entries,
      comment: `dmcts run ${results.run.id} (${results.run.startedAt}): every HTTP exchange of every case's evidence, made from results.json (secrets redacted there stay redacted). A page per case; custom fields _dmcts name the case and the peer.`,
    },
  };
}

/** trace.har's text. */
export function renderHar(results: Results): string {
  return `${JSON.stringify(harOf(results), null, 1)}\n`;
}
