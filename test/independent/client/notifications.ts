// Package#0 reception (K-NOTI, P-NOTI) over HTTP POST: a valid, fresh, correctly signed notification
// from a server of the DMAcc opens a server-initiated session (202); anything else is ignored (204).
import http from 'node:http';
import { timingSafeEqual } from 'node:crypto';
import { decodePackage0, package0Digest } from '../common/package0.ts';
import { ALERT } from '../common/media.ts';
import type { Device } from './device.ts';
import { fault } from '../common/faults.ts';

const WINDOW_S = 300;
const REPLAY_MS = 24 * 3600 * 1000;
const REPLAY_MAX = 4096;

export class NotificationListener {
  private server: http.Server | undefined;
  private readonly seen = new Map<string, number>();
  url = '';

  constructor(private readonly device: Device) {}

  async start(): Promise<string> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const accepted = req.method === 'POST' && this.check(Buffer.concat(chunks));
        res.statusCode = accepted ? 202 : 204;
        res.end();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    const addr = this.server.address();
    const port = typeof addr === 'object' && addr ? addr.port : 0;
    this.url = `http://127.0.0.1:${port}/noti`;
    return this.url;
  }

  clear(): void {
    this.seen.clear();
  }

  stop(): void {
    this.server?.close();
  }

  private check(buf: Buffer): boolean {
    const ignore = (why: string): false => {
      this.device.log(`Package#0 ignored: ${why}`);
      return false;
    };
    let decoded;
    try {
      decoded = decodePackage0(buf);
    } catch (e) {
      return ignore(`does not decode (${e instanceof Error ? e.message : String(e)})`);
    }
    const { pkg, digestOffset } = decoded;
    const account = this.device.accounts.find((a) => a.srvId === pkg.serverId);
    if (!account) return ignore('SERVER-ID is not a server of the DMAcc');
    if (!account.notiSecret) return ignore('no notification credentials for that server');
    const zeroed = Buffer.from(buf);
    zeroed.fill(0, digestOffset, digestOffset + 32);
    const expected = package0Digest(account.notiSecret, zeroed, this.device.devId);
    // SEEDED FAULT client-noti-skip-digest: the digest is computed but its comparison is lost.
    if (!timingSafeEqual(expected, Buffer.from(pkg.digest)) && !fault('client-noti-skip-digest')) return ignore('digest does not match');
    // SEEDED FAULT client-noti-no-replay-check: neither the TIMESTAMP window nor the NOTIFICATION-ID history is checked.
    const checkReplay = !fault('client-noti-no-replay-check');
    const now = Math.floor(Date.now() / 1000);
    if (checkReplay && Math.abs(now - pkg.timestamp) > WINDOW_S) return ignore('TIMESTAMP outside the window');
    const key = `${pkg.serverId}\u0000${pkg.notificationId}`;
    const at = this.seen.get(key);
    if (checkReplay && at !== undefined && Date.now() - at < REPLAY_MS) return ignore('NOTIFICATION-ID replayed');
    this.seen.set(key, Date.now());
    if (this.seen.size > REPLAY_MAX) this.seen.delete(this.seen.keys().next().value!);
    this.device.log(`Package#0 accepted from ${pkg.serverId} (id ${pkg.notificationId})`);
    void this.device.enqueueSession(account, {
      reason: 'server-initiated',
      alerts: [{ AlertType: ALERT.serverInitiated, SourceURI: this.url, Data: { NotificationID: pkg.notificationId } }],
    });
    return true;
  }
}
