/**
 * TLS settings for the reference DM server and client, and a translator from
 * Node's TLS/X.509 error codes to one actionable sentence.
 *
 * Policy: TLS 1.2 or newer only (1.3 allowed); certificates from the per-run
 * test PKI (see test-pki.ts). Key material passes through, it is never logged.
 */
import type { ServerOptions } from 'node:https';
import type { ConnectionOptions, SecureVersion } from 'node:tls';
import type { Credential } from './test-pki.ts';

export const TLS_MIN_VERSION: SecureVersion = 'TLSv1.2';

export type ServerTlsOpts = {
  /** PEM CA certificate(s) that client certificates are verified against. */
  readonly ca?: string;
  /**
   * Ask the client for a certificate. The handshake still succeeds without one
   * or with a bad one (`rejectUnauthorized: false`); the application decides,
   * using `socket.authorized` / `socket.authorizationError`.
   */
  readonly requestClientCert?: boolean;
};

/** Options for `https.createServer` / `tls.createServer` / `tls.createSecureContext`. */
export function serverTlsOptions(server: Credential, opts: ServerTlsOpts = {}): ServerOptions {
  const options: ServerOptions = {
    minVersion: TLS_MIN_VERSION,
    key: server.keyPem,
    cert: server.chainPem,
  };
  if (opts.ca !== undefined) options.ca = opts.ca;
  if (opts.requestClientCert) {
    if (opts.ca === undefined) {
      throw new TypeError('serverTlsOptions: requestClientCert needs a ca to verify client certificates');
    }
    options.requestCert = true;
    options.rejectUnauthorized = false;
  }
  return options;
}

export type ClientTlsOpts = {
  /** PEM CA certificate(s) trusted for the server; replaces the system roots. */
  readonly ca: string;
  /** Client certificate for mutual TLS (its chain is presented). */
  readonly cert?: Credential;
  /**
   * Name checked against the server certificate (and sent as SNI when it is a
   * DNS name). Default: the host dialled.
   */
  readonly servername?: string;
};

/**
 * Options usable both as `new undici.Agent({ connect: clientTlsOptions(...) })`
 * and spread into `tls.connect({ host, port, ...clientTlsOptions(...) })`.
 */
export function clientTlsOptions(opts: ClientTlsOpts): ConnectionOptions {
  const options: ConnectionOptions = {
    minVersion: TLS_MIN_VERSION,
    ca: opts.ca,
    rejectUnauthorized: true,
  };
  if (opts.cert) {
    options.cert = opts.cert.chainPem;
    options.key = opts.cert.keyPem;
  }
  if (opts.servername !== undefined) options.servername = opts.servername;
  return options;
}

type Explanation = { readonly problem: string; readonly fix: string };

