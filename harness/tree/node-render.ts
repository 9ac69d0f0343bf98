/**
 * Renders nodes as MOData (K-TREE, P-SEL): a leaf as its value, an interior node as an object of
 * its children. `depth=N` shows N levels of interior children below the addressed node (deeper ones
 * as `{}`); `fields=` keeps only leaves of those names (and the interior nodes leading to them).
 * Nodes whose definition lacks Get (secrets) never appear.
 */
import { allows, childDef, type NodeDef } from './mo-definition.ts';
import type { LeafValue } from './formats.ts';
import type { TreeNode } from './tree-node.ts';

export interface RenderOptions {
  depth?: number;
  fields?: readonly string[];
}

/** Returns undefined when nothing of the node is to be shown. */
export function renderNode(node: TreeNode, def: NodeDef | undefined, name: string | undefined, options: RenderOptions): unknown {
  if (!allows(def, 'Get')) return undefined;
  if (node.kind === 'leaf') {
    if (options.fields && (name === undefined || !options.fields.includes(name))) return undefined;
    return node.value satisfies LeafValue;
  }
  const children = renderChildren(node, def, options.depth ?? Number.POSITIVE_INFINITY, options.fields);
  // With fields=, a node none of whose leaves is asked for shows nothing, at any level.
  if (options.fields && Object.keys(children).length === 0) return undefined;
  return children;
}

function renderChildren(
  node: Extract<TreeNode, { kind: 'interior' }>,
  def: NodeDef | undefined,
  depth: number,
  fields: readonly string[] | undefined,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, child] of node.children) {
    const cdef = childDef(def, name);
    if (!allows(cdef, 'Get')) continue;
    if (child.kind === 'leaf') {
      if (!fields || fields.includes(name)) out[name] = child.value;
      continue;
    }
    if (depth <= 0) {
      if (!fields) out[name] = {};
      continue;
    }
    const rendered = renderChildren(child, cdef, depth - 1, fields);
    if (!fields || Object.keys(rendered).length > 0) out[name] = rendered;
  }
  return out;
}
