/**
 * MO definitions, shaped like a DM 1.3 DDF (K-DDF): node name (or `<x>` for a dynamic name), format,
 * occurrence, scope (permanent/dynamic) and access types. The tree uses them to validate writes,
 * refuse deleting permanent nodes (405) and keep secrets out of reads.
 */
import type { Format } from './formats.ts';

export const PLACEHOLDER = '<x>';

export type Occurrence = 'One' | 'ZeroOrOne' | 'ZeroOrMore' | 'OneOrMore';
export type Scope = 'Permanent' | 'Dynamic';
export type AccessType = 'Add' | 'Delete' | 'Exec' | 'Get' | 'Replace';

export interface NodeDef {
  /** The node name, or `<x>` for a name the creator chooses. */
  name: string;
  format: Format;
  occurrence: Occurrence;
  scope: Scope;
  access: readonly AccessType[];
  description?: string;
  children?: readonly NodeDef[];
  /** Interior nodes only: children that no definition names are accepted (an `Ext` subtree). */
  open?: boolean;
}

export interface MoDefinition {
  moid: string;
  /** Where the DDF of this MO is published (reported in Package#1 MOS). */
  ddf?: string;
  /** The instance root (always format node). */
  root: NodeDef;
  /** An MO the device makes itself (factory, firmware): its instances cannot be deleted. */
  deviceMade?: boolean;
}

export function childDef(parent: NodeDef | undefined, name: string): NodeDef | undefined {
  if (!parent?.children) return undefined;
  return parent.children.find((c) => c.name === name) ?? parent.children.find((c) => c.name === PLACEHOLDER);
}

/** The definition of the node at `path` below an instance root; undefined where no definition applies. */
export function defAt(def: MoDefinition | undefined, path: readonly string[]): NodeDef | undefined {
  let node = def?.root;
  for (const name of path) {
    node = childDef(node, name);
    if (!node) return undefined;
  }
  return node;
}

export function isMandatory(def: NodeDef): boolean {
  return def.occurrence === 'One' || def.occurrence === 'OneOrMore';
}

export function allows(def: NodeDef | undefined, access: AccessType): boolean {
  return def === undefined || def.access.includes(access);
}
