/**
 * Faulty access policies for the security and delegation mutants: the reference device's policy
 * (DelegationAccessPolicy) with one rule of K-ACL / P-ACL / P-DELEG broken each.
 */
import type { Right } from '../../harness/tree/access-rights.ts';
import { PermAccessPolicy } from '../../harness/tree/access-rights.ts';
import { DelegationAccessPolicy, type DelegationContext } from '../../harness/tree/delegation-policy.ts';
import type { DeviceTree } from '../../harness/tree/device-tree.ts';
import type { MoInstance } from '../../harness/tree/mo-instance.ts';
import type { Principal } from '../../harness/tree/principal.ts';
import { MOID } from '../../harness/tree/standard-mos.ts';
import type { TreeError, TreeResult } from '../../harness/tree/tree-error.ts';
import { SC } from '../../harness/protocol/status-codes.ts';

type PolicyFactory = (tree: DeviceTree) => DelegationAccessPolicy;

/** Device-made instances are open to every server, whatever its Perm says (DM-HLF-009, DM-HLF-020). */
class IgnoresPerm extends DelegationAccessPolicy {
  override rightsOn(p: Principal, inst: MoInstance): ReadonlySet<Right> {
    const rights = super.rightsOn(p, inst);
    if (p.kind === 'server' && !inst.owner && inst.moid !== MOID.DELEGATION) return new Set<Right>([...rights, 'R', 'W', 'E']);
    return rights;
  }
  override mayCreate(p: Principal, moid: string): boolean {
    return p.kind === 'server' || super.mayCreate(p, moid);
  }
}

/** An instance one server created is readable and writable by every other (DM-HLF-011, DM-HLF-012). */
class SharesOwnedInstances extends DelegationAccessPolicy {
  override rightsOn(p: Principal, inst: MoInstance): ReadonlySet<Right> {
    const rights = super.rightsOn(p, inst);
    if (p.kind === 'server' && inst.owner && inst.moid !== MOID.DELEGATION) return new Set<Right>([...rights, 'R', 'W']);
    return rights;
  }
}

/** Grants are stored but give the grantee nothing (DM-HLF-013, DM-HLF-022). */
class IgnoresGrants extends DelegationAccessPolicy {
  private readonly perm: PermAccessPolicy;
  constructor(ctx: DelegationContext) {
    super(ctx);
    this.perm = new PermAccessPolicy(ctx);
  }
  override rightsOn(p: Principal, inst: MoInstance): ReadonlySet<Right> {
    if (inst.moid === MOID.DELEGATION) return super.rightsOn(p, inst);
    return this.perm.rightsOn(p, inst);
  }
}

/** After a full delegation the grantor keeps reading the target (DM-HLF-023, DM-HLF-025). */
class FullKeepsGrantor extends DelegationAccessPolicy {
  override rightsOn(p: Principal, inst: MoInstance): ReadonlySet<Right> {
    const rights = super.rightsOn(p, inst);
    if (p.kind === 'server' && inst.moid !== MOID.DELEGATION && this.grantsOn(inst.moid, inst.miid).some((g) => g.kind === 'full' && g.grantor === p.id)) {
      return new Set<Right>(['R', 'W', 'E', 'D']);
    }
    return rights;
  }
}

/** A grantee holding D cannot delegate further at all (DM-HLF-024). */
class RefusesSubDelegation extends DelegationAccessPolicy {
  override prepareCreate(p: Principal, moid: string, data: unknown): TreeResult<unknown> {
    if (moid === MOID.DELEGATION && typeof data === 'object' && data !== null && (data as { Kind?: unknown }).Kind === 'sub') {
      return { ok: false, error: { sc: 403, code: 'FORBIDDEN', message: 'sub-delegation refused (mutant)' } };
    }
    return super.prepareCreate(p, moid, data);
  }
}

/** MaxDepth and Prohibited are not enforced (DM-HLF-026). */
class IgnoresRestrictions extends DelegationAccessPolicy {
  override prepareCreate(p: Principal, moid: string, data: unknown): TreeResult<unknown> {
    const result = super.prepareCreate(p, moid, data);
    if (result.ok || moid !== MOID.DELEGATION || result.error.sc !== 403) return result;
    if (!/MaxDepth|further|prohibited/i.test(result.error.message)) return result;
    // Accept what a correct device refuses: grant as asked, Grantor set.
    const d = data as Record<string, unknown>;
    return { ok: true, value: { ...d, Grantor: p.kind === 'server' ? p.id : 'device', MaxDepth: typeof d.MaxDepth === 'number' ? d.MaxDepth : 0 } };
  }
}

/** Writes never conflict, whatever the priority of who wrote last (DM-HLF-014); grants stay immutable (405). */
class IgnoresPriority extends DelegationAccessPolicy {
  override checkWrite(...args: Parameters<DelegationAccessPolicy['checkWrite']>): TreeError | undefined {
    const refused = super.checkWrite(...args);
    return refused?.sc === SC.CONFLICT ? undefined : refused;
  }
}

/** Revoking a grant leaves the grants derived from it in place. */
class NoRevocationCascade extends DelegationAccessPolicy {
  override afterRemove(): void {}
}

/** Read access is never checked: every server reads everything (DM-SECARIZE-001, DM-SECARIZE-002). */
class ReadsUnchecked extends DelegationAccessPolicy {
  override rightsOn(p: Principal, inst: MoInstance): ReadonlySet<Right> {
    const rights = super.rightsOn(p, inst);
    return p.kind === 'server' ? new Set<Right>([...rights, 'R']) : rights;
  }
}

export const FAULTY_POLICIES = {
  'ignores-perm': (t) => new IgnoresPerm(t),
  'shares-owned-instances': (t) => new SharesOwnedInstances(t),
  'ignores-grants': (t) => new IgnoresGrants(t),
  'full-keeps-grantor': (t) => new FullKeepsGrantor(t),
  'refuses-sub-delegation': (t) => new RefusesSubDelegation(t),
  'ignores-restrictions': (t) => new IgnoresRestrictions(t),
  'ignores-priority': (t) => new IgnoresPriority(t),
  'no-revocation-cascade': (t) => new NoRevocationCascade(t),
  'reads-unchecked': (t) => new ReadsUnchecked(t),
} satisfies Record<string, PolicyFactory>;

export type FaultyPolicy = keyof typeof FAULTY_POLICIES;
