// HTTP Digest (RFC 7616) pieces shared by the client (answering) and the server (checking).
import { createHash } from 'node:crypto';

export function hashHex(algorithm: string, s: string): string {
  const alg = algorithm.toUpperCase() === 'MD5' ? 'md5' : 'sha256';
  return createHash(alg).update(s, 'utf8').digest('hex');
}

/** Parses `Scheme k=v, k="v", ...` (one challenge or credentials). */
export function parseAuthParams(header: string): { scheme: string; params: Map<string, string> } {
  const m = /^\s*(\S+)\s*(.*)$/s.exec(header);
  const scheme = (m?.[1] ?? '').toLowerCase();
  const params = new Map<string, string>();
  const re = /([A-Za-z0-9_-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*,?/g;
  const rest = m?.[2] ?? '';
  let x: RegExpExecArray | null;
  while ((x = re.exec(rest)) !== null) params.set(x[1]!.toLowerCase(), x[2] !== undefined ? x[2].replace(/\\(.)/g, '$1') : (x[3] ?? ''));
  return { scheme, params };
}

export function digestResponse(p: {
  algorithm: string;
  user: string;
  realm: string;
  password: string;
  method: string;
  uri: string;
  nonce: string;
  nc: string;
  cnonce: string;
  qop: string;
}): string {
  const ha1 = hashHex(p.algorithm, `${p.user}:${p.realm}:${p.password}`);
  const ha2 = hashHex(p.algorithm, `${p.method}:${p.uri}`);
  return hashHex(p.algorithm, `${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:${p.qop}:${ha2}`);
}
