// What the server keeps: devices (sessions, last address, alerts, notification URL), queued commands
// and their results, and open sessions keyed by their token (P-SESSION).
import { createHash, randomBytes } from 'node:crypto';
import { fault } from '../common/faults.ts';
import type { Alert, StatusEntry } from './packages.ts';

export interface Command {
  id: string;
  devId: string;
  cmd: unknown[];
  state: 'queued' | 'sent' | 'done' | 'lost';
  status?: StatusEntry;
  asyncResult?: Alert;
  reason?: string;
}

export interface DeviceRecord {
  devId: string;
  sessions: number;
  lastAddress?: string;
  alerts: Alert[];
  notiUrl?: string;
  usedNotificationIds: Map<number, number>;
}

export interface Session {
  token: string;
  devId: string;
  /** The commands of the last Package#2, in order; null stands for the server's own CONT. */
  pending: (Command | null)[];
  ended: boolean;
  /** The media type of this session's Package#2s (JSON or CBOR, per the device's Accept). */
  type: string;
  timer?: NodeJS.Timeout;
}

const IDLE_MS = 60_000;

export class Registry {
  readonly devices = new Map<string, DeviceRecord>();
  readonly commands = new Map<string, Command>();
  readonly sessions = new Map<string, Session>();
  private nextId = 1;

  device(devId: string): DeviceRecord {
    let d = this.devices.get(devId);
    if (!d) this.devices.set(devId, (d = { devId, sessions: 0, alerts: [], usedNotificationIds: new Map() }));
    return d;
  }

  queue(devId: string, cmd: unknown[]): Command {
    const c: Command = { id: `cmd-${this.nextId++}`, devId, cmd, state: 'queued' };
    this.commands.set(c.id, c);
    return c;
  }

  /** The commands queued for a device, in queue order, now marked sent. */
  takeQueued(devId: string): Command[] {
    const out = [...this.commands.values()].filter((c) => c.devId === devId && c.state === 'queued');
    for (const c of out) c.state = 'sent';
    return out;
  }

  openSession(devId: string, type: string): Session {
    // SEEDED FAULT server-reuse-token: a "stable" token per device, the same for each of its sessions.
    const token = fault('server-reuse-token') ? createHash('sha256').update(devId).digest().subarray(0, 24).toString('base64url') : randomBytes(24).toString('base64url');
    const s: Session = { token, devId, pending: [], ended: false, type };
    this.sessions.set(s.token, s);
    this.touch(s);
    return s;
  }

  touch(s: Session): void {
    if (s.timer) clearTimeout(s.timer);
    s.timer = setTimeout(() => this.end(s, 'session expired'), IDLE_MS);
    s.timer.unref();
  }

  end(s: Session, lostReason?: string): void {
    s.ended = true;
    if (s.timer) clearTimeout(s.timer);
    if (lostReason) {
      for (const c of s.pending) {
        if (c && c.state === 'sent') {
          c.state = 'lost';
          c.reason = lostReason;
        }
      }
    }
    s.pending = [];
  }

  /** Attaches an ExecResult alert to that device's asynchronous EXEC of the node it names. */
  attachExecResult(devId: string, alert: Alert): boolean {
    for (const c of this.commands.values()) {
      if (c.devId !== devId || c.cmd[0] !== 'EXEC' || c.asyncResult || c.status?.sc !== 202) continue;
      if (c.status.URI.includes(alert.SourceURI ?? '') || c.cmd[1] === alert.SourceURI) {
        c.asyncResult = alert;
        return true;
      }
    }
    return false;
  }
}
