/**
 * SUB / UNSUB bookkeeping (K-CMD): on every change of a subscribed subtree the device PUTs the
 * subtree's current MO serialization to the subscription's ServerURI, in change order, once per change.
 * The data is read when the change is committed, so a delivery shows the tree as that change left it.
 */
import { parseClientUri, type ClientUri } from '../protocol/client-uri.ts';
import type { MoEntry } from '../protocol/packages.ts';
import type { DeviceTree, TreeChange } from '../tree/device-tree.ts';
import { serverPrincipal } from '../tree/principal.ts';

export interface Subscription {
  srvId: string;
  clientUri: string;
  serverUri: string;
  createdAt: number;
}

interface Active extends Subscription {
  uri: ClientUri;
  /** `miid\u0000a/b` keys of the nodes the ClientURI resolved to last time. */
  lastTargets: Set<string>;
  queue: Promise<void>;
}

export type Deliver = (subscription: Subscription, entries: MoEntry[]) => Promise<void>;

function key(miid: string, path: readonly string[]): string {
  return `${miid}\u0000${path.join('/')}`;
}

function related(a: readonly string[], b: readonly string[]): boolean {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

export class SubscriptionRegistry {
  private readonly active: Active[] = [];
  private unlisten: (() => void) | undefined;

  constructor(
    private readonly tree: DeviceTree,
    private readonly deliver: Deliver,
  ) {}

  start(): void {
    this.unlisten ??= this.tree.onChange((change) => this.changed(change));
  }

  stop(): void {
    this.unlisten?.();
    this.unlisten = undefined;
  }

  list(): Subscription[] {
    return this.active.map(({ srvId, clientUri, serverUri, createdAt }) => ({ srvId, clientUri, serverUri, createdAt }));
  }

  /** Adds (or replaces the ServerURI of) a subscription; false when the ClientURI does not parse. */
  add(sub: Subscription): boolean {
    const parsed = parseClientUri(sub.clientUri);
    if (!parsed.ok) return false;
    const existing = this.active.find((a) => a.srvId === sub.srvId && a.clientUri === sub.clientUri);
    if (existing) {
      existing.serverUri = sub.serverUri;
      return true;
    }
    const active: Active = { ...sub, uri: parsed.value, lastTargets: new Set(), queue: Promise.resolve() };
    active.lastTargets = this.targets(active);
    this.active.push(active);
    return true;
  }

  remove(srvId: string, clientUri: string): boolean {
    const i = this.active.findIndex((a) => a.srvId === srvId && a.clientUri === clientUri);
    if (i < 0) return false;
    this.active.splice(i, 1);
    return true;
  }

  clear(): void {
    this.active.length = 0;
  }

  /** Resolves when every delivery queued so far has been attempted. */
  async idle(): Promise<void> {
    await Promise.all(this.active.map((a) => a.queue));
  }

  private targets(sub: Active): Set<string> {
    const resolved = this.tree.resolve(serverPrincipal(sub.srvId), sub.uri, 'R');
    return new Set(resolved.ok ? resolved.value.map((n) => key(n.miid, n.path)) : []);
  }

  private changed(change: TreeChange): void {
    for (const sub of this.active) {
      if (sub.uri.moid !== change.moid) continue;
      const resolved = this.tree.resolve(serverPrincipal(sub.srvId), sub.uri, 'R');
      const nodes = resolved.ok ? resolved.value : [];
      const now = new Set(nodes.map((n) => key(n.miid, n.path)));
      // A subscriber that may no longer read the instance (full delegation, revoked grant) learns nothing of it.
      const inst = this.tree.instance(change.moid, change.miid);
      if (inst && !this.tree.has(serverPrincipal(sub.srvId), inst, 'R')) {
        sub.lastTargets = now;
        continue;
      }
      const touched = [...now, ...sub.lastTargets].some((k) => {
        const [miid, p] = k.split('\u0000') as [string, string];
        return miid === change.miid && related(p === '' ? [] : p.split('/'), change.path);
      });
      sub.lastTargets = now;
      if (!touched) continue;
      const entries: MoEntry[] = [];
      for (const node of nodes) {
        const entry = this.tree.entry(node, {
          ...(sub.uri.query.depth !== undefined ? { depth: sub.uri.query.depth } : {}),
          ...(sub.uri.query.fields !== undefined ? { fields: sub.uri.query.fields } : {}),
        });
        if (entry) entries.push(entry);
      }
      const snapshot = { srvId: sub.srvId, clientUri: sub.clientUri, serverUri: sub.serverUri, createdAt: sub.createdAt };
      sub.queue = sub.queue.then(() => this.deliver(snapshot, entries)).catch(() => undefined);
    }
  }
}