const EXPLANATIONS: Readonly<Record<string, Explanation>> = {
  CERT_HAS_EXPIRED: {
    problem: "the peer's certificate has expired (notAfter is in the past)",
    fix: 'issue a fresh certificate from the test PKI, or check the system clock',
  },
  CERT_NOT_YET_VALID: {
    problem: "the peer's certificate is not valid yet (notBefore is in the future)",
    fix: 'issue a certificate valid from now, or check the system clock',
  },
  DEPTH_ZERO_SELF_SIGNED_CERT: {
    problem: 'the peer presented a self-signed certificate that is not a trusted CA',
    fix: 'use a certificate issued by the trusted test CA, or add this certificate to the ca option',
  },
  SELF_SIGNED_CERT_IN_CHAIN: {
    problem: "the peer's chain ends in a self-signed root CA that is not trusted",
    fix: 'trust that root CA in the ca option, or use a certificate issued by the trusted test CA',
  },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    problem: "the issuer of the peer's certificate is unknown, so its signature cannot be verified",
    fix: 'trust the issuing CA in the ca option, or have the peer send its full chain (leaf + CA)',
  },
  UNABLE_TO_GET_ISSUER_CERT: {
    problem: "the issuer certificate of a certificate in the peer's chain could not be found",
    fix: 'trust the issuing CA in the ca option, or have the peer send its full chain',
  },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: {
    problem: "the CA that issued the peer's certificate is not among the trusted CAs",
    fix: 'pass the issuing CA certificate in the ca option',
  },
  CERT_SIGNATURE_FAILURE: {
    problem: "the signature on the peer's certificate does not verify",
    fix: 'reissue the certificate from the CA that is trusted (the certificate was signed by another key)',
  },
  CERT_UNTRUSTED: {
    problem: "the peer's root CA is not trusted for this purpose",
    fix: 'trust the correct root CA in the ca option',
  },
  CERT_REJECTED: {
    problem: "the peer's root CA is marked to reject this purpose",
    fix: 'trust a root CA that allows TLS authentication',
  },
  CERT_REVOKED: {
    problem: "the peer's certificate has been revoked",
    fix: 'issue a new certificate from the test PKI',
  },
  INVALID_CA: {
    problem: "a CA certificate in the peer's chain is not a valid CA (BasicConstraints CA=false or missing keyCertSign)",
    fix: 'issue the chain from a proper CA certificate',
  },
  INVALID_PURPOSE: {
    problem: "the peer's certificate is not allowed for this use (its Extended Key Usage lacks serverAuth for a server or clientAuth for a client)",
    fix: 'issue a certificate with the right Extended Key Usage',
  },
  UNSUITABLE_CERTIFICATE: {
    problem: "the peer's certificate is not suitable for this use",
    fix: 'issue a certificate with the right key usage and Extended Key Usage',
  },
  ERR_TLS_CERT_ALTNAME_INVALID: {
    problem: "the host name dialled is not in the server certificate's subjectAltName",
    fix: 'connect using a name listed in the certificate, pass servername, or issue a certificate for this host',
  },
  HOSTNAME_MISMATCH: {
    problem: 'the host name dialled does not match the server certificate',
    fix: 'connect using a name listed in the certificate, or issue a certificate for this host',
  },
  ERR_SSL_UNSUPPORTED_PROTOCOL: {
    problem: 'the peer offered a TLS version this side refuses (only TLS 1.2 and 1.3 are allowed)',
    fix: 'configure the peer for TLS 1.2 or newer (minVersion TLSv1.2)',
  },
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: {
    problem: 'the peer refused the TLS version offered (only TLS 1.2 and 1.3 are allowed)',
    fix: 'configure this side for TLS 1.2 or newer (minVersion TLSv1.2, no maxVersion below it)',
  },
  ERR_SSL_NO_PROTOCOLS_AVAILABLE: {
    problem: 'no TLS version is enabled on this side (minVersion/maxVersion or the security level exclude them all)',
    fix: 'allow TLS 1.2 or newer (minVersion TLSv1.2, maxVersion TLSv1.3)',
  },
  ERR_SSL_UNSUPPORTED_SSL_VERSION: {
    problem: 'the peer offered an SSL/TLS version that is not supported',
    fix: 'use TLS 1.2 or newer on both sides',
  },
  ERR_SSL_WRONG_VERSION_NUMBER: {
    problem: 'the peer did not answer with TLS (often plain HTTP on a TLS port, or the reverse)',
    fix: 'use https:// against the TLS port, or check the port number',
  },
  ERR_SSL_PACKET_LENGTH_TOO_LONG: {
    problem: 'the peer did not answer with TLS (often plain HTTP on a TLS port)',
    fix: 'use https:// against the TLS port, or check the port number',
  },
  ERR_SSL_HTTP_REQUEST: {
    problem: 'a plain HTTP request arrived on the TLS port',
    fix: 'use https:// for this port',
  },
  ERR_SSL_TLSV1_ALERT_UNKNOWN_CA: {
    problem: "the peer rejected this side's certificate because it does not trust its issuing CA",
    fix: "configure the peer to trust this side's CA, or use a certificate from the CA the peer trusts",
  },
  ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE: {
    problem: "the peer rejected this side's certificate as bad",
    fix: 'present a valid certificate from the CA the peer trusts',
  },
  ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED: {
    problem: "the peer rejected this side's certificate as expired",
    fix: 'issue a fresh certificate, or check the system clock',
  },
  ERR_SSL_SSLV3_ALERT_UNSUPPORTED_CERTIFICATE: {
    problem: "the peer rejected this side's certificate as unsuitable (wrong key usage or Extended Key Usage)",
    fix: 'issue a certificate with the key usage and Extended Key Usage the role needs',
  },
  ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED: {
    problem: 'the peer requires a client certificate and none was sent',
    fix: 'pass a client certificate (cert option) for mutual TLS',
  },
  ERR_SSL_PEER_DID_NOT_RETURN_A_CERTIFICATE: {
    problem: 'the client did not send a certificate but one is required',
    fix: 'configure the client with a certificate for mutual TLS',
  },
  ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE: {
    problem: 'the peer aborted the handshake (no common cipher suite, curve or signature algorithm, or a required certificate missing)',
    fix: 'check that both sides allow TLS 1.2+ with ECDHE and ECDSA P-256/SHA-256',
  },
  ERR_SSL_NO_SHARED_CIPHER: {
    problem: 'the two sides have no cipher suite in common',
    fix: 'allow the default TLS 1.2/1.3 cipher suites on both sides',
  },
  ERR_SSL_KEY_VALUES_MISMATCH: {
    problem: 'the private key does not belong to the certificate',
    fix: 'pass the keyPem issued together with certPem',
  },
  ERR_OSSL_X509_KEY_VALUES_MISMATCH: {
    problem: 'the private key does not belong to the certificate',
    fix: 'pass the keyPem issued together with certPem',
  },
  ERR_TLS_HANDSHAKE_TIMEOUT: {
    problem: 'the TLS handshake did not complete in time',
    fix: 'check that the peer speaks TLS on that port and is responsive',
  },
  ERR_TLS_INVALID_PROTOCOL_VERSION: {
    problem: 'an invalid TLS protocol version was configured',
    fix: "use 'TLSv1.2' or 'TLSv1.3' for minVersion/maxVersion",
  },
  ECONNRESET: {
    problem: 'the peer closed the connection abruptly (often a refused handshake)',
    fix: "check the peer's log for the TLS error it saw",
  },
  ECONNREFUSED: {
    problem: 'nothing is listening on the address and port dialled',
    fix: 'start the server first, or check the host and port',
  },
};

