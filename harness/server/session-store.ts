/**
 * Open management sessions (P-SESSION), keyed by an unguessable token carried in the CONT URI.
 * A Package#3 finds its session by that token alone, never by the source address, so a device that
 * changed network mid-session goes on where it stopped. Idle sessions expire.
 */
import { randomBytes } from 'node:crypto';
import type { Encoding } from '../protocol/media-types.ts';
import type { QueuedCommand } from './queued-command.ts';

export interface Session {
  token: string;
  devId: string;
  /** The encoding the client accepted for Package#2. */
  encoding: Encoding;
  startedAt: number;
  lastSeen: number;
  /** The commands of the last Package#2, in order; their Status entries are due in the next Package#3. */
  awaiting: QueuedCommand[];
  packages: number;
  addresses: string[];
}

export class SessionStore {
  private readonly sessions = new Map<string, Session>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly idleTimeoutMs: number,
    private readonly onExpire: (session: Session) => void,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  open(devId: string, encoding: Encoding, address: string): Session {
    const now = Date.now();
    const session: Session = {
      token: randomBytes(24).toString('base64url'),
      devId,
      encoding,
      startedAt: now,
      lastSeen: now,
      awaiting: [],
      packages: 0,
      addresses: [address],
    };
    this.sessions.set(session.token, session);
    this.ensureSweeper();
    return session;
  }

  get(token: string): Session | undefined {
    const session = this.sessions.get(token);
    if (session && Date.now() - session.lastSeen > this.idleTimeoutMs) {
      this.expire(session);
      return undefined;
    }
    return session;
  }

  close(session: Session): void {
    this.sessions.delete(session.token);
  }

  all(): Session[] {
    return [...this.sessions.values()];
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private expire(session: Session): void {
    this.sessions.delete(session.token);
    this.onExpire(session);
  }

  private ensureSweeper(): void {
    if (this.timer) return;
    const period = Math.max(50, Math.min(this.idleTimeoutMs / 2, 30_000));
    this.timer = setInterval(() => {
      const now = Date.now();
      for (const session of [...this.sessions.values()]) if (now - session.lastSeen > this.idleTimeoutMs) this.expire(session);
      if (this.sessions.size === 0) this.stop();
    }, period);
    this.timer.unref();
  }
}
