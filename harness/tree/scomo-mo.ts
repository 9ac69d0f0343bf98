/**
 * The SCOMO MO `urn:oma:mo:oma-scomo:1.0` (P-SCOMO) as its public description lays it out, one
 * instance per device: `Download/<x>` (a package the server names: PkgID, Name, PkgURL, Operations
 * Download / DownloadInstall / DownloadInstallInactive, Status), `Inventory/Delivered/<x>` (a package
 * on the device, not installed: PkgID, Name, Data?, Operations Install / InstallInactive / Remove,
 * Status, State) and `Inventory/Deployed/<x>` (an installed component: ID, PkgIDRef?, Name, Version,
 * Status, State 10 inactive / 20 active, Operations Activate / Deactivate / Remove), and `Ext`.
 * (ours) A server writes `Download/<x>` only; the inventory is the device's (read-only to servers);
 * `Operations` and `Status` of a Download entry may be left out by the server: the device adds them.
 */
import { SCOMO_MOID } from '../protocol/scomo.ts';
import type { MoDefinition, NodeDef } from './mo-definition.ts';
import { DYNAMIC_RW, ext, interior, leaf, named, READ_ONLY } from './node-def-builders.ts';

const exec = (name: string, description: string): NodeDef => leaf(name, 'null', { access: ['Exec', 'Get'], description });
const deviceLeaf = (name: string, format: 'chr' | 'int' | 'b64', occurrence: 'One' | 'ZeroOrOne' = 'One', description?: string): NodeDef =>
  leaf(name, format, { occurrence, access: READ_ONLY, ...(description ? { description } : {}) });

const downloadEntry = named(
  [
    leaf('PkgID', 'chr', { description: 'the package identifier the server gives' }),
    leaf('Name', 'chr', { occurrence: 'ZeroOrOne' }),
    leaf('PkgURL', 'chr', { description: 'where the device downloads the package (HTTP GET)' }),
    interior(
      'Operations',
      [
        exec('Download', 'EXEC: download the package into Inventory/Delivered'),
        exec('DownloadInstall', 'EXEC: download and install it, the component active'),
        exec('DownloadInstallInactive', 'EXEC: download and install it, the component inactive'),
      ],
      { occurrence: 'ZeroOrOne', access: ['Get', 'Add', 'Replace'] },
    ),
    leaf('Status', 'int', { occurrence: 'ZeroOrOne', access: READ_ONLY, description: 'download state (10 idle ... 70), set by the device' }),
  ],
  { access: DYNAMIC_RW },
);

const deliveredEntry = named(
  [
    deviceLeaf('PkgID', 'chr'),
    deviceLeaf('Name', 'chr', 'ZeroOrOne'),
    deviceLeaf('Data', 'b64', 'ZeroOrOne', 'the package itself (the reference device keeps only its digest)'),
    interior(
      'Operations',
      [
        exec('Install', 'EXEC: install the package, the component active'),
        exec('InstallInactive', 'EXEC: install the package, the component inactive'),
        exec('Remove', 'EXEC: remove the package from the device'),
      ],
      { access: READ_ONLY },
    ),
    deviceLeaf('Status', 'int'),
    deviceLeaf('State', 'int', 'One', '10 delivered, 20 installed'),
  ],
  { access: READ_ONLY },
);

const deployedEntry = named(
  [
    deviceLeaf('ID', 'chr'),
    deviceLeaf('PkgIDRef', 'chr', 'ZeroOrOne', 'the PkgID of the package it came from'),
    deviceLeaf('Name', 'chr'),
    deviceLeaf('Version', 'chr'),
    deviceLeaf('Status', 'int', 'ZeroOrOne'),
    deviceLeaf('State', 'int', 'One', '10 inactive, 20 active'),
    interior(
      'Operations',
      [
        exec('Activate', 'EXEC: activate the component (State 20)'),
        exec('Deactivate', 'EXEC: deactivate the component (State 10)'),
        exec('Remove', 'EXEC: remove the component from the device'),
      ],
      { access: READ_ONLY },
    ),
  ],
  { access: READ_ONLY },
);

export const SCOMO_MO: MoDefinition = {
  moid: SCOMO_MOID,
  deviceMade: true,
  root: interior(
    '<x>',
    [
      interior('Download', [downloadEntry], { scope: 'Permanent', access: ['Get', 'Add'] }),
      interior(
        'Inventory',
        [
          interior('Delivered', [deliveredEntry], { scope: 'Permanent', access: READ_ONLY }),
          interior('Deployed', [deployedEntry], { scope: 'Permanent', access: READ_ONLY }),
        ],
        { scope: 'Permanent', access: READ_ONLY },
      ),
      ext(),
    ],
    { scope: 'Permanent', access: ['Get'] },
  ),
};

/** The MOData of an empty SCOMO instance (nothing downloaded, nothing installed). */
export const SCOMO_EMPTY_DATA = { Download: {}, Inventory: { Delivered: {}, Deployed: {} } };
