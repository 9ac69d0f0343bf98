/**
 * DM tree data as the mappings take it (P-MAP): MOID -> MIID -> MOData, the shape of an HGET/HPUT
 * body's entries and of bench/b1-device-tree.json. A leaf is any non-object value (bytes included);
 * an empty object is a node with nothing under it. Paths are node names joined by `/`.
 */

export type DmTreeData = Record<string, Record<string, unknown>>;

/** What a mapping could not carry over, and why: a DM ClientURI, an LwM2M path or a TR-181 path. */
export interface Unmapped {
  uri: string;
  reason: string;
  /**
   * `table`: the table maps no such node (or says why not); `value`: the table maps the node, but its
   * value does not fit (wrong format, outside an enumeration); `instance`: no instance to put it in.
   */
  kind: 'table' | 'value' | 'instance';
}

export interface DmLeaf {
  /** The path under the instance root (`Auth/Client/Name`). */
  node: string;
  /** The value; `{}` for an interior node with no children. */
  value: unknown;
}

function isInterior(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !(value instanceof Uint8Array) && !Array.isArray(value);
}

/** Every leaf (and every empty interior node) of an instance's MOData, depth first. */
export function leavesOf(moData: unknown, prefix = ''): DmLeaf[] {
  if (!isInterior(moData)) return prefix === '' ? [{ node: '', value: moData }] : [{ node: prefix, value: moData }];
  const entries = Object.entries(moData);
  if (entries.length === 0) return prefix === '' ? [] : [{ node: prefix, value: {} }];
  return entries.flatMap(([name, child]) => leavesOf(child, prefix === '' ? name : `${prefix}/${name}`));
}

/** Sets an own property (a node named `__proto__` is a node like any other). */
export function putOwn(target: Record<string, unknown>, name: string, value: unknown): void {
  Object.defineProperty(target, name, { value, enumerable: true, writable: true, configurable: true });
}

/** The own interior child of a node, made when missing. */
export function ownChild(target: Record<string, unknown>, name: string): Record<string, unknown> {
  if (!Object.hasOwn(target, name)) putOwn(target, name, {});
  return target[name] as Record<string, unknown>;
}

/** Sets a leaf in MOData, making interior nodes on the way; false when a leaf is in the way or the node is taken. */
export function setLeaf(moData: Record<string, unknown>, node: string, value: unknown): boolean {
  const names = node.split('/');
  let at = moData;
  for (const name of names.slice(0, -1)) {
    const next = Object.hasOwn(at, name) ? at[name] : ownChild(at, name);
    if (!isInterior(next)) return false;
    at = next;
  }
  const last = names[names.length - 1]!;
  if (Object.hasOwn(at, last)) return false;
  putOwn(at, last, value);
  return true;
}

/** The ClientURI of a node of an instance (names as they are; the mappings compare, they do not address). */
export function nodeUri(moid: string, miid: string, node = ''): string {
  return node === '' ? `${moid}/${miid}` : `${moid}/${miid}/${node}`;
}

/** Bytes as base64 text, the JSON form of a bin leaf (K-TREE), everywhere in the data; other values unchanged. */
export function jsonForm(value: unknown): unknown {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (isInterior(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) putOwn(out, k, jsonForm(v));
    return out;
  }
  return value;
}

/** The data with the nodes named by `drop` (instance-relative, per ClientURI) removed and emptied interiors pruned. */
export function withoutNodes(data: DmTreeData, drop: ReadonlySet<string>): DmTreeData {
  const out: DmTreeData = {};
  for (const [moid, instances] of Object.entries(data)) {
    for (const [miid, moData] of Object.entries(instances)) {
      const kept: Record<string, unknown> = {};
      for (const leaf of leavesOf(moData)) {
        if (leaf.node === '' || drop.has(nodeUri(moid, miid, leaf.node))) continue;
        setLeaf(kept, leaf.node, jsonForm(leaf.value));
      }
      if (Object.keys(kept).length > 0) putOwn(ownChild(out, moid), miid, kept);
    }
  }
  return out;
}
