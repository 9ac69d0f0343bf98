/**
 * Builds the nodes an MOData value describes, checked against the MO definition: formats, unknown
 * names, mandatory children, and what replacing the existing subtree would change (a permanent node
 * removed or a read-only value changed is 405). Nothing is modified: the caller swaps the result in.
 */
import { inferFormat, preview, toLeafValue, type LeafFormat } from './formats.ts';
import { PLACEHOLDER, allows, childDef, isMandatory, type NodeDef } from './mo-definition.ts';
import { badData, notAllowed, type TreeResult } from './tree-error.ts';
import { interiorNode, sameValue, type InteriorNode, type TreeNode } from './tree-node.ts';

export interface BuildOptions {
  /** The device itself writes: access types and permanence do not bind it. */
  privileged: boolean;
}

function isObjectValue(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

function isPermanent(def: NodeDef | undefined): boolean {
  return def?.scope === 'Permanent';
}

function where(path: readonly string[]): string {
  return path.length === 0 ? 'the instance root' : `node ${path.join('/')}`;
}

const NAME_OK = /^[^/]{1,255}$/;

export function buildSubtree(
  def: NodeDef | undefined,
  data: unknown,
  existing: TreeNode | undefined,
  path: readonly string[],
  options: BuildOptions,
): TreeResult<TreeNode> {
  if (Array.isArray(data)) return badData(`${where(path)}: an array is not a node value`);
  if (isObjectValue(data)) return buildInterior(def, data, existing, path, options);
  if (def?.format === 'node') return badData(`${where(path)} is an interior node: its MOData must be an object, not ${preview(data)}`);
  const format = (def?.format ?? inferFormat(data)) as LeafFormat | undefined;
  if (format === undefined) return badData(`${where(path)}: ${preview(data)} is not a node value`);
  const value = toLeafValue(format, data);
  if (!value.ok) return badData(`${where(path)}: ${value.error.message}`);
  if (existing?.kind === 'leaf' && existing.format === format && sameValue(existing.value, value.value)) return { ok: true, value: existing };
  if (!options.privileged && existing) {
    if (existing.kind === 'interior' && isPermanent(def)) return notAllowed(`${where(path)} is permanent and cannot be replaced by a value`);
    if (!allows(def, 'Replace')) return notAllowed(`${where(path)} does not allow Replace`);
  }
  return { ok: true, value: { kind: 'leaf', format, value: value.value } };
}

function buildInterior(
  def: NodeDef | undefined,
  data: Record<string, unknown>,
  existing: TreeNode | undefined,
  path: readonly string[],
  options: BuildOptions,
): TreeResult<InteriorNode> {
  if (def && def.format !== 'node') return badData(`${where(path)} is a leaf of format ${def.format}: its MOData must be a value, not an object`);
  if (!options.privileged && existing?.kind === 'leaf' && isPermanent(def)) return notAllowed(`${where(path)} is permanent`);
  const oldChildren = existing?.kind === 'interior' ? existing.children : new Map<string, TreeNode>();
  const node = interiorNode();
  for (const [name, value] of Object.entries(data)) {
    if (!NAME_OK.test(name)) return badData(`${where(path)}: "${name}" is not a valid node name`);
    const cdef = childDef(def, name);
    if (def && !cdef && !def.open) {
      const known = (def.children ?? []).map((c) => c.name).filter((n) => n !== PLACEHOLDER);
      return badData(`${where([...path, name])} is not defined by this MO (known: ${known.join(', ') || 'none'})`);
    }
    const child = buildSubtree(cdef, value, oldChildren.get(name), [...path, name], options);
    if (!child.ok) return child;
    node.children.set(name, child.value);
  }
  if (!options.privileged) {
    for (const name of oldChildren.keys()) {
      if (!node.children.has(name) && isPermanent(childDef(def, name))) {
        return notAllowed(`${where([...path, name])} is permanent and cannot be removed`);
      }
    }
  }
  for (const cdef of def?.children ?? []) {
    if (cdef.name !== PLACEHOLDER && isMandatory(cdef) && !node.children.has(cdef.name)) {
      return badData(`${where(path)} lacks the mandatory node ${cdef.name}`);
    }
  }
  return { ok: true, value: node };
}
