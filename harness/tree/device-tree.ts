/**
 * The DM tree of a device: MO instances by MOID and MIID, their definitions, the access policy, and
 * the operations commands need (resolve a ClientURI, read as MOData, write a subtree, create an
 * instance, delete). Every change bumps the instance's cache validator and is announced to listeners
 * (subscriptions, local applications) after it is committed.
 */
import { concreteUri, type ClientUri } from '../protocol/client-uri.ts';
import { resolveClientUri, type ResolvedNode, type ResolverView } from '../protocol/client-uri-resolver.ts';
import type { MoEntry } from '../protocol/packages.ts';
import type { Result } from '../protocol/result.ts';
import type { AccessPolicy, AppGrants, Right } from './access-rights.ts';
import { DEFAULT_MOS } from './default-mos.ts';
import { DelegationAccessPolicy, type DelegationContext } from './delegation-policy.ts';
import { valueAsText } from './formats.ts';
import { childDef, defAt, isMandatory, PLACEHOLDER, type MoDefinition, type NodeDef } from './mo-definition.ts';
import { cacheValidator, newEpoch, type MoInstance } from './mo-instance.ts';
import { renderNode, type RenderOptions } from './node-render.ts';
import { describePrincipal, type Principal } from './principal.ts';
import { canonicalMoid } from './standard-mos.ts';
import { buildSubtree } from './subtree-builder.ts';
import { badData, forbidden, notAllowed, notFound, type TreeResult } from './tree-error.ts';
import { nodeAt, sameNode, type InteriorNode, type TreeNode } from './tree-node.ts';

export type ChangeOp = 'create' | 'replace' | 'delete';

export interface TreeChange {
  moid: string;
  miid: string;
  /** The node written or deleted, below the instance root. */
  path: string[];
  op: ChangeOp;
  by: Principal;
}

export type ChangeListener = (change: TreeChange) => void;

export interface WriteOutcome {
  created: boolean;
  uri: string;
}

export class DeviceTree implements DelegationContext {
  private readonly store = new Map<string, Map<string, MoInstance>>();
  private readonly defs = new Map<string, MoDefinition>();
  private readonly listeners = new Set<ChangeListener>();
  private apps: () => AppGrants = () => new Map();
  private readonly miidHighWater = new Map<string, number>();
  policy: AccessPolicy;

  constructor(definitions: readonly MoDefinition[] = DEFAULT_MOS) {
    for (const def of definitions) this.define(def);
    this.policy = new DelegationAccessPolicy(this);
  }

  appGrants(): AppGrants {
    return this.apps();
  }

  /** Where the rights of registered local applications come from (P-LOCAL). */
  setAppGrants(grants: () => AppGrants): void {
    this.apps = grants;
  }

  define(def: MoDefinition): void {
    this.defs.set(def.moid, def);
  }

  definition(moid: string): MoDefinition | undefined {
    return this.defs.get(canonicalMoid(moid));
  }

  definitions(): MoDefinition[] {
    return [...this.defs.values()];
  }

  *instancesOf(moid: string): Iterable<MoInstance> {
    yield* this.store.get(canonicalMoid(moid))?.values() ?? [];
  }

  /** MOIDs with at least one instance, in the order they were first created. */
  moids(): string[] {
    return [...this.store.entries()].filter(([, m]) => m.size > 0).map(([moid]) => moid);
  }

  instance(moid: string, miid: string): MoInstance | undefined {
    return this.store.get(canonicalMoid(moid))?.get(miid);
  }

  allInstances(): MoInstance[] {
    return [...this.store.values()].flatMap((m) => [...m.values()]);
  }

  has(principal: Principal, instance: MoInstance, right: Right): boolean {
    return this.policy.rightsOn(principal, instance).has(right);
  }

  nodeDef(moid: string, path: readonly string[]): NodeDef | undefined {
    return defAt(this.definition(moid), path);
  }

