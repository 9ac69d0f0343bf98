/**
 * The FUMO MO (urn:oma:mo:oma-fumo:1.0) as publicly described, mirrored as a DDF: one instance per
 * updatable firmware component, made by the device. `PkgName`, `PkgVersion`; the operations
 * `Download`, `Update` and `DownloadAndUpdate`, each an executable interior node whose `PkgURL` (for
 * Update: `PkgData`, optional here) names the package; `State` (read only, harness/protocol/fumo.ts);
 * `Ext`. What the device does on EXEC is harness/client/fumo-update.ts; the protocol is P-FUMO.
 */
import { FUMO_MOID, FUMO_STATE } from '../protocol/fumo.ts';
import type { MoDefinition } from './mo-definition.ts';
import { READ_ONLY, READ_WRITE, ext, interior, leaf } from './node-def-builders.ts';

export { FUMO_MOID };

const operation = (name: string, description: string, children: ReturnType<typeof leaf>[]) =>
  interior(name, children, { scope: 'Permanent', access: ['Exec', 'Get'], description });

const pkgUrl = (what: string) => leaf('PkgURL', 'chr', { scope: 'Permanent', access: READ_WRITE, description: `the URL ${what} downloads the package from` });

export const FUMO_MO: MoDefinition = {
  moid: FUMO_MOID,
  deviceMade: true,
  root: interior(
    '<x>',
    [
      leaf('PkgName', 'chr', { scope: 'Permanent', access: READ_WRITE, occurrence: 'ZeroOrOne', description: 'the name of the package' }),
      leaf('PkgVersion', 'chr', { scope: 'Permanent', access: READ_WRITE, occurrence: 'ZeroOrOne', description: 'the firmware version the package brings' }),
      operation('Download', 'EXEC: download the package at PkgURL (State 30, then 40 or 20)', [pkgUrl('Download')]),
      operation('Update', 'EXEC: install the downloaded package (State 60, then 90/100 or 70/80)', [
        leaf('PkgData', 'chr', {
          scope: 'Permanent',
          access: READ_WRITE,
          occurrence: 'ZeroOrOne',
          description: 'the package itself, as a large object (P-LO: the Repr-Digest of the object the leaf holds)',
        }),
      ]),
      operation('DownloadAndUpdate', 'EXEC: download the package at PkgURL and install it', [pkgUrl('DownloadAndUpdate')]),
      leaf('State', 'int', { scope: 'Permanent', access: READ_ONLY, description: 'the FUMO state (10 Idle ... 100 Update Successful No Data)' }),
      ext(),
    ],
    { scope: 'Permanent', access: ['Get'] },
  ),
};

/** A FUMO instance at rest: no package, State Idle. */
export const FUMO_DATA = {
  PkgName: '',
  PkgVersion: '',
  Download: { PkgURL: '' },
  Update: {},
  DownloadAndUpdate: { PkgURL: '' },
  State: FUMO_STATE.IDLE,
};
