// The twelve DM 2.0 commands (K-CMD) as the device runs them; each returns its Status entry.
import { ALERT } from '../common/media.ts';
import { fault } from '../common/faults.ts';
import { hasRight, mayCreate, ownerOf, type Account } from './acl.ts';
import { hasWildcard, parseClientUri, printUri, UriError, type ClientUri } from './client-uri.ts';
import type { Device } from './device.ts';
import { fetchMo, sendMo } from './mo-transfer.ts';
import { resolve, type Target } from './resolver.ts';
import { cvOf, entryFor, type MoEntry } from './serialize.ts';
import { isExecutable } from './standard-mos.ts';
import { isInterior, type Actor, type Interior, type Json } from './tree.ts';

export interface Status {
  sc: number;
  URI: string[];
  Data?: MoEntry[];
}

export interface SessionState {
  account: Account;
  actor: Actor;
  /** Where the next Package#3 goes: the URL of the latest CONT. */
  contUrl?: string;
  /** Origins whose TLS is checked against the account's trust anchor. */
  origins: Set<string>;
  abort?: string;
}

export interface CmdContext {
  device: Device;
  s: SessionState;
}

const st = (sc: number, URI: string[] = []): Status => ({ sc, URI });
const isStr = (v: unknown): v is string => typeof v === 'string' && v !== '';
const isServerUri = (v: unknown): v is string => isStr(v) && /^https?:\/\/[^/]/i.test(v);

function parse(text: string): ClientUri | Status {
  try {
    return parseClientUri(text);
  } catch (e) {
    if (e instanceof UriError) return st(400, [text]);
    throw e;
  }
}
const isStatus = (v: unknown): v is Status => typeof v === 'object' && v !== null && 'sc' in v;

function targetUri(t: Target): string {
  return printUri(t.inst.moid, t.inst.miid, t.path);
}

export async function runCommand(ctx: CmdContext, cmd: unknown): Promise<Status> {
  if (!Array.isArray(cmd) || typeof cmd[0] !== 'string') return st(400);
  const [name, ...p] = cmd as [string, ...unknown[]];
  switch (name) {
    case 'GET':
      return p.length === 1 && isStr(p[0]) ? get(ctx, p[0]) : st(400);
    case 'HGET':
      if (!(p.length === 1 || p.length === 2) || !isServerUri(p[0]) || (p.length === 2 && !isStr(p[1]))) return st(400);
      return hget(ctx, p[0], p[1] as string | undefined);
    case 'HPUT':
      return p.length >= 2 && isServerUri(p[0]) && p.slice(1).every(isStr) ? transfer(ctx, 'PUT', p[0], p.slice(1) as string[]) : st(400);
    case 'HPOST':
      return p.length >= 2 && isServerUri(p[0]) && p.slice(1).every(isStr) ? transfer(ctx, 'POST', p[0], p.slice(1) as string[]) : st(400);
    case 'DELETE':
      return p.length === 1 && isStr(p[0]) ? del(ctx, p[0]) : st(400);
    case 'EXEC':
      if (!(p.length === 1 || p.length === 2) || !isStr(p[0]) || (p.length === 2 && !isServerUri(p[1]))) return st(400);
      return exec(ctx, p[0], p[1] as string | undefined);
    case 'SHOW':
      // No UI on this device (features MO UI=false, SHOW=false): 501, nothing shown.
      return p.length === 1 && isServerUri(p[0]) ? st(501) : st(400);
    case 'DEFAULT':
      return p.length === 2 && isStr(p[0]) && isServerUri(p[1]) ? st(501) : st(400);
    case 'CONT':
      if (p.length !== 1 || !isServerUri(p[0])) return st(400);
      if (!p[0].toLowerCase().startsWith('https://')) ctx.s.abort = `CONT to a plain http URL ${p[0]}`;
      ctx.s.contUrl = p[0];
      ctx.s.origins.add(new URL(p[0]).origin);
      return st(200);
    case 'END':
      return p.length === 0 ? st(200) : st(400);
    case 'SUB':
      return p.length === 2 && isStr(p[0]) && isServerUri(p[1]) ? ctx.device.subs.subscribe(ctx, p[0], p[1]) : st(400);
    case 'UNSUB':
      return p.length === 1 && isStr(p[0]) ? ctx.device.subs.unsubscribe(ctx, p[0]) : st(400);
    default:
      return st(400);
  }
}

