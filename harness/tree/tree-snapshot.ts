/** The tree as plain JSON (a state file) and back: formats kept, bytes as base64, owners and validators kept. */
import { isFormat, type LeafFormat, type LeafValue } from './formats.ts';
import type { MoInstance } from './mo-instance.ts';
import type { Principal } from './principal.ts';
import type { DeviceTree } from './device-tree.ts';
import { interiorNode, type InteriorNode, type TreeNode } from './tree-node.ts';

export type SnapshotNode = { f: LeafFormat; v: string | number | boolean | null } | { c: Record<string, SnapshotNode> };

export interface InstanceSnapshot {
  moid: string;
  miid: string;
  owner?: Principal;
  version: number;
  epoch: string;
  root: { c: Record<string, SnapshotNode> };
}

export interface TreeSnapshot {
  instances: InstanceSnapshot[];
}

function saveNode(node: TreeNode): SnapshotNode {
  if (node.kind === 'leaf') {
    const v = node.value instanceof Uint8Array ? Buffer.from(node.value).toString('base64') : node.value;
    return { f: node.format, v };
  }
  const c: Record<string, SnapshotNode> = {};
  for (const [name, child] of node.children) c[name] = saveNode(child);
  return { c };
}

export function snapshotTree(tree: DeviceTree): TreeSnapshot {
  return {
    instances: tree.allInstances().map((inst) => ({
      moid: inst.moid,
      miid: inst.miid,
      ...(inst.owner ? { owner: inst.owner } : {}),
      version: inst.version,
      epoch: inst.epoch,
      root: saveNode(inst.root) as { c: Record<string, SnapshotNode> },
    })),
  };
}

function loadNode(raw: unknown, where: string): TreeNode {
  if (typeof raw !== 'object' || raw === null) throw new Error(`${where}: not a node`);
  if ('c' in raw) {
    const node = interiorNode();
    for (const [name, child] of Object.entries((raw as { c: Record<string, unknown> }).c)) node.children.set(name, loadNode(child, `${where}/${name}`));
    return node;
  }
  const { f, v } = raw as { f?: unknown; v?: unknown };
  if (!isFormat(f) || f === 'node') throw new Error(`${where}: unknown format ${String(f)}`);
  const value: LeafValue = f === 'bin' ? new Uint8Array(Buffer.from(String(v), 'base64')) : (v as LeafValue);
  return { kind: 'leaf', format: f, value };
}

/** Replaces the tree's instances with the snapshot's; throws with the offending place on a corrupt snapshot. */
export function restoreTree(tree: DeviceTree, snapshot: TreeSnapshot): void {
  const loaded: MoInstance[] = snapshot.instances.map((raw, i) => {
    const where = `instances[${i}] (${String(raw.moid)}/${String(raw.miid)})`;
    if (typeof raw.moid !== 'string' || typeof raw.miid !== 'string') throw new Error(`${where}: moid and miid must be strings`);
    return {
      moid: raw.moid,
      miid: raw.miid,
      root: loadNode(raw.root, where) as InteriorNode,
      version: Number(raw.version) || 0,
      epoch: String(raw.epoch ?? ''),
      ...(raw.owner ? { owner: raw.owner } : {}),
    };
  });
  tree.clear();
  for (const inst of loaded) tree.restoreInstance(inst);
}
