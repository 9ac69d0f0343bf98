// ClientURI resolution (K-ADDR) against the tree, for an actor and the right its command needs.
// Wildcards skip what the actor may not access; explicit names that it may not access are 403.
import { hasWildcard, type ClientUri } from './client-uri.ts';
import { hasRight, type Account } from './acl.ts';
import { isInterior, type Actor, type Instance, type Json, type Tree } from './tree.ts';
import { MOID } from './moid.ts';

export interface Target {
  inst: Instance;
  path: string[];
}

export type Resolution = { ok: true; targets: Target[] } | { ok: false; sc: number; why: string };

/** DMAcc Auth/<x>/Secret is never read (K-TREE clarification). */
export function isHidden(inst: Instance, path: string[]): boolean {
  return inst.moid === MOID.dmAcc && path.length === 3 && path[0] === 'Auth' && path[2] === 'Secret';
}

export interface ResolveContext {
  tree: Tree;
  accounts: Account[];
  actor: Actor;
}

export function resolve(ctx: ResolveContext, uri: ClientUri, right: string): Resolution {
  const { tree, actor, accounts } = ctx;
  if (uri.onlyMoid) return { ok: false, sc: 400, why: 'a ClientURI of only an MOID' };
  const wild = hasWildcard(uri);
  const all = tree.instances(uri.moid);
  let bindings: { inst: Instance; path: string[]; vars: Map<string, string[]> }[] = [];
  const inst = uri.inst;
  if (inst === null) {
    const readable = all.filter((i) => hasRight(actor, i, 'R', accounts) || hasRight(actor, i, right, accounts));
    if (readable.length === 0) return { ok: false, sc: 404, why: 'no instance' };
    if (readable.length > 1) return { ok: false, sc: 400, why: 'MOID// with several instances' };
    const only = readable[0]!;
    if (!hasRight(actor, only, right, accounts)) return { ok: false, sc: 403, why: `no ${right} right` };
    bindings.push({ inst: only, path: [], vars: new Map() });
  } else if (inst.kind === 'name') {
    const i = tree.get(uri.moid, inst.name);
    if (!i) return { ok: false, sc: 404, why: 'no such instance' };
    if (!hasRight(actor, i, right, accounts)) return { ok: false, sc: 403, why: `no ${right} right` };
    bindings.push({ inst: i, path: [], vars: new Map() });
  } else {
    for (const i of all) {
      if (!hasRight(actor, i, right, accounts)) continue;
      const vars = new Map<string, string[]>();
      if (inst.kind === 'x') vars.set(inst.x, []);
      bindings.push({ inst: i, path: [], vars });
    }
  }
  for (const seg of uri.path) {
    const next: typeof bindings = [];
    for (const b of bindings) {
      const node = tree.node(b.inst, b.path);
      if (!isInterior(node)) continue;
      if (seg.kind === 'name') {
        if (Object.hasOwn(node, seg.name)) next.push({ ...b, path: [...b.path, seg.name] });
        continue;
      }
      for (const child of Object.keys(node)) {
        const path = [...b.path, child];
        if (isHidden(b.inst, path)) continue;
        const vars = new Map(b.vars);
        if (seg.kind === 'x') vars.set(seg.x, path);
        next.push({ inst: b.inst, path, vars });
      }
    }
    bindings = next;
  }
  bindings = bindings.filter((b) =>
    uri.nv.every((nv) => {
      const base = b.vars.get(nv.x);
      if (!base) return false;
      const v: Json | undefined = b.inst.data === undefined ? undefined : ctx.tree.node(b.inst, [...base, ...nv.path]);
      if (v === undefined || isInterior(v)) return false;
      return String(v) === nv.value;
    }),
  );
  if (!wild && bindings.length === 0) return { ok: false, sc: 404, why: 'no such node' };
  if (!wild && bindings.length === 1 && isHidden(bindings[0]!.inst, bindings[0]!.path)) {
    return { ok: false, sc: 405, why: 'a secret is never read' };
  }
  const seen = new Set<string>();
  const targets: Target[] = [];
  for (const b of bindings) {
    const key = `${b.inst.miid}\u0000${b.path.join('\u0000')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    targets.push({ inst: b.inst, path: b.path });
  }
  return { ok: true, targets };
}
