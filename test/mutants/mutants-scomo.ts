/**
 * Mutants of software component management over DM 2.0 (P-SCOMO; DM-IOP-002, DM-HLF-027): a
 * reference device or server that breaks one SCOMO duty each. Each must FAIL a case citing P-SCOMO
 * and DM-IOP-002.
 */
import type { DmDevice } from '../../harness/client/dm-device.ts';
import type { ExecHandler } from '../../harness/client/exec-registry.ts';
import type { RawCommand } from '../../harness/protocol/commands.ts';
import { isScomoFailure, SCOMO_MOID, SCOMO_RESULT } from '../../harness/protocol/scomo.ts';
import type { DmServer } from '../../harness/server/dm-server.ts';
import type { Operator } from '../../harness/server/operator.ts';
import type { Mutant } from './mutant.ts';

type Wrap = (path: readonly string[], handler: ExecHandler, device: DmDevice) => ExecHandler;

/** Wraps the handler of every SCOMO operation node the device runs. */
function wrapsScomo(wrap: Wrap): (device: DmDevice) => void {
  return (device) => {
    const find = device.exec.find.bind(device.exec);
    device.exec.find = (moid, path) => {
      const handler = find(moid, path);
      return handler && moid === SCOMO_MOID ? wrap(path, handler, device) : handler;
    };
  };
}

const successOf = (async: boolean | undefined) => (async ? SCOMO_RESULT.SUCCESS : 200);

/** DownloadInstall(Inactive) runs, then the component is dropped from Inventory/Deployed: 1200 with nothing listed. */
const installsNothing: Wrap = (path, handler, device) => {
  if (path[0] !== 'Download' || !String(path[3]).startsWith('DownloadInstall')) return handler;
  return async (ctx) => {
    const code = await handler(ctx);
    device.tree.remove({ kind: 'device' }, { moid: SCOMO_MOID, miid: ctx.miid, path: ['Inventory', 'Deployed', String(path[1])] });
    return code;
  };
};

/** Remove of a deployed component reports success and leaves it. */
const removesNothing: Wrap = (path, handler) => {
  if (path[1] !== 'Deployed' || path[4] !== 'Remove') return handler;
  return (ctx) => successOf(ctx.async);
};

/** A download that failed is reported 1200 (nothing installed). */
const hidesDownloadFailures: Wrap = (path, handler) => {
  if (path[0] !== 'Download') return handler;
  return async (ctx) => {
    const code = await handler(ctx);
    return isScomoFailure(code) ? successOf(ctx.async) : code;
  };
};

/** Download runs as DownloadInstall: the package is installed though only its download was asked for. */
const downloadInstalls: Wrap = (path, handler) => {
  if (path[0] !== 'Download' || path[3] !== 'Download') return handler;
  return (ctx) => handler({ ...ctx, path: [...ctx.path.slice(0, 3), 'DownloadInstall'] });
};

/**
 * The server queues the EXEC of a Download entry's operation before the HGET that writes the entry
 * (its PkgURL): the HGET is held back and queued right after the EXEC.
 */
function execsBeforePkgUrl(server: DmServer): void {
  const op: Operator = server.operator;
  const queue = op.queue.bind(op);
  let held: Parameters<Operator['queue']> | undefined;
  op.queue = (devId: string, command: RawCommand, options?: Parameters<Operator['queue']>[2]) => {
    const target = command[2];
    if (command[0] === 'HGET' && typeof target === 'string' && target.startsWith(`${SCOMO_MOID}/`) && target.includes('/Download/')) {
      held = [devId, command, options];
      // A stand-in the caller only checks for ok; the real HGET is queued after the EXEC.
      return { ok: true, value: { id: 'held', devId, command, state: 'queued', queuedAt: Date.now() } } as ReturnType<Operator['queue']>;
    }
    const queued = queue(devId, command, options);
    if (held && command[0] === 'EXEC') {
      queue(...held);
      held = undefined;
    }
    return queued;
  };
}

export const SCOMO_CLIENT_MUTANTS: Mutant[] = [
  {
    name: 'client-scomo-reports-without-deploying',
    role: 'client',
    rule: 'P-SCOMO',
    label: 'DM-IOP-002',
    cases: ['DMCTS-C-SCOMO-001'],
    fault: 'reports 1200 for DownloadInstall but never lists the component in Inventory/Deployed',
    started: wrapsScomo(installsNothing),
  },
  {
    name: 'client-scomo-remove-leaves-component',
    role: 'client',
    rule: 'P-SCOMO',
    label: 'DM-IOP-002',
    cases: ['DMCTS-C-SCOMO-003'],
    fault: 'reports 1200 for Remove of a deployed component and leaves it in Inventory/Deployed',
    started: wrapsScomo(removesNothing),
  },
  {
    name: 'client-scomo-hides-download-failure',
    role: 'client',
    rule: 'P-SCOMO',
    label: 'DM-IOP-002',
    cases: ['DMCTS-C-SCOMO-004'],
    fault: 'reports 1200 for a DownloadInstall whose package could not be downloaded (PkgURL answering 404)',
    started: wrapsScomo(hidesDownloadFailures),
  },
  {
    name: 'client-scomo-download-installs',
    role: 'client',
    rule: 'P-SCOMO',
    label: 'DM-IOP-002',
    cases: ['DMCTS-C-SCOMO-006'],
    fault: 'installs the package on Download (as DownloadInstall would): nothing stays merely delivered',
    started: wrapsScomo(downloadInstalls),
  },
];

export const SCOMO_SERVER_MUTANTS: Mutant[] = [
  {
    name: 'server-scomo-execs-before-pkgurl',
    role: 'server',
    rule: 'P-SCOMO',
    label: 'DM-IOP-002',
    cases: ['DMCTS-S-SCOMO-001'],
    fault: 'EXECs the DownloadInstall of a Download entry before the HGET that writes the entry and its PkgURL',
    server: { tls: true },
    serverStarted: execsBeforePkgUrl,
  },
];
