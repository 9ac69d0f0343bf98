// ClientURI parsing and printing (K-ADDR): MOID/mo-inst/path[?query].
import { normalizeMoid } from './moid.ts';

export type Seg = { kind: 'name'; name: string } | { kind: 'star' } | { kind: 'x'; x: string };
export interface Nv {
  x: string;
  path: string[];
  value: string;
}
export interface ClientUri {
  moid: string;
  onlyMoid: boolean;
  /** null: the empty mo-inst (the only instance). */
  inst: Seg | null;
  path: Seg[];
  nv: Nv[];
  cv?: string;
  depth?: number;
  fields?: string[];
}

export class UriError extends Error {}

const XNAME = /^\([A-Za-z_][A-Za-z0-9_-]{0,63}\)$/;

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new UriError(`bad percent-encoding in ${s}`);
  }
}

function parseSeg(raw: string): Seg {
  if (raw === '') throw new UriError('empty path segment');
  if (raw === '*') return { kind: 'star' };
  if (raw.startsWith('(')) {
    if (!XNAME.test(raw)) throw new UriError(`bad x-name ${raw}`);
    return { kind: 'x', x: raw.slice(1, -1) };
  }
  return { kind: 'name', name: decode(raw) };
}

function parseNv(v: string): Nv {
  const m = /^\(([^)]*)\)/.exec(v);
  if (!m || !XNAME.test(`(${m[1]!})`)) throw new UriError(`bad nv ${v}`);
  const rest = v.slice(m[0].length);
  const colon = rest.indexOf(':');
  if (colon < 0) throw new UriError(`nv without value: ${v}`);
  const pathPart = rest.slice(0, colon);
  let path: string[] = [];
  if (pathPart !== '') {
    if (!pathPart.startsWith('/')) throw new UriError(`bad nv path ${v}`);
    path = pathPart.slice(1).split('/').map((s) => {
      if (s === '') throw new UriError(`empty nv path segment ${v}`);
      return decode(s);
    });
  }
  return { x: m[1]!, path, value: decode(rest.slice(colon + 1)) };
}

export function parseClientUri(text: string): ClientUri {
  if (typeof text !== 'string' || text === '') throw new UriError('empty ClientURI');
  // RFC 3986: only unreserved, sub-delims, ':', '@', '/', '?' and well-formed percent escapes.
  if (!/^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/?]|%[0-9A-Fa-f]{2})*$/.test(text)) throw new UriError('characters outside RFC 3986');
  const q = text.indexOf('?');
  const main = q < 0 ? text : text.slice(0, q);
  const query = q < 0 ? undefined : text.slice(q + 1);
  const slash = main.indexOf('/');
  const moidRaw = slash < 0 ? main : main.slice(0, slash);
  if (!/^urn:[^/?#\s]+$/i.test(moidRaw)) throw new UriError(`bad MOID ${moidRaw}`);
  const uri: ClientUri = { moid: normalizeMoid(moidRaw), onlyMoid: slash < 0, inst: null, path: [], nv: [] };
  if (slash >= 0) {
    const rest = main.slice(slash + 1);
    if (rest !== '') {
      const segs = rest.split('/');
      if (segs.length > 1 && segs[segs.length - 1] === '') segs.pop();
      const first = segs.shift()!;
      uri.inst = first === '' ? null : parseSeg(first);
      uri.path = segs.map(parseSeg);
    }
  }
  const xs = [uri.inst, ...uri.path].filter((s): s is Seg & { kind: 'x' } => s?.kind === 'x').map((s) => s.x);
  if (new Set(xs).size !== xs.length) throw new UriError('x-name used twice');
  if (query !== undefined) {
    const seen = new Set<string>();
    for (const part of query.split('&')) {
      const eq = part.indexOf('=');
      if (eq < 0) throw new UriError(`bad query field ${part}`);
      const key = part.slice(0, eq);
      const value = part.slice(eq + 1);
      if (key !== 'nv') {
        if (seen.has(key)) throw new UriError(`${key} given twice`);
        seen.add(key);
      }
      if (key === 'nv') {
        const nv = parseNv(value);
        if (!xs.includes(nv.x)) throw new UriError(`nv names (${nv.x}), which the path does not bind`);
        uri.nv.push(nv);
      } else if (key === 'cv') {
        if (value === '') throw new UriError('empty cv');
        uri.cv = decode(value);
      } else if (key === 'depth') {
        if (!/^\d{1,4}$/.test(value) || Number(value) > 1000) throw new UriError(`bad depth ${value}`);
        uri.depth = Number(value);
      } else if (key === 'fields') {
        const f = value.split(',').map(decode);
        if (f.some((s) => s === '')) throw new UriError(`bad fields ${value}`);
        uri.fields = f;
      } else {
        throw new UriError(`unknown query field ${key}`);
      }
    }
  }
  return uri;
}

export function hasWildcard(u: ClientUri): boolean {
  return [u.inst, ...u.path].some((s) => s !== null && s.kind !== 'name');
}

function enc(name: string): string {
  let e = encodeURIComponent(name).replace(/\*/g, '%2A');
  if (e.startsWith('(')) e = `%28${e.slice(1)}`;
  return e;
}

/** The concrete ClientURI of a node. */
export function printUri(moid: string, miid: string, path: string[]): string {
  return [moid, enc(miid), ...path.map(enc)].join('/');
}
