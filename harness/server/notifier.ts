/**
 * Sends Package#0 (K-NOTI, P-NOTI) to a device: SERVER-ID, a NOTIFICATION-ID that counts up per
 * server, the current TIMESTAMP and the SHA-256 digest keyed with the device's `Auth/Noti/Secret`,
 * as a frame over the WebSocket the device holds open (P-WS) when it has one, else POSTed as
 * `application/vnd.oma.dm.notification` to the device's notification URL.
 */
import { randomInt } from 'node:crypto';
import { NOTIFICATION_MEDIA_TYPE } from '../protocol/media-types.ts';
import { signNotification } from '../protocol/package0-digest.ts';
import type { PreferredConType } from '../protocol/package0.ts';
import { fail, ok, type Result } from '../protocol/result.ts';
import { HttpFailure, type HttpClient } from '../transport/http-client.ts';

export interface NotifyRequest {
  devId: string;
  /** The device's notification URL (HTTP delivery), when it has one. */
  url?: string;
  /** Sends the Package#0 over the device's open WebSocket; false when it has none (P-WS). */
  ws?: (bytes: Uint8Array) => boolean;
  secret: string;
  reqMos?: boolean;
  preferredConType?: PreferredConType;
}

export interface NotifyOutcome {
  notificationId: number;
  /** How it went: over the device's WebSocket, or POSTed to its notification URL. */
  via: 'ws' | 'http';
  /** The device's answer to the POST (HTTP delivery only). */
  httpStatus?: number;
  bytes: number;
}

export class Notifier {
  private nextId = randomInt(0, 0x10000);

  constructor(
    private readonly serverId: string,
    private readonly http: HttpClient,
  ) {}

  async notify(req: NotifyRequest): Promise<Result<NotifyOutcome>> {
    const notificationId = this.nextId;
    this.nextId = (this.nextId + 1) & 0xffff;
    const bytes = signNotification(
      {
        version: 0,
        serverId: this.serverId,
        notificationId,
        timestamp: Math.floor(Date.now() / 1000),
        reqMos: req.reqMos ?? false,
        ...(req.preferredConType !== undefined ? { preferredConType: req.preferredConType } : {}),
      },
      req.secret,
      req.devId,
    );
    if (req.ws?.(bytes)) return ok({ notificationId, via: 'ws', bytes: bytes.length });
    if (!req.url) return fail('NOTIFY_NO_URL', `${req.devId} holds no WebSocket open to this server and has no notification URL: it cannot be notified`);
    try {
      const res = await this.http.send({ method: 'POST', url: req.url, headers: { 'content-type': NOTIFICATION_MEDIA_TYPE }, body: bytes });
      return ok({ notificationId, via: 'http', httpStatus: res.status, bytes: bytes.length });
    } catch (error) {
      const message = error instanceof HttpFailure ? error.message : String(error);
      return fail('NOTIFY_UNREACHABLE', `the notification to ${req.url} was not delivered: ${message}`);
    }
  }
}
