/**
 * ClientURI (K-ADDR, P-SEL): `MOID/mo-inst/path[?query]`, RFC 3986 syntax.
 * - mo-inst: an MIID, an x-name `(x)`, empty (`MOID//`: the only instance) or `*`.
 * - path segments: a node name, an x-name or `*`; names are percent-decoded.
 * - query: `nv=(x)/Path:value` (several combine with AND), `cv=<validator>`, `depth=N`, `fields=a,b`.
 * A ClientURI of only an MOID is parsed (HGET entries name just the MOID) and commands that need an
 * instance reject it. Parse errors: URI_SYNTAX, URI_QUERY, URI_XNAME_UNBOUND (all 400 in a Status).
 */
import { fail, ok, type Result } from './result.ts';

export type InstanceSelector = { kind: 'miid'; miid: string } | { kind: 'xname'; name: string } | { kind: 'empty' } | { kind: 'any' };

export type SegmentSelector = { kind: 'name'; name: string } | { kind: 'xname'; name: string } | { kind: 'any' };

/** `nv=(x)/Path:value`: the node at Path below the node bound to x must have this value (compared as strings). */
export interface NodeValueFilter {
  xname: string;
  path: string[];
  value: string;
}

export interface ClientUriQuery {
  nv: NodeValueFilter[];
  cv?: string;
  depth?: number;
  fields?: string[];
}

export interface ClientUri {
  moid: string;
  /** Absent when the ClientURI is only an MOID. */
  instance?: InstanceSelector;
  path: SegmentSelector[];
  query: ClientUriQuery;
}

export const MAX_DEPTH = 1000;

