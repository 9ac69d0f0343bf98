/**
 * Whether the server knows a device (it has opened a session, or was queued for with --create):
 * the operator commands refuse a DevID the server has never heard of, since a typo would otherwise
 * queue commands for a device that never comes.
 */
import type { DeviceRecord } from '../server/device-registry.ts';
import { callOperator, operatorError, type OperatorAccess } from './operator-client.ts';
import { UsageError } from './usage-error.ts';

/** A device record as the operator API sends it (JSON: times are epoch milliseconds). */
/** A device's record as the operator API sends it: the registry's record and whether a WebSocket of the device is open now (P-WS). */
export type DeviceRecordJson = DeviceRecord & { ws?: boolean };

/** The device's record, or undefined when the server does not know it. */
export async function fetchDevice(access: OperatorAccess, devId: string): Promise<DeviceRecordJson | undefined> {
  const res = await callOperator(access, 'GET', `devices/${encodeURIComponent(devId)}`);
  if (res.status === 404) return undefined;
  if (res.status >= 400) throw new UsageError(`the server at ${access.url} refused to show device "${devId}": ${operatorError(res.json)}`);
  return res.json as DeviceRecordJson;
}

/** The error for a DevID the server does not know; `fix` is what else the user may do (after "check the DevID"). */
export function unknownDevice(access: OperatorAccess, devId: string, fix?: string): UsageError {
  return new UsageError(
    `no device "${devId}" is known to the server at ${access.url} (it has not opened a session there): check the DevID ("dmcts devices" lists the known ones)${fix ? `, ${fix}` : ''}`,
  );
}
