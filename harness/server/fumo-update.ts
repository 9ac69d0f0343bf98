/**
 * A firmware update from the reference server (P-FUMO): what the operator's `server.fumoUpdate` does.
 * The device's FUMO instance is the one its Package#1 MOS names (the only instance, `MOID//`, when the
 * server has not seen it yet). In the device's next session, in this order: HGET of `PkgVersion` (when
 * given) and of `DownloadAndUpdate/PkgURL` from MO serializations the server publishes, then
 * `EXEC <instance>/DownloadAndUpdate auto` — 202, and the device's result alert later at the EXEC's
 * ServerURI, attached to that EXEC (its `Data.sc` the FUMO result code; server.result shows it).
 */
import { FUMO_MOID } from '../protocol/fumo.ts';
import type { Result } from '../protocol/result.ts';
import type { Operator, ServerUriPlan } from './operator.ts';
import type { QueuedCommand } from './queued-command.ts';

export interface FumoUpdateRequest {
  devId: string;
  pkgUrl: string;
  pkgVersion?: string;
  /** The FUMO instance; default the one the device reported, else its only one. */
  miid?: string;
}

/** The device's FUMO instance as a ClientURI. */
export function fumoInstanceOf(op: Operator, devId: string, miid?: string): string {
  if (miid !== undefined) return `${FUMO_MOID}/${encodeURIComponent(miid)}`;
  const reported = op.device(devId)?.mos.find((m) => m.MOID.toLowerCase() === FUMO_MOID)?.MIID ?? [];
  return reported.length === 1 ? `${FUMO_MOID}/${encodeURIComponent(reported[0]!)}` : `${FUMO_MOID}/`;
}

/** Queues the update; the EXEC is returned (its ID is what server.result follows). */
export function queueFumoUpdate(op: Operator, request: FumoUpdateRequest): Result<QueuedCommand & ServerUriPlan> {
  const inst = fumoInstanceOf(op, request.devId, request.miid);
  const writes: Array<[string, string]> = [
    ...(request.pkgVersion !== undefined ? ([[`${inst}/PkgVersion`, request.pkgVersion]] as Array<[string, string]>) : []),
    [`${inst}/DownloadAndUpdate/PkgURL`, request.pkgUrl],
  ];
  for (const [uri, value] of writes) {
    const content = op.publish([{ ClientURI: uri, MOData: value }]);
    const q = op.queue(request.devId, ['HGET', content.url, uri]);
    if (!q.ok) return q;
  }
  return op.queue(request.devId, ['EXEC', `${inst}/DownloadAndUpdate`, 'auto']);
}
