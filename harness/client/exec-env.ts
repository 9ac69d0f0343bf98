/**
 * P-ENV execution environments (DM-HLF-006) in the reference client: one device-made instance of the
 * execenv MO per environment ("main", an OS, and "secure", a TEE); every managed MO instance (any
 * instance of an MO other than DevInfo, DMAcc, SessionInfo, the features, execenv and Delegation MOs)
 * is tagged with one environment, listed in that environment's `MOs` leaf; each server manages one
 * environment (the one whose `Servers` leaf names it, else "main") and holds no right at all on the
 * managed instances of another, whatever its Perm, ownership or grants (ours, docs/protocol.md
 * "P-ENV"). An instance a server creates is tagged with that server's environment; one the device
 * or a local application makes, with "main". Everything lives in the tree, so it is persisted with it.
 */
import type { AccessPolicy, Right } from '../tree/access-rights.ts';
import type { DeviceTree, TreeChange } from '../tree/device-tree.ts';
import type { MoInstance } from '../tree/mo-instance.ts';
import type { Principal } from '../tree/principal.ts';
import { canonicalMoid, MOID } from '../tree/standard-mos.ts';
import { concreteUri } from '../protocol/client-uri.ts';
import type { Result } from '../protocol/result.ts';
import type { Account } from './accounts.ts';
import { managingServer } from './exec-env-server.ts';

export interface EnvironmentSpec {
  id: string;
  type: string;
}

/** The reference client's environments; the first is where untagged instances and unassigned servers belong. */
export const REFERENCE_ENVIRONMENTS: readonly EnvironmentSpec[] = [
  { id: 'main', type: 'os' },
  { id: 'secure', type: 'tee' },
];

/** MOs that describe the device and its management, not an environment: never tagged, never scoped. */
const INFRASTRUCTURE: ReadonlySet<string> = new Set([MOID.DEVINFO, MOID.DMACC, MOID.SESSIONINFO, MOID.FEATURES, MOID.EXECENV, MOID.DELEGATION]);

export function isManagedMoid(moid: string): boolean {
  return !INFRASTRUCTURE.has(canonicalMoid(moid));
}

const NO_RIGHTS: ReadonlySet<Right> = new Set();

function words(text: unknown): string[] {
  return typeof text === 'string' ? text.split(/\s+/).filter((w) => w !== '') : [];
}

export class ExecEnvironments {
  private constructor(
    private readonly tree: DeviceTree,
    private readonly specs: readonly EnvironmentSpec[],
  ) {}

  /**
   * Gives a tree its environments (the execenv instances, when missing), tags its untagged managed
   * instances with the first environment, keeps the tags as instances come and go, and scopes every
   * server's rights to the managed instances of its environment.
   */
  static attach(tree: DeviceTree, specs: readonly EnvironmentSpec[] = REFERENCE_ENVIRONMENTS): ExecEnvironments {
    const envs = new ExecEnvironments(tree, specs);
    for (const spec of specs) {
      if (!tree.instance(MOID.EXECENV, spec.id)) tree.deviceWrite(MOID.EXECENV, spec.id, [], { Name: spec.id, Type: spec.type, Servers: '', MOs: '' });
    }
    for (const inst of tree.allInstances()) {
      if (isManagedMoid(inst.moid) && envs.envOf(inst.moid, inst.miid) === undefined) envs.tag(inst.moid, inst.miid, envs.defaultEnv);
    }
    tree.onChange((change) => envs.onChange(change));
    tree.policy = scopedPolicy(tree.policy, envs);
    return envs;
  }

  get ids(): string[] {
    return [...this.tree.instancesOf(MOID.EXECENV)].map((i) => i.miid);
  }

  private get defaultEnv(): string {
    return this.specs[0]?.id ?? 'main';
  }

  /** The environment an instance is tagged with (the execenv instance whose `MOs` lists it). */
  envOf(moid: string, miid: string): string | undefined {
    const uri = concreteUri(canonicalMoid(moid), miid);
    for (const env of this.tree.instancesOf(MOID.EXECENV)) if (words(this.leaf(env, 'MOs')).includes(uri)) return env.miid;
    return undefined;
  }

  /** The environment a server manages: the one whose `Servers` names it, else the first. */
  envOfServer(srvId: string): string {
    for (const env of this.tree.instancesOf(MOID.EXECENV)) if (words(this.leaf(env, 'Servers')).includes(srvId)) return env.miid;
    return this.defaultEnv;
  }

  /** The device's operator assigns a server to an environment (upper tester client.setEnvironment). */
  assign(srvId: string, envId: string): void {
    if (!this.tree.instance(MOID.EXECENV, envId)) throw new Error(`no execution environment "${envId}" (the device has ${this.ids.join(', ')})`);
    for (const env of this.tree.instancesOf(MOID.EXECENV)) {
      const servers = words(this.leaf(env, 'Servers')).filter((s) => s !== srvId);
      if (env.miid === envId) servers.push(srvId);
      this.tree.deviceWrite(MOID.EXECENV, env.miid, ['Servers'], servers.join(' '));
    }
  }

  /** The SrvID of the server a client-initiated session about that instance (ClientURI MOID/MIID) goes to (DM-HLF-018). */
  serverOf(clientUri: string, accounts: readonly Account[]): Result<string> {
    return managingServer(this.tree, accounts, clientUri);
  }

  /** Whether a principal may act on this instance at all (servers: only on their environment's managed instances). */
  inScope(principal: Principal, instance: MoInstance): boolean {
    if (principal.kind !== 'server' || !isManagedMoid(instance.moid)) return true;
    const env = this.envOf(instance.moid, instance.miid);
    return env === undefined || env === this.envOfServer(principal.id);
  }

  private leaf(env: MoInstance, name: string): unknown {
    const node = env.root.children.get(name);
    return node?.kind === 'leaf' ? node.value : undefined;
  }

  private tag(moid: string, miid: string, envId: string): void {
    const env = this.tree.instance(MOID.EXECENV, envId);
    if (!env) return;
    const uri = concreteUri(canonicalMoid(moid), miid);
    const listed = words(this.leaf(env, 'MOs'));
    if (!listed.includes(uri)) this.tree.deviceWrite(MOID.EXECENV, envId, ['MOs'], [...listed, uri].join(' '));
  }

  private untag(moid: string, miid: string): void {
    const uri = concreteUri(canonicalMoid(moid), miid);
    for (const env of this.tree.instancesOf(MOID.EXECENV)) {
      const listed = words(this.leaf(env, 'MOs'));
      if (listed.includes(uri)) this.tree.deviceWrite(MOID.EXECENV, env.miid, ['MOs'], listed.filter((u) => u !== uri).join(' '));
    }
  }

  private onChange(change: TreeChange): void {
    if (change.path.length > 0 || !isManagedMoid(change.moid)) return;
    if (change.op === 'delete') this.untag(change.moid, change.miid);
    else if (change.op === 'create' && this.envOf(change.moid, change.miid) === undefined)
      this.tag(change.moid, change.miid, change.by.kind === 'server' ? this.envOfServer(change.by.id) : this.defaultEnv);
  }
}

/** The tree's access policy with every server's rights cut to the managed instances of its environment. */
function scopedPolicy(inner: AccessPolicy, envs: ExecEnvironments): AccessPolicy {
  const scoped = Object.create(inner) as AccessPolicy;
  scoped.rightsOn = (principal, instance) => (envs.inScope(principal, instance) ? inner.rightsOn(principal, instance) : NO_RIGHTS);
  return scoped;
}
