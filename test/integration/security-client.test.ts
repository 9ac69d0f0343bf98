/**
 * The device authenticates the server (P-SEC, DM-HLF-015): each DMAcc account's trust anchor
 * (Auth/Server/Data) guards that server's sessions and the command targets on its origin; a device
 * that requires TLS talks to no plain-HTTP server; TLS below 1.2 is refused by the device too. And
 * the reference adapters carry it all over the upper tester: client.bootstrap with credentials and
 * a certificate, server.setCredentials — with the secrets kept out of the evidence.
 */
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DmDevice } from '../../harness/client/dm-device.ts';
import { DEFAULT_PERM } from '../../harness/client/factory-profile.ts';
import { startReferenceClientAdapter } from '../../harness/client/ut-adapter.ts';
import { EvidenceRecorder } from '../../harness/conformance/evidence.ts';
import { UpperTesterHub, UtError } from '../../harness/conformance/ut-hub.ts';
import { createTestPki, type TestPki } from '../../harness/security/test-pki.ts';
import type { DmServer } from '../../harness/server/dm-server.ts';
import { startReferenceServerAdapter } from '../../harness/server/ut-adapter.ts';
import { CONNMO, DEV_ID, DIAG, dmPosts, integrationEnv, queue, settled, statusOf, traceLog, within } from './support.ts';

const env = integrationEnv();

let pki: TestPki;
let otherPki: TestPki;

beforeAll(async () => {
  [pki, otherPki] = await Promise.all([createTestPki(), createTestPki({ commonName: 'some other CA' })]);
});

const tls = (p: TestPki = pki) => ({ tls: { cert: p.server.chainPem, key: p.server.keyPem } });

const runCount = (device: DmDevice) => {
  const node = device.tree.instance(DIAG, '1')?.root.children.get('RunCount');
  return node?.kind === 'leaf' ? node.value : undefined;
};

const connmo = (miid: string) => [{ ClientURI: `${CONNMO}/${miid}`, MOData: { Name: 'apn-a' } }];

describe('the DMAcc trust anchor', () => {
  it('an account whose anchor is another CA refuses the server: TLS failure, nothing executed — as a second, correct account reads back', async () => {
    const logA = traceLog();
    const serverA = await env.server({ srvId: 'srv-a', ...tls(), trace: logA.sink });
    const serverB = await env.server({ srvId: 'srv-b', ...tls() });
    // The device's general trust store holds the right CA: only the account's anchor is wrong.
    const device = await env.device(undefined, {
      ca: pki.ca.certPem,
      requireTls: true,
      servers: [
        {
          srvId: 'srv-a',
          srvUri: serverA.dmUrl,
          perm: [
            { moid: DIAG, rights: 'RWE' },
            { moid: CONNMO, rights: 'RWE' },
          ],
          trustAnchorPem: otherPki.ca.certPem,
        },
        {
          srvId: 'srv-b',
          srvUri: serverB.dmUrl,
          perm: [
            { moid: DIAG, rights: 'RWE' },
            { moid: CONNMO, rights: 'RWE' },
          ],
          trustAnchorPem: pki.ca.certPem,
        },
      ],
    });
    const run = queue(serverA, ['EXEC', `${DIAG}/1/Run`]);
    const hget = queue(serverA, ['HGET', serverA.operator.publish(connmo('7')).url, `${CONNMO}/7`]);
    const outcome = await device.clientInitiated('srv-a');
    expect(outcome).toMatchObject({ ok: false, packagesSent: 1 });
    expect(outcome.httpStatus).toBeUndefined();
    expect(outcome.reason).toMatch(/^TLS with https:\/\/127\.0\.0\.1:\d+ failed/);
    expect(dmPosts(logA), 'srv-a read no package').toHaveLength(0);
    expect([run.state, hget.state]).toEqual(['queued', 'queued']);

    // Through srv-b, correctly anchored: the tree is as the factory left it.
    const reads = [queue(serverB, ['GET', `${DIAG}/1/RunCount`]), queue(serverB, ['GET', `${CONNMO}/*`])];
    expect(await device.clientInitiated('srv-b')).toMatchObject({ ok: true });
    expect(statusOf(reads[0]!).Data![0]!.MOData).toBe(0);
    expect(statusOf(reads[1]!).Data).toEqual([]);
    expect(runCount(device)).toBe(0);
  });

  it('the account anchor wins over the device CA, and an account without one falls back to the device CA', async () => {
    const server = await env.server({ srvId: 'srv1', ...tls() });
    const account = { srvId: 'srv1', srvUri: server.dmUrl, perm: DEFAULT_PERM };
    const wrongDeviceCa = await env.device(undefined, { ca: otherPki.ca.certPem, servers: [{ ...account, trustAnchorPem: pki.ca.certPem }] });
    expect(await wrongDeviceCa.clientInitiated()).toMatchObject({ ok: true });
    const fallback = await env.device(undefined, { devId: 'dev-2', ca: pki.ca.certPem, servers: [account] });
    expect(await fallback.clientInitiated()).toMatchObject({ ok: true });
    const neither = await env.device(undefined, { devId: 'dev-3', ca: otherPki.ca.certPem, servers: [account] });
    expect((await neither.clientInitiated()).reason).toMatch(/^TLS with/);
  });

  it('guards command targets on the server origin; targets elsewhere use the device CA', async () => {
    const server = await env.server({ srvId: 'srv1', ...tls() });
    const elsewhere = await env.server({ srvId: 'content-host', host: '127.0.0.2', ...tls() });
    const device = await env.device(undefined, {
      ca: otherPki.ca.certPem,
      servers: [{ srvId: 'srv1', srvUri: server.dmUrl, perm: [{ moid: CONNMO, rights: 'RWE' }], trustAnchorPem: pki.ca.certPem }],
    });
    const same = queue(server, ['HGET', server.operator.publish(connmo('1')).url, `${CONNMO}/1`]);
    const other = queue(server, ['HGET', elsewhere.operator.publish(connmo('2')).url, `${CONNMO}/2`]);
    expect(await device.clientInitiated()).toMatchObject({ ok: true });
    expect(statusOf(same).sc).toBe(200);
    expect(statusOf(other).sc, 'the other origin is checked against the device CA, which does not know it').toBe(502);
    expect(device.tree.instance(CONNMO, '1')).toBeDefined();
    expect(device.tree.instance(CONNMO, '2')).toBeUndefined();
  });
});

