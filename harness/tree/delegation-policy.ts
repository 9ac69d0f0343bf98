/**
 * Access with delegation between management authorities (P-DELEG; DM-HLF-013/014/022-026):
 * - a grant gives its grantee its Rights on the target instance, on top of what Perm and ownership give;
 * - shared: the grantor keeps its rights; full: the grantor loses every right on the target (and so
 *   reads nothing of it any more, whatever the grantee writes later); sub: a grantee holding D
 *   delegates further, within the MaxDepth and never to a Prohibited SrvID, never wider than its own;
 * - priority: a write to a node last written by an MA of higher priority on that instance is 409;
 * - revoking (deleting) a grant removes every grant derived from it; a grant is seen only by its
 *   grantor (who owns it) and its grantee; a grant is immutable (405): revoke it and grant again.
 * - a sub-delegation is bounded by the grant it derives from: rights no wider, priority no higher.
 * Grants are checked when they are created (the server HGETs a Delegation MO instance).
 */
import { concreteUri } from '../protocol/client-uri.ts';
import { SC } from '../protocol/status-codes.ts';
import { ALL_RIGHTS, NO_RIGHTS, PermAccessPolicy, RIGHTS, type AccessContext, type AccessPolicy, type Right } from './access-rights.ts';
import { actsAsBootstrapServer, bootstrapAuthGuard } from './bootstrap-account.ts';
import { GRANT_KINDS, parseTarget, readGrant, splitList, type Grant, type GrantKind } from './delegation-mo.ts';
import type { MoInstance } from './mo-instance.ts';
import type { Principal } from './principal.ts';
import { MOID } from './standard-mos.ts';
import { badData, forbidden, treeFail, type TreeError, type TreeResult } from './tree-error.ts';
import type { TreeNode } from './tree-node.ts';

/** What the policy needs of the tree beyond reading: removing the grants a revocation takes with it. */
export interface DelegationContext extends AccessContext {
  instance(moid: string, miid: string): MoInstance | undefined;
  removeInstance(moid: string, miid: string): void;
}

const WRITERS = Symbol('last writers');

type WithWriters = MoInstance & { [WRITERS]?: Map<string, string> };

function principalKey(p: Principal): string {
  return p.kind === 'device' ? 'device' : `${p.kind}:${p.id}`;
}

