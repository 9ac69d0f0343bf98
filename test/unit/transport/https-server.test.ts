import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect, type SecureVersion } from 'node:tls';
import { createHttpsServer } from '../../../harness/transport/https-server.ts';
import { createTestPki, type TestPki } from '../../../harness/security/test-pki.ts';

let pki: TestPki;
let other: TestPki;
const servers: Server[] = [];

beforeAll(async () => {
  pki = await createTestPki({ commonName: 'https-server test CA', serverHosts: ['127.0.0.1'] });
  other = await createTestPki({ commonName: 'https-server other CA', serverHosts: ['127.0.0.1'] });
});
afterAll(() => {
  for (const s of servers) s.close();
});

async function serve(tls: { cert: string; key: string; ca?: string; requestCert?: boolean; rejectUnauthorized?: boolean }): Promise<number> {
  const server = createHttpsServer({ ...tls, minVersion: 'TLSv1.2' }, (_req, res) => res.end('ok'));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

interface Handshake {
  issuer: string;
  reused: boolean;
  session: Buffer | undefined;
}

/** A TLS 1.3 handshake (the session ticket arrives after it); the session to resume, if any. */
function handshake(port: string | number, ca: string, session?: Buffer, maxVersion: SecureVersion = 'TLSv1.3'): Promise<Handshake> {
  return new Promise((resolve, reject) => {
    let ticket: Buffer | undefined;
    const socket = connect({ host: '127.0.0.1', port: Number(port), ca, maxVersion, ...(session ? { session } : {}) });
    socket.on('session', (s: Buffer) => (ticket = s));
    socket.on('error', reject);
    socket.on('secureConnect', () => {
      socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    });
    socket.on('data', () => undefined);
    socket.on('end', () => {
      const peer = socket.getPeerCertificate();
      resolve({ issuer: String(peer.issuer?.CN ?? ''), reused: socket.isSessionReused(), session: ticket });
      socket.destroy();
    });
  });
}

describe('HTTPS servers sharing a TLS context', () => {
  it('each presents its own certificate, and resumes its own sessions', async () => {
    const a = await serve({ cert: pki.server.chainPem, key: pki.server.keyPem });
    const first = await handshake(a, pki.ca.certPem);
    expect(first.issuer).toBe('https-server test CA');
    expect(first.session).toBeDefined();
    // Resumption works where nothing else started in between (so the next test can see it).
    expect((await handshake(a, pki.ca.certPem, first.session)).reused).toBe(true);
    const b = await serve({ cert: other.server.chainPem, key: other.server.keyPem });
    expect((await handshake(b, other.ca.certPem)).issuer).toBe('https-server other CA');
  });

  it('never resumes at a later server a session an earlier one gave', async () => {
    const a = await serve({ cert: pki.server.chainPem, key: pki.server.keyPem });
    const { session } = await handshake(a, pki.ca.certPem);
    const b = await serve({ cert: pki.server.chainPem, key: pki.server.keyPem });
    expect((await handshake(b, pki.ca.certPem, session)).reused).toBe(false);
  });

  it('keeps the minimum version: TLS 1.1 is refused', async () => {
    const a = await serve({ cert: pki.server.chainPem, key: pki.server.keyPem });
    await expect(handshake(a, pki.ca.certPem, undefined, 'TLSv1.1')).rejects.toThrow();
  });

  it('asks for a client certificate where requestCert is set (and trusts its ca), not elsewhere', async () => {
    const device = await pki.issue({ kind: 'client', commonName: 'device-1' });
    const seen: Array<string | undefined> = [];
    const serveSeeing = async (tls: Parameters<typeof serve>[0]) => {
      const server = createHttpsServer({ ...tls, minVersion: 'TLSv1.2' }, (req, res) => {
        const socket = req.socket as import('node:tls').TLSSocket;
        const peer = socket.getPeerCertificate();
        seen.push(peer.subject ? `${peer.subject.CN} ${socket.authorized}` : undefined);
        res.end('ok');
      });
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return (server.address() as AddressInfo).port;
    };
    const get = (port: number) =>
      new Promise<void>((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port, ca: pki.ca.certPem, cert: device.chainPem, key: device.keyPem });
        socket.on('error', reject);
        socket.on('secureConnect', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'));
        socket.on('data', () => undefined);
        socket.on('end', () => resolve());
      });
    await get(await serveSeeing({ cert: pki.server.chainPem, key: pki.server.keyPem, requestCert: true, rejectUnauthorized: false, ca: pki.ca.certPem }));
    await get(await serveSeeing({ cert: pki.server.chainPem, key: pki.server.keyPem }));
    // Trusting another CA: the same certificate is presented but not authorized.
    await get(await serveSeeing({ cert: pki.server.chainPem, key: pki.server.keyPem, requestCert: true, rejectUnauthorized: false, ca: other.ca.certPem }));
    expect(seen).toEqual(['device-1 true', undefined, 'device-1 false']);
  });

  it('resumes a session where it asks for a client certificate (OpenSSL needs a session ID context for that)', async () => {
    const port = await serve({ cert: pki.server.chainPem, key: pki.server.keyPem, requestCert: true, rejectUnauthorized: false, ca: pki.ca.certPem });
    const { session } = await handshake(port, pki.ca.certPem);
    expect(session).toBeDefined();
    expect((await handshake(port, pki.ca.certPem, session)).reused).toBe(true);
  });
});
