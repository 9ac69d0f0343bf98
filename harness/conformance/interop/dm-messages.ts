/**
 * The DM packages in what the interop proxy recorded: each HTTP request and answer, each WebSocket
 * frame, read as a package (K-FLOW: Package#1, #2, #3; P-WS frames; Package#0 over HTTP, K-NOTI),
 * decoded and checked against its schema. A body the codec refuses keeps the reason: that is
 * itself a finding against the peer that sent it.
 */
import { decodeBody } from '../../protocol/body-codec.ts';
import { parseMediaType, NOTIFICATION_MEDIA_TYPE, essence, type Encoding } from '../../protocol/media-types.ts';
import { decodePackage0, type Notification } from '../../protocol/package0.ts';
import type { Package1, Package2, Package3 } from '../../protocol/packages.ts';
import { decodeDmFrame } from '../../protocol/ws-frame.ts';
import { decodeContent } from '../../transport/content-coding.ts';
import { IUT_BODY_MAX_BYTES } from '../iut-limits.ts';
import type { TapRecord } from './wire-tap.ts';

export type DmKind = 'package0' | 'package1' | 'package2' | 'package3' | 'other';

export interface DmMessage {
  seq: number;
  at: number;
  transport: 'http' | 'ws';
  direction: 'to-server' | 'to-client';
  kind: DmKind;
  encoding?: Encoding;
  /** The decoded package, when it decoded and matched its schema. */
  package1?: Package1;
  package2?: Package2;
  package3?: Package3;
  package0?: Notification;
  /** Why the body did not decode (or the exchange failed). */
  problem?: string;
  /** The HTTP status of the answer (to-client) or of the request's exchange. */
  httpStatus?: number;
  /** The request target (HTTP path, or a frame's target URI). */
  target?: string;
  /** The OMADM-DevID header of a request. */
  devId?: string;
  /** The Authorization scheme of a request (never its credentials). */
  authScheme?: string;
  /** The Accept header of a request. */
  accept?: string;
}

const KIND_OF: Record<string, DmKind> = { initiation: 'package1', request: 'package2', response: 'package3' };

function decodeDm(kind: DmKind, encoding: Encoding, bytes: Uint8Array): Partial<DmMessage> {
  const bodyKind = kind === 'package1' ? 'initiation' : kind === 'package2' ? 'request' : 'response';
  const r = decodeBody(bodyKind, bytes, encoding);
  if (!r.ok) return { problem: `the ${kind} body (${encoding}) does not decode: ${r.error.message}` };
  return { [kind]: r.value } as Partial<DmMessage>;
}

function fromBody(contentType: string | undefined, codings: string | undefined, body: Buffer): Partial<DmMessage> {
  if (essence(contentType) === NOTIFICATION_MEDIA_TYPE) {
    const n = decodePackage0(body);
    return n.ok ? { kind: 'package0', package0: n.value } : { kind: 'package0', problem: `the Package#0 does not decode: ${n.error.message}` };
  }
  const media = parseMediaType(contentType);
  const kind = media ? KIND_OF[media.kind] : undefined;
  if (!media || !kind) return { kind: 'other' };
  let bytes: Buffer;
  try {
    bytes = decodeContent(body, codings, IUT_BODY_MAX_BYTES);
  } catch (error) {
    return { kind, encoding: media.encoding, problem: `the body's content coding could not be undone: ${(error as Error).message}` };
  }
  return { kind, encoding: media.encoding, ...decodeDm(kind, media.encoding, bytes) };
}

export function dmMessages(records: readonly TapRecord[]): DmMessage[] {
  const out: DmMessage[] = [];
  for (const r of records) {
    if (r.kind === 'http') {
      const h = r.requestHeaders;
      out.push({
        seq: r.seq,
        at: r.at,
        transport: 'http',
        direction: 'to-server',
        target: r.path,
        ...(h['omadm-devid'] ? { devId: h['omadm-devid'] } : {}),
        ...(h.authorization ? { authScheme: h.authorization.split(' ')[0] } : {}),
        ...(h.accept ? { accept: h.accept } : {}),
        ...(r.status !== undefined ? { httpStatus: r.status } : {}),
        kind: 'other',
        ...fromBody(h['content-type'], h['content-encoding'], r.requestBody),
      });
      if (r.status !== undefined && r.responseBody) {
        const rh = r.responseHeaders ?? {};
        out.push({
          seq: r.seq,
          at: r.at + r.ms,
          transport: 'http',
          direction: 'to-client',
          httpStatus: r.status,
          kind: 'other',
          ...fromBody(rh['content-type'], rh['content-encoding'], r.responseBody),
        });
      }
      if (r.error) out.push({ seq: r.seq, at: r.at + r.ms, transport: 'http', direction: 'to-client', kind: 'other', problem: r.error });
    } else if (r.kind === 'frame') {
      if (!r.binary) {
        out.push({
          seq: r.seq,
          at: r.at,
          transport: 'ws',
          direction: r.direction,
          kind: 'other',
          problem: `a text frame: ${r.payload.toString('utf8').slice(0, 200)}`,
        });
        continue;
      }
      const f = decodeDmFrame(r.payload);
      if (!f.ok) {
        out.push({ seq: r.seq, at: r.at, transport: 'ws', direction: r.direction, kind: 'other', problem: f.error.message });
        continue;
      }
      out.push({
        seq: r.seq,
        at: r.at,
        transport: 'ws',
        direction: r.direction,
        kind: 'other',
        ...(f.value.target ? { target: f.value.target } : {}),
        ...fromBody(f.value.type, undefined, Buffer.from(f.value.body)),
      });
    }
  }
  return out;
}

/** One line per message, for evidence and reasons. */
export function describeMessage(m: DmMessage): string {
  const where = `${m.transport === 'ws' ? 'WS frame' : 'HTTP'} ${m.direction === 'to-server' ? 'client → server' : 'server → client'}`;
  const status = m.httpStatus !== undefined && m.direction === 'to-client' ? ` ${m.httpStatus}` : '';
  const enc = m.encoding ? ` (${m.encoding})` : '';
  let what: string = m.kind;
  if (m.package1) what = `Package#1 alerts ${m.package1.Alert.map((a) => a.AlertType.replace('urn:oma:at:dm:2.0:', '')).join(', ') || 'none'}`;
  if (m.package2) what = `Package#2 ${m.package2.CMD.map((c) => c[0]).join(' ')}`;
  if (m.package3) what = `Package#3 Status ${m.package3.Status.map((s) => s.sc).join(' ')}`;
  if (m.package0) what = `Package#0 SERVER-ID ${m.package0.serverId ?? '-'} NOTIFICATION-ID ${m.package0.notificationId ?? '-'}`;
  return `${where}${status}: ${what}${enc}${m.problem ? ` — ${m.problem}` : ''}`;
}
