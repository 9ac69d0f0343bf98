// The DM tree (K-TREE): MO instances holding JSON-shaped node values. An interior node is a plain
// object of its children; anything else is a leaf. Each instance has a creator (P-ACL) and a cache
// validator: a random epoch and a change count (P-DETAIL).
import { randomBytes } from 'node:crypto';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Interior = { [k: string]: Json };

export function isInterior(v: Json | undefined): v is Interior {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Who acts on the tree: the device itself, a server (SrvID) or a local application. */
export type Actor = { kind: 'device' } | { kind: 'server'; srvId: string };

export interface Instance {
  moid: string;
  miid: string;
  owner: string; // 'device' or 'server:<SrvID>'
  data: Interior;
  ddf?: string;
  epoch: string;
  count: number;
  /** Device-made standard MO: the instance cannot be deleted and its leaves are read-only. */
  permanent: boolean;
}

export interface Change {
  inst: Instance;
  path: string[];
  op: 'create' | 'replace' | 'delete';
}

export function deepEqual(a: Json | undefined, b: Json | undefined): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

export class Tree {
  private readonly mos = new Map<string, Map<string, Instance>>();
  private nextMiid = 1;
  readonly listeners: ((c: Change) => void)[] = [];

  instances(moid: string): Instance[] {
    return [...(this.mos.get(moid)?.values() ?? [])];
  }

  all(): Instance[] {
    return [...this.mos.values()].flatMap((m) => [...m.values()]);
  }

  get(moid: string, miid: string): Instance | undefined {
    return this.mos.get(moid)?.get(miid);
  }

  /** A MIID never used before on this device (P-DELEG: MIIDs are never reused). */
  freshMiid(moid: string): string {
    for (;;) {
      const m = String(this.nextMiid++);
      if (!this.get(moid, m)) return m;
    }
  }

  create(moid: string, miid: string, data: Interior, owner: string, permanent = false, ddf?: string): Instance {
    const inst: Instance = { moid, miid, owner, data, epoch: randomBytes(6).toString('base64url'), count: 0, permanent };
    if (ddf !== undefined) inst.ddf = ddf;
    let m = this.mos.get(moid);
    if (!m) this.mos.set(moid, (m = new Map()));
    m.set(miid, inst);
    this.emit({ inst, path: [], op: 'create' });
    return inst;
  }

  removeInstance(inst: Instance): void {
    this.mos.get(inst.moid)?.delete(inst.miid);
    inst.count++;
    this.emit({ inst, path: [], op: 'delete' });
  }

  node(inst: Instance, path: string[]): Json | undefined {
    let cur: Json | undefined = inst.data;
    for (const seg of path) {
      if (!isInterior(cur) || !Object.hasOwn(cur, seg)) return undefined;
      cur = cur[seg];
    }
    return cur;
  }

  /** Sets a node (creating interior nodes on the way); returns whether anything changed. */
  set(inst: Instance, path: string[], value: Json): boolean {
    if (path.length === 0) {
      if (!isInterior(value)) throw new Error('instance root must be interior');
      if (deepEqual(inst.data, value)) return false;
      inst.data = value;
    } else {
      let cur: Interior = inst.data;
      for (const seg of path.slice(0, -1)) {
        const next = cur[seg];
        if (!isInterior(next)) cur[seg] = {};
        cur = cur[seg] as Interior;
      }
      const last = path[path.length - 1]!;
      if (Object.hasOwn(cur, last) && deepEqual(cur[last], value)) return false;
      cur[last] = value;
    }
    inst.count++;
    this.emit({ inst, path, op: 'replace' });
    return true;
  }

  /** Deletes a node inside an instance (path non-empty). */
  delete(inst: Instance, path: string[]): boolean {
    const parent = this.node(inst, path.slice(0, -1));
    const last = path[path.length - 1]!;
    if (!isInterior(parent) || !Object.hasOwn(parent, last)) return false;
    delete parent[last];
    inst.count++;
    this.emit({ inst, path, op: 'delete' });
    return true;
  }

  /** Device-internal update that does not go through the commands (counters, SessionInfo). */
  deviceSet(inst: Instance, path: string[], value: Json): void {
    this.set(inst, path, value);
  }

  clear(): void {
    this.mos.clear();
  }

  private emit(c: Change): void {
    for (const l of this.listeners) l(c);
  }
}
