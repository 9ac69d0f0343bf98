/**
 * The tracing hook every transport reports to: one event per HTTP message (or WebSocket frame) that
 * crosses a socket, with its raw bytes. Consumers (logs, conformance evidence) decode and redact.
 */

export interface TraceEvent {
  /** Milliseconds since the epoch. */
  at: number;
  /** Who reports: the reference client, the reference server, or the harness. */
  side: 'client' | 'server' | 'harness';
  /** out: this side sent it; in: this side received it. */
  direction: 'out' | 'in';
  kind: 'request' | 'response' | 'frame';
  method?: string;
  url?: string;
  status?: number;
  headers: Record<string, string>;
  /** The body as it crossed the socket after content decoding (empty for none). */
  body: Uint8Array;
  /** Bytes on the wire for the body (before content decoding). */
  wireBytes: number;
  peer?: string;
  /**
   * The message broke a bound of the receiving side (too large, stalled, too slow): what the peer
   * did, e.g. "the request body exceeded 1 MiB (1.5 MiB received)". Its body is then what was kept.
   */
  problem?: string;
}

export type TraceSink = (event: TraceEvent) => void;

export function flattenHeaders(headers: Record<string, string | string[] | number | undefined> | Headers): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers instanceof Headers) {
    headers.forEach((value, key) => {
      out[key] = value;
    });
    return out;
  }
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[key.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
  }
  return out;
}
