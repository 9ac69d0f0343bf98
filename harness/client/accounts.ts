/** The servers a device may talk to, read from its DMAcc instances (K-DDF, P-SEC: only these). */
import type { DeviceTree } from '../tree/device-tree.ts';
import { MOID } from '../tree/standard-mos.ts';
import { nodeAt, type TreeNode } from '../tree/tree-node.ts';

export interface Account {
  miid: string;
  srvId: string;
  srvUri: string;
  /** DMAcc Auth/Noti/Secret, the key of the server's Package#0 digests. */
  notificationSecret?: string;
}

function text(node: TreeNode | undefined): string | undefined {
  return node?.kind === 'leaf' && typeof node.value === 'string' ? node.value : undefined;
}

export function accountsOf(tree: DeviceTree): Account[] {
  const out: Account[] = [];
  for (const inst of tree.instancesOf(MOID.DMACC)) {
    const srvId = text(inst.root.children.get('SrvID'));
    const srvUri = text(inst.root.children.get('SrvURI'));
    if (!srvId || !srvUri) continue;
    const secret = text(nodeAt(inst.root, ['Auth', 'Noti', 'Secret']));
    out.push({ miid: inst.miid, srvId, srvUri, ...(secret ? { notificationSecret: secret } : {}) });
  }
  return out;
}
