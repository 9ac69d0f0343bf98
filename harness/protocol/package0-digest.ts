/**
 * Package#0 credentials and acceptance (K-NOTI, P-NOTI): the SHA256-DIGEST option and the rules a
 * client applies before acting on a notification.
 *
 * Choices this file makes where the profile leaves room:
 * - digest = SHA-256( utf8(secret) || the encoded notification with its 32 digest bytes zeroed ||
 *   utf8(authData) ), with secret = the DMAcc `Auth/Noti/Secret` and authData = the target
 *   device's DevID. Nothing separates the three parts. The reserved header bits are covered.
 * - The digest is computed over the bytes as received (not a re-encoding), so it is located by
 *   decoding; bytes that do not decode fail with the decode error.
 * - An empty secret counts as "no notification credentials", like a missing digest option
 *   (`NOTI_NO_CREDENTIALS`).
 * - checkNotification applies, in this order: decoding, SERVER-ID present (`NOTI_NO_SERVER_ID`),
 *   credentials present (`NOTI_NO_CREDENTIALS`), digest (`NOTI_DIGEST`), TIMESTAMP present and within
 *   ±300 s of `now` inclusive (`NOTI_STALE` for both a missing and an out-of-window TIMESTAMP), and,
 *   only when a NOTIFICATION-ID is present, the caller's `seen` (`NOTI_DUPLICATE`). It does not
 *   record the id: the caller remembers it (see NotificationIdMemory) once it accepts the notification.
 * - Paths are byte offsets: the digest value for `NOTI_DIGEST`, the TIMESTAMP value for a stale
 *   one, the NOTIFICATION-ID value for a duplicate; errors about an absent option carry no path.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { decodePackage0Layout, encodePackage0, PACKAGE0_DIGEST_BYTES, PACKAGE0_OPTION, type Notification, type Package0Layout } from './package0.ts';
import { fail, ok, type Result } from './result.ts';

/** Stable error codes of notification acceptance (decode errors come from PACKAGE0_ERROR). */
export const NOTIFICATION_CHECK_ERROR = {
  NO_SERVER_ID: 'NOTI_NO_SERVER_ID',
  NO_CREDENTIALS: 'NOTI_NO_CREDENTIALS',
  DIGEST: 'NOTI_DIGEST',
  STALE: 'NOTI_STALE',
  DUPLICATE: 'NOTI_DUPLICATE',
} as const;

/** A TIMESTAMP further than this from the client's clock (in seconds) is stale. */
export const NOTIFICATION_TIMESTAMP_WINDOW_SECONDS = 300;

const ZERO_DIGEST = new Uint8Array(PACKAGE0_DIGEST_BYTES);

function digestValueOffset(layout: Package0Layout): number | undefined {
  return layout.options.find((o) => o.number === PACKAGE0_OPTION.SHA256_DIGEST)?.valueOffset;
}

function digestAt(bytes: Uint8Array, offset: number, secret: string, devId: string): Uint8Array {
  const hash = createHash('sha256');
  hash.update(Buffer.from(secret, 'utf8'));
  hash.update(bytes.subarray(0, offset));
  hash.update(ZERO_DIGEST);
  hash.update(bytes.subarray(offset + PACKAGE0_DIGEST_BYTES));
  hash.update(Buffer.from(devId, 'utf8'));
  return new Uint8Array(hash.digest());
}

function noDigest(): { ok: false; error: { code: string; message: string } } {
  return fail(NOTIFICATION_CHECK_ERROR.NO_CREDENTIALS, 'The notification carries no SHA256-DIGEST option, so it has no credentials.');
}

/** The digest an encoded notification should carry; its own digest bytes are treated as zero. */
export function computeDigest(bytes: Uint8Array, secret: string, devId: string): Result<Uint8Array> {
  const layout = decodePackage0Layout(bytes);
  if (!layout.ok) return layout;
  const offset = digestValueOffset(layout.value);
  if (offset === undefined) return noDigest();
  return ok(digestAt(bytes, offset, secret, devId));
}

/**
 * Encodes `n` with a SHA256-DIGEST option (any digest in `n` is replaced) and writes the digest
 * into place. Throws a RangeError when `n` is not encodable (encodePackage0 names the member).
 */