describe('requireTls', () => {
  it('refuses an http SrvURI before sending anything; the same device without it talks', async () => {
    const log = traceLog();
    const server = await env.server({ srvId: 'srv1', trace: log.sink });
    const account = { srvId: 'srv1', srvUri: server.dmUrl, perm: DEFAULT_PERM };
    expect(server.dmUrl).toMatch(/^http:/);
    const run = queue(server, ['EXEC', `${DIAG}/1/Run`]);
    const strict = await env.device(undefined, { requireTls: true, servers: [account] });
    const outcome = await strict.clientInitiated();
    expect(outcome).toMatchObject({ ok: false, packagesSent: 0 });
    expect(outcome.reason).toMatch(/plain HTTP and this device talks to servers over HTTPS only/);
    expect(log.events, 'nothing reached the server').toHaveLength(0);
    expect(run.state).toBe('queued');
    expect(runCount(strict)).toBe(0);
    const lax = await env.device(undefined, { devId: 'dev-2', servers: [account] });
    queue(server, ['EXEC', `${DIAG}/1/Run`], { devId: 'dev-2' });
    expect(await lax.clientInitiated()).toMatchObject({ ok: true });
    expect(runCount(lax)).toBe(1);
  });

  it('a command with an http target gets 502 and fetches nothing; an https one works', async () => {
    const server = await env.server({ srvId: 'srv1', ...tls() });
    const plainLog = traceLog();
    const plain = await env.server({ srvId: 'plain', trace: plainLog.sink });
    const device = await env.device(undefined, {
      requireTls: true,
      servers: [{ srvId: 'srv1', srvUri: server.dmUrl, perm: [{ moid: CONNMO, rights: 'RWE' }], trustAnchorPem: pki.ca.certPem }],
    });
    const overHttp = queue(server, ['HGET', plain.operator.publish(connmo('1')).url, `${CONNMO}/1`]);
    const pushHttp = queue(server, ['HPUT', plain.operator.receiver().url, `${CONNMO}/*`]);
    const overHttps = queue(server, ['HGET', server.operator.publish(connmo('2')).url, `${CONNMO}/2`]);
    expect(await device.clientInitiated()).toMatchObject({ ok: true });
    expect([statusOf(overHttp).sc, statusOf(pushHttp).sc, statusOf(overHttps).sc]).toEqual([502, 502, 200]);
    expect(plainLog.events, 'the plain server saw nothing').toHaveLength(0);
    expect(device.tree.instance(CONNMO, '1')).toBeUndefined();
  });
});

