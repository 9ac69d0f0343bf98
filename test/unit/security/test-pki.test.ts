import { X509Certificate } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { Agent, fetch } from 'undici';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { x509 } from '../../../harness/security/x509.ts';
import { createTestPki, DEFAULT_SERVER_HOSTS, type Credential, type TestPki } from '../../../harness/security/test-pki.ts';
import { clientTlsOptions, describeTlsError, serverTlsOptions, type ServerTlsOpts } from '../../../harness/security/tls-options.ts';

const HOST = '127.0.0.1';

let pki: TestPki;
let otherPki: TestPki;

beforeAll(async () => {
  [pki, otherPki] = await Promise.all([createTestPki(), createTestPki({ commonName: 'dmcts other CA' })]);
});

type Started = { server: Server; port: number; clientErrors: string[] };
const started: Server[] = [];

afterEach(async () => {
  await Promise.all(
    started.splice(0).map(
      (s) =>
        new Promise<void>((resolve) => {
          s.closeAllConnections();
          s.close(() => resolve());
        }),
    ),
  );
});

async function startServer(cred: Credential, opts: ServerTlsOpts = {}): Promise<Started> {
  const server = createServer(serverTlsOptions(cred, opts), (req, res) => {
    const socket = req.socket as TLSSocket;
    const peer = socket.getPeerCertificate();
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ?? null,
        peerCN: peer && 'subject' in peer && peer.subject ? (peer.subject.CN ?? null) : null,
      }),
    );
  });
  const clientErrors: string[] = [];
  server.on('tlsClientError', (err: NodeJS.ErrnoException) => clientErrors.push(err.code ?? err.message));
  started.push(server);
  await new Promise<void>((resolve) => server.listen(0, HOST, resolve));
  return { server, port: (server.address() as AddressInfo).port, clientErrors };
}

type Handshake = { ok: true; authorized: boolean; protocol: string | null } | { ok: false; error: NodeJS.ErrnoException };

