/**
 * Mutants of firmware update (P-FUMO; DM-IOP-002): a reference device that breaks one FUMO duty each —
 * it skips the States between Idle and the outcome, or reports success for a corrupted package — by
 * its FUMO operations replaced once started, and a reference server whose firmware update EXECs the
 * operation before it writes PkgURL. Each must FAIL a case citing P-FUMO and DM-IOP-002.
 */
import type { DmDevice } from '../../harness/client/dm-device.ts';
import { FumoUpdater } from '../../harness/client/fumo-update.ts';
import type { DmServer } from '../../harness/server/dm-server.ts';
import { FUMO_MOID, FUMO_RESULT, FUMO_STATE } from '../../harness/protocol/fumo.ts';
import type { RawCommand } from '../../harness/protocol/commands.ts';
import type { Mutant } from './mutant.ts';

/** A second FUMO updater on the device's tree whose operations replace the device's own. */
function replaceFumo(device: DmDevice, patch: (updater: FumoUpdater) => void): void {
  const updater = new FumoUpdater(device.tree, { transfer: () => ({ http: device.httpClient, devId: device.devId, encodings: device.encodings }) });
  patch(updater);
  updater.register(device.exec);
}

/** Writes no State but the outcome: Idle jumps straight to 100 (or 20, 40): the States under way are never seen. */
function skipsStates(device: DmDevice): void {
  replaceFumo(device, (updater) => {
    const u = updater as unknown as { setState: (miid: string, state: number) => void };
    const set = u.setState.bind(updater);
    const passing: number[] = [FUMO_STATE.DOWNLOAD_PROGRESSING, FUMO_STATE.READY_TO_UPDATE, FUMO_STATE.UPDATE_PROGRESSING];
    u.setState = (miid, state) => {
      if (!passing.includes(state)) set(miid, state);
    };
  });
}

/** A package refused as corrupted (402) or invalid (404) is reported as success. */
function acceptsCorrupted(device: DmDevice): void {
  for (const op of ['Download', 'Update', 'DownloadAndUpdate']) {
    const real = device.exec.find(FUMO_MOID, [op]);
    if (!real) continue;
    device.exec.register(FUMO_MOID, [op], async (ctx) => {
      const code = await real(ctx);
      return code === FUMO_RESULT.CORRUPTED_PACKAGE || code === FUMO_RESULT.FAILED_VALIDATION ? FUMO_RESULT.SUCCESS : code;
    });
  }
}

const isFumoExec = (c: RawCommand) => c[0] === 'EXEC' && String(c[1]).toLowerCase().startsWith(`${FUMO_MOID}/`);
const isFumoWrite = (c: RawCommand) =>
  c[0] === 'HGET' &&
  String(c[2] ?? '')
    .toLowerCase()
    .startsWith(`${FUMO_MOID}/`);

/** Each FUMO EXEC queued goes before the FUMO writes still queued for that device: the operation runs on the old PkgURL. */
function execsBeforePkgUrl(server: DmServer): void {
  const op = server.operator;
  const queue = op.queue.bind(op);
  op.queue = (devId, command, options) => {
    const q = queue(devId, command, options);
    if (!q.ok || !isFumoExec(command)) return q;
    const pending = op.device(devId)?.queue;
    if (!pending) return q;
    const first = pending.findIndex((c) => c.state === 'queued' && isFumoWrite(c.command));
    const at = pending.indexOf(q.value);
    if (first >= 0 && at > first) {
      pending.splice(at, 1);
      pending.splice(first, 0, q.value);
    }
    return q;
  };
}

export const FUMO_CLIENT_MUTANTS: readonly Mutant[] = [
  {
    name: 'client-fumo-skips-states',
    role: 'client',
    rule: 'P-FUMO',
    label: 'DM-IOP-002',
    cases: ['DMCTS-C-FUMO-001'],
    fault: 'writes only the outcome State of a FUMO operation: Idle jumps to 100, Download Progressing is never shown',
    started: skipsStates,
  },
  {
    name: 'client-fumo-accepts-corrupted',
    role: 'client',
    rule: 'P-FUMO',
    label: 'DM-IOP-002',
    cases: ['DMCTS-C-FUMO-004'],
    fault: 'reports result 200 for a package whose bytes do not match its Repr-Digest',
    started: acceptsCorrupted,
  },
];

export const FUMO_SERVER_MUTANTS: readonly Mutant[] = [
  {
    name: 'server-fumo-exec-before-pkgurl',
    role: 'server',
    rule: 'P-FUMO',
    label: 'DM-IOP-002',
    cases: ['DMCTS-S-FUMO-001'],
    fault: 'sends the FUMO EXEC before the HGETs that write PkgURL: the device runs the operation without the package URL',
    serverStarted: execsBeforePkgUrl,
  },
];