export function signNotification(n: Notification, secret: string, devId: string): Uint8Array {
  const encoded = encodePackage0({ ...n, digest: ZERO_DIGEST });
  if (!encoded.ok) throw new RangeError(`Cannot sign the notification: ${encoded.error.message} (${encoded.error.path ?? ''})`);
  const bytes = encoded.value;
  const layout = decodePackage0Layout(bytes);
  const offset = layout.ok ? digestValueOffset(layout.value) : undefined;
  if (offset === undefined) throw new RangeError('Cannot sign the notification: its encoding does not decode.');
  bytes.set(digestAt(bytes, offset, secret, devId), offset);
  return bytes;
}

function verifyLayout(bytes: Uint8Array, layout: Package0Layout, secret: string, devId: string): Result<true> {
  const offset = digestValueOffset(layout);
  if (offset === undefined) return noDigest();
  if (secret === '') return fail(NOTIFICATION_CHECK_ERROR.NO_CREDENTIALS, 'The account has no notification secret, so no notification can be authenticated.');
  const expected = digestAt(bytes, offset, secret, devId);
  const carried = bytes.subarray(offset, offset + PACKAGE0_DIGEST_BYTES);
  if (!timingSafeEqual(expected, carried)) {
    return fail(NOTIFICATION_CHECK_ERROR.DIGEST, 'The SHA256-DIGEST does not match the notification secret and device ID.', String(offset));
  }
  return ok(true);
}

/** Checks the digest of an encoded notification in constant time. */
export function verifyDigest(bytes: Uint8Array, secret: string, devId: string): Result<true> {
  const layout = decodePackage0Layout(bytes);
  if (!layout.ok) return layout;
  return verifyLayout(bytes, layout.value, secret, devId);
}

export interface NotificationCheckOptions {
  /** The DMAcc `Auth/Noti/Secret` of the account of the sending server; empty means none. */
  secret: string;
  /** The DevID of the device receiving the notification. */
  devId: string;
  /** The client's clock, POSIX seconds. */
  now: number;
  /** Whether this server sent this NOTIFICATION-ID in the last 24 hours. */
  seen: (serverId: string, notificationId: number) => boolean;
}

/** Decides whether a client may act on a notification; every reason to ignore it has its own code. */
export function checkNotification(bytes: Uint8Array, options: NotificationCheckOptions): Result<Notification> {
  const layout = decodePackage0Layout(bytes);
  if (!layout.ok) return layout;
  const { notification: n, options: spans } = layout.value;
  if (n.serverId === undefined) return fail(NOTIFICATION_CHECK_ERROR.NO_SERVER_ID, 'The notification has no SERVER-ID option.');
  const verified = verifyLayout(bytes, layout.value, options.secret, options.devId);
  if (!verified.ok) return verified;
  if (n.timestamp === undefined) {
    return fail(NOTIFICATION_CHECK_ERROR.STALE, 'The notification has no TIMESTAMP option, so a replay cannot be ruled out.');
  }
  if (Math.abs(options.now - n.timestamp) > NOTIFICATION_TIMESTAMP_WINDOW_SECONDS) {
    const at = spans.find((o) => o.number === PACKAGE0_OPTION.TIMESTAMP)?.valueOffset;
    const skew = options.now - n.timestamp;
    const when = skew > 0 ? `${skew} s in the past` : `${-skew} s in the future`;
    return fail(
      NOTIFICATION_CHECK_ERROR.STALE,
      `The TIMESTAMP is ${when}, outside the ±${NOTIFICATION_TIMESTAMP_WINDOW_SECONDS} s window.`,
      at === undefined ? undefined : String(at),
    );
  }
  if (n.notificationId !== undefined && options.seen(n.serverId, n.notificationId)) {
    const at = spans.find((o) => o.number === PACKAGE0_OPTION.NOTIFICATION_ID)?.valueOffset;
    return fail(
      NOTIFICATION_CHECK_ERROR.DUPLICATE,
      `Server "${n.serverId}" already sent NOTIFICATION-ID ${n.notificationId} within 24 hours.`,
      at === undefined ? undefined : String(at),
    );
  }
  return ok(n);
}
