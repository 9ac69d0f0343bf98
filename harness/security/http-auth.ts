/**
 * HTTP authentication for both reference peers (K-SEC, P-SEC): Basic (RFC 7617) and Digest
 * (RFC 7616, qop=auth; SHA-256, and MD5 for a client that asks for it with algorithm=MD5 or names
 * no algorithm as RFC 2617 clients do). Parsing of challenges and credentials (RFC 9110 §11) and
 * the Digest arithmetic; no state and no I/O: the server's nonces live in
 * harness/server/client-auth.ts, the device's in harness/transport/http-client.ts.
 *
 * Nothing here logs. Passwords and Authorization values never leave this module except in the
 * header value the caller sends.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export type DigestAlgorithm = 'SHA-256' | 'MD5';

/** One challenge (WWW-Authenticate) or one credentials value (Authorization). */
export interface AuthItem {
  /** The auth-scheme, lower case ("basic", "digest"). */
  scheme: string;
  /** auth-params by lower-case name (quoted-strings unquoted). */
  params: Record<string, string>;
  /** The token68 form (Basic credentials). */
  token68?: string;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;
const TOKEN68 = /^([A-Za-z0-9\-._~+/]+=*)[ \t]*(?=,|$)/;
/** `name=value` ahead (a token68 may end in "=" padding, a parameter has a value after it). */
const PARAM_AHEAD = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+[ \t]*=[ \t]*(?:"|[!#$%&'*+.^_`|~0-9A-Za-z-])/;

/**
 * Parses a header holding one or more challenges or credentials, comma-separated as RFC 9110
 * §11.6.1 allows (several WWW-Authenticate headers arrive joined by ", "). Tolerant: junk between
 * items is skipped.
 */
export function parseAuthHeader(header: string | undefined): AuthItem[] {
  const input = header ?? '';
  const n = input.length;
  const out: AuthItem[] = [];
  let i = 0;
  let current: AuthItem | undefined;
  const ws = () => {
    while (i < n && (input[i] === ' ' || input[i] === '\t')) i++;
  };
  const token = (): string | undefined => {
    const m = TOKEN.exec(input.slice(i));
    if (!m) return undefined;
    i += m[0].length;
    return m[0];
  };
  const quoted = (): string => {
    i++; // opening quote
    let s = '';
    while (i < n && input[i] !== '"') {
      if (input[i] === '\\' && i + 1 < n) i++;
      s += input[i];
      i++;
    }
    i++; // closing quote
    return s;
  };
  while (i < n) {
    ws();
    if (i >= n) break;
    if (input[i] === ',') {
      i++;
      continue;
    }
    const name = token();
    if (name === undefined) {
      i++;
      continue;
    }
    ws();
    if (input[i] === '=' && current) {
      i++;
      ws();
      const value = input[i] === '"' ? quoted() : (token() ?? '');
      current.params[name.toLowerCase()] = value;
      continue;
    }
    current = { scheme: name.toLowerCase(), params: {} };
    out.push(current);
    const rest = input.slice(i);
    const t68 = TOKEN68.exec(rest);
    if (t68 && !PARAM_AHEAD.test(rest)) {
      current.token68 = t68[1]!;
      i += t68[0].length;
    }
  }
  return out;
}

/** A quoted-string (RFC 9110 §5.6.4). */
export function quote(value: string): string {
  return `"${value.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/** `Basic <base64(name:password)>` (RFC 7617, UTF-8). */
export function basicAuthorization(name: string, password: string): string {
  return `Basic ${Buffer.from(`${name}:${password}`, 'utf8').toString('base64')}`;
}

/** The name and password of Basic credentials, or undefined when they are not well formed. */
export function parseBasicCredentials(item: AuthItem): { name: string; password: string } | undefined {
  if (item.scheme !== 'basic' || !item.token68) return undefined;
  if (!/^[A-Za-z0-9+/]+=*$/.test(item.token68)) return undefined;
  const decoded = Buffer.from(item.token68, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  return { name: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** The algorithm a Digest challenge or response names (absent means MD5, RFC 7616 §3.3); undefined when unsupported. */
export function digestAlgorithmOf(params: Record<string, string>): DigestAlgorithm | undefined {
  const a = (params.algorithm ?? 'MD5').toUpperCase();
  if (a === 'SHA-256') return 'SHA-256';
  if (a === 'MD5') return 'MD5';
  return undefined;
}

export function digestHash(algorithm: DigestAlgorithm, data: string): string {
  return createHash(algorithm === 'SHA-256' ? 'sha256' : 'md5')
    .update(data, 'utf8')
    .digest('hex');
}

/** H(A1) = H(username:realm:password) (RFC 7616 §3.4.2, not the -sess variants). */
export function digestHa1(algorithm: DigestAlgorithm, username: string, realm: string, password: string): string {
  return digestHash(algorithm, `${username}:${realm}:${password}`);
}

export interface DigestInput {
  algorithm: DigestAlgorithm;
  ha1: string;
  nonce: string;
  /** 8 hex digits. */
  nc: string;
  cnonce: string;
  method: string;
  /** The request-target (path and query). */
  uri: string;
}

/** The `response` of RFC 7616 §3.4.1 for qop=auth. */
export function digestResponse(d: DigestInput): string {
  const ha2 = digestHash(d.algorithm, `${d.method}:${d.uri}`);
  return digestHash(d.algorithm, `${d.ha1}:${d.nonce}:${d.nc}:${d.cnonce}:auth:${ha2}`);
}

/** Does a Digest challenge allow qop=auth (the only one this suite speaks)? */
export function offersQopAuth(params: Record<string, string>): boolean {
  return (params.qop ?? '').split(',').some((q) => q.trim().toLowerCase() === 'auth');
}

export interface DigestChallengeState {
  realm: string;
  nonce: string;
  opaque?: string;
  algorithm: DigestAlgorithm;
}

/** The Authorization value answering a Digest challenge (qop=auth, a fresh cnonce). */
export function digestAuthorization(
  challenge: DigestChallengeState,
  credentials: { name: string; password: string },
  request: { method: string; uri: string; nc: number },
): string {
  const nc = request.nc.toString(16).padStart(8, '0');
  const cnonce = randomBytes(12).toString('hex');
  const response = digestResponse({
    algorithm: challenge.algorithm,
    ha1: digestHa1(challenge.algorithm, credentials.name, challenge.realm, credentials.password),
    nonce: challenge.nonce,
    nc,
    cnonce,
    method: request.method,
    uri: request.uri,
  });
  const parts = [
    `username=${quote(credentials.name)}`,
    `realm=${quote(challenge.realm)}`,
    `uri=${quote(request.uri)}`,
    `algorithm=${challenge.algorithm}`,
    `nonce=${quote(challenge.nonce)}`,
    `nc=${nc}`,
    `cnonce=${quote(cnonce)}`,
    `qop=auth`,
    `response=${quote(response)}`,
    ...(challenge.opaque !== undefined ? [`opaque=${quote(challenge.opaque)}`] : []),
  ];
  return `Digest ${parts.join(', ')}`;
}

/** Constant-time comparison of two hex or text strings. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
