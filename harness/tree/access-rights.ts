/**
 * Who may do what on an MO instance (K-ACL, P-ACL): R read (GET HPUT HPOST SUB), W write (HGET
 * DELETE), E execute (EXEC), D delegate. The creator of an instance holds all four; a device-made
 * instance is open to each server whose DMAcc `Perm/<x>/MOID` lists its MOID, with that entry's
 * `Rights` (default RWE); a local application to the MOIDs it registered for.
 * Our clarification (documented in docs/protocol.md): a server always holds R on its own DMAcc account
 * (secrets stay unreadable by definition) and on SessionInfo, which describe its own sessions.
 */
import { isBootstrapServer } from './bootstrap-account.ts';
import { canonicalMoid, MOID } from './standard-mos.ts';
import type { MoInstance } from './mo-instance.ts';
import { samePrincipal, type Principal } from './principal.ts';
import type { LeafNode, TreeNode } from './tree-node.ts';
import type { TreeError, TreeResult } from './tree-error.ts';

export const RIGHTS = ['R', 'W', 'E', 'D'] as const;
export type Right = (typeof RIGHTS)[number];

export const ALL_RIGHTS: ReadonlySet<Right> = new Set(RIGHTS);
export const NO_RIGHTS: ReadonlySet<Right> = new Set();
const DEFAULT_PERM_RIGHTS = 'RWE';

export function parseRights(text: string): Set<Right> {
  const out = new Set<Right>();
  for (const ch of text.toUpperCase()) if ((RIGHTS as readonly string[]).includes(ch)) out.add(ch as Right);
  return out;
}

/** What the access decision needs to see of the tree. */
export interface AccessContext {
  instancesOf(moid: string): Iterable<MoInstance>;
  /** Rights the registered local applications hold (P-LOCAL). */
  appGrants(): AppGrants;
}

/** Rights a local application registered for (P-LOCAL), by MOID. */
export type AppGrants = ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<Right>>>;

export interface AccessPolicy {
  rightsOn(principal: Principal, instance: MoInstance): ReadonlySet<Right>;
  /** Whether the principal may create a new instance of the MO (it then owns it). */
  mayCreate(principal: Principal, moid: string): boolean;
  /** Checks and completes the MOData of an instance a principal creates (a grant of the Delegation MO). */
  prepareCreate?(principal: Principal, moid: string, data: unknown): TreeResult<unknown>;
  /** Refuses a write or delete of the node at `path` (priority between MAs, immutable grants); undefined allows it. */
  checkWrite?(principal: Principal, instance: MoInstance, path: readonly string[], op: 'write' | 'delete'): TreeError | undefined;
  /** Remembers who last wrote the node at `path` (after a committed write or delete). */
  recordWrite?(principal: Principal, instance: MoInstance, path: readonly string[], op: 'write' | 'delete'): void;
  /** After an instance is gone (grants that depend on it go too). */
  afterRemove?(instance: MoInstance): void;
  /**
   * Refuses a change by what it does: the node at `path` of the instance goes from `before` to `after`
   * (undefined: absent); a new instance is `path` [] with no `before`, a deleted one no `after`.
   * Called after the rights check, before anything is committed (P-BOOT: `Auth/Bootstrap/*`).
   */
  checkChange?(
    principal: Principal,
    at: { moid: string; miid: string; path: readonly string[] },
    before: TreeNode | undefined,
    after: TreeNode | undefined,
  ): TreeError | undefined;
  /** Whether an instance this principal creates is device-made, owned by nobody (P-BOOT: a bootstrap server's DMAcc accounts). */
  createsDeviceMade?(principal: Principal, moid: string): boolean;
}

function leafText(node: TreeNode | undefined): string | undefined {
  return node?.kind === 'leaf' && typeof (node as LeafNode).value === 'string' ? ((node as LeafNode).value as string) : undefined;
}

/** The Perm entries of the DMAcc account of a server, MOID -> rights. */
export function permOf(ctx: AccessContext, srvId: string): Map<string, Set<Right>> {
  const perms = new Map<string, Set<Right>>();
  for (const acc of ctx.instancesOf(MOID.DMACC)) {
    if (leafText(acc.root.children.get('SrvID')) !== srvId) continue;
    const perm = acc.root.children.get('Perm');
    if (perm?.kind !== 'interior') continue;
    for (const entry of perm.children.values()) {
      if (entry.kind !== 'interior') continue;
      const moid = leafText(entry.children.get('MOID'));
      if (!moid) continue;
      const rights = parseRights(leafText(entry.children.get('Rights')) ?? DEFAULT_PERM_RIGHTS);
      rights.delete('D');
      const key = canonicalMoid(moid);
      const merged = perms.get(key) ?? new Set<Right>();
      for (const r of rights) merged.add(r);
      perms.set(key, merged);
    }
  }
  return perms;
}

export class PermAccessPolicy implements AccessPolicy {
  constructor(private readonly ctx: AccessContext) {}

  rightsOn(principal: Principal, instance: MoInstance): ReadonlySet<Right> {
    if (principal.kind === 'device') return ALL_RIGHTS;
    if (instance.owner) return samePrincipal(instance.owner, principal) ? ALL_RIGHTS : NO_RIGHTS;
    return this.rightsOnDeviceMade(principal, instance);
  }

  mayCreate(principal: Principal, moid: string): boolean {
    if (principal.kind === 'device') return true;
    return this.granted(principal, moid).has('W');
  }

  rightsOnDeviceMade(principal: Principal, instance: MoInstance): ReadonlySet<Right> {
    const granted = this.granted(principal, instance.moid);
    if (principal.kind !== 'server' || granted.has('R')) return granted;
    const ownAccount = instance.moid === MOID.DMACC && leafText(instance.root.children.get('SrvID')) === principal.id;
    return ownAccount || instance.moid === MOID.SESSIONINFO ? new Set<Right>([...granted, 'R']) : granted;
  }

  private granted(principal: Principal, moid: string): ReadonlySet<Right> {
    if (principal.kind === 'device') return ALL_RIGHTS;
    if (principal.kind === 'server') {
      const perm = permOf(this.ctx, principal.id).get(canonicalMoid(moid)) ?? NO_RIGHTS;
      // P-BOOT (ours): a bootstrap server reads, creates and changes DMAcc accounts, whatever its Perm says.
      if (canonicalMoid(moid) === MOID.DMACC && isBootstrapServer(this.ctx, principal.id)) return new Set<Right>([...perm, 'R', 'W']);
      return perm;
    }
    return this.ctx.appGrants().get(principal.id)?.get(canonicalMoid(moid)) ?? NO_RIGHTS;
  }
}
