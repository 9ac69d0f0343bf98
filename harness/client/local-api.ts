/**
 * The local application API (P-LOCAL; DM-HLF-005, -016, -017; use case B.2): a registered application
 * reads the MO instances it is allowed to (its rights are checked like a server's, K-ACL), is served
 * from the server a DEFAULT command named when the MO is missing, and subscribes to the changes of an
 * instance: each change is told once, in order, with who changed what and the new value.
 */
import { parseClientUri } from '../protocol/client-uri.ts';
import type { MoEntry } from '../protocol/packages.ts';
import { fail, ok, type Result } from '../protocol/result.ts';
import { statusOf } from '../protocol/error-status.ts';
import { parseRights, type Right } from '../tree/access-rights.ts';
import type { TreeChange } from '../tree/device-tree.ts';
import { DEVICE, type Principal } from '../tree/principal.ts';
import { canonicalMoid } from '../tree/standard-mos.ts';
import { nodeAt } from '../tree/tree-node.ts';
import type { DmDevice } from './dm-device.ts';
import { fetchMo } from './mo-transfer.ts';

export interface LocalChange {
  moid: string;
  miid: string;
  path: string[];
  op: TreeChange['op'];
  by: Principal;
  /** The new MOData of the changed node (undefined after a delete). */
  value: unknown;
}

export interface LocalReadError {
  sc: number;
  message: string;
}

export class LocalApi {
  private readonly grants = new Map<string, Map<string, Set<Right>>>();

  constructor(private readonly device: DmDevice) {
    device.tree.setAppGrants(() => this.grants);
  }

  /** Registers an application with the MOIDs it may use and its rights on each (e.g. `{ [moid]: 'R' }`). */
  register(appId: string, moids: Record<string, string>): void {
    const byMoid = new Map<string, Set<Right>>();
    for (const [moid, rights] of Object.entries(moids)) byMoid.set(canonicalMoid(moid), parseRights(rights));
    this.grants.set(appId, byMoid);
  }

  /** Reads a ClientURI as the application; a missing MO with a DEFAULT source is fetched first. */
  async read(appId: string, clientUri: string): Promise<Result<MoEntry[], LocalReadError>> {
    const principal: Principal = { kind: 'app', id: appId };
    if (!this.grants.has(appId)) return { ok: false, error: { sc: 403, message: `application "${appId}" is not registered` } };
    const parsed = parseClientUri(clientUri);
    if (!parsed.ok) return { ok: false, error: { sc: statusOf(parsed.error.code), message: parsed.error.message } };
    const tree = this.device.tree;
    const moid = canonicalMoid(parsed.value.moid);
    if ([...tree.instancesOf(moid)].length === 0) {
      const fetched = await this.fetchDefault(moid);
      if (!fetched.ok) return { ok: false, error: { sc: 404, message: fetched.error.message } };
    }
    const resolved = tree.resolve(principal, parsed.value, 'R');
    if (!resolved.ok) return { ok: false, error: { sc: statusOf(resolved.error.code), message: resolved.error.message } };
    const entries: MoEntry[] = [];
    for (const node of resolved.value) {
      const entry = tree.entry(node, {
        ...(parsed.value.query.depth !== undefined ? { depth: parsed.value.query.depth } : {}),
        ...(parsed.value.query.fields !== undefined ? { fields: parsed.value.query.fields } : {}),
      });
      if (entry) entries.push(entry);
    }
    return { ok: true, value: entries };
  }

  /** Tells the application of every change to one instance it may read, in order, once each. */
  subscribe(appId: string, moid: string, miid: string, listener: (change: LocalChange) => void): Result<() => void> {
    const tree = this.device.tree;
    const inst = tree.instance(moid, miid);
    const principal: Principal = { kind: 'app', id: appId };
    if (!inst) return fail('NOT_FOUND', `${moid}/${miid} does not exist`);
    if (!tree.has(principal, inst, 'R')) return fail('FORBIDDEN', `application "${appId}" may not read ${moid}/${miid}`);
    const key = canonicalMoid(moid);
    const off = tree.onChange((change) => {
      if (change.moid !== key || change.miid !== miid) return;
      const current = tree.instance(change.moid, change.miid);
      const node = current ? nodeAt(current.root, change.path) : undefined;
      const value = node && current ? tree.entry({ moid: change.moid, miid: change.miid, path: change.path })?.MOData : undefined;
      listener({ moid: change.moid, miid: change.miid, path: change.path, op: change.op, by: change.by, value });
    });
    return ok(off);
  }

  private async fetchDefault(moid: string): Promise<Result<string[]>> {
    const source = this.device.defaults.get(moid);
    if (!source) return fail('NOT_FOUND', `${moid} has no instance and no DEFAULT source`);
    const fetched = await fetchMo({ http: this.device.httpClient, devId: this.device.devId, encodings: this.device.encodings }, source.serverUri);
    if (!('value' in fetched)) return fail('NOT_FOUND', `${moid} is missing and its DEFAULT source failed: ${fetched.reason}`);
    const uris: string[] = [];
    for (const entry of fetched.value) {
      const made = this.device.tree.create(DEVICE, moid, entry.MOData);
      if (!made.ok) return fail('NOT_FOUND', `${moid} from its DEFAULT source is invalid: ${made.error.message}`);
      uris.push(made.value.uri);
    }
    return ok(uris);
  }
}
