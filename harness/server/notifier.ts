/**
 * Sends Package#0 (K-NOTI, P-NOTI) to a device over HTTP: SERVER-ID, a NOTIFICATION-ID that counts
 * up per server, the current TIMESTAMP and the SHA-256 digest keyed with the device's
 * `Auth/Noti/Secret`, POSTed as `application/vnd.oma.dm.notification` to the device's notification URL.
 */
import { randomInt } from 'node:crypto';
import { NOTIFICATION_MEDIA_TYPE } from '../protocol/media-types.ts';
import { signNotification } from '../protocol/package0-digest.ts';
import type { PreferredConType } from '../protocol/package0.ts';
import { fail, ok, type Result } from '../protocol/result.ts';
import { HttpFailure, type HttpClient } from '../transport/http-client.ts';

export interface NotifyRequest {
  devId: string;
  url: string;
  secret: string;
  reqMos?: boolean;
  preferredConType?: PreferredConType;
}

export interface NotifyOutcome {
  notificationId: number;
  httpStatus: number;
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
    try {
      const res = await this.http.send({ method: 'POST', url: req.url, headers: { 'content-type': NOTIFICATION_MEDIA_TYPE }, body: bytes });
      return ok({ notificationId, httpStatus: res.status, bytes: bytes.length });
    } catch (error) {
      const message = error instanceof HttpFailure ? error.message : String(error);
      return fail('NOTIFY_UNREACHABLE', `the notification to ${req.url} was not delivered: ${message}`);
    }
  }
}
