/**
 * How the reference server authenticates devices (K-SEC, P-SEC): HTTP Basic, HTTP Digest (RFC 7616)
 * and X.509 client certificates, each enabled by the server's options; per device, the operator
 * says which credentials it has (`setCredentials`). Every Package#1 and Package#3 is checked on its
 * own, against the credentials of the device its OMADM-DevID names.
 *
 * Our choices (docs/protocol.md, P-SEC):
 * - A package is accepted when any credential it presents is valid for that device. It is refused
 *   (401) when it presents credentials and none is valid, or presents none while authentication is
 *   required or the operator gave that device credentials (an enrolled device cannot be impersonated
 *   by leaving credentials out). Otherwise a package presenting nothing is processed anonymously.
 * - `basic` credentials (name, password) serve both the Basic and the Digest mode. Only hashes are
 *   kept: H(A1) for SHA-256 and MD5 and a salted SHA-256 of the password for Basic.
 * - Digest: challenges offer SHA-256 only, qop="auth"; a response made with algorithm=MD5 (or no
 *   algorithm, as RFC 2617 devices send) is accepted too. The nonce is the expiry time, random bytes
 *   and an HMAC under a key of this server instance (a nonce of another server, or a forged one, is
 *   unknown); an expired nonce with a correct response is answered with `stale=true`; a nonce-count
 *   seen before with that nonce is a replay (401). userhash, -sess algorithms and auth-int are not
 *   supported.
 * - X.509: valid when the TLS handshake verified the certificate against the configured CA and its
 *   subject CN, or one of its subjectAltName values, equals the DevID — and the operator said this
 *   device authenticates by certificate (`x509: true`).
 * - The 401 carries one WWW-Authenticate per enabled HTTP mode; a certificate has no HTTP challenge,
 *   so with `x509` the only mode the 401 carries none.
 * Nothing here logs a name, a password, or an Authorization value.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { fail, ok, type Result } from '../protocol/result.ts';
import {
  digestAlgorithmOf,
  digestHa1,
  digestResponse,
  parseAuthHeader,
  parseBasicCredentials,
  quote,
  safeEqual,
  type AuthItem,
  type DigestAlgorithm,
} from '../security/http-auth.ts';
import type { EndpointReply, EndpointRequest } from '../transport/http-endpoint.ts';

export type ClientAuthMode = 'basic' | 'digest' | 'x509';

export const CLIENT_AUTH_MODES: readonly ClientAuthMode[] = ['basic', 'digest', 'x509'];

export interface ClientAuthOptions {
  modes: ClientAuthMode[];
  /** Refuse packages that present no credentials (401). */
  required: boolean;
  /** PEM of the CA(s) device certificates chain to (needed for `x509`). */
  ca?: string;
  /** The Basic/Digest realm (default: the server's SrvID). */
  realm?: string;
  /** How long a Digest nonce stays fresh (default 300 000 ms). */
  nonceTtlMs?: number;
}

/** What the operator knows of a device's credentials. */
export interface DeviceCredentials {
  /** Name and password, for Basic and Digest. */
  basic?: { name: string; password: string };
  /** The device authenticates by its certificate (CN or subjectAltName = DevID). */
  x509?: boolean;
}

export type AuthVerdict = { ok: true; by?: ClientAuthMode } | { ok: false; reason: string; reply: EndpointReply };

interface StoredCredentials {
  name?: string;
  basicSalt?: Buffer;
  basicHash?: Buffer;
  ha1?: Record<DigestAlgorithm, string>;
  x509: boolean;
}

const DEFAULT_NONCE_TTL_MS = 300_000;
const NONCE_BODY = 8 + 12;
const NONCE_MAC = 16;
/** At most this many nonce-counts remembered per nonce (a device uses one per package). */
const MAX_COUNTS_PER_NONCE = 4096;

type NonceState = 'fresh' | 'stale' | 'unknown';

type Attempt = { ok: true; by: ClientAuthMode } | { ok: false; reason: string; stale?: boolean };

export class ClientAuthenticator {
  private readonly credentials = new Map<string, StoredCredentials>();
  private readonly key = randomBytes(32);
  private readonly opaque = randomBytes(12).toString('base64url');
  /** Nonce -> (expiry, nonce-counts seen). */
  private readonly counts = new Map<string, { expires: number; seen: Set<string> }>();
  readonly realm: string;
  readonly nonceTtlMs: number;

  constructor(
    readonly options: ClientAuthOptions,
    srvId: string,
  ) {
    this.realm = options.realm ?? srvId;
    this.nonceTtlMs = options.nonceTtlMs ?? DEFAULT_NONCE_TTL_MS;
    for (const m of options.modes) {
      if (!CLIENT_AUTH_MODES.includes(m)) throw new TypeError(`clientAuth: unknown mode "${String(m)}" (basic, digest or x509)`);
    }
  }