/** Error codes that signal a rejected protocol version even under other names. */
const VERSION_REASON = /unsupported protocol|wrong version number|protocol version|no protocols available|tlsv1 alert protocol version/i;

/**
 * One sentence naming the TLS problem (with Node's error code) and the fix.
 * Accepts anything thrown or emitted; follows `cause` chains (undici wraps
 * socket errors in `TypeError: fetch failed`).
 */
export function describeTlsError(err: unknown): string {
  const found = findCode(err);
  const message = messageOf(err);
  if (found) {
    const explanation = EXPLANATIONS[found.code];
    if (explanation) return sentence(found.code, explanation);
    if (found.code.startsWith('ERR_SSL_') && VERSION_REASON.test(found.message)) {
      return sentence(found.code, {
        problem: 'the TLS versions of the two sides do not overlap (only TLS 1.2 and 1.3 are allowed)',
        fix: 'configure both sides for TLS 1.2 or newer',
      });
    }
    return `TLS failure (${found.code}): ${found.message || message || 'no message'}.`;
  }
  return `TLS failure (no error code): ${message || String(err)}.`;
}

function sentence(code: string, e: Explanation): string {
  return `TLS failure (${code}): ${e.problem}; fix: ${e.fix}.`;
}

type Found = { code: string; message: string };

function findCode(err: unknown): Found | undefined {
  const seen = new Set<unknown>();
  let current: unknown = err;
  let fallback: Found | undefined;
  for (let depth = 0; depth < 8 && isObject(current) && !seen.has(current); depth++) {
    seen.add(current);
    const code = current.code;
    if (typeof code === 'string' && code.length > 0) {
      const found = { code, message: messageOf(current) };
      // Prefer a specific TLS code over generic wrappers deeper or shallower.
      if (EXPLANATIONS[code] && code !== 'ECONNRESET') return found;
      fallback ??= found;
    }
    const errors = current.errors;
    if (Array.isArray(errors)) {
      for (const inner of errors) {
        const f = findCode(inner);
        if (f && EXPLANATIONS[f.code]) return f;
        fallback ??= f;
      }
    }
    current = current.cause;
  }
  return fallback;
}

function messageOf(err: unknown): string {
  if (isObject(err) && typeof err.message === 'string') return err.message;
  return typeof err === 'string' ? err : '';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
