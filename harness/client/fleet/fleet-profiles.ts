/**
 * The MO mix of a simulated fleet: three device kinds built from the B.1 device of bench/ (copied
 * into fleet-mo-mix.json: its DevInfo and its five ConnMO instances) — a sensor (no ConnMO, half the
 * fleet), a phone (two ConnMO instances, 30 %) and a gateway (all five, 20 %). Each kind's tree is
 * built once and shared read-only by every device of that kind; a device gets a tree of its own only
 * when a server changes it (sim-device.ts), so ten thousand devices cost ten thousand small objects,
 * not ten thousand trees (about 15 KiB each). The price: until then a GET of DevInfo answers the
 * kind's DevID (fleet-sensor, ...), not the device's own (its OMADM-DevID header is its own).
 */
import { readFileSync } from 'node:fs';
import type { Encoding } from '../../protocol/media-types.ts';
import type { MosEntry } from '../../protocol/packages.ts';
import type { DeviceTree } from '../../tree/device-tree.ts';
import { serverPrincipal } from '../../tree/principal.ts';
import { buildFactoryTree, DEFAULT_PERM, type ServerAccount } from '../factory-profile.ts';

interface MoMix {
  devInfo: { Man: string; Mod: string; Lang: string; FwV: string };
  connmo: Record<string, Record<string, unknown>>;
}

const MIX = JSON.parse(readFileSync(new URL('./fleet-mo-mix.json', import.meta.url), 'utf8')) as MoMix;
const CONNMO = 'urn:oma:mo:oma-dm-connmo:1.0';

export interface FleetProfile {
  name: 'sensor' | 'phone' | 'gateway';
  /** The shared, read-only tree of every device of this kind. */
  tree: DeviceTree;
  /** Package#1 MOS of this kind (what the server may read). */
  mos: MosEntry[];
  /** A tree of its own for one device (when a server changes something). */
  build(devId: string): DeviceTree;
}

/** The kinds and their shares of the fleet (device i is of kind KINDS[i % 10]). */
const KINDS: Array<{ name: FleetProfile['name']; connmo: number; tenths: number }> = [
  { name: 'sensor', connmo: 0, tenths: 5 },
  { name: 'phone', connmo: 2, tenths: 3 },
  { name: 'gateway', connmo: 5, tenths: 2 },
];

export interface FleetServer {
  srvId: string;
  srvUri: string;
  notificationSecret?: string;
}

export interface FleetProfiles {
  all: FleetProfile[];
  /** The kind of the i-th device (the shares above, interleaved). */
  of(index: number): FleetProfile;
}

export function fleetProfiles(server: FleetServer, encodings: readonly Encoding[]): FleetProfiles {
  const account: ServerAccount = {
    srvId: server.srvId,
    srvUri: server.srvUri,
    perm: DEFAULT_PERM,
    ...(server.notificationSecret ? { notificationSecret: server.notificationSecret } : {}),
  };
  const all = KINDS.map(({ name, connmo }): FleetProfile => {
    const instances = Object.fromEntries(Object.entries(MIX.connmo).slice(0, connmo));
    const build = (devId: string) =>
      buildFactoryTree({
        devId,
        man: MIX.devInfo.Man,
        mod: `${MIX.devInfo.Mod}-${name}`,
        lang: MIX.devInfo.Lang,
        fwV: MIX.devInfo.FwV,
        servers: [account],
        encodings: [...encodings],
        ...(connmo > 0 ? { instances: { [CONNMO]: instances } } : {}),
      });
    const tree = build(`fleet-${name}`);
    return { name, tree, mos: mosOf(tree, server.srvId), build };
  });
  const slots = KINDS.flatMap(({ tenths }, k) => Array.from({ length: tenths }, () => all[k]!));
  return { all, of: (index) => slots[index % slots.length]! };
}

/** Package#1 MOS: the MOs and instances the server may read (as the reference device reports them). */
function mosOf(tree: DeviceTree, srvId: string): MosEntry[] {
  const principal = serverPrincipal(srvId);
  const out: MosEntry[] = [];
  for (const moid of tree.moids()) {
    const miids = [...tree.instancesOf(moid)].filter((i) => tree.has(principal, i, 'R')).map((i) => i.miid);
    if (miids.length === 0) continue;
    const ddf = tree.definition(moid)?.ddf;
    out.push({ MOID: moid, MIID: miids, ...(ddf ? { DDF: ddf } : {}) });
  }
  return out;
}