function handshake(port: number, options: ConnectionOptions): Promise<Handshake> {
  return new Promise((resolve) => {
    const socket = connect({ host: HOST, port, ...options }, () => {
      resolve({ ok: true, authorized: socket.authorized, protocol: socket.getProtocol() });
      socket.end();
    });
    socket.on('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, error }));
  });
}

async function expectHandshakeFailure(port: number, options: ConnectionOptions, code: string) {
  const result = await handshake(port, options);
  expect(result.ok).toBe(false);
  if (result.ok) return;
  expect(result.error.code).toBe(code);
  const description = describeTlsError(result.error);
  expect(description).toContain(code);
  return description;
}

function certCount(pem: string): number {
  return pem.match(/-----BEGIN CERTIFICATE-----/g)?.length ?? 0;
}

function extension<T extends x509.Extension>(certPem: string, type: new (raw: ArrayBuffer) => T): T {
  const ext = new x509.X509Certificate(certPem).getExtension(type);
  if (!ext) throw new Error(`missing extension ${type.name}`);
  return ext;
}

describe('createTestPki', () => {
  it('makes a CA with the required extensions', () => {
    const ca = new X509Certificate(pki.ca.certPem);
    expect(ca.ca).toBe(true);
    expect(ca.subject).toBe('CN=dmcts test CA');
    expect(ca.checkIssued(ca)).toBe(true);
    const bc = extension(pki.ca.certPem, x509.BasicConstraintsExtension);
    expect(bc.ca).toBe(true);
    expect(bc.critical).toBe(true);
    const ku = extension(pki.ca.certPem, x509.KeyUsagesExtension);
    expect(ku.critical).toBe(true);
    expect(ku.usages).toBe(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign);
    expect(extension(pki.ca.certPem, x509.SubjectKeyIdentifierExtension).keyId).toMatch(/^[0-9a-f]+$/);
    expect(certCount(pki.ca.chainPem)).toBe(1);
  });

  it('makes a server certificate with DNS and IP SANs, EKU serverAuth and an AKI', () => {
    const leaf = new X509Certificate(pki.server.certPem);
    const ca = new X509Certificate(pki.ca.certPem);
    expect(leaf.ca).toBe(false);
    expect(leaf.checkIssued(ca)).toBe(true);
    expect(leaf.verify(ca.publicKey)).toBe(true);
    expect(leaf.subjectAltName?.split(', ')).toEqual([
      'DNS:localhost',
      'IP Address:127.0.0.1',
      'IP Address:127.0.0.2',
      'IP Address:127.0.0.3',
      'IP Address:0:0:0:0:0:0:0:1',
    ]);
    expect(DEFAULT_SERVER_HOSTS).toContain('::1');
    expect(leaf.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1']); // Node's keyUsage is the EKU list
    expect(leaf.publicKey.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
    const bc = extension(pki.server.certPem, x509.BasicConstraintsExtension);
    expect(bc.ca).toBe(false);
    const ku = extension(pki.server.certPem, x509.KeyUsagesExtension);
    expect(ku.critical).toBe(true);
    expect(ku.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    const aki = extension(pki.server.certPem, x509.AuthorityKeyIdentifierExtension);
    expect(aki.keyId).toBe(extension(pki.ca.certPem, x509.SubjectKeyIdentifierExtension).keyId);
  });

  it('exports PKCS#8 keys, a leaf+CA chain, a hex SHA-256 fingerprint and random serials', async () => {
    expect(pki.server.keyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(pki.server.chainPem).toBe(pki.server.certPem + pki.ca.certPem);
    expect(certCount(pki.server.chainPem)).toBe(2);
    const leaf = new X509Certificate(pki.server.certPem);
    expect(pki.server.fingerprintSha256).toBe(leaf.fingerprint256.replace(/:/g, '').toLowerCase());
    const again = await pki.issue({ kind: 'server' });
    const serials = new Set([pki.ca, pki.server, again].map((c) => new X509Certificate(c.certPem).serialNumber));
    expect(serials.size).toBe(3);
    for (const s of serials) expect(s).toMatch(/^[0-9A-F]{32}$/);
  });

  it('makes client certificates with EKU clientAuth and the given CN', async () => {
    const devId = await pki.issue({ kind: 'client', commonName: 'IMEI:490154203237518' });
    const cert = new X509Certificate(devId.certPem);
    expect(cert.subject).toBe('CN=IMEI:490154203237518');
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(cert.subjectAltName).toBeUndefined();
  });

  it('makes the bad certificates negative tests need', async () => {
    const now = Date.now();
    const expired = new X509Certificate((await pki.issue({ kind: 'server', expired: true })).certPem);
    expect(Date.parse(expired.validTo)).toBeLessThan(now);
    const future = new X509Certificate((await pki.issue({ kind: 'server', notYetValid: true })).certPem);
    expect(Date.parse(future.validFrom)).toBeGreaterThan(now);
    const self = await pki.issue({ kind: 'server', issuer: 'self' });
    const selfCert = new X509Certificate(self.certPem);
    // checkIssued() is false here: OpenSSL wants keyCertSign on an issuer, and this leaf has digitalSignature only.
    expect(selfCert.issuer).toBe(selfCert.subject);
    expect(selfCert.verify(selfCert.publicKey)).toBe(true);
    expect(certCount(self.chainPem)).toBe(1);
    const foreign = await pki.issue({ kind: 'server', issuer: otherPki.ca });
    expect(new X509Certificate(foreign.certPem).checkIssued(new X509Certificate(otherPki.ca.certPem))).toBe(true);
    expect(foreign.chainPem).toBe(foreign.certPem + otherPki.ca.certPem);
    await expect(pki.issue({ kind: 'server', expired: true, notYetValid: true })).rejects.toThrow(RangeError);
  });
});

describe('TLS with the test PKI (loopback)', () => {
  it('the good chain verifies with tls.connect, over TLS 1.3 by default and TLS 1.2 on request', async () => {
    const { port } = await startServer(pki.server);
    const tls13 = await handshake(port, clientTlsOptions({ ca: pki.ca.certPem }));
    expect(tls13).toEqual({ ok: true, authorized: true, protocol: 'TLSv1.3' });
    const tls12 = await handshake(port, { ...clientTlsOptions({ ca: pki.ca.certPem }), maxVersion: 'TLSv1.2' });
    expect(tls12).toEqual({ ok: true, authorized: true, protocol: 'TLSv1.2' });
    const byName = await handshake(port, clientTlsOptions({ ca: pki.ca.certPem, servername: 'localhost' }));
    expect(byName).toMatchObject({ ok: true, authorized: true });
  });

  it('the good chain verifies with an undici Agent', async () => {
    const { port } = await startServer(pki.server);
    const agent = new Agent({ connect: clientTlsOptions({ ca: pki.ca.certPem }) });
    try {
      const res = await fetch(`https://${HOST}:${port}/`, { dispatcher: agent });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ authorized: false, peerCN: null });
    } finally {
      await agent.close();
    }
  });

  it('rejects an expired server certificate (CERT_HAS_EXPIRED)', async () => {
    const { port } = await startServer(await pki.issue({ kind: 'server', expired: true }));
    const text = await expectHandshakeFailure(port, clientTlsOptions({ ca: pki.ca.certPem }), 'CERT_HAS_EXPIRED');
    expect(text).toMatch(/expired/);
  });

  it('rejects a not-yet-valid server certificate (CERT_NOT_YET_VALID)', async () => {
    const { port } = await startServer(await pki.issue({ kind: 'server', notYetValid: true }));
    await expectHandshakeFailure(port, clientTlsOptions({ ca: pki.ca.certPem }), 'CERT_NOT_YET_VALID');
  });

  it('rejects a self-signed server certificate (DEPTH_ZERO_SELF_SIGNED_CERT)', async () => {
    const { port } = await startServer(await pki.issue({ kind: 'server', issuer: 'self' }));
    await expectHandshakeFailure(port, clientTlsOptions({ ca: pki.ca.certPem }), 'DEPTH_ZERO_SELF_SIGNED_CERT');
  });

  it('rejects a certificate from another CA sent with its chain (SELF_SIGNED_CERT_IN_CHAIN)', async () => {
    const { port } = await startServer(otherPki.server);
    await expectHandshakeFailure(port, clientTlsOptions({ ca: pki.ca.certPem }), 'SELF_SIGNED_CERT_IN_CHAIN');
  });

  it('rejects a certificate from another CA sent alone (UNABLE_TO_VERIFY_LEAF_SIGNATURE)', async () => {
    const foreign = await pki.issue({ kind: 'server', issuer: otherPki.ca });
    const { port } = await startServer({ ...foreign, chainPem: foreign.certPem });
    await expectHandshakeFailure(port, clientTlsOptions({ ca: pki.ca.certPem }), 'UNABLE_TO_VERIFY_LEAF_SIGNATURE');
  });

  it('rejects a certificate for other host names (ERR_TLS_CERT_ALTNAME_INVALID)', async () => {
    const { port } = await startServer(await pki.issue({ kind: 'server', hosts: ['wrong.example'] }));
    await expectHandshakeFailure(port, clientTlsOptions({ ca: pki.ca.certPem }), 'ERR_TLS_CERT_ALTNAME_INVALID');
    const good = await startServer(pki.server);
    await expectHandshakeFailure(good.port, clientTlsOptions({ ca: pki.ca.certPem, servername: 'dm.wrong.example' }), 'ERR_TLS_CERT_ALTNAME_INVALID');
  });

  it('rejects a server certificate whose EKU is clientAuth only (INVALID_PURPOSE)', async () => {
    const { port } = await startServer(await pki.issue({ kind: 'server', extendedKeyUsage: ['clientAuth'] }));
    const text = await expectHandshakeFailure(port, clientTlsOptions({ ca: pki.ca.certPem }), 'INVALID_PURPOSE');
    expect(text).toMatch(/Extended Key Usage/);
  });

  it('undici failures are explained through the error cause chain', async () => {
    const { port } = await startServer(await pki.issue({ kind: 'server', expired: true }));
    const agent = new Agent({ connect: clientTlsOptions({ ca: pki.ca.certPem }) });
    try {
      const err: unknown = await fetch(`https://${HOST}:${port}/`, { dispatcher: agent }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(TypeError); // "fetch failed"
      expect(describeTlsError(err)).toContain('CERT_HAS_EXPIRED');
    } finally {
      await agent.close();
    }
  });

  it('refuses a TLS 1.1-only client', async () => {
    const { port, clientErrors } = await startServer(pki.server);
    const text = await expectHandshakeFailure(
      port,
      { ...clientTlsOptions({ ca: pki.ca.certPem }), minVersion: 'TLSv1', maxVersion: 'TLSv1.1' },
      'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION',
    );
    expect(text).toMatch(/TLS 1\.2/);
    await vi.waitFor(() => expect(clientErrors.length).toBeGreaterThan(0));
    expect(clientErrors).toContain('ERR_SSL_UNSUPPORTED_PROTOCOL');
  });
});

describe('mutual TLS (loopback)', () => {
  async function callAs(port: number, cert: Credential | undefined) {
    const agent = new Agent({ connect: clientTlsOptions({ ca: pki.ca.certPem, cert }) });
    try {
      const res = await fetch(`https://${HOST}:${port}/`, { dispatcher: agent });
      return (await res.json()) as { authorized: boolean; authorizationError: string | null; peerCN: string | null };
    } finally {
      await agent.close();
    }
  }

  it('a client certificate from the CA is authorized; others are not (the app decides)', async () => {
    const { port } = await startServer(pki.server, { ca: pki.ca.certPem, requestClientCert: true });

    const devId = await pki.issue({ kind: 'client', commonName: 'DevID-0001' });
    expect(await callAs(port, devId)).toEqual({ authorized: true, authorizationError: null, peerCN: 'DevID-0001' });

    const foreign = await otherPki.issue({ kind: 'client', commonName: 'DevID-other' });
    expect(await callAs(port, foreign)).toEqual({
      authorized: false,
      authorizationError: 'SELF_SIGNED_CERT_IN_CHAIN',
      peerCN: 'DevID-other',
    });

    // A server certificate (EKU serverAuth only) is not valid as a client certificate.
    expect(await callAs(port, pki.server)).toMatchObject({ authorized: false, authorizationError: 'INVALID_PURPOSE' });

    // No certificate at all: handshake succeeds, not authorized.
    expect(await callAs(port, undefined)).toMatchObject({ authorized: false, peerCN: null });
  });

  it('tls.connect with a client certificate sees the same verdict', async () => {
    const { port } = await startServer(pki.server, { ca: pki.ca.certPem, requestClientCert: true });
    const devId = await pki.issue({ kind: 'client', commonName: 'server-id-1' });
    const body = await new Promise<string>((resolve, reject) => {
      const socket = connect({ host: HOST, port, ...clientTlsOptions({ ca: pki.ca.certPem, cert: devId }) }, () => {
        socket.write(`GET / HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`);
      });
      let data = '';
      socket.setEncoding('utf8');
      socket.on('data', (d: string) => (data += d));
      socket.on('end', () => resolve(data));
      socket.on('error', reject);
    });
    expect(body).toContain('"authorized":true');
    expect(body).toContain('"peerCN":"server-id-1"');
  });
});

describe('TLS option builders', () => {
  it('serverTlsOptions: TLS 1.2+, chain as cert, client cert only on request', () => {
    const plain = serverTlsOptions(pki.server);
    expect(plain).toEqual({ minVersion: 'TLSv1.2', key: pki.server.keyPem, cert: pki.server.chainPem });
    const mutual = serverTlsOptions(pki.server, { ca: pki.ca.certPem, requestClientCert: true });
    expect(mutual).toMatchObject({ requestCert: true, rejectUnauthorized: false, ca: pki.ca.certPem });
    expect(() => serverTlsOptions(pki.server, { requestClientCert: true })).toThrow(TypeError);
  });

  it('clientTlsOptions: TLS 1.2+, verification on, optional client cert and servername', () => {
    expect(clientTlsOptions({ ca: pki.ca.certPem })).toEqual({
      minVersion: 'TLSv1.2',
      ca: pki.ca.certPem,
      rejectUnauthorized: true,
    });
    const withCert = clientTlsOptions({ ca: pki.ca.certPem, cert: pki.server, servername: 'localhost' });
    expect(withCert).toMatchObject({ cert: pki.server.chainPem, key: pki.server.keyPem, servername: 'localhost' });
  });

  it('describeTlsError handles unknown codes, wrappers and non-errors', () => {
    const odd = Object.assign(new Error('weird'), { code: 'ERR_SOMETHING_NEW' });
    expect(describeTlsError(odd)).toBe('TLS failure (ERR_SOMETHING_NEW): weird.');
    const wrapped = new TypeError('fetch failed', {
      cause: Object.assign(new Error('self-signed certificate'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }),
    });
    expect(describeTlsError(wrapped)).toMatch(/^TLS failure \(DEPTH_ZERO_SELF_SIGNED_CERT\): .*; fix: .*\.$/);
    expect(describeTlsError('boom')).toContain('boom');
    const version = Object.assign(new Error('x:SSL routines::unsupported protocol'), { code: 'ERR_SSL_UNSUPPORTED_PROTOCOL' });
    expect(describeTlsError(version)).toMatch(/TLS 1\.2/);
  });
});
