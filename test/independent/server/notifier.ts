// Package#0 sending (K-NOTI, P-NOTI): SERVER-ID, a NOTIFICATION-ID not used for that device in 24 h,
// TIMESTAMP now, REQ-MOS when asked, the SHA-256 digest keyed by the device's notification secret;
// POSTed to the device's notification URL.
import http from 'node:http';
import https from 'node:https';
import { randomInt } from 'node:crypto';
import { MT } from '../common/media.ts';
import { signedPackage0 } from '../common/package0.ts';
import type { DeviceRecord } from './registry.ts';
import { fault } from '../common/faults.ts';

const DAY_MS = 24 * 3600 * 1000;

function freshId(dev: DeviceRecord): number {
  const now = Date.now();
  for (const [id, at] of dev.usedNotificationIds) if (now - at > DAY_MS) dev.usedNotificationIds.delete(id);
  for (;;) {
    const id = randomInt(0, 65536);
    if (!dev.usedNotificationIds.has(id)) {
      dev.usedNotificationIds.set(id, now);
      return id;
    }
  }
}

export async function notify(
  srvId: string,
  dev: DeviceRecord,
  url: string,
  secret: string,
  reqMos: boolean,
): Promise<{ delivered: boolean; httpStatus?: number }> {
  const body = signedPackage0(
    { serverId: srvId, notificationId: freshId(dev), timestamp: Math.floor(Date.now() / 1000), reqMos },
    secret,
    // SEEDED FAULT server-noti-digest-no-devid: the digest leaves the DevID out.
    fault('server-noti-digest-no-devid') ? '' : dev.devId,
  );
  const u = new URL(url);
  const mod = u.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const req = mod.request(
      url,
      { method: 'POST', headers: { 'content-type': MT.notification, 'content-length': body.length }, timeout: 5000 },
      (res) => {
        res.resume();
        const status = res.statusCode ?? 0;
        resolve({ delivered: status >= 200 && status < 300, httpStatus: status });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', () => resolve({ delivered: false }));
    req.end(body);
  });
}
