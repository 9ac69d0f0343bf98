/**
 * The standard MOs (K-DDF): DevInfo, DMAcc, SessionInfo (node layout ours), and the features MO of P-FEAT.
 * DMAcc is accepted under both version suffixes seen in public sources (1.0 and 1.2) and sent as 1.0.
 */
import { READ_ONLY, WRITE_ONLY, ext, interior, leaf, named } from './node-def-builders.ts';
import type { MoDefinition } from './mo-definition.ts';
import { FEATURE_NAMES, type FeatureName } from '../protocol/features.ts';
import { DMACC_1_2, MOID } from '../protocol/moids.ts';

export { MOID };

/** Public sources differ on DMAcc's version suffix: accept 1.2 on input, always send 1.0. */
export const DMACC_ALIASES: readonly string[] = [DMACC_1_2];

/** The form of an MOID the tree keys on: `urn:` and the namespace ID in lower case (RFC 8141), DMAcc 1.2 as 1.0. */
export function canonicalMoid(moid: string): string {
  let canonical = canonicalMoids.get(moid);
  if (canonical === undefined) {
    const normal = moid.replace(/^urn:([^:]+):/i, (_, nid: string) => `urn:${nid.toLowerCase()}:`);
    canonical = DMACC_ALIASES.includes(normal.toLowerCase()) ? MOID.DMACC : normal;
    // Every tree lookup asks; a device knows a handful of MOIDs (a peer inventing many only fills this up to the cap).
    if (canonicalMoids.size >= MAX_REMEMBERED_MOIDS) canonicalMoids.clear();
    canonicalMoids.set(moid, canonical);
  }
  return canonical;
}

const canonicalMoids = new Map<string, string>();
const MAX_REMEMBERED_MOIDS = 1_000;

const permanentLeaf = (name: string, occurrence: 'One' | 'ZeroOrOne' = 'One') => leaf(name, 'chr', { occurrence, scope: 'Permanent', access: READ_ONLY });

export const DEVINFO_MO: MoDefinition = {
  moid: MOID.DEVINFO,
  deviceMade: true,
  root: interior(
    '<x>',
    [
      permanentLeaf('DevID'),
      permanentLeaf('Man'),
      permanentLeaf('Mod'),
      permanentLeaf('DmV'),
      permanentLeaf('Lang'),
      permanentLeaf('DevType', 'ZeroOrOne'),
      permanentLeaf('OEM', 'ZeroOrOne'),
      permanentLeaf('FwV', 'ZeroOrOne'),
      permanentLeaf('SwV', 'ZeroOrOne'),
      permanentLeaf('HwV', 'ZeroOrOne'),
      ext(),
      permanentLeaf('Bearer', 'ZeroOrOne'),
    ],
    { scope: 'Permanent', access: READ_ONLY },
  ),
};

