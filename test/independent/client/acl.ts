// Access rights (K-ACL, P-ACL): R (GET HPUT HPOST SUB), W (HGET DELETE), E (EXEC), D (delegate).
// A device-made instance is open to each server whose DMAcc Perm lists its MOID, with that entry's
// rights (default RWE, never D); an instance a server created is that server's alone. A server always
// holds R on its own DMAcc account and on SessionInfo.
import type { Actor, Instance } from './tree.ts';
import { MOID } from './moid.ts';
import { fault } from '../common/faults.ts';

export interface Account {
  srvId: string;
  srvUri: string;
  miid: string;
  perm: Map<string, string>;
  notiSecret?: string;
  trustAnchorPem?: string;
  clientAuth?: { type: string; name?: string; secret?: string };
  clientCertPem?: string;
  clientKeyPem?: string;
}

export function ownerOf(actor: Actor): string {
  return actor.kind === 'device' ? 'device' : `server:${actor.srvId}`;
}

export function rightsOf(actor: Actor, inst: Instance, accounts: Account[]): string {
  if (actor.kind === 'device') return 'RWED';
  if (inst.moid === MOID.dmAcc) {
    const acc = accounts.find((a) => a.miid === inst.miid);
    return acc?.srvId === actor.srvId ? 'R' : '';
  }
  if (inst.owner === `server:${actor.srvId}`) return 'RWED';
  // SEEDED FAULT client-acl-shared: another server's instance is open to everyone.
  if (inst.owner !== 'device') return fault('client-acl-shared') && inst.owner.startsWith('server:') ? 'RWE' : '';
  const acc = accounts.find((a) => a.srvId === actor.srvId);
  let r = acc?.perm.get(inst.moid) ?? '';
  r = r.replace(/D/g, '');
  if (inst.moid === MOID.sessionInfo && !r.includes('R')) r = `R${r}`;
  return r;
}

export function hasRight(actor: Actor, inst: Instance, right: string, accounts: Account[]): boolean {
  return rightsOf(actor, inst, accounts).includes(right);
}

/** May this actor create an instance of the MO (Perm lists it with W)? */
export function mayCreate(actor: Actor, moid: string, accounts: Account[]): boolean {
  if (actor.kind === 'device') return true;
  const acc = accounts.find((a) => a.srvId === actor.srvId);
  return (acc?.perm.get(moid) ?? '').includes('W');
}