  onChange(listener: ChangeListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * A fresh decimal MIID, never one an instance of this MO had before (a stale DELETE cannot hit a newer
   * instance). Asking does not use it up: a create that fails leaves the next MIID where it was.
   */
  nextMiid(moid: string): string {
    const key = canonicalMoid(moid);
    let max = this.miidHighWater.get(key) ?? 0;
    for (const inst of this.instancesOf(key)) max = Math.max(max, miidNumber(inst.miid));
    return String(max + 1);
  }

  /** Resolves a ClientURI for a principal that needs `right` on every instance it reaches. */
  resolve(principal: Principal, uri: ClientUri, right: Right): Result<ResolvedNode[]> {
    const moid = canonicalMoid(uri.moid);
    const view: ResolverView = {
      instanceIds: (m) => [...this.instancesOf(m)].map((i) => i.miid),
      accessible: (m, miid) => {
        const inst = this.instance(m, miid);
        return inst !== undefined && this.has(principal, inst, right);
      },
      visible: (m, miid) => {
        const inst = this.instance(m, miid);
        return inst !== undefined && this.has(principal, inst, 'R');
      },
      children: (m, miid, path) => {
        const node = this.nodeIn(m, miid, path);
        if (node?.kind !== 'interior') return undefined;
        const def = this.nodeDef(m, path);
        // Nodes that cannot be read (secrets) are not reachable through wildcards.
        return [...node.children.keys()].filter((name) => childDef(def, name)?.access.includes('Get') ?? true);
      },
      exists: (m, miid, path) => this.nodeIn(m, miid, path) !== undefined,
      text: (m, miid, path) => {
        const node = this.nodeIn(m, miid, path);
        const def = this.nodeDef(m, path);
        if (node?.kind !== 'leaf' || (def && !def.access.includes('Get'))) return undefined;
        return valueAsText(node.value);
      },
    };
    return resolveClientUri({ ...uri, moid }, view);
  }

  /** The MO serialization entry of one resolved node; undefined when selection leaves nothing of it. */
  entry(node: ResolvedNode, options: RenderOptions = {}): MoEntry | undefined {
    const inst = this.instance(node.moid, node.miid);
    const tree = inst ? nodeAt(inst.root, node.path) : undefined;
    if (!inst || !tree) return undefined;
    const data = renderNode(tree, this.nodeDef(node.moid, node.path), node.path[node.path.length - 1], options);
    if (data === undefined) return undefined;
    return { ClientURI: concreteUri(inst.moid, inst.miid, node.path), CV: cacheValidator(inst), MOData: data };
  }

  /** Whether a node may be read at all (its definition has Get). */
  readable(moid: string, path: readonly string[]): boolean {
    return this.nodeDef(moid, path)?.access.includes('Get') ?? true;
  }

  cv(moid: string, miid: string): string | undefined {
    const inst = this.instance(moid, miid);
    return inst ? cacheValidator(inst) : undefined;
  }

  /**
   * Replaces (or adds) the node at `path` of an instance with the subtree `data` describes; a named
   * instance that does not exist is created and owned by the writer (P-DETAIL, HGET with a ClientURI).
   */
  write(principal: Principal, moidIn: string, miid: string, path: readonly string[], data: unknown): TreeResult<WriteOutcome> {
    const moid = canonicalMoid(moidIn);
    const privileged = principal.kind === 'device';
    const inst = this.instance(moid, miid);
    const def = this.definition(moid);
    if (!inst) {
      if (path.length > 0) return notFound(`${moid}/${miid}`);
      if (!this.policy.mayCreate(principal, moid)) return forbidden(`${moid} (no Perm entry allows ${describePrincipal(principal)} to create instances)`, 'W');
      return this.createAt(principal, moid, miid, data);
    }
    if (!this.has(principal, inst, 'W')) return forbidden(`${moid}/${miid}`, 'W');
    const conflict = this.policy.checkWrite?.(principal, inst, path, 'write');
    if (conflict) return { ok: false, error: conflict };
    if (path.length === 0) {
      const built = buildSubtree(def?.root, data, inst.root, [], { privileged });
      if (!built.ok) return built;
      if (built.value.kind !== 'interior') return badData('the instance root must be an object');
      if (sameNode(inst.root, built.value)) return { ok: true, value: { created: false, uri: concreteUri(moid, miid) } };
      const refused = this.policy.checkChange?.(principal, { moid, miid, path: [] }, inst.root, built.value);
      if (refused) return { ok: false, error: refused };
      inst.root = built.value;
      return this.commit(inst, [], 'replace', principal, false);
    }
    const parent = nodeAt(inst.root, path.slice(0, -1));
    if (parent?.kind !== 'interior') return notFound(`${concreteUri(moid, miid, path.slice(0, -1))}`);
    const nodeDef = defAt(def, path);
    const parentDef = defAt(def, path.slice(0, -1));
    if (def && !nodeDef && !(parentDef?.open ?? false) && !this.underOpen(def, path)) {
      return badData(`${concreteUri(moid, miid, path)} is not defined by this MO`);
    }
    const name = path[path.length - 1]!;
    const existing = parent.children.get(name);
    const built = buildSubtree(nodeDef, data, existing, path, { privileged });
    if (!built.ok) return built;
    if (existing && sameNode(existing, built.value)) return { ok: true, value: { created: false, uri: concreteUri(moid, miid, path) } };
    const refused = this.policy.checkChange?.(principal, { moid, miid, path }, existing, built.value);
    if (refused) return { ok: false, error: refused };
    parent.children.set(name, built.value);
    return this.commit(inst, [...path], existing ? 'replace' : 'create', principal, !existing);
  }

  /** Creates a new instance with a fresh MIID (HGET without a ClientURI). */
  create(principal: Principal, moidIn: string, data: unknown): TreeResult<WriteOutcome> {
    const moid = canonicalMoid(moidIn);
    if (!this.policy.mayCreate(principal, moid)) return forbidden(`${moid} (no Perm entry allows ${describePrincipal(principal)} to create instances)`, 'W');
    return this.createAt(principal, moid, this.nextMiid(moid), data);
  }

  /** Deletes a node and all its children, or a whole instance (K-CMD DELETE). */
  remove(principal: Principal, node: ResolvedNode): TreeResult<void> {
    const inst = this.instance(node.moid, node.miid);
    if (!inst) return notFound(`${node.moid}/${node.miid}`);
    if (!this.has(principal, inst, 'W')) return forbidden(`${node.moid}/${node.miid}`, 'W');
    const def = this.definition(node.moid);
    const uri = concreteUri(inst.moid, inst.miid, node.path);
    const conflict = this.policy.checkWrite?.(principal, inst, node.path, 'delete');
    if (conflict) return { ok: false, error: conflict };
    if (node.path.length === 0) {
      if (principal.kind !== 'device' && (def?.deviceMade || def?.root.scope === 'Permanent')) return notAllowed(`${uri} is a permanent instance`);
      const refused = this.policy.checkChange?.(principal, { moid: inst.moid, miid: inst.miid, path: [] }, inst.root, undefined);
      if (refused) return { ok: false, error: refused };
      this.dropInstance(inst, principal);
      return { ok: true, value: undefined };
    }
    const parent = nodeAt(inst.root, node.path.slice(0, -1));
    const name = node.path[node.path.length - 1]!;
    const target = parent?.kind === 'interior' ? parent.children.get(name) : undefined;
    if (!target || parent?.kind !== 'interior') return notFound(uri);
    if (principal.kind !== 'device') {
      const nodeDef = defAt(def, node.path);
      if (nodeDef && nodeDef.name !== PLACEHOLDER && isMandatory(nodeDef)) return notAllowed(`${uri} is a mandatory node`);
      if (this.containsPermanent(target, nodeDef)) return notAllowed(`${uri} is (or contains) a permanent node`);
    }
    const refused = this.policy.checkChange?.(principal, { moid: inst.moid, miid: inst.miid, path: node.path }, target, undefined);
    if (refused) return { ok: false, error: refused };
    parent.children.delete(name);
    this.commit(inst, [...node.path], 'delete', principal, false);
    return { ok: true, value: undefined };
  }

  /** The device itself sets nodes (factory data, firmware, session bookkeeping): no rights or access types apply. */
  deviceWrite(moid: string, miid: string, path: readonly string[], data: unknown, owner?: Principal): TreeResult<WriteOutcome> {
    const result = this.write({ kind: 'device' }, moid, miid, path, data);
    if (result.ok && owner) {
      const made = this.instance(moid, miid);
      if (made) made.owner = owner;
    }
    return result;
  }

  /** Removes an instance whatever the rights (a revoked grant's descendants); listeners are told. */
  removeInstance(moid: string, miid: string): void {
    const inst = this.instance(moid, miid);
    if (inst) this.dropInstance(inst, { kind: 'device' });
  }

  private dropInstance(inst: MoInstance, by: Principal): void {
    if (!this.store.get(inst.moid)?.delete(inst.miid)) return;
    this.miidHighWater.set(inst.moid, Math.max(this.miidHighWater.get(inst.moid) ?? 0, miidNumber(inst.miid)));
    this.emit({ moid: inst.moid, miid: inst.miid, path: [], op: 'delete', by });
    this.policy.afterRemove?.(inst);
  }

  /** Puts an instance back as it was saved (state file); no events. */
  restoreInstance(instance: MoInstance): void {
    let byMiid = this.store.get(instance.moid);
    if (!byMiid) this.store.set(instance.moid, (byMiid = new Map()));
    byMiid.set(instance.miid, instance);
  }

  clear(): void {
    this.store.clear();
  }

  private nodeIn(moid: string, miid: string, path: readonly string[]): TreeNode | undefined {
    const inst = this.instance(moid, miid);
    return inst ? nodeAt(inst.root, path) : undefined;
  }

  private underOpen(def: MoDefinition, path: readonly string[]): boolean {
    let node: NodeDef | undefined = def.root;
    for (const name of path.slice(0, -1)) {
      if (node?.open) return true;
      node = childDef(node, name);
    }
    return node?.open ?? false;
  }

  private containsPermanent(node: TreeNode, def: NodeDef | undefined): boolean {
    if (def?.scope === 'Permanent') return true;
    if (node.kind !== 'interior') return false;
    for (const [name, child] of node.children) if (this.containsPermanent(child, childDef(def, name))) return true;
    return false;
  }

  private createAt(principal: Principal, moid: string, miid: string, data: unknown): TreeResult<WriteOutcome> {
    if (!/^[^/?#]{1,64}$/.test(miid)) return badData(`"${miid}" is not a valid MIID`);
    const def = this.definition(moid);
    const prepared = this.policy.prepareCreate?.(principal, moid, data) ?? { ok: true as const, value: data };
    if (!prepared.ok) return prepared;
    const built = buildSubtree(def?.root, prepared.value, undefined, [], { privileged: principal.kind === 'device' });
    if (!built.ok) return built;
    if (built.value.kind !== 'interior') return badData(`the MOData of a new ${moid} instance must be an object of its nodes`);
    const refused = this.policy.checkChange?.(principal, { moid, miid, path: [] }, undefined, built.value);
    if (refused) return { ok: false, error: refused };
    // Made by the device itself, or by a bootstrap server for it (P-BOOT): owned by nobody (P-ACL).
    const deviceMade = principal.kind === 'device' || (this.policy.createsDeviceMade?.(principal, moid) ?? false);
    const inst: MoInstance = {
      moid,
      miid,
      root: built.value as InteriorNode,
      version: 0,
      epoch: newEpoch(),
      ...(deviceMade ? {} : { owner: principal }),
    };
    this.restoreInstance(inst);
    this.emit({ moid, miid, path: [], op: 'create', by: principal });
    return { ok: true, value: { created: true, uri: concreteUri(moid, miid) } };
  }

  private commit(inst: MoInstance, path: string[], op: ChangeOp, by: Principal, created: boolean): TreeResult<WriteOutcome> {
    inst.version += 1;
    this.policy.recordWrite?.(by, inst, path, op === 'delete' ? 'delete' : 'write');
    this.emit({ moid: inst.moid, miid: inst.miid, path, op, by });
    return { ok: true, value: { created, uri: concreteUri(inst.moid, inst.miid, path) } };
  }

  private emit(change: TreeChange): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(change);
      } catch {
        // A listener's failure must not undo or block a committed change.
      }
    }
  }
}

function miidNumber(miid: string): number {
  return /^\d{1,15}$/.test(miid) ? Number(miid) : 0;
}
