// The device-made MOs (K-DDF, P-FEAT): DevInfo, the features MO, SessionInfo, one DMAcc instance
// per account, and this vendor's diagnostics MO with its executable nodes.
import type { Account } from './acl.ts';
import { MOID } from './moid.ts';
import type { Interior, Tree } from './tree.ts';
import { MT, cborOf } from '../common/media.ts';

export const FEATURES = {
  GET: true,
  SHOW: false,
  DEFAULT: false,
  SUB: true,
  CACHE: true,
  ACL: true,
  DELEGATION: false,
  WS: false,
  CBOR: true,
  LARGEOBJECT: false,
  NOTIFICATION: true,
  LOCALAPI: false,
  UI: false,
} as const;

export const PRODUCT = { name: 'Acme independent DM client', version: '1.0.0', vendor: 'Acme (independent)' };

export function dmAccData(a: Account): Interior {
  const perm: Interior = {};
  let i = 1;
  for (const [moid, rights] of a.perm) perm[`p${i++}`] = { MOID: moid, Rights: rights };
  const auth: Interior = {};
  if (a.notiSecret !== undefined) auth.Noti = { Type: 'Noti', Secret: a.notiSecret };
  if (a.clientAuth) {
    const c: Interior = { Type: a.clientAuth.type };
    if (a.clientAuth.name !== undefined) c.Name = a.clientAuth.name;
    if (a.clientAuth.secret !== undefined) c.Secret = a.clientAuth.secret;
    if (a.clientCertPem !== undefined) c.Data = a.clientCertPem;
    auth.Client = c;
  }
  if (a.trustAnchorPem !== undefined) auth.Server = { Type: 'X509', Data: a.trustAnchorPem };
  return { SrvID: a.srvId, SrvURI: a.srvUri, Name: a.srvId, Perm: perm, Auth: auth };
}

export function installStandardMos(tree: Tree, devId: string, accounts: Account[]): void {
  tree.create(MOID.devInfo, '1', { DevID: devId, Man: 'Acme', Mod: 'Independent-1', DmV: '2.0', Lang: 'en-US' }, 'device', true);
  tree.create(
    MOID.features,
    '1',
    { ...FEATURES, Versions: '2.0', MediaTypes: [MT.initiation, MT.request, MT.response, MT.mo].flatMap((t) => [t, cborOf(t)]).join(',') },
    'device',
    true,
  );
  tree.create(MOID.sessionInfo, '1', { CBT: '', Reason: '', LastSessionResult: '' }, 'device', true);
  tree.create(MOID.diag, '1', { Run: null, Slow: null, Fail: null, RunCount: 0, SlowCount: 0 }, 'device', true);
  for (const a of accounts) tree.create(MOID.dmAcc, a.miid, dmAccData(a), 'device', true);
}

export function isExecutable(moid: string, path: string[]): boolean {
  return moid === MOID.diag && path.length === 1 && ['Run', 'Slow', 'Fail'].includes(path[0]!);
}

/** Executable nodes: the diagnostics MO's Run, Slow and Fail. Returns the status code. */
export async function execute(tree: Tree, moid: string, miid: string, path: string[]): Promise<number | undefined> {
  if (moid !== MOID.diag || path.length !== 1) return undefined;
  const inst = tree.get(moid, miid);
  if (!inst) return undefined;
  const bump = (leaf: string): void => tree.deviceSet(inst, [leaf], Number(tree.node(inst, [leaf]) ?? 0) + 1);
  switch (path[0]) {
    case 'Run':
      bump('RunCount');
      return 200;
    case 'Slow':
      await new Promise((r) => setTimeout(r, 1500));
      bump('SlowCount');
      return 200;
    case 'Fail':
      return 500;
    default:
      return undefined;
  }
}