function get(ctx: CmdContext, text: string): Status {
  const uri = parse(text);
  if (isStatus(uri)) return uri;
  const r = resolve(ctx.device.rctx(ctx.s.actor), uri, 'R');
  if (!r.ok) return st(r.sc, [text]);
  if (uri.cv !== undefined) {
    const insts = new Set(r.targets.map((t) => t.inst));
    if (insts.size > 1) return st(400, [text]);
    const only = [...insts][0];
    // SEEDED FAULT client-cv-no-304: the validator is never compared.
    if (only && cvOf(only) === uri.cv && !fault('client-cv-no-304')) return st(304, r.targets.map(targetUri));
  }
  const data: MoEntry[] = [];
  for (const t of r.targets) {
    const opts: Parameters<typeof entryFor>[2] = { withCv: true };
    if (uri.depth !== undefined) opts.depth = uri.depth;
    if (uri.fields !== undefined) opts.fields = uri.fields;
    const e = entryFor(t, ctx.device.tree.node(t.inst, t.path) ?? null, opts);
    if (e) data.push(e);
  }
  return { sc: 200, URI: data.map((e) => e.ClientURI), Data: data };
}

function nest(path: string[], value: Json): Interior {
  let v: Json = value;
  for (let i = path.length - 1; i >= 0; i--) v = { [path[i]!]: v };
  return v as Interior;
}

async function hget(ctx: CmdContext, serverUri: string, clientUri: string | undefined): Promise<Status> {
  const { device, s } = ctx;
  const tree = device.tree;
  const owner = ownerOf(s.actor);
  if (clientUri === undefined) {
    const f = await fetchMo(device.transfer(s), serverUri);
    if (!f.ok) return st(f.sc);
    const plans: { moid: string; entry: MoEntry }[] = [];
    for (const e of f.entries) {
      const u = parse(e.ClientURI);
      if (isStatus(u) || !u.onlyMoid || !isInterior(e.MOData)) return st(400);
      if (!mayCreate(s.actor, u.moid, device.accounts)) return st(403);
      plans.push({ moid: u.moid, entry: e });
    }
    const uris = plans.map(({ moid, entry }) => {
      const inst = tree.create(moid, tree.freshMiid(moid), entry.MOData as Interior, owner, false, entry.DDF);
      return printUri(moid, inst.miid, []);
    });
    return st(200, uris);
  }
  const uri = parse(clientUri);
  if (isStatus(uri)) return uri;
  if (uri.onlyMoid || hasWildcard(uri) || uri.nv.length > 0 || uri.cv !== undefined || uri.depth !== undefined || uri.fields !== undefined) {
    return st(400, [clientUri]);
  }
  const path = uri.path.map((seg) => (seg.kind === 'name' ? seg.name : ''));
  let inst = uri.inst === null ? undefined : tree.get(uri.moid, (uri.inst as { name: string }).name);
  if (uri.inst === null) {
    const r = resolve(device.rctx(s.actor), { ...uri, path: [] }, 'R');
    if (!r.ok) return st(r.sc, [clientUri]);
    inst = r.targets[0]!.inst;
  }
  if (inst) {
    const rights = device.rights(s.actor, inst);
    if (rights === '') return st(403, [clientUri]);
    if (inst.permanent) return st(405, [clientUri]);
    if (!rights.includes('W')) return st(403, [clientUri]);
  } else if (!mayCreate(s.actor, uri.moid, device.accounts)) {
    return st(403, [clientUri]);
  }
  const f = await fetchMo(device.transfer(s), serverUri);
  if (!f.ok) return st(f.sc, [clientUri]);
  if (f.entries.length !== 1) return st(400, [clientUri]);
  const entry = f.entries[0]!;
  if (path.length === 0 && !isInterior(entry.MOData)) return st(400, [clientUri]);
  if (!inst) {
    const miid = (uri.inst as { name: string }).name;
    inst = tree.create(uri.moid, miid, nest(path, entry.MOData), owner, false, entry.DDF);
  } else {
    if (tree.get(inst.moid, inst.miid) !== inst) return st(404, [clientUri]);
    tree.set(inst, path, entry.MOData);
    if (entry.DDF !== undefined && path.length === 0) inst.ddf = entry.DDF;
  }
  return st(200, [printUri(inst.moid, inst.miid, path)]);
}