const XNAME = /^\(([A-Za-z_][A-Za-z0-9_-]{0,63})\)$/;
const MOID = /^[Uu][Rr][Nn]:[^\s/?#]+$/;
// Characters RFC 3986 allows in a path segment (pchar) or query, plus '%' for escapes.
const URI_CHARS = /^[A-Za-z0-9\-._~!$&'()*+,;=:@%/?]*$/;

function decode(text: string, what: string): Result<string> {
  try {
    return ok(decodeURIComponent(text));
  } catch {
    return fail('URI_SYNTAX', `${what} "${text}" has a malformed percent-escape`);
  }
}

function parseSegment(raw: string, index: number): Result<SegmentSelector> {
  if (raw === '') return fail('URI_SYNTAX', `path segment ${index} is empty (a "//" inside the path or a doubled trailing "/")`, `/${index}`);
  if (raw === '*') return ok({ kind: 'any' });
  const x = XNAME.exec(raw);
  if (x) return ok({ kind: 'xname', name: x[1]! });
  const name = decode(raw, 'node name');
  if (!name.ok) return name;
  return ok({ kind: 'name', name: name.value });
}

function parseInstance(raw: string): Result<InstanceSelector> {
  if (raw === '') return ok({ kind: 'empty' });
  if (raw === '*') return ok({ kind: 'any' });
  const x = XNAME.exec(raw);
  if (x) return ok({ kind: 'xname', name: x[1]! });
  const miid = decode(raw, 'MIID');
  if (!miid.ok) return miid;
  return ok({ kind: 'miid', miid: miid.value });
}

function parseNv(raw: string): Result<NodeValueFilter> {
  const m = /^\(([A-Za-z_][A-Za-z0-9_-]{0,63})\)(\/[^:]*)?:(.*)$/s.exec(raw);
  if (!m) return fail('URI_QUERY', `nv="${raw}" is not of the form nv=(x)/Path:value`);
  const pathText = m[2] ?? '';
  const path: string[] = [];
  for (const part of pathText.split('/').slice(1)) {
    if (part === '') return fail('URI_QUERY', `nv="${raw}" has an empty path segment`);
    const name = decode(part, 'nv path segment');
    if (!name.ok) return fail('URI_QUERY', name.error.message);
    path.push(name.value);
  }
  const value = decode(m[3]!, 'nv value');
  if (!value.ok) return fail('URI_QUERY', value.error.message);
  return ok({ xname: m[1]!, path, value: value.value });
}

function parseQuery(text: string): Result<ClientUriQuery> {
  const query: ClientUriQuery = { nv: [] };
  if (text === '') return ok(query);
  for (const pair of text.split('&')) {
    const eq = pair.indexOf('=');
    if (eq < 1) return fail('URI_QUERY', `query field "${pair}" is not key=value`);
    const key = pair.slice(0, eq);
    const value = pair.slice(eq + 1);
    switch (key) {
      case 'nv': {
        const nv = parseNv(value);
        if (!nv.ok) return nv;
        query.nv.push(nv.value);
        break;
      }
      case 'cv': {
        if (query.cv !== undefined) return fail('URI_QUERY', 'cv= is given twice');
        const cv = decode(value, 'cv');
        if (!cv.ok || cv.value === '') return fail('URI_QUERY', 'cv= needs a validator value');
        query.cv = cv.value;
        break;
      }
      case 'depth': {
        if (query.depth !== undefined) return fail('URI_QUERY', 'depth= is given twice');
        if (!/^\d{1,4}$/.test(value) || Number(value) > MAX_DEPTH) return fail('URI_QUERY', `depth="${value}" is not an integer from 0 to ${MAX_DEPTH}`);
        query.depth = Number(value);
        break;
      }
      case 'fields': {
        if (query.fields !== undefined) return fail('URI_QUERY', 'fields= is given twice');
        const names: string[] = [];
        for (const part of value.split(',')) {
          const name = decode(part, 'fields name');
          if (!name.ok || name.value === '') return fail('URI_QUERY', `fields="${value}" must be a comma-separated list of leaf names`);
          names.push(name.value);
        }
        query.fields = names;
        break;
      }
      default:
        return fail('URI_QUERY', `unknown query field "${key}" (known: nv, cv, depth, fields)`);
    }
  }
  return ok(query);
}

function xnamesOf(uri: Pick<ClientUri, 'instance' | 'path'>): string[] {
  const names: string[] = [];
  if (uri.instance?.kind === 'xname') names.push(uri.instance.name);
  for (const seg of uri.path) if (seg.kind === 'xname') names.push(seg.name);
  return names;
}

export function parseClientUri(text: string): Result<ClientUri> {
  if (text.length === 0) return fail('URI_SYNTAX', 'the ClientURI is empty');
  if (!URI_CHARS.test(text))
    return fail('URI_SYNTAX', `the ClientURI "${text}" has a character RFC 3986 does not allow (space, '#', non-ASCII, ...); percent-encode it`);
  const q = text.indexOf('?');
  const pathText = q < 0 ? text : text.slice(0, q);
  const queryText = q < 0 ? '' : text.slice(q + 1);
  const segs = pathText.split('/');
  if (segs.length >= 3 && segs[segs.length - 1] === '') segs.pop();
  const moid = segs[0]!;
  if (!MOID.test(moid)) return fail('URI_SYNTAX', `"${moid}" is not an MOID (a URN such as urn:oma:mo:oma-dm-devinfo:1.0)`, '/0');
  const query = parseQuery(queryText);
  if (!query.ok) return query;
  if (segs.length === 1) {
    if (queryText !== '') return fail('URI_SYNTAX', 'a query needs an instance: write MOID/<MIID>?... or MOID/*?...');
    return ok({ moid, path: [], query: query.value });
  }
  const instance = parseInstance(segs[1]!);
  if (!instance.ok) return instance;
  const path: SegmentSelector[] = [];
  for (let i = 2; i < segs.length; i++) {
    const seg = parseSegment(segs[i]!, i);
    if (!seg.ok) return seg;
    path.push(seg.value);
  }
  const uri: ClientUri = { moid, instance: instance.value, path, query: query.value };
  const xnames = xnamesOf(uri);
  const dup = xnames.find((n, i) => xnames.indexOf(n) !== i);
  if (dup) return fail('URI_SYNTAX', `the x-name (${dup}) appears twice in the path`);
  for (const nv of uri.query.nv) {
    if (!xnames.includes(nv.xname)) return fail('URI_XNAME_UNBOUND', `nv= names (${nv.xname}), which the path does not contain`);
  }
  return ok(uri);
}

// ---- printing -------------------------------------------------------------------------------

const SEGMENT_SAFE = /[A-Za-z0-9\-._~!$'*+,;=:@]/;

function encodeName(name: string, extraUnsafe = ''): string {
  let out = '';
  for (const ch of name) {
    if (SEGMENT_SAFE.test(ch) && !extraUnsafe.includes(ch)) out += ch;
    else out += encodeURIComponent(ch).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  }
  // A literal node named "*" must not read as the wildcard.
  if (name === '*') return '%2A';
  return out;
}

function encodeQueryValue(value: string, extraUnsafe = ''): string {
  return encodeName(value, `&=+${extraUnsafe}`).replace(/^%2A$/, '*');
}

function printInstance(sel: InstanceSelector): string {
  switch (sel.kind) {
    case 'empty':
      return '';
    case 'any':
      return '*';
    case 'xname':
      return `(${sel.name})`;
    case 'miid':
      return encodeName(sel.miid);
  }
}

function printSegment(sel: SegmentSelector): string {
  switch (sel.kind) {
    case 'any':
      return '*';
    case 'xname':
      return `(${sel.name})`;
    case 'name':
      return encodeName(sel.name);
  }
}

export function printClientUri(uri: ClientUri): string {
  let out = uri.moid;
  if (uri.instance) {
    out += `/${printInstance(uri.instance)}`;
    if (uri.instance.kind === 'empty' && uri.path.length === 0) out += '/';
    for (const seg of uri.path) out += `/${printSegment(seg)}`;
  }
  const fields: string[] = [];
  for (const nv of uri.query.nv) {
    const path = nv.path.map((p) => `/${encodeName(p, ':')}`).join('');
    fields.push(`nv=(${nv.xname})${path}:${encodeQueryValue(nv.value)}`);
  }
  if (uri.query.cv !== undefined) fields.push(`cv=${encodeQueryValue(uri.query.cv)}`);
  if (uri.query.depth !== undefined) fields.push(`depth=${uri.query.depth}`);
  if (uri.query.fields !== undefined) fields.push(`fields=${uri.query.fields.map((f) => encodeQueryValue(f, ',')).join(',')}`);
  if (fields.length > 0) out += `?${fields.join('&')}`;
  return out;
}

/** The concrete ClientURI of a node: `MOID/MIID/a/b` (names encoded). */
export function concreteUri(moid: string, miid: string, path: readonly string[] = []): string {
  return [moid, encodeName(miid), ...path.map((p) => encodeName(p))].join('/');
}
