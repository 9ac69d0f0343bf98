// Device authentication (K-SEC, P-SEC): HTTP Basic and Digest (RFC 7616, SHA-256 offered, MD5
// answers accepted) against the credentials the operator set per device. Only hashes are kept.
import { createHmac, randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { hashHex, parseAuthParams } from '../common/digest.ts';
import { fault } from '../common/faults.ts';

interface Stored {
  name: string;
  salt: Buffer;
  scrypt: Buffer;
  ha1: Map<string, Map<string, string>>; // algorithm -> realm -> HA1
  password?: never;
}

export type AuthOutcome = { ok: true } | { ok: false; challenge: string[]; why: string };

const NONCE_TTL_MS = 5 * 60_000;

export class DeviceAuth {
  private readonly creds = new Map<string, Stored>();
  private readonly key = randomBytes(32);
  private readonly usedNc = new Map<string, Set<string>>();

  constructor(
    readonly realm: string,
    readonly modes: ('basic' | 'digest')[],
    readonly required: boolean,
  ) {}

  set(devId: string, basic: { name: string; password: string } | undefined): void {
    if (!basic) {
      this.creds.delete(devId);
      return;
    }
    const salt = randomBytes(16);
    const ha1 = new Map<string, Map<string, string>>();
    for (const alg of ['SHA-256', 'MD5']) ha1.set(alg, new Map([[this.realm, hashHex(alg, `${basic.name}:${this.realm}:${basic.password}`)]]));
    this.creds.set(devId, { name: basic.name, salt, scrypt: scryptSync(basic.password, salt, 32), ha1 });
  }

  enrolled(devId: string): boolean {
    return this.creds.has(devId);
  }

  private nonce(): string {
    const body = `${Date.now() + NONCE_TTL_MS}.${randomBytes(12).toString('base64url')}`;
    return `${body}.${createHmac('sha256', this.key).update(body).digest('base64url')}`;
  }

  private challenges(stale = false): string[] {
    const out: string[] = [];
    if (this.modes.includes('basic')) out.push(`Basic realm="${this.realm}", charset="UTF-8"`);
    if (this.modes.includes('digest')) {
      const opaque = createHmac('sha256', this.key).update('opaque').digest('base64url').slice(0, 16);
      out.push(`Digest realm="${this.realm}", qop="auth", algorithm=SHA-256, nonce="${this.nonce()}", opaque="${opaque}", charset=UTF-8${stale ? ', stale=true' : ''}`);
    }
    return out;
  }

  check(devId: string, method: string, target: string, authorization: string | undefined): AuthOutcome {
    const stored = this.creds.get(devId);
    const fail = (why: string, stale = false): AuthOutcome => ({ ok: false, challenge: this.challenges(stale), why });
    if (!authorization) {
      if (this.required || stored) return fail('no credentials');
      return { ok: true };
    }
    const { scheme, params } = parseAuthParams(authorization);
    if (!stored) return fail('credentials for a device without any set');
    if (scheme === 'basic' && this.modes.includes('basic')) {
      const decoded = Buffer.from(authorization.trim().slice(6).trim(), 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) return fail('malformed Basic credentials');
      const name = decoded.slice(0, colon);
      const pw = decoded.slice(colon + 1);
      // SEEDED FAULT server-basic-name-only: the password is never compared.
      const ok = name === stored.name && (fault('server-basic-name-only') || timingSafeEqual(scryptSync(pw, stored.salt, 32), stored.scrypt));
      return ok ? { ok: true } : fail('wrong Basic credentials');
    }
    if (scheme === 'digest' && this.modes.includes('digest')) return this.checkDigest(stored, method, target, params);
    return fail(`unsupported scheme ${scheme}`);
  }

  private checkDigest(stored: Stored, method: string, target: string, p: Map<string, string>): AuthOutcome {
    const fail = (why: string, stale = false): AuthOutcome => ({ ok: false, challenge: this.challenges(stale), why });
    const nonce = p.get('nonce') ?? '';
    const parts = nonce.split('.');
    if (parts.length !== 3) return fail('unknown nonce');
    const body = `${parts[0]}.${parts[1]}`;
    const mac = createHmac('sha256', this.key).update(body).digest('base64url');
    if (mac !== parts[2]) return fail('unknown nonce');
    const alg = (p.get('algorithm') ?? 'MD5').toUpperCase();
    if (alg !== 'SHA-256' && alg !== 'MD5') return fail(`algorithm ${alg}`);
    if (p.get('username') !== stored.name || p.get('realm') !== this.realm) return fail('wrong user or realm');
    if (p.get('uri') !== target) return fail('uri is not the request-target');
    const opaque = p.get('opaque');
    const ours = createHmac('sha256', this.key).update('opaque').digest('base64url').slice(0, 16);
    if (opaque !== undefined && opaque !== ours) return fail('wrong opaque');
    const qop = p.get('qop');
    const nc = p.get('nc') ?? '';
    const cnonce = p.get('cnonce') ?? '';
    if (qop !== 'auth' || !/^[0-9a-fA-F]{8}$/.test(nc) || cnonce === '') return fail('qop auth with nc and cnonce required');
    const ha1 = stored.ha1.get(alg)!.get(this.realm)!;
    const ha2 = hashHex(alg, `${method}:${target}`);
    const expected = hashHex(alg, `${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
    const given = p.get('response') ?? '';
    if (given.length !== expected.length || !timingSafeEqual(Buffer.from(given), Buffer.from(expected))) return fail('wrong Digest response');
    if (Number(parts[0]) < Date.now()) return fail('nonce expired', true);
    const used = this.usedNc.get(nonce) ?? new Set<string>();
    const ncKey = nc.toLowerCase();
    if (used.has(ncKey)) return fail('nonce-count replayed');
    used.add(ncKey);
    this.usedNc.set(nonce, used);
    return { ok: true };
  }
}
