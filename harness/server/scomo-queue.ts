/**
 * Software components from the reference server (P-SCOMO): what the operator's `server.scomoInstall`
 * and `server.scomoRemove` do. The device's SCOMO instance is the one its Package#1 MOS names (else
 * MIID 1, the reference device's). In the device's next session, in this order:
 * - install: HGET of `Download/<x>` {PkgID, Name, PkgURL} from an MO serialization the server
 *   publishes, then `EXEC <instance>/Download/<x>/Operations/DownloadInstall auto` (…Inactive when
 *   asked) — 202, and the device's ExecResult alert later at the EXEC's ServerURI, attached to that
 *   EXEC (its `Data.sc` the SCOMO result code; server.result shows it);
 * - remove: `EXEC <instance>/Inventory/Deployed/<component>/Operations/Remove auto`, the same way.
 */
import { SCOMO_MOID } from '../protocol/scomo.ts';
import type { Result } from '../protocol/result.ts';
import type { Operator, ServerUriPlan } from './operator.ts';
import type { QueuedCommand } from './queued-command.ts';

export interface ScomoInstallRequest {
  devId: string;
  pkgUrl: string;
  pkgId: string;
  /** The component's name (Download/<x>/Name); default the PkgID. */
  name?: string;
  /** Install the component inactive (DownloadInstallInactive). */
  inactive?: boolean;
  /** The SCOMO instance; default the one the device reported, else 1. */
  miid?: string;
}

export interface ScomoRemoveRequest {
  devId: string;
  /** The node name of the component under Inventory/Deployed. */
  component: string;
  miid?: string;
}

/** The device's SCOMO instance as a ClientURI (`urn:oma:mo:oma-scomo:1.0/<MIID>`). */
export function scomoInstanceOf(op: Operator, devId: string, miid?: string): string {
  const reported = op.device(devId)?.mos.find((m) => m.MOID.toLowerCase() === SCOMO_MOID)?.MIID ?? [];
  const chosen = miid ?? (reported.length >= 1 ? reported[0]! : '1');
  return `${SCOMO_MOID}/${encodeURIComponent(chosen)}`;
}

/** A Download entry name from the PkgID: the characters a node name may keep, at most 64. */
function entryName(pkgId: string): string {
  return pkgId.replace(/[^A-Za-z0-9_.-]/g, '_').slice(0, 64) || 'pkg';
}

/** Queues the install; the EXEC is returned (its ID is what server.result follows). */
export function queueScomoInstall(op: Operator, request: ScomoInstallRequest): Result<QueuedCommand & ServerUriPlan> {
  const entry = `${scomoInstanceOf(op, request.devId, request.miid)}/Download/${entryName(request.pkgId)}`;
  const content = op.publish([{ ClientURI: entry, MOData: { PkgID: request.pkgId, Name: request.name ?? request.pkgId, PkgURL: request.pkgUrl } }]);
  const written = op.queue(request.devId, ['HGET', content.url, entry]);
  if (!written.ok) return written;
  return op.queue(request.devId, ['EXEC', `${entry}/Operations/${request.inactive ? 'DownloadInstallInactive' : 'DownloadInstall'}`, 'auto']);
}

/** Queues the removal of a deployed component; the EXEC is returned. */
export function queueScomoRemove(op: Operator, request: ScomoRemoveRequest): Result<QueuedCommand & ServerUriPlan> {
  const component = `${scomoInstanceOf(op, request.devId, request.miid)}/Inventory/Deployed/${encodeURIComponent(request.component)}`;
  return op.queue(request.devId, ['EXEC', `${component}/Operations/Remove`, 'auto']);
}
