/**
 * Mutants of DM 1.x DDF semantics (K-DDF; DM-HLF-027): a reference device that breaks one duty the
 * DDFs of its standard MOs give it. Each must FAIL a case citing K-DDF.
 */
import type { DmDevice } from '../../harness/client/dm-device.ts';
import type { MoDefinition, NodeDef } from '../../harness/tree/mo-definition.ts';
import { leaf } from '../../harness/tree/node-def-builders.ts';
import { MOID } from '../../harness/tree/standard-mos.ts';
import type { Mutant } from './mutant.ts';

/** Every node of a definition given Replace, whatever its AccessType says. */
function replaceEverywhere(node: NodeDef): NodeDef {
  const access = node.access.includes('Replace') ? node.access : [...node.access, 'Replace' as const];
  return { ...node, access, ...(node.children ? { children: node.children.map(replaceEverywhere) } : {}) };
}

function ignoresAccessType(device: DmDevice): void {
  const devInfo = device.tree.definition(MOID.DEVINFO);
  if (!devInfo) throw new Error('the reference device defines no DevInfo MO: the mutant has nothing to break');
  const loose: MoDefinition = { ...devInfo, root: replaceEverywhere(devInfo.root) };
  device.tree.define(loose);
}

/** DevInfo gains a vendor leaf at a fixed name beside the standard ones, not under Ext. */
function extraDevInfoNode(device: DmDevice): void {
  const devInfo = device.tree.definition(MOID.DEVINFO);
  if (!devInfo) throw new Error('the reference device defines no DevInfo MO: the mutant has nothing to break');
  device.tree.define({ ...devInfo, root: { ...devInfo.root, children: [...(devInfo.root.children ?? []), leaf('Color', 'chr', { access: ['Get'] })] } });
  for (const inst of [...device.tree.instancesOf(MOID.DEVINFO)]) {
    const written = device.tree.deviceWrite(MOID.DEVINFO, inst.miid, ['Color'], 'blue');
    if (!written.ok) throw new Error(`the mutant could not add DevInfo/${inst.miid}/Color: ${written.error.message}`);
  }
}

export const DDF_CLIENT_MUTANTS: Mutant[] = [
  {
    name: 'client-ignores-ddf-access-type',
    role: 'client',
    rule: 'K-DDF',
    label: 'DM-HLF-027',
    cases: ['DMCTS-C-DDF-002'],
    fault: 'ignores the AccessType of its DevInfo DDF: a server holding Write replaces DevID, Man and the other Get-only leaves',
    started: ignoresAccessType,
  },
  {
    name: 'client-devinfo-undefined-node',
    role: 'client',
    rule: 'K-DDF',
    label: 'DM-HLF-027',
    cases: ['DMCTS-C-DDF-001'],
    fault: 'keeps a vendor leaf DevInfo/Color beside the standard leaves, at a name the DevInfo DDF does not define (not under Ext)',
    started: extraDevInfoNode,
  },
];
