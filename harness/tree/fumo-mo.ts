/**
 * The FUMO MO (urn:oma:mo:oma-fumo:1.0, P-FUMO) read from its DDF (harness/tree/ddf/fumo-ddf.ts, the
 * text of vectors/ddf/fumo.ddf): one instance per updatable firmware component, made by the device.
 * `PkgName`, `PkgVersion`; the operations `Download`, `Update` and `DownloadAndUpdate`, each an
 * executable interior node, `Download/PkgURL` and `DownloadAndUpdate/PkgURL` naming the package,
 * `Update/PkgData` the package itself (bin, write-only: Replace); `State` (read only,
 * harness/protocol/fumo.ts); `Ext`. What the device does on EXEC is harness/client/fumo-update.ts.
 */
import { FUMO_MOID, FUMO_STATE } from '../protocol/fumo.ts';
import { readDdf } from './ddf/ddf-to-mo.ts';
import { FUMO_DDF } from './ddf/fumo-ddf.ts';
import type { MoDefinition } from './mo-definition.ts';

export { FUMO_MOID };

export const FUMO_MO: MoDefinition = readDdf(FUMO_DDF, { file: 'fumo.ddf', deviceMade: true }).definition;

/**
 * A FUMO instance at rest: no package, State Idle. `Update/PkgData` is mandatory in the DDF: the
 * instance holds it empty (no server reads it: its AccessType is Replace only).
 */
export const FUMO_DATA = {
  PkgName: '',
  PkgVersion: '',
  Download: { PkgURL: '' },
  Update: { PkgData: new Uint8Array(0) },
  DownloadAndUpdate: { PkgURL: '' },
  State: FUMO_STATE.IDLE,
};
