// MO serialization (K-TREE, P-GET, P-SEL): one entry per node, MOData the node's value; depth= and
// fields= selection; CV the instance's cache validator.
import { printUri } from './client-uri.ts';
import { isHidden, type Target } from './resolver.ts';
import { isInterior, type Instance, type Json } from './tree.ts';

export interface MoEntry {
  DDF?: string;
  ClientURI: string;
  CV?: string;
  MOData: Json;
}

export function cvOf(inst: Instance): string {
  return `${inst.epoch}.${inst.count}`;
}

/** Copies a value, leaving out hidden nodes (DMAcc secrets). */
function visible(inst: Instance, path: string[], v: Json): Json {
  if (!isInterior(v)) return v;
  const out: Record<string, Json> = {};
  for (const [k, c] of Object.entries(v)) {
    if (isHidden(inst, [...path, k])) continue;
    out[k] = visible(inst, [...path, k], c);
  }
  return out;
}

/** Keeps leaves named in fields and the interior nodes leading to them; undefined when nothing. */
function selectFields(name: string | undefined, v: Json, fields: string[]): Json | undefined {
  if (!isInterior(v)) return name !== undefined && fields.includes(name) ? v : undefined;
  const out: Record<string, Json> = {};
  let any = false;
  for (const [k, c] of Object.entries(v)) {
    const s = selectFields(k, c, fields);
    if (s !== undefined) {
      out[k] = s;
      any = true;
    }
  }
  return any ? out : undefined;
}

function cut(v: Json, depth: number | undefined): Json {
  if (!isInterior(v) || depth === undefined) return v;
  const out: Record<string, Json> = {};
  for (const [k, c] of Object.entries(v)) out[k] = isInterior(c) ? (depth === 0 ? {} : cut(c, depth - 1)) : c;
  return out;
}

export interface SerializeOptions {
  depth?: number;
  fields?: string[];
  withCv?: boolean;
}

export function entryFor(t: Target, value: Json, opts: SerializeOptions = {}): MoEntry | undefined {
  let v = visible(t.inst, t.path, value);
  if (opts.fields) {
    const s = selectFields(t.path[t.path.length - 1], v, opts.fields);
    if (s === undefined) return undefined;
    v = s;
  }
  v = cut(v, opts.depth);
  const e: MoEntry = { ClientURI: printUri(t.inst.moid, t.inst.miid, t.path), MOData: v };
  if (t.inst.ddf !== undefined && t.path.length === 0) e.DDF = t.inst.ddf;
  if (opts.withCv) e.CV = cvOf(t.inst);
  return e;
}

/** Validates an MO serialization fetched or received; throws on anything else. */
export function parseMoSerialization(body: unknown): MoEntry[] {
  if (!Array.isArray(body)) throw new Error('not an array');
  return body.map((e: unknown) => {
    if (typeof e !== 'object' || e === null || Array.isArray(e)) throw new Error('entry not an object');
    const o = e as Record<string, unknown>;
    for (const k of Object.keys(o)) if (!['DDF', 'ClientURI', 'CV', 'MOData'].includes(k)) throw new Error(`unknown member ${k}`);
    if (typeof o.ClientURI !== 'string' || o.ClientURI === '') throw new Error('no ClientURI');
    if (!('MOData' in o)) throw new Error('no MOData');
    if (o.DDF !== undefined && typeof o.DDF !== 'string') throw new Error('bad DDF');
    return o as unknown as MoEntry;
  });
}