describe('TLS below 1.2', () => {
  it('the device refuses a server that speaks TLS 1.1 at most (a permissive client reaches it)', async () => {
    let requests = 0;
    const old = createHttpsServer(
      { cert: pki.server.chainPem, key: pki.server.keyPem, minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' },
      (_req, res) => {
        requests += 1;
        res.end();
      },
    );
    old.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => old.listen(0, '127.0.0.1', resolve));
    env.defer(() => new Promise<void>((resolve) => old.close(() => resolve())));
    const { port } = old.address() as AddressInfo;
    // Control: this server does speak TLS 1.1, so the refusal below is the device's.
    const protocol = await new Promise<string | null>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port, ca: pki.ca.certPem, minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' });
      socket.once('secureConnect', () => {
        resolve(socket.getProtocol());
        socket.destroy();
      });
      socket.once('error', reject);
    });
    expect(protocol).toBe('TLSv1.1');
    const device = await env.device(undefined, {
      servers: [{ srvId: 'old', srvUri: `https://127.0.0.1:${port}/dm`, perm: DEFAULT_PERM, trustAnchorPem: pki.ca.certPem }],
    });
    const outcome = await device.clientInitiated();
    expect(outcome.ok).toBe(false);
    expect(outcome.reason).toMatch(/^TLS with https:\/\/127\.0\.0\.1:\d+ failed/);
    expect(requests).toBe(0);
  });
});

