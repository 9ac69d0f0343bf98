/**
 * The client's memory of NOTIFICATION-IDs (P-NOTI): a notification whose id the same server sent in
 * the last 24 hours is a duplicate and is ignored.
 *
 * Choices: time is POSIX seconds passed in by the caller (no hidden clock); an id recorded at t is
 * remembered while now - t < ttl (default 86 400 s). Entries are keyed by (serverId, id), so each
 * server has its own id space. The memory is bounded (default 4096 entries over all servers): when
 * full, expired entries go first, then the oldest recorded entry. Recording an id again refreshes it.
 * Eviction under a flood can forget an id early; the TIMESTAMP window (±300 s) still limits replays.
 */

export interface NotificationIdMemoryOptions {
  /** How long an id is remembered, in seconds (default 86 400 = 24 h). */
  ttlSeconds?: number;
  /** Upper bound on remembered ids over all servers (default 4096). */
  maxEntries?: number;
}

export class NotificationIdMemory {
  static readonly DEFAULT_TTL_SECONDS = 86_400;
  static readonly DEFAULT_MAX_ENTRIES = 4096;

  readonly ttlSeconds: number;
  readonly maxEntries: number;
  /** Key -> time recorded; Map order is recording order, oldest first. */
  private readonly entries = new Map<string, number>();

  constructor(options: NotificationIdMemoryOptions = {}) {
    this.ttlSeconds = options.ttlSeconds ?? NotificationIdMemory.DEFAULT_TTL_SECONDS;
    this.maxEntries = Math.max(1, options.maxEntries ?? NotificationIdMemory.DEFAULT_MAX_ENTRIES);
  }

  private static key(serverId: string, notificationId: number): string {
    return `${serverId.length}:${serverId}:${notificationId}`;
  }

  /** Whether `serverId` sent `notificationId` within the last ttl seconds before `now`. */
  has(serverId: string, notificationId: number, now: number): boolean {
    const at = this.entries.get(NotificationIdMemory.key(serverId, notificationId));
    return at !== undefined && now - at < this.ttlSeconds;
  }

  /** Records that `serverId` sent `notificationId` at `now`. */
  remember(serverId: string, notificationId: number, now: number): void {
    const key = NotificationIdMemory.key(serverId, notificationId);
    this.entries.delete(key);
    this.prune(now);
    if (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, now);
  }

  /** Drops the expired entries at the old end of the memory. */
  prune(now: number): void {
    for (const [key, at] of this.entries) {
      if (now - at < this.ttlSeconds) break;
      this.entries.delete(key);
    }
  }

  /** The `seen` predicate of checkNotification, at time `now`. */
  seenAt(now: number): (serverId: string, notificationId: number) => boolean {
    return (serverId, notificationId) => this.has(serverId, notificationId, now);
  }

  /** Number of ids held, expired or not. */
  get size(): number {
    return this.entries.size;
  }
}