  get enabled(): boolean {
    return this.options.modes.length > 0 || this.options.required;
  }

  /** Sets (replaces) a device's credentials; `{}` forgets them. */
  setCredentials(devId: string, creds: DeviceCredentials): Result<void> {
    if (!devId) return fail('OPERATOR', 'a device ID is needed');
    const stored: StoredCredentials = { x509: creds.x509 === true };
    if (creds.basic !== undefined) {
      const { name, password } = creds.basic;
      if (typeof name !== 'string' || name.length === 0) return fail('OPERATOR', 'basic.name must be a non-empty string');
      if (name.includes(':')) return fail('OPERATOR', 'basic.name must not contain ":" (RFC 7617)');
      if (typeof password !== 'string' || password.length === 0) return fail('OPERATOR', 'basic.password must be a non-empty string');
      stored.name = name;
      stored.basicSalt = randomBytes(16);
      stored.basicHash = saltedHash(stored.basicSalt, password);
      stored.ha1 = { 'SHA-256': digestHa1('SHA-256', name, this.realm, password), MD5: digestHa1('MD5', name, this.realm, password) };
    }
    if (stored.name === undefined && !stored.x509) this.credentials.delete(devId);
    else this.credentials.set(devId, stored);
    return ok(undefined);
  }

  /** Which kinds of credentials the operator gave a device (never the values). */
  credentialsOf(devId: string): { basic: boolean; x509: boolean } {
    const c = this.credentials.get(devId);
    return { basic: c?.name !== undefined, x509: c?.x509 ?? false };
  }

  /** Checks one package's credentials for the device its OMADM-DevID names. */
  check(req: EndpointRequest, devId: string): AuthVerdict {
    const { modes, required } = this.options;
    const stored = this.credentials.get(devId);
    const attempts: Attempt[] = [];
    const authorization = req.headers.authorization;
    if (authorization !== undefined && authorization.trim() !== '') {
      const item = parseAuthHeader(authorization)[0];
      if (item?.scheme === 'basic' && modes.includes('basic')) attempts.push(this.basic(item, stored));
      else if (item?.scheme === 'digest' && modes.includes('digest')) attempts.push(this.digest(item, stored, req));
      else attempts.push({ ok: false, reason: `credentials of scheme "${item?.scheme ?? '?'}", which this server does not take` });
    }
    if (modes.includes('x509') && req.peerCertificate) attempts.push(this.certificate(req.peerCertificate, stored, devId));
    const good = attempts.find((a): a is Extract<Attempt, { ok: true }> => a.ok);
    if (good) return { ok: true, by: good.by };
    if (attempts.length === 0 && !required && !stored) return { ok: true };
    const failed = attempts.filter((a): a is Extract<Attempt, { ok: false }> => !a.ok);
    const reason = failed.length === 0 ? 'no credentials' : failed.map((a) => a.reason).join('; ');
    return { ok: false, reason, reply: this.refusal(failed.some((a) => a.stale === true)) };
  }

  /** The 401: one challenge per enabled HTTP mode, a fresh nonce each time. */
  refusal(stale = false): EndpointReply {
    return {
      status: 401,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      challenges: this.challenges(stale),
      body: Buffer.from('authentication required: no valid credentials for this device\n'),
    };
  }

  challenges(stale = false): string[] {
    const out: string[] = [];
    const realm = quote(this.realm);
    if (this.options.modes.includes('basic')) out.push(`Basic realm=${realm}, charset="UTF-8"`);
    if (this.options.modes.includes('digest')) {
      out.push(
        `Digest realm=${realm}, qop="auth", algorithm=SHA-256, nonce=${quote(this.issueNonce())}, opaque=${quote(this.opaque)}, charset=UTF-8${stale ? ', stale=true' : ''}`,
      );
    }
    return out;
  }

  private basic(item: AuthItem, stored: StoredCredentials | undefined): Attempt {
    const given = parseBasicCredentials(item);
    if (!given) return { ok: false, reason: 'Basic: malformed credentials' };
    if (stored?.name === undefined || !stored.basicSalt || !stored.basicHash)
      return { ok: false, reason: 'Basic: the device has no name and password at this server' };
    const nameOk = safeEqual(given.name, stored.name);
    const passwordOk = saltedHash(stored.basicSalt, given.password).equals(stored.basicHash);
    return nameOk && passwordOk ? { ok: true, by: 'basic' } : { ok: false, reason: 'Basic: wrong name or password' };
  }

