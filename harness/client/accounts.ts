/**
 * The servers a device may talk to, read from its DMAcc instances (K-DDF, P-SEC: only these); a
 * bootstrap server's account (P-BOOT) only when it says how both sides authenticate by X.509.
 */
import { isBootstrapAccountRoot } from '../tree/bootstrap-account.ts';
import type { DeviceTree } from '../tree/device-tree.ts';
import { MOID } from '../tree/standard-mos.ts';
import { nodeAt, type TreeNode } from '../tree/tree-node.ts';

/** How the device authenticates to a server: DMAcc `Auth/Client/{Type,Name,Secret,Data}` (ours, P-SEC). */
export interface ClientCredentials {
  type: 'basic' | 'digest' | 'x509';
  /** Basic/Digest user name (`Auth/Client/Name`; the DevID when absent). */
  name?: string;
  /** Basic/Digest password, or for X509 the private key PEM (`Auth/Client/Secret`, write-only). */
  secret?: string;
  /** X509: the client certificate chain PEM (`Auth/Client/Data`). */
  certPem?: string;
}

export interface Account {
  miid: string;
  srvId: string;
  srvUri: string;
  /** DMAcc Auth/Noti/Secret, the key of the server's Package#0 digests. */
  notificationSecret?: string;
  /** DMAcc Auth/Client: how the device authenticates to this server. */
  clientAuth?: ClientCredentials;
  /** DMAcc Auth/Server/Data (Type X509): the PEM trust anchor this server's TLS chain is verified against. */
  trustAnchorPem?: string;
  /** P-BOOT: a bootstrap server's account (DMAcc `Auth/Bootstrap`). */
  bootstrap?: true;
}

function text(node: TreeNode | undefined): string | undefined {
  return node?.kind === 'leaf' && typeof node.value === 'string' ? node.value : undefined;
}

function at(node: TreeNode | undefined, path: readonly string[]): TreeNode | undefined {
  return node ? nodeAt(node, path) : undefined;
}

const CLIENT_TYPES: ReadonlyMap<string, ClientCredentials['type']> = new Map([
  ['basic', 'basic'],
  ['digest', 'digest'],
  ['x509', 'x509'],
]);

function clientCredentials(auth: TreeNode | undefined): ClientCredentials | undefined {
  const type = CLIENT_TYPES.get(text(at(auth, ['Client', 'Type']))?.toLowerCase() ?? '');
  if (!type) return undefined;
  const name = text(at(auth, ['Client', 'Name']));
  const secret = text(at(auth, ['Client', 'Secret']));
  const certPem = text(at(auth, ['Client', 'Data']));
  return { type, ...(name ? { name } : {}), ...(secret ? { secret } : {}), ...(type === 'x509' && certPem ? { certPem } : {}) };
}

export function accountsOf(tree: DeviceTree): Account[] {
  const out: Account[] = [];
  for (const inst of tree.instancesOf(MOID.DMACC)) {
    const srvId = text(inst.root.children.get('SrvID'));
    const srvUri = text(inst.root.children.get('SrvURI'));
    if (!srvId || !srvUri) continue;
    const secret = text(nodeAt(inst.root, ['Auth', 'Noti', 'Secret']));
    const auth = inst.root.children.get('Auth');
    const clientAuth = clientCredentials(auth);
    const serverType = text(at(auth, ['Server', 'Type']));
    const trustAnchorPem = serverType === undefined || serverType.toLowerCase() === 'x509' ? text(at(auth, ['Server', 'Data'])) : undefined;
    const bootstrap = isBootstrapAccountRoot(inst.root);
    // P-BOOT (ours): a bootstrap server is authenticated mutually, or not talked to at all: the account
    // must name X.509 client authentication and the trust anchor of that server's chain.
    if (bootstrap && (clientAuth?.type !== 'x509' || !trustAnchorPem)) continue;
    out.push({
      miid: inst.miid,
      srvId,
      srvUri,
      ...(secret ? { notificationSecret: secret } : {}),
      ...(clientAuth ? { clientAuth } : {}),
      ...(trustAnchorPem ? { trustAnchorPem } : {}),
      ...(bootstrap ? { bootstrap: true as const } : {}),
    });
  }
  return out;
}