describe('over the upper tester', () => {
  async function hub(role: 'client' | 'server'): Promise<UpperTesterHub> {
    const h = await UpperTesterHub.start({ host: '127.0.0.1', port: 0, role });
    env.defer(() => h.close());
    return h;
  }

  it('client.bootstrap gives the device an X.509 certificate and a trust anchor; secrets stay out of the evidence', async () => {
    const server = await env.server({ srvId: 'srv1', ...tls(), clientAuth: { modes: ['x509'], required: true, ca: pki.ca.certPem } });
    const h = await hub('client');
    const recorder = new EvidenceRecorder();
    h.onTrace((e) => recorder.ut(e));
    const adapter = await startReferenceClientAdapter({ utUrl: h.url, devId: DEV_ID });
    env.defer(() => adapter.stop());
    await h.waitForAdapter(5_000);
    const cert = await pki.issue({ kind: 'client', commonName: DEV_ID });
    server.operator.setCredentials(DEV_ID, { x509: true });
    await h.call(
      'client.bootstrap',
      {
        servers: [
          {
            srvId: 'srv1',
            srvUri: server.dmUrl,
            perm: [{ moid: DIAG, rights: 'RWE' }],
            trustAnchorPem: pki.ca.certPem,
            clientAuth: { type: 'x509' },
            clientCertPem: cert.chainPem,
            clientKeyPem: cert.keyPem,
          },
        ],
      },
      5_000,
    );
    const run = queue(server, ['EXEC', `${DIAG}/1/Run`]);
    await h.call('client.startSession', { srvId: 'srv1' }, 5_000);
    expect((await settled(server, run, 5_000)).status?.sc).toBe(200);
    const evidence = JSON.stringify(recorder.evidence);
    expect(evidence).toContain('client.bootstrap');
    expect(evidence).not.toContain(cert.keyPem.split('\n')[1]!);
    expect(evidence).not.toContain('PRIVATE KEY');
  });

  it('client.bootstrap with Digest credentials; the reference adapter refuses a plain-HTTP server unless allowPlain', async () => {
    const secure = await env.server({ srvId: 'srv1', ...tls(), clientAuth: { modes: ['digest'], required: true } });
    secure.operator.setCredentials(DEV_ID, { basic: { name: 'dev-user', password: 'digest-pw-9' } });
    const plainLog = traceLog();
    const plain = await env.server({ srvId: 'plain', trace: plainLog.sink });
    const h = await hub('client');
    const recorder = new EvidenceRecorder();
    h.onTrace((e) => recorder.ut(e));
    const adapter = await startReferenceClientAdapter({ utUrl: h.url, devId: DEV_ID });
    env.defer(() => adapter.stop());
    await h.waitForAdapter(5_000);
    await h.call(
      'client.bootstrap',
      {
        servers: [
          {
            srvId: 'srv1',
            srvUri: secure.dmUrl,
            perm: [{ moid: DIAG, rights: 'RWE' }],
            trustAnchorPem: pki.ca.certPem,
            clientAuth: { type: 'digest', name: 'dev-user', secret: 'digest-pw-9' },
          },
          { srvId: 'plain', srvUri: plain.dmUrl, perm: [{ moid: DIAG, rights: 'RWE' }] },
        ],
      },
      5_000,
    );
    const run = queue(secure, ['EXEC', `${DIAG}/1/Run`]);
    await h.call('client.startSession', { srvId: 'srv1' }, 5_000);
    expect((await settled(secure, run, 5_000)).status?.sc).toBe(200);
    await h.call('client.startSession', { srvId: 'plain' }, 5_000);
    await within(adapter.device()!.idle(), 5_000, 'the refused session');
    expect(adapter.device()!.sessionsRun.at(-1)).toMatchObject({ srvId: 'plain', ok: false, packagesSent: 0 });
    expect(plainLog.events).toHaveLength(0);
    expect(JSON.stringify(recorder.evidence)).not.toContain('digest-pw-9');

    // allowPlain (the mutants' plain-HTTP proxies): the same plain server is reached.
    const h2 = await hub('client');
    const lenient = await startReferenceClientAdapter({ utUrl: h2.url, devId: 'dev-lenient', allowPlain: true });
    env.defer(() => lenient.stop());
    await h2.waitForAdapter(5_000);
    await h2.call('client.bootstrap', { servers: [{ srvId: 'plain', srvUri: plain.dmUrl, perm: [{ moid: DIAG, rights: 'RWE' }] }] }, 5_000);
    const plainRun = queue(plain, ['EXEC', `${DIAG}/1/Run`], { devId: 'dev-lenient' });
    await h2.call('client.startSession', { srvId: 'plain' }, 5_000);
    expect((await settled(plain, plainRun, 5_000)).status?.sc).toBe(200);
  });

  it('server.setCredentials lets a device in; its params are checked against the schema and the password kept out of the evidence', async () => {
    const server: DmServer = await env.server({ srvId: 'srv1', ...tls(), clientAuth: { modes: ['basic'], required: true } });
    const h = await hub('server');
    const recorder = new EvidenceRecorder();
    h.onTrace((e) => recorder.ut(e));
    const link = await startReferenceServerAdapter({ utUrl: h.url, server });
    env.defer(() => link.close());
    const hello = await h.waitForAdapter(5_000);
    expect(hello.methods).toContain('server.setCredentials');
    const device = await env.device(undefined, {
      servers: [
        {
          srvId: 'srv1',
          srvUri: server.dmUrl,
          perm: DEFAULT_PERM,
          trustAnchorPem: pki.ca.certPem,
          clientAuth: { type: 'basic', name: 'dev-user', secret: 'basic-pw-5' },
        },
      ],
    });
    expect(await device.clientInitiated()).toMatchObject({ ok: false, httpStatus: 401 });
    await expect(h.call('server.setCredentials', { devId: DEV_ID, basic: { name: 'dev-user' } }, 5_000)).rejects.toBeInstanceOf(UtError);
    await expect(h.call('server.setCredentials', { devId: DEV_ID, basic: { name: 'a:b', password: 'x' } }, 5_000)).rejects.toThrow(/must not contain ":"/);
    expect(await h.call('server.setCredentials', { devId: DEV_ID, basic: { name: 'dev-user', password: 'basic-pw-5' } }, 5_000)).toEqual({});
    expect(await device.clientInitiated()).toMatchObject({ ok: true });
    expect(JSON.stringify(recorder.evidence)).toContain('server.setCredentials');
    expect(JSON.stringify(recorder.evidence)).not.toContain('basic-pw-5');
  });
});
