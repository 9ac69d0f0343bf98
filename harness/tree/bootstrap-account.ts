/**
 * Bootstrap server accounts (P-BOOT): a DMAcc instance holding an `Auth/Bootstrap` entry is the
 * account of a bootstrap server (ours). A bootstrap server may read, create and change DMAcc
 * instances (the accounts it makes are device-made, P-ACL), and it alone — of all servers and local
 * applications — may change `Auth/Bootstrap/*` of any DMAcc instance: adding, changing or removing
 * that entry, or an instance holding it, is 403 for anyone else (so no server can make itself a
 * bootstrap server, or take the device's bootstrap server away).
 */
import { concreteUri } from '../protocol/client-uri.ts';
import { SC } from '../protocol/status-codes.ts';
import type { AccessContext } from './access-rights.ts';
import type { Principal } from './principal.ts';
import { MOID } from './standard-mos.ts';
import type { TreeError } from './tree-error.ts';
import { nodeAt, sameNode, type TreeNode } from './tree-node.ts';

/** The DMAcc entry that marks a bootstrap server's account (ours): `Auth/Bootstrap`. */
export const BOOTSTRAP_AUTH: readonly string[] = ['Auth', 'Bootstrap'];
/** The `Auth/Bootstrap/Type` the reference peers write (ours; only the entry's presence counts). */
export const BOOTSTRAP_AUTH_TYPE = 'Bootstrap';

function leafText(node: TreeNode | undefined): string | undefined {
  return node?.kind === 'leaf' && typeof node.value === 'string' ? node.value : undefined;
}

/** Whether a DMAcc instance root is a bootstrap server's account (it holds `Auth/Bootstrap`). */
export function isBootstrapAccountRoot(root: TreeNode): boolean {
  return nodeAt(root, BOOTSTRAP_AUTH) !== undefined;
}

/** Whether the device holds a bootstrap server account for this SrvID. */
export function isBootstrapServer(ctx: AccessContext, srvId: string): boolean {
  for (const acc of ctx.instancesOf(MOID.DMACC)) {
    if (leafText(acc.root.children.get('SrvID')) === srvId && isBootstrapAccountRoot(acc.root)) return true;
  }
  return false;
}

/** Whether the principal is a server whose own DMAcc account marks it as a bootstrap server. */
export function actsAsBootstrapServer(ctx: AccessContext, principal: Principal): boolean {
  return principal.kind === 'server' && isBootstrapServer(ctx, principal.id);
}

function startsWith(path: readonly string[], prefix: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((name, i) => path[i] === name);
}

/**
 * Whether replacing `before` by `after` at `path` of a DMAcc instance changes its `Auth/Bootstrap`
 * subtree (undefined: no node there before / after).
 */
export function changesBootstrapAuth(path: readonly string[], before: TreeNode | undefined, after: TreeNode | undefined): boolean {
  if (startsWith(BOOTSTRAP_AUTH, path)) {
    const rest = BOOTSTRAP_AUTH.slice(path.length);
    const b = before ? nodeAt(before, rest) : undefined;
    const a = after ? nodeAt(after, rest) : undefined;
    if (!b && !a) return false;
    return !(b && a && sameNode(b, a));
  }
  if (startsWith(path, BOOTSTRAP_AUTH)) return !(before && after && sameNode(before, after));
  return false;
}

/** 403 when a principal other than a bootstrap server (or the device) would change `Auth/Bootstrap/*` of a DMAcc instance. */
export function bootstrapAuthGuard(
  ctx: AccessContext,
  principal: Principal,
  at: { moid: string; miid: string; path: readonly string[] },
  before: TreeNode | undefined,
  after: TreeNode | undefined,
): TreeError | undefined {
  if (at.moid !== MOID.DMACC || principal.kind === 'device' || actsAsBootstrapServer(ctx, principal)) return undefined;
  if (!changesBootstrapAuth(at.path, before, after)) return undefined;
  return {
    sc: SC.FORBIDDEN,
    code: 'FORBIDDEN',
    message: `${concreteUri(at.moid, at.miid, [...BOOTSTRAP_AUTH])}: only a bootstrap server may change Auth/Bootstrap (P-BOOT)`,
  };
}
