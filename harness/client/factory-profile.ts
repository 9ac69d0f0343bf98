/**
 * A device's factory state (P-BOOT factory bootstrap): DevInfo, a DMAcc account per server it may
 * talk to, SessionInfo, the features MO (P-FEAT) and the reference device's diagnostics MO — or the
 * MO instances of a profile file (MOID -> MIID -> MOData, the format of bench/b1-device-tree.json).
 */
import { DeviceTree } from '../tree/device-tree.ts';
import { DEFAULT_MOS } from '../tree/default-mos.ts';
import { accountData, type DmAccountSpec } from '../tree/dmacc-data.ts';
import { FEATURE_NAMES, MOID, type FeatureName } from '../tree/standard-mos.ts';
import type { Encoding } from '../protocol/media-types.ts';
import { mediaType } from '../protocol/media-types.ts';
import { DEVDETAIL_MO, DEVDETAIL_MOID, devDetailData } from './devdetail-mo.ts';
import { DIAGNOSTICS_DATA, DIAGNOSTICS_MO, DIAGNOSTICS_MOID } from './diagnostics-mo.ts';
import { SCOMO_EMPTY_DATA, SCOMO_MO } from '../tree/scomo-mo.ts';
import { SCOMO_MOID } from '../protocol/scomo.ts';
import { FUMO_MO, FUMO_MOID } from '../tree/fumo-mo.ts';

/** A DMAcc account of the factory profile (harness/tree/dmacc-data.ts). */
export type ServerAccount = DmAccountSpec;
export { accountData };

export interface FactoryProfile {
  devId: string;
  man?: string;
  mod?: string;
  lang?: string;
  fwV?: string;
  servers: ServerAccount[];
  ui?: boolean;
  encodings?: Encoding[];
  /** More MO instances to load: MOID -> MIID -> MOData. */
  instances?: Record<string, Record<string, unknown>>;
}

/** The MOIDs a server may manage on a reference device unless told otherwise. */
export const DEFAULT_PERM: ServerAccount['perm'] = [
  { moid: MOID.DEVINFO, rights: 'R' },
  { moid: MOID.FEATURES, rights: 'R' },
  { moid: DIAGNOSTICS_MOID, rights: 'RWE' },
  { moid: SCOMO_MOID, rights: 'RWE' },
  { moid: FUMO_MOID, rights: 'RWE' },
  { moid: 'urn:oma:mo:oma-dm-connmo:1.0', rights: 'RWE' },
];

export class ProfileError extends Error {
  readonly code = 'PROFILE';
}

export function featuresOf(ui: boolean, encodings: readonly Encoding[]): Record<string, unknown> {
  const on: Record<FeatureName, boolean> = {
    GET: true,
    SHOW: ui,
    DEFAULT: true,
    SUB: true,
    CACHE: true,
    ACL: true,
    DELEGATION: true,
    WS: true,
    CBOR: encodings.includes('cbor'),
    LARGEOBJECT: true,
    NOTIFICATION: true,
    LOCALAPI: true,
    UI: ui,
    FUMO: true,
    SCOMO: true,
  };
  const data: Record<string, unknown> = {};
  for (const name of FEATURE_NAMES) data[name] = on[name];
  data.Versions = '2.0';
  data.MediaTypes = (['initiation', 'request', 'response', 'mo'] as const).flatMap((k) => encodings.map((e) => mediaType(k, e))).join(',');
  return data;
}

function load(tree: DeviceTree, moid: string, miid: string, data: unknown): void {
  const result = tree.deviceWrite(moid, miid, [], data);
  if (!result.ok) throw new ProfileError(`${moid}/${miid}: ${result.error.message}`);
}

export function newDeviceTree(): DeviceTree {
  return new DeviceTree([...DEFAULT_MOS, DIAGNOSTICS_MO, FUMO_MO, SCOMO_MO, DEVDETAIL_MO]);
}

export function buildFactoryTree(profile: FactoryProfile): DeviceTree {
  const tree = newDeviceTree();
  const encodings = profile.encodings ?? ['json', 'cbor'];
  load(tree, MOID.DEVINFO, '1', {
    DevID: profile.devId,
    Man: profile.man ?? 'dmcts',
    Mod: profile.mod ?? 'reference-device',
    DmV: '2.0',
    Lang: profile.lang ?? 'en',
    DevType: 'reference',
    FwV: profile.fwV ?? '1.0',
  });
  profile.servers.forEach((account, i) => {
    load(tree, MOID.DMACC, String(i + 1), accountData(account));
  });
  load(tree, MOID.SESSIONINFO, '1', {});
  load(tree, MOID.FEATURES, '1', featuresOf(profile.ui ?? false, encodings));
  load(tree, DIAGNOSTICS_MOID, '1', DIAGNOSTICS_DATA);
  load(tree, SCOMO_MOID, '1', SCOMO_EMPTY_DATA);
  load(tree, DEVDETAIL_MOID, '1', devDetailData(profile.fwV ?? '1.0'));
  for (const [moid, instances] of Object.entries(profile.instances ?? {})) {
    for (const [miid, data] of Object.entries(instances)) load(tree, moid, miid, data);
  }
  return tree;
}

/** A tree of exactly the instances of a profile file (MOID -> MIID -> MOData). */
export function treeFromInstances(instances: Record<string, Record<string, unknown>>): DeviceTree {
  const tree = newDeviceTree();
  if (typeof instances !== 'object' || instances === null) throw new ProfileError('the profile must be an object: MOID -> MIID -> MOData');
  for (const [moid, byMiid] of Object.entries(instances)) {
    if (typeof byMiid !== 'object' || byMiid === null) throw new ProfileError(`${moid}: must map MIIDs to MOData`);
    for (const [miid, data] of Object.entries(byMiid)) load(tree, moid, miid, data);
  }
  return tree;
}
