/**
 * Resolves a parsed ClientURI against a tree (K-ADDR, P-DETAIL) to the concrete nodes it names.
 * - a named instance or node that does not exist: 404 (URI_NOT_FOUND);
 * - an empty mo-inst with zero instances the principal can see (read): 404; with two or more: 400
 *   (URI_AMBIGUOUS); the one it sees, without the right the command needs: 403;
 * - an explicitly named instance without the needed right: 403 (URI_FORBIDDEN);
 * - `*` and x-names expand over what exists and is accessible; a wildcard matching nothing is an
 *   empty result, never an error (wildcards skip what the principal may not access);
 * - `nv=` filters keep the bindings whose node at (x)/Path has that value, compared as text.
 * The tree is seen through `ResolverView`, so this module knows nothing of the tree's internals.
 */
import type { ClientUri } from './client-uri.ts';
import { fail, ok, type Result } from './result.ts';

export interface ResolverView {
  /** MIIDs of every existing instance of the MO. */
  instanceIds(moid: string): readonly string[];
  /** Whether the acting principal holds the right the command needs on that instance. */
  accessible(moid: string, miid: string): boolean;
  /** Whether the acting principal may know the instance exists (it may read it). */
  visible(moid: string, miid: string): boolean;
  /** Child names of an interior node; undefined for a leaf or a missing node. */
  children(moid: string, miid: string, path: readonly string[]): readonly string[] | undefined;
  exists(moid: string, miid: string, path: readonly string[]): boolean;
  /** A leaf's value as text (for nv=); undefined when there is no such leaf. */
  text(moid: string, miid: string, path: readonly string[]): string | undefined;
}

export interface ResolvedNode {
  moid: string;
  miid: string;
  path: string[];
}

interface Candidate {
  miid: string;
  path: string[];
}

export function resolveClientUri(uri: ClientUri, view: ResolverView): Result<ResolvedNode[]> {
  const { moid, instance } = uri;
  if (!instance) return fail('URI_NO_INSTANCE', `"${moid}" names only an MOID; add /<MIID>, /* or // to address an instance`);
  const wildcard = instance.kind === 'any' || instance.kind === 'xname' || uri.path.some((s) => s.kind !== 'name');
  const all = view.instanceIds(moid);
  let candidates: Candidate[];
  switch (instance.kind) {
    case 'miid': {
      if (!all.includes(instance.miid)) return fail('URI_NOT_FOUND', `${moid} has no instance "${instance.miid}"`);
      if (!view.accessible(moid, instance.miid)) return fail('URI_FORBIDDEN', `no right on ${moid}/${instance.miid}`);
      candidates = [{ miid: instance.miid, path: [] }];
      break;
    }
    case 'empty': {
      const visible = all.filter((miid) => view.visible(moid, miid) || view.accessible(moid, miid));
      if (visible.length === 0) return fail('URI_NOT_FOUND', `${moid} has no instance to address with an empty mo-inst`);
      if (visible.length > 1) return fail('URI_AMBIGUOUS', `${moid}// is ambiguous: ${visible.length} instances exist; name the MIID`);
      if (!view.accessible(moid, visible[0]!)) return fail('URI_FORBIDDEN', `no right on ${moid}/${visible[0]!}`);
      candidates = [{ miid: visible[0]!, path: [] }];
      break;
    }
    case 'any':
    case 'xname':
      candidates = all.filter((miid) => view.accessible(moid, miid)).map((miid) => ({ miid, path: [] }));
      break;
  }
  for (const seg of uri.path) {
    const next: Candidate[] = [];
    for (const c of candidates) {
      if (seg.kind === 'name') {
        const path = [...c.path, seg.name];
        if (view.exists(moid, c.miid, path)) next.push({ miid: c.miid, path });
        else if (!wildcard) return fail('URI_NOT_FOUND', `${moid}/${c.miid}/${path.join('/')} does not exist`);
      } else {
        for (const name of view.children(moid, c.miid, c.path) ?? []) next.push({ miid: c.miid, path: [...c.path, name] });
      }
    }
    candidates = next;
  }
  if (uri.query.nv.length > 0) {
    candidates = candidates.filter((c) =>
      uri.query.nv.every((nv) => {
        const at = bindingDepth(uri, nv.xname);
        const base = c.path.slice(0, at);
        return view.text(moid, c.miid, [...base, ...nv.path]) === nv.value;
      }),
    );
  }
  return ok(candidates.map((c) => ({ moid, miid: c.miid, path: c.path })));
}

/** How many path segments lead to the node an x-name binds (0 = the instance root). */
function bindingDepth(uri: ClientUri, xname: string): number {
  const i = uri.path.findIndex((s) => s.kind === 'xname' && s.name === xname);
  return i < 0 ? 0 : i + 1;
}

/** Whether the ClientURI can address more than one node (a wildcard or x-name anywhere). */
export function isWildcard(uri: ClientUri): boolean {
  return uri.instance?.kind === 'any' || uri.instance?.kind === 'xname' || uri.path.some((s) => s.kind !== 'name');
}
