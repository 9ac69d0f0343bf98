/**
 * Devices the reference server knows: identity, where they were last seen, their MOs as reported in
 * Package#1, their command queue and the history of what happened. Histories are bounded, so a
 * server that has seen many devices for a long time keeps a flat memory profile.
 */
import type { GenericAlert, MosEntry } from '../protocol/packages.ts';
import type { QueuedCommand } from './queued-command.ts';

export interface DeviceEvent {
  at: number;
  kind: 'session-start' | 'session-end' | 'session-expired' | 'alert' | 'protocol-error' | 'notification' | 'websocket' | 'retransmission';
  detail: string;
  alert?: GenericAlert;
}

export interface DeviceRecord {
  devId: string;
  firstSeen: number;
  lastSeen: number;
  lastAddress: string;
  mos: MosEntry[];
  /** Where Package#0 goes over HTTP (from the operator, or the SourceURI of the device's session alert). */
  notificationUrl?: string;
  /** The operator set the notification URL: alerts do not change it. */
  notificationUrlPinned?: boolean;
  /** The device's DMAcc `Auth/Noti/Secret` for this server, when the operator provided it. */
  notificationSecret?: string;
  queue: QueuedCommand[];
  /** Commands that ended (done or lost), newest last, bounded. */
  history: QueuedCommand[];
  events: DeviceEvent[];
  sessions: number;
}

const HISTORY_LIMIT = 200;
const EVENT_LIMIT = 200;

export class DeviceRegistry {
  private readonly devices = new Map<string, DeviceRecord>();

  get size(): number {
    return this.devices.size;
  }

  get(devId: string): DeviceRecord | undefined {
    return this.devices.get(devId);
  }

  all(): DeviceRecord[] {
    return [...this.devices.values()];
  }

  /** The record of a device, created on first sight. */
  ensure(devId: string, now = Date.now()): DeviceRecord {
    let record = this.devices.get(devId);
    if (!record) {
      record = { devId, firstSeen: now, lastSeen: now, lastAddress: '', mos: [], queue: [], history: [], events: [], sessions: 0 };
      this.devices.set(devId, record);
    }
    return record;
  }

  event(record: DeviceRecord, event: Omit<DeviceEvent, 'at'>): void {
    record.events.push({ at: Date.now(), ...event });
    if (record.events.length > EVENT_LIMIT) record.events.splice(0, record.events.length - EVENT_LIMIT);
  }

  /** Moves a finished command from the queue to the history. */
  finish(record: DeviceRecord, command: QueuedCommand): void {
    const i = record.queue.indexOf(command);
    if (i >= 0) record.queue.splice(i, 1);
    record.history.push(command);
    if (record.history.length > HISTORY_LIMIT) record.history.splice(0, record.history.length - HISTORY_LIMIT);
  }

  findCommand(id: string): QueuedCommand | undefined {
    for (const record of this.devices.values()) {
      const found = record.queue.find((c) => c.id === id) ?? record.history.find((c) => c.id === id);
      if (found) return found;
    }
    return undefined;
  }
}
