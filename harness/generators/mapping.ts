/**
 * DM tree data for the P-MAP round trips: instances of the MOs the mapping tables name, with a value
 * of the right format for some of their mapped nodes (an enumeration's names for an enumerated
 * node), now and then a value of the wrong format, and extra nodes no table maps. MIIDs are decimal
 * numbers or any node name, so instance numbers are both kept and assigned.
 */
import fc from 'fast-check';
import type { LeafFormat } from '../tree/formats.ts';
import { setLeaf, type DmTreeData } from '../tree/mapping/dm-data.ts';
import { lwm2mTable, tr181Table } from '../tree/mapping/mapping-table.ts';
import { formattedLeafArb, leafValueArb, moDataArb, treeNodeNameArb } from './mo-data.ts';

interface NodeSpec {
  node: string;
  format: LeafFormat;
  values?: string[];
}

/** The mapped nodes of each MO, over both tables (a node has one format in both). */
export function mappedNodes(): Map<string, NodeSpec[]> {
  const out = new Map<string, Map<string, NodeSpec>>();
  const add = (moid: string, spec: NodeSpec) => {
    const nodes = out.get(moid) ?? out.set(moid, new Map()).get(moid)!;
    const known = nodes.get(spec.node);
    nodes.set(spec.node, { ...known, ...spec, ...(known?.values ? { values: known.values } : {}) });
  };
  for (const mo of lwm2mTable().mos)
    for (const r of mo.resources) add(mo.moid, { node: r.node, format: r.format, ...(r.values ? { values: Object.keys(r.values) } : {}) });
  for (const mo of tr181Table().mos) for (const p of mo.parameters) add(mo.moid, { node: p.node, format: p.format });
  return new Map([...out].map(([moid, nodes]) => [moid, [...nodes.values()]]));
}

function valueArb(spec: NodeSpec): fc.Arbitrary<unknown> {
  const right: fc.Arbitrary<unknown> = spec.values
    ? fc.constantFrom(...spec.values)
    : spec.format === 'int'
      ? fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 65_535 }) }, { weight: 1, arbitrary: leafValueArb('int') })
      : leafValueArb(spec.format);
  // Now and then a value of another format: the translators must list it, not carry it.
  return fc.oneof({ weight: 9, arbitrary: right }, { weight: 1, arbitrary: formattedLeafArb().map((l) => l.value) });
}

const miidArb = fc.oneof(fc.integer({ min: 0, max: 12 }).map(String), treeNodeNameArb());

function instanceArb(moid: string, nodes: readonly NodeSpec[]): fc.Arbitrary<Record<string, unknown>> {
  const taken = new Set(nodes.map((n) => n.node.split('/')[0]!));
  const extras = moDataArb({ maxDepth: 1, maxKeys: 2, name: treeNodeNameArb().filter((n) => !taken.has(n)) });
  return fc.tuple(fc.tuple(...nodes.map((spec) => fc.option(valueArb(spec), { nil: undefined, freq: 3 }))), extras).map(([values, extra]) => {
    const data: Record<string, unknown> = { ...extra };
    nodes.forEach((spec, i) => {
      if (values[i] !== undefined) setLeaf(data, spec.node, values[i]);
    });
    void moid;
    return data;
  });
}

export interface MappingTreeOptions {
  maxInstances?: number;
}

/** DM tree data over the MOs of the mapping tables (and, now and then, an MO no table names). */
export function mappingTreeArb(options: MappingTreeOptions = {}): fc.Arbitrary<DmTreeData> {
  const { maxInstances = 3 } = options;
  const mos = [...mappedNodes()];
  const moArb = (moid: string, nodes: NodeSpec[]) =>
    fc
      .uniqueArray(fc.tuple(miidArb, instanceArb(moid, nodes)), { maxLength: maxInstances, selector: ([miid]) => miid })
      .map((list) => Object.fromEntries(list));
  return fc
    .tuple(
      fc.tuple(...mos.map(([moid, nodes]) => moArb(moid, nodes))),
      fc.option(fc.dictionary(miidArb, moDataArb({ maxDepth: 1, maxKeys: 2 }), { maxKeys: 2 }), { nil: undefined, freq: 4 }),
    )
    .map(([instances, foreign]) => {
      const data: DmTreeData = {};
      mos.forEach(([moid], i) => {
        if (Object.keys(instances[i]!).length > 0) data[moid] = instances[i]!;
      });
      if (foreign && Object.keys(foreign).length > 0) data['urn:oma:mo:dmcts-unmapped:1.0'] = foreign;
      return data;
    });
}
