/** The nodes of an MO definition by path below the instance root (`a/<x>/b`; the root itself is `.`). */
import type { MoDefinition, NodeDef } from '../mo-definition.ts';

export function nodePaths(def: MoDefinition): Map<string, NodeDef> {
  const out = new Map<string, NodeDef>([['.', def.root]]);
  const walk = (node: NodeDef, prefix: string) => {
    for (const c of node.children ?? []) {
      const path = prefix === '' ? c.name : `${prefix}/${c.name}`;
      out.set(path, c);
      walk(c, path);
    }
  };
  walk(def.root, '');
  return out;
}
