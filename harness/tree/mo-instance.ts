/** One MO instance: its nodes, its owner (K-ACL: whoever created it) and its cache validator (P-DETAIL). */
import { randomBytes } from 'node:crypto';
import type { Principal } from './principal.ts';
import type { InteriorNode } from './tree-node.ts';

export interface MoInstance {
  moid: string;
  miid: string;
  root: InteriorNode;
  /** The creator, who holds full rights; undefined for an instance the device made itself. */
  owner?: Principal;
  /** Bumped on every change of any node of the instance. */
  version: number;
  /** Random per instance, so validators of a re-created instance never repeat old ones. */
  epoch: string;
}

export function newEpoch(): string {
  return randomBytes(4).toString('base64url');
}

/** The opaque validator that changes whenever any node of the instance changes. */
export function cacheValidator(instance: MoInstance): string {
  return `${instance.epoch}${instance.version.toString(36)}`;
}