export const DMACC_MO: MoDefinition = {
  moid: MOID.DMACC,
  root: interior('<x>', [
    leaf('SrvID', 'chr', { access: READ_ONLY, description: 'the server identifier (SrvID) this account is for' }),
    leaf('SrvURI', 'chr', { description: 'where the client opens sessions with this server' }),
    // P-ENV (ours): one address per bearer; SrvURI stays the address of any bearer not listed here.
    interior(
      'BearerURI',
      ['Cellular', 'WLAN', 'Wireline'].map((bearer) => leaf(bearer, 'chr', { occurrence: 'ZeroOrOne', description: `the SrvURI over ${bearer} (P-ENV)` })),
      { occurrence: 'ZeroOrOne' },
    ),
    leaf('Name', 'chr', { occurrence: 'ZeroOrOne' }),
    interior(
      'Perm',
      [
        named([
          leaf('MOID', 'chr', { description: 'an MOID this server may manage' }),
          leaf('Rights', 'chr', { occurrence: 'ZeroOrOne', description: 'subset of R W E (default RWE)' }),
        ]),
      ],
      { occurrence: 'ZeroOrOne' },
    ),
    interior(
      'Auth',
      [
        named([
          leaf('Type', 'chr', {
            occurrence: 'ZeroOrOne',
            description: 'Basic | Digest | X509 | Noti | Bootstrap (Auth/Bootstrap: a bootstrap server, P-BOOT)',
          }),
          leaf('Name', 'chr', { occurrence: 'ZeroOrOne' }),
          leaf('Secret', 'chr', { occurrence: 'ZeroOrOne', access: WRITE_ONLY, description: 'never readable' }),
          leaf('Data', 'chr', { occurrence: 'ZeroOrOne', description: 'public data: a trust anchor or certificate (PEM)' }),
        ]),
      ],
      { occurrence: 'ZeroOrOne' },
    ),
    interior(
      'Push',
      [
        leaf('Ping', 'chr', { occurrence: 'ZeroOrOne', description: 'WebSocket ping interval, seconds' }),
        leaf('URI', 'chr', { occurrence: 'ZeroOrOne', description: 'where the server sends Package#0 over HTTP' }),
      ],
      { occurrence: 'ZeroOrOne' },
    ),
    ext(),
  ]),
};

export const SESSIONINFO_MO: MoDefinition = {
  moid: MOID.SESSIONINFO,
  deviceMade: true,
  root: interior(
    '<x>',
    [
      leaf('CBT', 'chr', { occurrence: 'ZeroOrOne', scope: 'Permanent', access: READ_ONLY, description: 'current session begin time (ISO 8601)' }),
      leaf('Reason', 'chr', { occurrence: 'ZeroOrOne', scope: 'Permanent', access: READ_ONLY, description: 'why the session was opened' }),
      leaf('LastSessionResult', 'chr', { occurrence: 'ZeroOrOne', scope: 'Permanent', access: READ_ONLY }),
    ],
    { scope: 'Permanent', access: READ_ONLY },
  ),
};

/** P-FEAT: one bool leaf per optional feature (the names: protocol/features.ts). */
export { FEATURE_NAMES, type FeatureName };

export const FEATURES_MO: MoDefinition = {
  moid: MOID.FEATURES,
  deviceMade: true,
  root: interior(
    '<x>',
    [
      ...FEATURE_NAMES.map((name) => leaf(name, 'bool', { scope: 'Permanent', access: READ_ONLY })),
      leaf('Versions', 'chr', { occurrence: 'ZeroOrOne', scope: 'Permanent', access: READ_ONLY, description: 'comma-separated DM versions' }),
      leaf('MediaTypes', 'chr', { occurrence: 'ZeroOrOne', scope: 'Permanent', access: READ_ONLY, description: 'comma-separated media types' }),
    ],
    { scope: 'Permanent', access: READ_ONLY },
  ),
};

/**
 * P-ENV (ours): one device-made instance per execution environment (MIID the environment's ID); the
 * device keeps `Servers` (the SrvIDs that manage it) and `MOs` (the ClientURIs of the managed MO
 * instances tagged with it), both space-separated (harness/client/exec-env.ts).
 */
export const EXECENV_MO: MoDefinition = {
  moid: MOID.EXECENV,
  deviceMade: true,
  root: interior(
    '<x>',
    [
      permanentLeaf('Name'),
      permanentLeaf('Type', 'ZeroOrOne'),
      leaf('Servers', 'chr', { occurrence: 'ZeroOrOne', access: READ_ONLY, description: 'SrvIDs of the servers managing this environment' }),
      leaf('MOs', 'chr', { occurrence: 'ZeroOrOne', access: READ_ONLY, description: 'ClientURIs (MOID/MIID) of the MO instances of this environment' }),
    ],
    { scope: 'Permanent', access: READ_ONLY },
  ),
};

export const STANDARD_MOS: readonly MoDefinition[] = [DEVINFO_MO, DMACC_MO, SESSIONINFO_MO, FEATURES_MO, EXECENV_MO];
