/**
 * What the interop proxy keeps of the traffic between a client IUT and a server IUT: each HTTP
 * exchange as it crossed (headers and body bytes, unchanged), each WebSocket upgrade and each DM
 * frame of an upgraded connection. Bounded: at most MAX_RECORDS records and MAX_KEPT_BYTES body
 * bytes per tap; past either, later traffic is counted and still forwarded, not kept.
 */

export interface TappedHttp {
  seq: number;
  at: number;
  kind: 'http';
  method: string;
  path: string;
  requestHeaders: Record<string, string>;
  requestBody: Buffer;
  status?: number;
  responseHeaders?: Record<string, string>;
  responseBody?: Buffer;
  /** Why the exchange did not complete through the proxy (the upstream refused, a bound was hit). */
  error?: string;
  ms: number;
}

export interface TappedUpgrade {
  seq: number;
  at: number;
  kind: 'upgrade';
  path: string;
  requestHeaders: Record<string, string>;
  /** The upstream's status line and headers, as they came back. */
  status?: number;
  responseHeaders?: Record<string, string>;
  error?: string;
}

export interface TappedFrame {
  seq: number;
  at: number;
  kind: 'frame';
  /** Which way the frame went: from the client IUT to the server IUT, or back. */
  direction: 'to-server' | 'to-client';
  binary: boolean;
  payload: Buffer;
}

export type TapRecord = TappedHttp | TappedUpgrade | TappedFrame;

export const MAX_RECORDS = 5_000;
export const MAX_KEPT_BYTES = 32 * 1024 * 1024;

/** Header names and values as a flat record (repeated headers joined by ", " — only for display and checks). */
export function headerRecord(raw: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    out[name] = out[name] === undefined ? raw[i + 1]! : `${out[name]}, ${raw[i + 1]!}`;
  }
  return out;
}

export class WireTap {
  private readonly records: TapRecord[] = [];
  private seq = 0;
  private keptBytes = 0;
  /** Records not kept past the bounds. */
  dropped = 0;

  /** Numbers a record; keeps it when within the bounds (its body bytes counted). */
  add<R extends TapRecord>(record: Omit<R, 'seq'>, bytes: number): R {
    const full = { ...record, seq: ++this.seq } as R;
    if (this.records.length >= MAX_RECORDS || this.keptBytes + bytes > MAX_KEPT_BYTES) this.dropped += 1;
    else {
      this.keptBytes += bytes;
      this.records.push(full);
    }
    return full;
  }

  /** A mark: the records after it are what one scenario saw. */
  mark(): number {
    return this.seq;
  }

  since(mark: number): TapRecord[] {
    return this.records.filter((r) => r.seq > mark);
  }

  all(): TapRecord[] {
    return [...this.records];
  }
}