function related(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}/`) || b.startsWith(`${a}/`) || a === '' || b === '';
}

export class DelegationAccessPolicy implements AccessPolicy {
  private readonly base: PermAccessPolicy;

  constructor(private readonly ctx: DelegationContext) {
    this.base = new PermAccessPolicy(ctx);
  }

  /** Every complete grant on the device. */
  grants(): Grant[] {
    const out: Grant[] = [];
    for (const inst of this.ctx.instancesOf(MOID.DELEGATION)) {
      const g = readGrant(inst);
      if (g) out.push(g);
    }
    return out;
  }

  grantsOn(moid: string, miid: string): Grant[] {
    return this.grants().filter((g) => g.target.moid === moid && g.target.miid === miid);
  }

  rightsOn(principal: Principal, instance: MoInstance): ReadonlySet<Right> {
    if (principal.kind === 'device') return ALL_RIGHTS;
    if (instance.moid === MOID.DELEGATION) {
      // A grant is its grantor's (who created it) and readable by its grantee, nobody else's.
      const base = this.base.rightsOn(principal, instance);
      const g = readGrant(instance);
      if (g && principal.kind === 'server' && g.grantee === principal.id) return new Set<Right>([...base, 'R']);
      return base;
    }
    const grants = principal.kind === 'server' ? this.grantsOn(instance.moid, instance.miid) : [];
    if (principal.kind === 'server' && grants.some((g) => g.kind === 'full' && g.grantor === principal.id)) return NO_RIGHTS;
    const rights = new Set<Right>(this.base.rightsOn(principal, instance));
    for (const g of grants) if (principal.kind === 'server' && g.grantee === principal.id) for (const r of g.rights) rights.add(r);
    return rights;
  }

  mayCreate(principal: Principal, moid: string): boolean {
    // Grants are checked one by one in prepareCreate; anyone may ask.
    if (moid === MOID.DELEGATION) return principal.kind !== 'app';
    return this.base.mayCreate(principal, moid);
  }

  prepareCreate(principal: Principal, moid: string, data: unknown): TreeResult<unknown> {
    if (moid !== MOID.DELEGATION || principal.kind === 'device') return { ok: true, value: data };
    if (principal.kind !== 'server') return forbidden(moid, 'D');
    if (typeof data !== 'object' || data === null || Array.isArray(data)) return badData('a grant is an object of the Delegation MO nodes');
    const d = data as Record<string, unknown>;
    const targetText = typeof d.Target === 'string' ? d.Target : '';
    const target = parseTarget(targetText);
    if (!target) return badData(`Target "${targetText}" is not the ClientURI of an MO instance (MOID/MIID)`);
    const inst = this.ctx.instance(target.moid, target.miid);
    if (!inst) return treeFail(SC.NOT_FOUND, 'NOT_FOUND', `the Target ${targetText} does not exist`);
    if (target.moid === MOID.DELEGATION) return badData('a grant cannot target a grant');
    const grantee = typeof d.Grantee === 'string' ? d.Grantee.trim() : '';
    if (!grantee) return badData('Grantee (a SrvID) is missing');
    const kind = d.Kind as GrantKind;
    if (!GRANT_KINDS.includes(kind)) return badData(`Kind "${String(d.Kind)}" is not one of ${GRANT_KINDS.join(', ')}`);
    const rightsText = typeof d.Rights === 'string' ? d.Rights : '';
    if (!/^[RWED]+$/.test(rightsText)) return badData(`Rights "${rightsText}" is not a non-empty subset of R W E D`);
    const rights = new Set(rightsText.split('') as Right[]);
    const maxDepth = d.MaxDepth === undefined ? 0 : d.MaxDepth;
    if (typeof maxDepth !== 'number' || !Number.isInteger(maxDepth) || maxDepth < 0) return badData('MaxDepth must be a whole number from 0');
    const priority = d.Priority === undefined ? 0 : d.Priority;
    if (typeof priority !== 'number' || !Number.isInteger(priority)) return badData('Priority must be a whole number');
    if (grantee === principal.id) return badData('a management authority cannot delegate to itself');

    const own = this.rightsOn(principal, inst);
    if (!own.has('D')) return forbidden(targetText, 'D');
    const wider = [...rights].filter((r) => !own.has(r));
    if (wider.length) return forbidden(`${targetText} (rights ${wider.join('')} are more than the grantor holds)`, wider.join(''));
    // Where the grantor's D comes from: its own (owner) rights, or a grant it received (then this is a sub-delegation).
    const baseHasD = this.base.rightsOn(principal, inst).has('D');
    const parents = this.grantsOn(target.moid, target.miid).filter((g) => g.grantee === principal.id && g.rights.has('D'));
    const parent = baseHasD ? undefined : parents.sort((a, b) => b.maxDepth - a.maxDepth)[0];
    const prohibited = new Set(splitList(typeof d.Prohibited === 'string' ? d.Prohibited : undefined));
    if (parent) {
      if (kind !== 'sub') return badData(`${principal.id} holds D on ${targetText} by delegation: its grants are of Kind sub`);
      const beyond = [...rights].filter((r) => !parent.rights.has(r));
      if (beyond.length)
        return forbidden(`${targetText} (rights ${beyond.join('')} are more than the grant ${principal.id} delegates under gives)`, beyond.join(''));
      if (priority > parent.priority)
        return forbidden(`${targetText} (Priority ${priority} is higher than the ${parent.priority} of the grant ${principal.id} delegates under)`, 'D');
      if (parent.maxDepth < 1) return forbidden(`${targetText} (the grant ${principal.id} holds allows no further sub-delegation: MaxDepth 0)`, 'D');
      if (maxDepth > parent.maxDepth - 1)
        return forbidden(`${targetText} (MaxDepth ${maxDepth} exceeds the ${parent.maxDepth - 1} further levels allowed)`, 'D');
      for (const p of this.inheritedProhibited(parent)) prohibited.add(p);
      if (prohibited.has(grantee)) return forbidden(`${targetText} (${grantee} is a prohibited management authority for this delegation)`, 'D');
    } else if (kind === 'sub') {
      return badData(`${principal.id} holds its rights on ${targetText} itself: a first delegation is shared or full, not sub`);
    }
    if (prohibited.has(grantee)) return forbidden(`${targetText} (${grantee} is listed as prohibited)`, 'D');
    const out: Record<string, unknown> = {
      Target: concreteUri(target.moid, target.miid),
      Grantee: grantee,
      Rights: RIGHTS.filter((r) => rights.has(r)).join(''),
      Kind: kind,
      MaxDepth: maxDepth,
      Priority: priority,
      Grantor: principal.id,
    };
    if (prohibited.size) out.Prohibited = [...prohibited].join(',');
    if (parent) out.Parent = parent.miid;
    return { ok: true, value: out };
  }

  checkWrite(principal: Principal, instance: MoInstance, path: readonly string[], op: 'write' | 'delete'): TreeError | undefined {
    if (principal.kind === 'device') return undefined;
    if (instance.moid === MOID.DELEGATION && !(op === 'delete' && path.length === 0)) {
      return {
        sc: SC.NOT_ALLOWED,
        code: 'NOT_ALLOWED',
        message: `${concreteUri(instance.moid, instance.miid, [...path])}: a grant cannot be changed; revoke it (DELETE the grant) and grant again`,
      };
    }
    const writers = (instance as WithWriters)[WRITERS];
    if (!writers || writers.size === 0) return undefined;
    const mine = this.priorityOf(principalKey(principal), instance);
    const at = path.join('/');
    for (const [node, writer] of writers) {
      if (!related(node, at)) continue;
      const theirs = this.priorityOf(writer, instance);
      if (theirs > mine) {
        return {
          sc: SC.CONFLICT,
          code: 'CONFLICT',
          message: `${concreteUri(instance.moid, instance.miid, node ? node.split('/') : [])} was last written by ${writer.replace(/^server:/, '')} with priority ${theirs}, higher than ${mine}`,
        };
      }
    }
    return undefined;
  }

  /** P-BOOT: only a bootstrap server changes `Auth/Bootstrap/*` of a DMAcc instance (403 for anyone else). */
  checkChange(
    principal: Principal,
    at: { moid: string; miid: string; path: readonly string[] },
    before: TreeNode | undefined,
    after: TreeNode | undefined,
  ): TreeError | undefined {
    return bootstrapAuthGuard(this.ctx, principal, at, before, after);
  }

  /** P-BOOT, P-ACL: the DMAcc accounts a bootstrap server makes are device-made (bootstrap), owned by nobody. */
  createsDeviceMade(principal: Principal, moid: string): boolean {
    return moid === MOID.DMACC && actsAsBootstrapServer(this.ctx, principal);
  }

  recordWrite(principal: Principal, instance: MoInstance, path: readonly string[], op: 'write' | 'delete'): void {
    const inst = instance as WithWriters;
    const writers = (inst[WRITERS] ??= new Map());
    const at = path.join('/');
    for (const node of [...writers.keys()]) if (node === at || node.startsWith(`${at}/`) || at === '') writers.delete(node);
    if (op === 'write' && principal.kind !== 'device') writers.set(at, principalKey(principal));
  }

  afterRemove(instance: MoInstance): void {
    // Revocation: grants derived from a removed grant go too; so do grants on a removed instance.
    const gone = new Set<string>();
    if (instance.moid === MOID.DELEGATION) gone.add(instance.miid);
    let changed = true;
    while (changed) {
      changed = false;
      for (const g of this.grants()) {
        const orphan = (g.parent !== undefined && gone.has(g.parent)) || (g.target.moid === instance.moid && g.target.miid === instance.miid);
        if (orphan && !gone.has(g.miid)) {
          gone.add(g.miid);
          this.ctx.removeInstance(MOID.DELEGATION, g.miid);
          changed = true;
        }
      }
    }
  }

  /** Priority of an MA on an instance: the highest Priority of the grants it holds there (0 without one). */
  private priorityOf(key: string, instance: MoInstance): number {
    if (!key.startsWith('server:')) return 0;
    const id = key.slice('server:'.length);
    const ps = this.grantsOn(instance.moid, instance.miid)
      .filter((g) => g.grantee === id)
      .map((g) => g.priority);
    return ps.length ? Math.max(...ps) : 0;
  }

  private inheritedProhibited(grant: Grant): string[] {
    const out = new Set(grant.prohibited);
    const byMiid = new Map(this.grants().map((g) => [g.miid, g]));
    let parent = grant.parent ? byMiid.get(grant.parent) : undefined;
    const seen = new Set<string>();
    while (parent && !seen.has(parent.miid)) {
      seen.add(parent.miid);
      for (const p of parent.prohibited) out.add(p);
      parent = parent.parent ? byMiid.get(parent.parent) : undefined;
    }
    return [...out];
  }
}