async function transfer(ctx: CmdContext, method: 'PUT' | 'POST', serverUri: string, clientUris: string[]): Promise<Status> {
  const entries: MoEntry[] = [];
  const uris: string[] = [];
  for (const text of clientUris) {
    const uri = parse(text);
    if (isStatus(uri)) return uri;
    const r = resolve(ctx.device.rctx(ctx.s.actor), uri, 'R');
    if (!r.ok) return st(r.sc, [text]);
    for (const t of r.targets) {
      const opts: Parameters<typeof entryFor>[2] = {};
      if (uri.depth !== undefined) opts.depth = uri.depth;
      if (uri.fields !== undefined) opts.fields = uri.fields;
      const e = entryFor(t, ctx.device.tree.node(t.inst, t.path) ?? null, opts);
      if (e) {
        entries.push(e);
        uris.push(e.ClientURI);
      }
    }
  }
  const sc = await sendMo(ctx.device.transfer(ctx.s), method, serverUri, entries);
  return st(sc, uris);
}

function del(ctx: CmdContext, text: string): Status {
  const uri = parse(text);
  if (isStatus(uri)) return uri;
  const r = resolve(ctx.device.rctx(ctx.s.actor), uri, 'W');
  if (!r.ok) return st(r.sc, [text]);
  const wild = hasWildcard(uri);
  // SEEDED FAULT client-delete-permanent: permanence is not checked (only the W right).
  const targets = r.targets.filter((t) => !t.inst.permanent || fault('client-delete-permanent'));
  if (!wild && targets.length < r.targets.length) return st(405, [text]);
  targets.sort((a, b) => b.path.length - a.path.length);
  const uris: string[] = [];
  for (const t of targets) {
    uris.push(targetUri(t));
    if (t.path.length === 0) ctx.device.tree.removeInstance(t.inst);
    else ctx.device.tree.delete(t.inst, t.path);
  }
  return st(200, uris);
}

async function exec(ctx: CmdContext, text: string, serverUri: string | undefined): Promise<Status> {
  const uri = parse(text);
  if (isStatus(uri)) return uri;
  if (hasWildcard(uri) || uri.nv.length > 0) return st(400, [text]);
  const r = resolve(ctx.device.rctx(ctx.s.actor), uri, 'E');
  if (!r.ok) return st(r.sc, [text]);
  if (r.targets.length !== 1) return st(400, [text]);
  const t = r.targets[0]!;
  const node = targetUri(t);
  if (!isExecutable(t.inst.moid, t.path)) return st(405, [node]);
  // SEEDED FAULT client-exec-sync: the ServerURI is ignored, the node run at once and its result returned.
  if (serverUri === undefined || fault('client-exec-sync')) return st(await ctx.device.execute(t), [node]);
  const account = ctx.s.account;
  void ctx.device.execute(t).then((sc) =>
    ctx.device.enqueueSession(account, {
      url: serverUri,
      reason: 'exec-result',
      alerts: [{ AlertType: ALERT.execResult, SourceURI: node, Data: { sc } }],
    }),
  );
  return st(202, [node]);
}

export { hasRight };
