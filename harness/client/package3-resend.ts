/**
 * What a device does when its connection drops with a Package#3 in flight (P-SESSION, P-WS, ours): it
 * cannot know whether the server executed it, so it sends the identical Package#3 again — same session
 * URI, same media type, the same body — on a new connection (a new WebSocket, or a new HTTP request;
 * from a new address is fine), a bounded number of times, then gives up. The server answers an
 * identical Package#3 with the Package#2 it sent before, without processing it again.
 *
 * So that a server never takes a new Package#3 for a retransmission, two consecutive Package#3s of a
 * session are never byte-identical: when the next one would be (the same commands with the same
 * results), the device adds an empty `Alert` array to it (or leaves it out, if the previous had one).
 */
import { encodeBody } from '../protocol/body-codec.ts';
import type { Encoding } from '../protocol/media-types.ts';
import type { Package3 } from '../protocol/packages.ts';
import { HttpFailure } from '../transport/http-client.ts';

/** The waits before each resend of a Package#3 whose connection dropped (three resends, then the session aborts). */
export const RESEND_WAITS_MS: readonly number[] = [250, 1_000, 2_000];

/**
 * Whether a failure to get the answer to a Package#3 is the connection dropping (refused, reset, closed
 * before or during the answer): then the device resends it. A timeout, an oversized or undecodable
 * answer, a TLS failure or an HTTP error status is not: the session aborts as before.
 */
export function resendable(error: unknown): boolean {
  return error instanceof HttpFailure && error.code === 'UNREACHABLE';
}

/**
 * The body of the next Package#3, never byte-identical to the previous one of the session: a server
 * would take it for a retransmission and answer the previous Package#2 again.
 */
export function distinctPackage3(p3: Package3, encoding: Encoding, previous: Uint8Array | undefined): Uint8Array {
  const plain = encodeBody(p3, encoding);
  if (!previous || !Buffer.from(plain).equals(Buffer.from(previous))) return plain;
  const toggled: Package3 = p3.Alert === undefined ? { ...p3, Alert: [] } : { Status: p3.Status, ...(p3.Alert.length > 0 ? { Alert: p3.Alert } : {}) };
  return encodeBody(toggled, encoding);
}
