/**
 * Transport security (K-SEC, P-SEC): sessions over HTTPS with the per-run test PKI, a device that
 * does not trust the server's CA, TLS below 1.2 refused, and plain HTTP kept to loopback.
 */
import { connect } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../../harness/security/test-pki.ts';
import { DmServer } from '../../harness/server/dm-server.ts';
import { EndpointConfigError, startEndpoint } from '../../harness/transport/http-endpoint.ts';
import { DEVINFO, dmPosts, integrationEnv, queue, statusOf, traceLog } from './support.ts';

const env = integrationEnv();

let pki: TestPki;
let otherPki: TestPki;

beforeAll(async () => {
  [pki, otherPki] = await Promise.all([createTestPki(), createTestPki({ commonName: 'some other CA' })]);
});

const tlsOf = (p: TestPki) => ({ cert: p.server.chainPem, key: p.server.keyPem });

describe('HTTPS sessions', () => {
  it('succeed for a device that trusts the server CA', async () => {
    const log = traceLog();
    const { server, device } = await env.pair({ tls: tlsOf(pki), trace: log.sink }, { ca: pki.ca.certPem });
    expect(server.dmUrl).toMatch(/^https:\/\/127\.0\.0\.1:\d+\/dm$/);
    const get = queue(server, ['GET', `${DEVINFO}//DevID`]);
    const outcome = await device.clientInitiated();
    expect(outcome).toMatchObject({ ok: true, packagesSent: 2 });
    expect(statusOf(get).Data![0]!.MOData).toBe(device.devId);
    expect(dmPosts(log)).toHaveLength(2);
  });

  it('fail with a TLS reason for a device that trusts another CA, before any package is read', async () => {
    const log = traceLog();
    const { server, device } = await env.pair({ tls: tlsOf(pki), trace: log.sink }, { ca: otherPki.ca.certPem });
    const get = queue(server, ['GET', `${DEVINFO}//DevID`]);
    const outcome = await device.clientInitiated();
    expect(outcome.ok).toBe(false);
    expect(outcome.httpStatus).toBeUndefined();
    expect(outcome.reason).toMatch(/^TLS with https:\/\/127\.0\.0\.1:\d+ failed/);
    expect(dmPosts(log), 'the server read no package').toHaveLength(0);
    expect(get.state).toBe('queued');
  });

  it('fail for a device that trusts only the system store (the test CA is not in it)', async () => {
    const { device } = await env.pair({ tls: tlsOf(pki) });
    const outcome = await device.clientInitiated();
    expect(outcome.ok).toBe(false);
    expect(outcome.reason).toMatch(/^TLS with/);
  });

  it('refuse a client that offers TLS 1.1 at most (TLS 1.2+ only)', async () => {
    const server = await env.server({ tls: tlsOf(pki) });
    const attempt = (opts: { maxVersion: 'TLSv1.1' | 'TLSv1.2' | 'TLSv1.3' }) =>
      new Promise<{ ok: true; protocol: string | null } | { ok: false; code: string }>((resolve) => {
        const socket = connect({
          host: '127.0.0.1',
          port: server.port,
          ca: pki.ca.certPem,
          minVersion: 'TLSv1',
          ...opts,
          // Lets this client's OpenSSL offer TLS 1.0/1.1 at all, so the refusal is the server's.
          ciphers: 'DEFAULT@SECLEVEL=0',
        });
        socket.once('secureConnect', () => {
          const protocol = socket.getProtocol();
          socket.on('error', () => undefined);
          socket.end();
          resolve({ ok: true, protocol });
        });
        socket.once('error', (error: NodeJS.ErrnoException) => resolve({ ok: false, code: error.code ?? error.message }));
      });
    const old = await attempt({ maxVersion: 'TLSv1.1' });
    expect(old).toEqual({ ok: false, code: 'ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION' });
    // The same client allowed 1.2 connects: the refusal above was about the version.
    expect(await attempt({ maxVersion: 'TLSv1.2' })).toEqual({ ok: true, protocol: 'TLSv1.2' });
    expect(await attempt({ maxVersion: 'TLSv1.3' })).toEqual({ ok: true, protocol: 'TLSv1.3' });
  });
});

describe('plain HTTP', () => {
  it('refuses to listen on a non-loopback host, naming the fix (nothing is bound)', async () => {
    // Should the check ever be missing, the endpoint is closed at once rather than left listening.
    const outcome = await startEndpoint({ host: '0.0.0.0', port: 0, maxBodyBytes: 1024, side: 'server' }, () => ({ status: 200 })).then(
      async (endpoint) => {
        await endpoint.close();
        return new Error('the endpoint was bound on 0.0.0.0');
      },
      (error: unknown) => error as Error,
    );
    expect(outcome).toBeInstanceOf(EndpointConfigError);
    expect(outcome.message).toMatch(/loopback.*"0\.0\.0\.0".*127\.x\.x\.x.*HTTPS/);
    await expect(DmServer.start({ srvId: 'srv1', host: '192.0.2.10' })).rejects.toThrow(
      /plain HTTP may only listen on a loopback address, not "192\.0\.2\.10"/,
    );
  });

  it('listens on any loopback address', async () => {
    const server = await env.server({ host: '127.0.0.2' });
    expect(server.dmUrl).toMatch(/^http:\/\/127\.0\.0\.2:\d+\/dm$/);
    const device = await env.device(server);
    const outcome = await device.clientInitiated();
    expect(outcome.ok).toBe(true);
  });
});
