/**
 * The last answer of each session, kept so that a retransmitted Package#3 is answered again instead
 * of being processed twice (P-SESSION, P-WS, ours): a device whose connection dropped after it sent a
 * Package#3 and before the Package#2 came cannot know whether the server executed it, so it sends the
 * identical Package#3 again (same session URI, same media type, byte-identical body once content
 * coding is undone). A Package#3 identical to the last one the session answered gets that answer's
 * Package#2 again, byte for byte, and nothing of it is processed again — also after the Package#2
 * that ended the session (END), for a grace period; after it the session URI is unknown (404). One
 * that comes on the very connection the answer went out on is no retransmission (a device sends again
 * only after its connection dropped): it is processed as the next Package#3.
 * Memory is bounded: one answer per session, an ended session's dropped after the grace period.
 */
import { createHash } from 'node:crypto';
import type { EndpointReply, EndpointRequest } from '../transport/http-endpoint.ts';

/** (ours) How long the answer of a session that ended stays available to a retransmission. */
export const RETRANSMIT_GRACE_MS = 60_000;

interface Answered {
  devId: string;
  /** The hash of the Package#3 answered (media type and body). */
  package3: string;
  reply: EndpointReply;
  /** The connection the answer went out on (an id), when known. */
  connection?: number;
  /** When an ended session's answer is dropped; open sessions keep theirs while they live. */
  until: number;
}

/** The identity of a Package#3: its media type (essence) and its body, content coding undone. */
export function package3Identity(req: Pick<EndpointRequest, 'headers' | 'body'>): string {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  return createHash('sha256').update(type).update('\n').update(req.body).digest('base64url');
}

/** A number per connection object, held weakly: an answer does not keep a closed socket alive. */
const connectionIds = new WeakMap<object, number>();
let nextConnectionId = 1;
function connectionIdOf(connection: object | undefined): number | undefined {
  if (!connection) return undefined;
  let id = connectionIds.get(connection);
  if (id === undefined) {
    id = nextConnectionId++;
    connectionIds.set(connection, id);
  }
  return id;
}

type Package3Request = Pick<EndpointRequest, 'headers' | 'body' | 'connection'>;

export class RetransmitCache {
  private readonly answers = new Map<string, Answered>();
  private prunedAt = 0;

  constructor(readonly graceMs = RETRANSMIT_GRACE_MS) {}

  /** Answers kept now (open sessions and ended ones within their grace period). */
  get size(): number {
    return this.answers.size;
  }

  /** Keeps the answer to a session's Package#3 (replacing the previous one); `ended`: that answer ended the session. */
  remember(token: string, devId: string, req: Package3Request, reply: EndpointReply, ended: boolean): void {
    this.prune();
    const connection = connectionIdOf(req.connection);
    this.answers.set(token, {
      devId,
      package3: package3Identity(req),
      reply,
      ...(connection !== undefined ? { connection } : {}),
      until: ended ? Date.now() + this.graceMs : Number.POSITIVE_INFINITY,
    });
  }

  /** The device of an ended session whose answer is still kept (a retransmission may come for it). */
  endedSessionOf(token: string): string | undefined {
    const a = this.live(token);
    return a && a.until !== Number.POSITIVE_INFINITY ? a.devId : undefined;
  }

  /**
   * The kept answer when this Package#3 of that device is identical to the last one its session
   * answered and comes on another connection than that answer went out on.
   */
  replay(token: string, devId: string, req: Package3Request): EndpointReply | undefined {
    const a = this.live(token);
    if (!a || a.devId !== devId || a.package3 !== package3Identity(req)) return undefined;
    if (a.connection !== undefined && a.connection === connectionIdOf(req.connection)) return undefined;
    return a.reply;
  }

  /** Drops a session's answer (it expired or broke on a protocol error: its URI is unknown from now). */
  forget(token: string): void {
    this.answers.delete(token);
  }

  private live(token: string): Answered | undefined {
    const a = this.answers.get(token);
    if (a && a.until <= Date.now()) {
      this.answers.delete(token);
      return undefined;
    }
    return a;
  }

  /** Drops ended sessions' answers past their grace period (at most once a second: remember stays cheap). */
  private prune(): void {
    const now = Date.now();
    if (now - this.prunedAt < 1_000) return;
    this.prunedAt = now;
    for (const [token, a] of this.answers) if (a.until <= now) this.answers.delete(token);
  }
}
