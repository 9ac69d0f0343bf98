/** Nodes of an MO instance: interior nodes hold named children, leaves hold a formatted value. */
import type { LeafFormat, LeafValue } from './formats.ts';

export interface InteriorNode {
  kind: 'interior';
  children: Map<string, TreeNode>;
}

export interface LeafNode {
  kind: 'leaf';
  format: LeafFormat;
  value: LeafValue;
}

export type TreeNode = InteriorNode | LeafNode;

export function interiorNode(children: Iterable<[string, TreeNode]> = []): InteriorNode {
  return { kind: 'interior', children: new Map(children) };
}

export function nodeAt(root: TreeNode, path: readonly string[]): TreeNode | undefined {
  let node: TreeNode | undefined = root;
  for (const name of path) {
    if (node?.kind !== 'interior') return undefined;
    node = node.children.get(name);
  }
  return node;
}

export function sameValue(a: LeafValue, b: LeafValue): boolean {
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.from(a).equals(Buffer.from(b));
  }
  return a === b;
}

export function countLeaves(node: TreeNode): number {
  if (node.kind === 'leaf') return 1;
  let n = 0;
  for (const child of node.children.values()) n += countLeaves(child);
  return n;
}

/** Structural equality of two subtrees (names, formats, values). */
export function sameNode(a: TreeNode, b: TreeNode): boolean {
  if (a.kind === 'leaf' || b.kind === 'leaf') {
    return a.kind === 'leaf' && b.kind === 'leaf' && a.format === b.format && sameValue(a.value, b.value);
  }
  if (a.children.size !== b.children.size) return false;
  for (const [name, child] of a.children) {
    const other = b.children.get(name);
    if (!other || !sameNode(child, other)) return false;
  }
  return true;
}