  private digest(item: AuthItem, stored: StoredCredentials | undefined, req: EndpointRequest): Attempt {
    const p = item.params;
    const algorithm = digestAlgorithmOf(p);
    if (!algorithm) return { ok: false, reason: 'Digest: unsupported algorithm' };
    if ((p.qop ?? '').toLowerCase() !== 'auth') return { ok: false, reason: 'Digest: qop must be auth' };
    if (p.userhash !== undefined && p.userhash.toLowerCase() === 'true') return { ok: false, reason: 'Digest: userhash is not supported' };
    const { username, nonce, uri, response, nc, cnonce } = p;
    if (!username || !nonce || !uri || !response || !nc || !cnonce || !/^[0-9a-fA-F]{8}$/.test(nc))
      return { ok: false, reason: 'Digest: incomplete credentials' };
    if (p.realm !== this.realm) return { ok: false, reason: 'Digest: wrong realm' };
    const state = this.nonceState(nonce);
    if (state === 'unknown') return { ok: false, reason: 'Digest: a nonce this server did not issue' };
    if (p.opaque !== undefined && p.opaque !== this.opaque) return { ok: false, reason: 'Digest: wrong opaque' };
    if (uri !== req.url.pathname + req.url.search) return { ok: false, reason: 'Digest: the uri is not the request-target' };
    if (stored?.name === undefined || !stored.ha1) return { ok: false, reason: 'Digest: the device has no name and password at this server' };
    const expected = digestResponse({ algorithm, ha1: stored.ha1[algorithm], nonce, nc: nc.toLowerCase(), cnonce, method: req.method, uri });
    if (!safeEqual(username, stored.name) || !safeEqual(response.toLowerCase(), expected)) return { ok: false, reason: 'Digest: wrong name or password' };
    if (state === 'stale') return { ok: false, reason: 'Digest: the nonce expired', stale: true };
    if (!this.countOnce(nonce, nc.toLowerCase())) return { ok: false, reason: 'Digest: a nonce-count used before (replay)' };
    return { ok: true, by: 'digest' };
  }

  private certificate(cert: NonNullable<EndpointRequest['peerCertificate']>, stored: StoredCredentials | undefined, devId: string): Attempt {
    if (!cert.authorized)
      return {
        ok: false,
        reason: `X.509: the certificate does not verify against the device CA${cert.authorizationError ? ` (${cert.authorizationError})` : ''}`,
      };
    const names = [...(cert.subjectCN !== undefined ? [cert.subjectCN] : []), ...(cert.subjectAltNames ?? [])];
    if (!names.includes(devId)) return { ok: false, reason: 'X.509: neither the subject CN nor a subjectAltName is the DevID' };
    if (!stored?.x509) return { ok: false, reason: 'X.509: the device is not set to authenticate by certificate at this server' };
    return { ok: true, by: 'x509' };
  }

  private issueNonce(): string {
    const body = Buffer.alloc(NONCE_BODY);
    body.writeBigUInt64BE(BigInt(Date.now() + this.nonceTtlMs), 0);
    randomBytes(12).copy(body, 8);
    const mac = createHmac('sha256', this.key).update(body).digest().subarray(0, NONCE_MAC);
    return Buffer.concat([body, mac]).toString('base64url');
  }

  private nonceState(nonce: string): NonceState {
    if (!/^[A-Za-z0-9_-]+$/.test(nonce)) return 'unknown';
    const raw = Buffer.from(nonce, 'base64url');
    if (raw.length !== NONCE_BODY + NONCE_MAC) return 'unknown';
    const body = raw.subarray(0, NONCE_BODY);
    const mac = createHmac('sha256', this.key).update(body).digest().subarray(0, NONCE_MAC);
    if (!mac.equals(raw.subarray(NONCE_BODY))) return 'unknown';
    return Number(body.readBigUInt64BE(0)) >= Date.now() ? 'fresh' : 'stale';
  }

  /** Remembers a nonce-count; false when that nonce was already used with it. */
  private countOnce(nonce: string, nc: string): boolean {
    const now = Date.now();
    for (const [n, c] of this.counts) if (c.expires < now) this.counts.delete(n);
    const raw = Buffer.from(nonce, 'base64url');
    const expires = Number(raw.readBigUInt64BE(0));
    let entry = this.counts.get(nonce);
    if (!entry) {
      entry = { expires, seen: new Set() };
      this.counts.set(nonce, entry);
    }
    if (entry.seen.has(nc) || entry.seen.size >= MAX_COUNTS_PER_NONCE) return false;
    entry.seen.add(nc);
    return true;
  }
}

function saltedHash(salt: Buffer, password: string): Buffer {
  return createHash('sha256').update(salt).update(password, 'utf8').digest();
}
