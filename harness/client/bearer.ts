/**
 * P-ENV bearers (DM-HLF-007): the access technology a device is on, the local address the reference
 * client leaves from on each (loopback addresses stand in for networks), and the DMAcc address it
 * opens a session at — `BearerURI/<bearer>` for its bearer, or for the bearer a Package#0's
 * PREFERRED-CON-TYPE names, else `SrvURI` (ours, docs/protocol.md "P-ENV").
 */
import { PREFERRED_CON_TYPE, type PreferredConType } from '../protocol/package0.ts';
import type { DeviceTree } from '../tree/device-tree.ts';
import { MOID } from '../tree/standard-mos.ts';
import { nodeAt } from '../tree/tree-node.ts';
import type { Account } from './accounts.ts';

export const BEARERS = ['cellular', 'wlan', 'wireline'] as const;
export type Bearer = (typeof BEARERS)[number];

/** The DMAcc `BearerURI` leaf of each bearer. */
export const BEARER_NODE: Readonly<Record<Bearer, string>> = { cellular: 'Cellular', wlan: 'WLAN', wireline: 'Wireline' };

/** The local address the reference client leaves from on each bearer (ours). */
export const BEARER_ADDRESS: Readonly<Record<Bearer, string>> = { cellular: '127.0.0.2', wlan: '127.0.0.3', wireline: '127.0.0.4' };

/** The bearer a PREFERRED-CON-TYPE value names; undefined for 0 (any). */
export function bearerOfConType(type: PreferredConType | undefined): Bearer | undefined {
  if (type === PREFERRED_CON_TYPE.CELLULAR) return 'cellular';
  if (type === PREFERRED_CON_TYPE.WLAN) return 'wlan';
  if (type === PREFERRED_CON_TYPE.WIRELINE) return 'wireline';
  return undefined;
}

export function isBearer(value: unknown): value is Bearer {
  return typeof value === 'string' && (BEARERS as readonly string[]).includes(value);
}

/** The account's DMAcc `BearerURI/<bearer>`, when it has one. */
export function bearerUri(tree: DeviceTree, account: Account, bearer: Bearer): string | undefined {
  const inst = tree.instance(MOID.DMACC, account.miid);
  const node = inst ? nodeAt(inst.root, ['BearerURI', BEARER_NODE[bearer]]) : undefined;
  return node?.kind === 'leaf' && typeof node.value === 'string' && node.value !== '' ? node.value : undefined;
}

/**
 * The device's bearer and the bearers Package#0s asked for: where each session goes. A preference
 * holds for the next session with that server only (the server-initiated session it asked for).
 */
export class BearerChoice {
  /** The bearer the device is on; undefined: none named (its default network), SrvURI is used. */
  current: Bearer | undefined;
  private readonly preferred = new Map<string, Bearer>();

  /** A Package#0 of that server accepted: its PREFERRED-CON-TYPE (if it names a bearer) counts for the session it opens. */
  prefer(srvId: string, type: PreferredConType | undefined): void {
    const bearer = bearerOfConType(type);
    if (bearer) this.preferred.set(srvId, bearer);
    else this.preferred.delete(srvId);
  }

  /**
   * The address of the next session with that account's server: the preferred bearer's address when
   * a Package#0 asked for one and the DMAcc has it, else the current bearer's, else `SrvURI`.
   */
  sessionUri(tree: DeviceTree, account: Account): string {
    const wanted = this.preferred.get(account.srvId);
    this.preferred.delete(account.srvId);
    const byPreference = wanted ? bearerUri(tree, account, wanted) : undefined;
    const byBearer = this.current ? bearerUri(tree, account, this.current) : undefined;
    return byPreference ?? byBearer ?? account.srvUri;
  }
}
