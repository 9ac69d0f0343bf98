/**
 * The P-WS frame (docs/protocol.md, "WebSocket binding"): every DM message over the WebSocket is one
 * binary frame whose first line (up to LF) is its head and whose rest is the body, byte for byte the
 * body an HTTP message would carry (JSON or CBOR, not content-coded).
 *
 * - The head is the media type (PROFILE P-WS: "first line is the media type") — (ours:) optionally
 *   followed by one space and the target URI, the URI an HTTP POST of the package would go to: the
 *   DM URL for a Package#1, the URI of the last CONT for a Package#3. Without a target a package goes
 *   to the DM URL. A session moving between HTTP and WS keeps its session URI (P-SESSION).
 * - (ours:) An error the server would answer with an HTTP status goes as a frame of media type
 *   `application/problem+json` (RFC 9457) whose body holds `status` and `detail`.
 * - Package#0 goes as a frame of media type `application/vnd.oma.dm.notification`, at any time.
 */
import { fail, ok, type Result } from './result.ts';

/** The WebSocket subprotocol of P-WS. */
export const DM_WS_SUBPROTOCOL = 'oma.dm.2.0';

/** The media type of a frame carrying an HTTP-like error status (RFC 9457 problem details). */
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/** The longest head a frame may have (media type, parameters and target URI). */
export const MAX_FRAME_HEAD = 2048;

export interface DmFrame {
  /** The media type (parameters allowed, no line break). */
  type: string;
  /** Where the package goes (the URI an HTTP POST would target), when given. */
  target?: string;
  body: Uint8Array;
}

const LF = 0x0a;

export function encodeDmFrame(frame: DmFrame): Buffer {
  if (/[\r\n]/.test(frame.type) || (frame.target !== undefined && /[\s]/.test(frame.target))) {
    throw new Error('a P-WS frame head holds no line break, and its target URI no white space');
  }
  const head = frame.target === undefined ? frame.type : `${frame.type} ${frame.target}`;
  return Buffer.concat([Buffer.from(`${head}\n`, 'utf8'), Buffer.from(frame.body)]);
}

export function decodeDmFrame(bytes: Uint8Array): Result<DmFrame> {
  const limit = Math.min(bytes.length, MAX_FRAME_HEAD + 1);
  let end = -1;
  for (let i = 0; i < limit; i++) {
    if (bytes[i] === LF) {
      end = i;
      break;
    }
  }
  if (end < 0) {
    return bytes.length > MAX_FRAME_HEAD
      ? fail('WS_FRAME', `the frame's first line (its media type) is longer than ${MAX_FRAME_HEAD} bytes`)
      : fail('WS_FRAME', 'the frame has no first line: a P-WS frame starts with its media type and a line feed');
  }
  const head = Buffer.from(bytes.subarray(0, end)).toString('utf8').replace(/\r$/, '');
  const space = head.search(/ (?=[^ ]*$)/);
  // A media type may hold spaces in its parameters ("; charset=utf-8"): the target is the last word, when it is a URI.
  const last = space >= 0 ? head.slice(space + 1) : '';
  const isTarget = /^(?:[a-z][a-z0-9+.-]*:\/\/|\/)\S*$/i.test(last);
  const type = (isTarget ? head.slice(0, space) : head).trim();
  if (!/^[\w.+-]+\/[\w.+-]+/.test(type)) return fail('WS_FRAME', `the frame's first line "${head.slice(0, 120)}" does not start with a media type`);
  return ok({ type, ...(isTarget ? { target: last } : {}), body: bytes.subarray(end + 1) });
}

/** A problem frame (an HTTP-like error over the WebSocket). */
export function problemFrame(status: number, detail: string): DmFrame {
  return { type: PROBLEM_MEDIA_TYPE, body: Buffer.from(JSON.stringify({ status, detail })) };
}

/** The status and detail of a problem frame's body; status 500 when the body does not say. */
export function readProblem(body: Uint8Array): { status: number; detail: string } {
  try {
    const value = JSON.parse(Buffer.from(body).toString('utf8')) as { status?: unknown; detail?: unknown };
    const status = typeof value.status === 'number' && Number.isInteger(value.status) && value.status >= 100 && value.status <= 599 ? value.status : 500;
    return { status, detail: typeof value.detail === 'string' ? value.detail.slice(0, 500) : '' };
  } catch {
    return { status: 500, detail: 'an unreadable problem frame' };
  }
}

/** The WebSocket URL of a DM URL: https → wss, http → ws, same host, port and path. */
export function wsUrlOf(dmUrl: string): string {
  const url = new URL(dmUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : url.protocol === 'http:' ? 'ws:' : url.protocol;
  return url.href;
}
