/**
 * The SCOMO MO `urn:oma:mo:oma-scomo:1.0` (P-SCOMO) read from its DDF (harness/tree/ddf/scomo-ddf.ts,
 * the text of vectors/ddf/scomo.ddf), one instance per device: `Download/<x>` (a package the server
 * names: PkgID, Name?, PkgURL, Description?, PkgType?, Status, Operations Download / DownloadInstall /
 * DownloadInstallInactive), `Inventory/Delivered/<x>` (a package on the device: PkgID, Data? (bin,
 * Replace only), Name?, Description?, PkgType?, Status, State 10 delivered / 20 installed, Operations
 * Install / InstallInactive / Remove) and `Inventory/Deployed/<x>` (an installed component: ID,
 * PkgIDRef?, Name, Description?, Version?, State 10 inactive / 20 active, Status, Operations Activate /
 * Deactivate / Remove), and `Ext`. The operation primitives are executable `null` leaves.
 * (ours) `Status` and `Operations` of a Download entry may be left out by the server: the device adds them.
 */
import { readDdf } from './ddf/ddf-to-mo.ts';
import { SCOMO_DDF } from './ddf/scomo-ddf.ts';
import type { MoDefinition } from './mo-definition.ts';

export const SCOMO_MO: MoDefinition = readDdf(SCOMO_DDF, { file: 'scomo.ddf', deviceMade: true }).definition;

/** The MOData of an empty SCOMO instance (nothing downloaded, nothing installed). */
export const SCOMO_EMPTY_DATA = { Download: {}, Inventory: { Delivered: {}, Deployed: {} } };
