/**
 * Server- and client-initiated bootstrap on the reference device (P-BOOT). A bootstrap server's
 * account is a DMAcc instance holding `Auth/Bootstrap` (harness/tree/bootstrap-account.ts); a session
 * with it is a bootstrap session when the server creates, changes or deletes DMAcc accounts in it
 * (HGET of DMAcc instances). Our choices:
 * - the device ends a bootstrap with a new session with that bootstrap server, opened right after
 *   the bootstrap session ends, whose Package#1 carries the `BootstrapComplete` generic alert (one
 *   per bootstrap session; changes made while it is pending are covered by it);
 * - a client-initiated bootstrap is a session the device opens with its bootstrap server whose
 *   Package#1 carries the alert `urn:oma:at:dm:2.0:BootstrapRequest` (ours) instead of
 *   `ClientInitiatedMgmt`.
 */
import { ALERT, type GenericAlert } from '../protocol/packages.ts';
import { isBootstrapServer } from '../tree/bootstrap-account.ts';
import { MOID } from '../tree/standard-mos.ts';
import type { DmDevice } from './dm-device.ts';
import type { SessionOutcome } from './session-runner.ts';

/** The `BootstrapComplete` alert the device sends its bootstrap server after a bootstrap session. */
export function bootstrapCompleteAlert(): GenericAlert {
  return { AlertType: ALERT.BOOTSTRAP_COMPLETE };
}

/**
 * Watches the device's tree: when a bootstrap server changes a DMAcc account, a session carrying
 * `BootstrapComplete` is queued with that server (it runs once the session under way is over).
 * Returns the function that stops watching.
 */
export function sendBootstrapComplete(device: DmDevice, log: (line: string) => void = () => {}): () => void {
  const pending = new Set<string>();
  return device.tree.onChange((change) => {
    if (change.moid !== MOID.DMACC || change.by.kind !== 'server') return;
    const srvId = change.by.id;
    if (pending.has(srvId) || !isBootstrapServer(device.tree, srvId)) return;
    pending.add(srvId);
    log(`bootstrap by ${srvId}: BootstrapComplete goes to it in a new session once this one ends`);
    void device
      .session(srvId, [bootstrapCompleteAlert()], 'bootstrap complete')
      .catch(() => undefined)
      .finally(() => pending.delete(srvId));
  });
}

/** The SrvIDs of the bootstrap servers the device talks to (its accounts marked `Auth/Bootstrap`). */
export function bootstrapServersOf(device: DmDevice): string[] {
  return device
    .accounts()
    .filter((a) => a.bootstrap)
    .map((a) => a.srvId);
}

/**
 * Client-initiated bootstrap: a session with the bootstrap server `srvId` (the first one by default)
 * whose Package#1 carries `BootstrapRequest`. Refused (an Error naming the fix) when the device has
 * no such bootstrap account.
 */
export function requestBootstrap(device: DmDevice, srvId?: string): Promise<SessionOutcome> {
  const servers = bootstrapServersOf(device);
  const target = srvId ?? servers[0];
  if (target === undefined || !servers.includes(target)) {
    const known = servers.length ? `its bootstrap servers: ${servers.join(', ')}` : 'it has none';
    throw new Error(
      `${srvId ? `"${srvId}" is not a bootstrap server of this device` : 'the device has no bootstrap server'} (${known}); give it an account with bootstrap: true, X.509 client authentication and a trust anchor`,
    );
  }
  const source = device.notificationUrl;
  return device.session(target, [{ AlertType: ALERT.BOOTSTRAP_REQUEST, ...(source ? { SourceURI: source } : {}) }], 'client-initiated bootstrap');
}
