/**
 * The server authenticates devices (K-SEC, P-SEC; DM-SECACATE-001): HTTP Basic, HTTP Digest (RFC 7616)
 * and X.509 client certificates, over real HTTPS sockets on loopback. A device whose credentials fail
 * gets 401 and nothing of its package is processed: no session, no device record, no Status, no
 * command run on the device.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { DmDevice } from '../../harness/client/dm-device.ts';
import { DEFAULT_PERM, type ServerAccount } from '../../harness/client/factory-profile.ts';
import { EvidenceRecorder } from '../../harness/conformance/evidence.ts';
import { basicAuthorization, digestAuthorization, parseAuthHeader } from '../../harness/security/http-auth.ts';
import { createTestPki, type Credential, type TestPki } from '../../harness/security/test-pki.ts';
import type { ClientAuthOptions } from '../../harness/server/client-auth.ts';
import type { DmServer } from '../../harness/server/dm-server.ts';
import { HttpClient } from '../../harness/transport/http-client.ts';
import type { TraceEvent } from '../../harness/transport/trace.ts';
import { DEV_ID, DEVINFO, DIAG, dmPosts, integrationEnv, json, queue, settled, statusOf, traceLog, type TraceLog } from './support.ts';

const env = integrationEnv();

let pki: TestPki;
let otherPki: TestPki;
let deviceCert: Credential;

beforeAll(async () => {
  [pki, otherPki] = await Promise.all([createTestPki(), createTestPki({ commonName: 'some other CA' })]);
  deviceCert = await pki.issue({ kind: 'client', commonName: DEV_ID });
});

const NAME = 'dev-user';
const PASSWORD = 'pw-Zq81-kept-secret';

interface Setup {
  server: DmServer;
  device: DmDevice;
  serverLog: TraceLog;
  deviceLog: TraceLog;
  lines: string[];
}

/** An HTTPS server with client authentication, and a device whose account with it is `account`. */
async function setup(clientAuth: ClientAuthOptions, account: Partial<ServerAccount>, deviceOptions: { cert?: string; key?: string } = {}): Promise<Setup> {
  const serverLog = traceLog();
  const deviceLog = traceLog();
  const lines: string[] = [];
  const server = await env.server({ tls: { cert: pki.server.chainPem, key: pki.server.keyPem }, clientAuth, trace: serverLog.sink, log: (l) => lines.push(l) });
  const device = await env.device(undefined, {
    servers: [{ srvId: 'srv1', srvUri: server.dmUrl, perm: DEFAULT_PERM, trustAnchorPem: pki.ca.certPem, ...account }],
    trace: deviceLog.sink,
    requireTls: true,
    ...deviceOptions,
  });
  return { server, device, serverLog, deviceLog, lines };
}

const runCount = (device: DmDevice) => {
  const node = device.tree.instance(DIAG, '1')?.root.children.get('RunCount');
  return node?.kind === 'leaf' ? node.value : undefined;
};

/** The refusal leaves no trace of the package at the server, and the command is neither sent nor run. */
function expectNothingProcessed(s: Setup, queued: ReturnType<typeof queue>): void {
  expect(queued.state, 'the queued command was never sent').toBe('queued');
  expect(queued.status).toBeUndefined();
  // The record exists because the operator queued for the device; the refused package left nothing in it.
  const record = s.server.operator.device(DEV_ID)!;
  expect(record.sessions, 'no session was opened').toBe(0);
  expect(
    record.events.map((e) => e.kind),
    'no session, alert or status event',
  ).toEqual([]);
  expect(record.mos, 'the Package#1 MOS was not read').toEqual([]);
  expect(record.lastAddress, 'the package was not recorded as seen').toBe('');
  expect(s.server.sessions.size, 'no session is open').toBe(0);
  expect(runCount(s.device), 'the EXEC did not run').toBe(0);
}

const authorizations = (log: TraceLog) => log.requestsOut().map((e) => e.headers.authorization);
const challengesOf = (e: TraceEvent | undefined) => parseAuthHeader(e?.headers['www-authenticate']);

describe('HTTP Basic', () => {
  const modes: ClientAuthOptions = { modes: ['basic', 'digest'], required: true };

  it('good credentials: the session runs, every package carries them, and no trace or log keeps the password', async () => {
    const s = await setup(modes, { clientAuth: { type: 'basic', name: NAME, secret: PASSWORD } });
    s.server.operator.setCredentials(DEV_ID, { basic: { name: NAME, password: PASSWORD } });
    const run = queue(s.server, ['EXEC', `${DIAG}/1/Run`]);
    const outcome = await s.device.clientInitiated();
    expect(outcome).toMatchObject({ ok: true, packagesSent: 2 });
    expect(statusOf(run).sc).toBe(200);
    expect(runCount(s.device)).toBe(1);
    // Preemptive on HTTPS: Package#1 and Package#3 both carry Basic credentials, no 401 on the way.
    expect(authorizations(s.deviceLog)).toEqual([basicAuthorization(NAME, PASSWORD), basicAuthorization(NAME, PASSWORD)]);
    expect(s.serverLog.responsesOut().map((e) => e.status)).toEqual([200, 200]);
    // What reaches evidence (and so reports) holds neither the password nor the credentials.
    const recorder = new EvidenceRecorder();
    const sink = recorder.sink('device');
    for (const e of [...s.deviceLog.events, ...s.serverLog.events]) sink(e);
    const evidence = JSON.stringify(recorder.evidence);
    expect(evidence).not.toContain(PASSWORD);
    expect(evidence).not.toContain(basicAuthorization(NAME, PASSWORD).slice(6));
    expect(s.lines.join('\n')).not.toContain(PASSWORD);
  });

  it('a wrong password: 401 with a challenge per mode, no retry, nothing processed', async () => {
    const s = await setup(modes, { clientAuth: { type: 'basic', name: NAME, secret: 'wrong-password' } });
    s.server.operator.setCredentials(DEV_ID, { basic: { name: NAME, password: PASSWORD } });
    const run = queue(s.server, ['EXEC', `${DIAG}/1/Run`]);
    const outcome = await s.device.clientInitiated();
    expect(outcome).toMatchObject({ ok: false, httpStatus: 401, packagesSent: 1 });
    expect(s.deviceLog.requestsOut(), 'a Basic refusal is not answered again').toHaveLength(1);
    const [refusal] = s.serverLog.responsesOut();
    expect(refusal!.status).toBe(401);
    expect(challengesOf(refusal).map((c) => c.scheme)).toEqual(['basic', 'digest']);
    expect(challengesOf(refusal)[0]!.params.realm).toBe('srv1');
    expectNothingProcessed(s, run);
    expect(s.lines.join('\n')).toMatch(/401 Package#1 refused: Basic: wrong name or password/);
    expect(s.lines.join('\n')).not.toContain('wrong-password');
  });

  it('no credentials: 401 when required, the same device gets its session when not', async () => {
    const s = await setup(modes, {});
    s.server.operator.setCredentials(DEV_ID, { basic: { name: NAME, password: PASSWORD } });
    const run = queue(s.server, ['EXEC', `${DIAG}/1/Run`]);
    expect(await s.device.clientInitiated()).toMatchObject({ ok: false, httpStatus: 401 });
    expect(authorizations(s.deviceLog)).toEqual([undefined]);
    expectNothingProcessed(s, run);

    // Not required: an unenrolled device comes in anonymously, an enrolled one must authenticate.
    const optional = await setup({ ...modes, required: false }, {});
    const run2 = queue(optional.server, ['EXEC', `${DIAG}/1/Run`]);
    expect(await optional.device.clientInitiated()).toMatchObject({ ok: true });
    expect(statusOf(run2).sc).toBe(200);
    optional.server.operator.setCredentials(DEV_ID, { basic: { name: NAME, password: PASSWORD } });
    const run3 = queue(optional.server, ['EXEC', `${DIAG}/1/Run`]);
    expect(await optional.device.clientInitiated()).toMatchObject({ ok: false, httpStatus: 401 });
    expect(run3.state).toBe('queued');
    expect(runCount(optional.device)).toBe(1);
  });

  it('a Package#3 without valid credentials gets 401 and its Status is not recorded', async () => {
    const s = await setup(modes, {});
    s.server.operator.setCredentials(DEV_ID, { basic: { name: NAME, password: PASSWORD } });
    const get = queue(s.server, ['GET', `${DEVINFO}//DevID`]);
    const http = new HttpClient({ ca: pki.ca.certPem, side: 'harness' });
    env.defer(() => http.close());
    const headers = (kind: 'initiation' | 'response') => ({
      'content-type': `application/vnd.oma.dm.${kind}+json`,
      accept: 'application/vnd.oma.dm.request+json',
      'omadm-devid': DEV_ID,
    });
    const good = basicAuthorization(NAME, PASSWORD);
    const p1 = await http.send({
      method: 'POST',
      url: s.server.dmUrl,
      headers: { ...headers('initiation'), authorization: good },
      body: Buffer.from(JSON.stringify({ MOS: [], Alert: [] })),
    });
    expect(p1.status).toBe(200);
    const cont = (json(p1.body).CMD as unknown[][]).at(-1)!;
    expect(cont[0]).toBe('CONT');
    const p3 = Buffer.from(
      JSON.stringify({
        Status: [
          { sc: 200, URI: [`${DEVINFO}/1/DevID`] },
          { sc: 200, URI: [] },
        ],
      }),
    );
    for (const authorization of [undefined, basicAuthorization(NAME, 'nope'), basicAuthorization('someone', PASSWORD)]) {
      const refused = await http.send({
        method: 'POST',
        url: cont[1] as string,
        headers: { ...headers('response'), ...(authorization ? { authorization } : {}) },
        body: p3,
      });
      expect(refused.status).toBe(401);
      expect(get.state).toBe('sent');
      expect(get.status).toBeUndefined();
    }
    const accepted = await http.send({ method: 'POST', url: cont[1] as string, headers: { ...headers('response'), authorization: good }, body: p3 });
    expect(accepted.status).toBe(200);
    expect(statusOf(get).sc).toBe(200);
  });

  it('is never sent over plain HTTP: a Basic account gets nothing through a plain server that wants it', async () => {
    const log = traceLog();
    const server = await env.server({ clientAuth: { modes: ['basic'], required: true } });
    server.operator.setCredentials(DEV_ID, { basic: { name: NAME, password: PASSWORD } });
    const device = await env.device(undefined, {
      servers: [{ srvId: 'srv1', srvUri: server.dmUrl, perm: DEFAULT_PERM, clientAuth: { type: 'basic', name: NAME, secret: PASSWORD } }],
      trace: log.sink,
    });
    expect(await device.clientInitiated()).toMatchObject({ ok: false, httpStatus: 401 });
    expect(log.requestsOut().map((e) => e.headers.authorization)).toEqual([undefined]);
    expect(JSON.stringify(log.events.map((e) => e.headers))).not.toContain(Buffer.from(`${NAME}:${PASSWORD}`).toString('base64'));
  });
});

describe('HTTP Digest (RFC 7616)', () => {
  const modes: ClientAuthOptions = { modes: ['digest'], required: true };

  it('challenge-response: one 401 for the Package#1, then the nonce is reused with a growing nonce-count', async () => {
    const s = await setup(modes, { clientAuth: { type: 'digest', name: NAME, secret: PASSWORD } });
    s.server.operator.setCredentials(DEV_ID, { basic: { name: NAME, password: PASSWORD } });
    const run = queue(s.server, ['EXEC', `${DIAG}/1/Run`]);
    const outcome = await s.device.clientInitiated();
    expect(outcome).toMatchObject({ ok: true, packagesSent: 2 });
    expect(statusOf(run).sc).toBe(200);
    expect(s.serverLog.responsesOut().map((e) => e.status)).toEqual([401, 200, 200]);
    const [challenge] = challengesOf(s.serverLog.responsesOut()[0]);
    expect(challenge).toMatchObject({ scheme: 'digest', params: { realm: 'srv1', qop: 'auth', algorithm: 'SHA-256' } });
    const sent = authorizations(s.deviceLog);
    expect(sent[0]).toBeUndefined();
    const answers = sent.slice(1).map((a) => parseAuthHeader(a)[0]!);
    expect(answers.map((a) => a.scheme)).toEqual(['digest', 'digest']);
    expect(answers.map((a) => a.params.nonce)).toEqual([challenge!.params.nonce, challenge!.params.nonce]);
    expect(answers.map((a) => a.params.nc)).toEqual(['00000001', '00000002']);
    expect(answers.map((a) => a.params.uri)).toEqual(['/dm', new URL(s.deviceLog.requestsOut()[2]!.url!).pathname]);
    expect(answers[0]!.params).toMatchObject({ username: NAME, algorithm: 'SHA-256', qop: 'auth', opaque: challenge!.params.opaque });
    expect(JSON.stringify(s.deviceLog.events.map((e) => e.headers))).not.toContain(PASSWORD);
  });

  it('a wrong password: the challenge is answered once, then the session aborts with nothing processed', async () => {
    const s = await setup(modes, { clientAuth: { type: 'digest', name: NAME, secret: 'not-it' } });
    s.server.operator.setCredentials(DEV_ID, { basic: { name: NAME, password: PASSWORD } });
    const run = queue(s.server, ['EXEC', `${DIAG}/1/Run`]);
    expect(await s.device.clientInitiated()).toMatchObject({ ok: false, httpStatus: 401 });
    expect(s.serverLog.responsesOut().map((e) => e.status)).toEqual([401, 401]);
    expectNothingProcessed(s, run);
  });

  it('a replayed Authorization gets 401; so does one whose nonce expired (stale=true), which the device then renews', async () => {
    const s = await setup({ ...modes, nonceTtlMs: 1_500 }, { clientAuth: { type: 'digest', name: NAME, secret: PASSWORD } });
    s.server.operator.setCredentials(DEV_ID, { basic: { name: NAME, password: PASSWORD } });
    const http = new HttpClient({ ca: pki.ca.certPem, side: 'harness' });
    env.defer(() => http.close());
    const headers = { 'content-type': 'application/vnd.oma.dm.initiation+json', accept: 'application/vnd.oma.dm.request+json', 'omadm-devid': DEV_ID };
    const body = Buffer.from(JSON.stringify({ MOS: [], Alert: [] }));
    const post = (authorization?: string) =>
      http.send({ method: 'POST', url: s.server.dmUrl, headers: { ...headers, ...(authorization ? { authorization } : {}) }, body });

    const first = await post();
    expect(first.status).toBe(401);
    const c = parseAuthHeader(first.headers['www-authenticate'])[0]!.params;
    const state = { realm: c.realm!, nonce: c.nonce!, opaque: c.opaque!, algorithm: 'SHA-256' as const };
    const authorization = digestAuthorization(state, { name: NAME, password: PASSWORD }, { method: 'POST', uri: '/dm', nc: 1 });
    expect((await post(authorization)).status, 'the answer is good the first time').toBe(200);
    const replay = await post(authorization);
    expect(replay.status, 'the same Authorization again is a replay').toBe(401);
    expect(replay.headers['www-authenticate']).not.toContain('stale');
    expect(s.server.operator.device(DEV_ID)!.sessions).toBe(1);

    // The device's own session takes a nonce now.
    expect(await s.device.clientInitiated()).toMatchObject({ ok: true });
    await new Promise((r) => setTimeout(r, 1_700));
    const stale = await post(digestAuthorization(state, { name: NAME, password: PASSWORD }, { method: 'POST', uri: '/dm', nc: 2 }));
    expect(stale.status).toBe(401);
    expect(parseAuthHeader(stale.headers['www-authenticate'])[0]!.params.stale).toBe('true');
    expect(s.server.operator.device(DEV_ID)!.sessions).toBe(2);

    // The device's cached nonce expired too: refused as stale, it answers the new challenge once.
    const before = s.serverLog.responsesOut().length;
    const run = queue(s.server, ['EXEC', `${DIAG}/1/Run`]);
    expect(await s.device.clientInitiated()).toMatchObject({ ok: true });
    expect(statusOf(run).sc).toBe(200);
    const after = s.serverLog.responsesOut().slice(before);
    expect(after.map((e) => e.status)).toEqual([401, 200, 200]);
    expect(parseAuthHeader(after[0]!.headers['www-authenticate'])[0]!.params.stale).toBe('true');
  });
});

describe('X.509 client certificates', () => {
  const modes = (): ClientAuthOptions => ({ modes: ['x509'], required: true, ca: pki.ca.certPem });

  it('a certificate from the CA with CN = DevID authenticates the device', async () => {
    const s = await setup(modes(), { clientAuth: { type: 'x509' }, clientCertPem: deviceCert.chainPem, clientKeyPem: deviceCert.keyPem });
    s.server.operator.setCredentials(DEV_ID, { x509: true });
    const run = queue(s.server, ['EXEC', `${DIAG}/1/Run`]);
    expect(await s.device.clientInitiated()).toMatchObject({ ok: true, packagesSent: 2 });
    expect(statusOf(run).sc).toBe(200);
    expect(authorizations(s.deviceLog)).toEqual([undefined, undefined]);
  });

  it('a subjectAltName equal to the DevID will do, and so does the certificate configured on the device', async () => {
    const devId = 'dmcts-device-7';
    const byName = await pki.issue({ kind: 'client', commonName: 'not-the-devid', hosts: [devId] });
    const server = await env.server({ tls: { cert: pki.server.chainPem, key: pki.server.keyPem }, clientAuth: modes() });
    server.operator.setCredentials(devId, { x509: true });
    const device = await env.device(undefined, {
      devId,
      servers: [{ srvId: 'srv1', srvUri: server.dmUrl, perm: DEFAULT_PERM, trustAnchorPem: pki.ca.certPem, clientAuth: { type: 'x509' } }],
      cert: byName.chainPem,
      key: byName.keyPem,
    });
    const get = queue(server, ['GET', `${DEVINFO}//DevID`], { devId });
    expect(await device.clientInitiated()).toMatchObject({ ok: true });
    expect(statusOf(get).Data![0]!.MOData).toBe(devId);
  });

  it.each([
    ['from another CA', async () => otherPki.issue({ kind: 'client', commonName: DEV_ID }), /does not verify against the device CA/],
    [
      'with another CN',
      async () => pki.issue({ kind: 'client', commonName: 'IMEI:000000000000000' }),
      /neither the subject CN nor a subjectAltName is the DevID/,
    ],
  ])('a certificate %s gets HTTP 401 (the TLS handshake itself succeeds), nothing processed', async (_what, issue, reason) => {
    const cert = await issue();
    const s = await setup(modes(), { clientAuth: { type: 'x509' }, clientCertPem: cert.chainPem, clientKeyPem: cert.keyPem });
    s.server.operator.setCredentials(DEV_ID, { x509: true });
    const run = queue(s.server, ['EXEC', `${DIAG}/1/Run`]);
    expect(await s.device.clientInitiated()).toMatchObject({ ok: false, httpStatus: 401 });
    expect(dmPosts(s.serverLog)).toHaveLength(1);
    expectNothingProcessed(s, run);
    expect(s.lines.join('\n')).toMatch(reason);
  });

  it('no certificate, or a device the operator did not enrol for X.509: 401', async () => {
    const s = await setup(modes(), {});
    s.server.operator.setCredentials(DEV_ID, { x509: true });
    expect(await s.device.clientInitiated()).toMatchObject({ ok: false, httpStatus: 401 });
    const t = await setup(modes(), { clientAuth: { type: 'x509' }, clientCertPem: deviceCert.chainPem, clientKeyPem: deviceCert.keyPem });
    const run = queue(t.server, ['EXEC', `${DIAG}/1/Run`]);
    expect(await t.device.clientInitiated()).toMatchObject({ ok: false, httpStatus: 401 });
    expectNothingProcessed(t, run);
    expect(t.lines.join('\n')).toMatch(/not set to authenticate by certificate/);
    // Enrolled now: the same device and certificate get in.
    t.server.operator.setCredentials(DEV_ID, { x509: true });
    expect(await t.device.clientInitiated()).toMatchObject({ ok: true });
    expect(await settled(t.server, run)).toMatchObject({ state: 'done' });
  });

  it('the x509 mode needs HTTPS and a CA', async () => {
    await expect(env.server({ clientAuth: { modes: ['x509'], required: true, ca: pki.ca.certPem } })).rejects.toThrow(/x509 needs HTTPS/);
    await expect(env.server({ tls: { cert: pki.server.chainPem, key: pki.server.keyPem }, clientAuth: { modes: ['x509'], required: true } })).rejects.toThrow(
      /needs clientAuth\.ca/,
    );
  });
});

describe('a device that changes network mid-session (DM-HLF-008) stays authenticated', () => {
  it.each([
    ['Digest', { modes: ['digest'], required: true } as ClientAuthOptions, () => ({ clientAuth: { type: 'digest' as const, name: NAME, secret: PASSWORD } })],
    [
      'X.509',
      { modes: ['x509'], required: true } as ClientAuthOptions,
      () => ({ clientAuth: { type: 'x509' as const }, clientCertPem: deviceCert.chainPem, clientKeyPem: deviceCert.keyPem }),
    ],
  ])('%s: the Package#3 from the new address authenticates afresh and the session goes on', async (_what, modes, account) => {
    const s = await setup({ ...modes, ca: pki.ca.certPem }, account());
    s.server.operator.setCredentials(DEV_ID, { basic: { name: NAME, password: PASSWORD }, x509: true });
    const first = queue(s.server, ['GET', `${DEVINFO}//DevID`]);
    let second: ReturnType<typeof queue> | undefined;
    s.server.events.on('done', (cmd: { id: string }) => {
      if (cmd.id !== first.id) return;
      s.device.moveTo('127.0.0.2');
      second = queue(s.server, ['EXEC', `${DIAG}/1/Run`]);
    });
    expect(await s.device.clientInitiated()).toMatchObject({ ok: true, packagesSent: 3 });
    expect(statusOf(second!).sc).toBe(200);
    expect(s.server.operator.device(DEV_ID)!.sessions).toBe(1);
    expect([...new Set(dmPosts(s.serverLog).map((e) => e.peer))]).toEqual(['127.0.0.1', '127.0.0.2']);
  });
});

describe('operator API and upper tester', () => {
  it('PUT /operator/devices/<id>/credentials sets them; bad bodies are refused', async () => {
    const s = await setup({ modes: ['basic'], required: true }, { clientAuth: { type: 'basic', name: NAME, secret: PASSWORD } });
    const http = new HttpClient({ ca: pki.ca.certPem, side: 'harness' });
    env.defer(() => http.close());
    const put = (body: unknown, token = s.server.operatorToken) =>
      http.send({
        method: 'PUT',
        url: `${s.server.url}/operator/devices/${encodeURIComponent(DEV_ID)}/credentials`,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: Buffer.from(JSON.stringify(body)),
      });
    expect(await s.device.clientInitiated()).toMatchObject({ ok: false, httpStatus: 401 });
    expect((await put({ basic: { name: NAME, password: PASSWORD } }, 'not-the-token')).status).toBe(401);
    expect((await put({ basic: { name: NAME } })).status).toBe(400);
    expect((await put({ basic: { name: 'a:b', password: 'x' } })).status).toBe(400);
    expect((await put({ x509: 'yes' })).status).toBe(400);
    expect(await s.device.clientInitiated()).toMatchObject({ ok: false, httpStatus: 401 });
    const ok = await put({ basic: { name: NAME, password: PASSWORD } });
    expect(ok.status).toBe(200);
    expect(json(ok.body)).toEqual({});
    expect(await s.device.clientInitiated()).toMatchObject({ ok: true });
    // The device record the operator API shows holds no credentials.
    const record = await http.send({
      method: 'GET',
      url: `${s.server.url}/operator/devices/${encodeURIComponent(DEV_ID)}`,
      headers: { authorization: `Bearer ${s.server.operatorToken}` },
    });
    expect(record.body.toString()).not.toContain(PASSWORD);
  });
});

describe('operator API: device records', () => {
  it('never carry the notification secret the server holds for a device', async () => {
    const SECRET_HELD = 'noti-secret-held-by-the-server';
    const s = await setup({ modes: ['basic'], required: false }, {});
    s.server.operator.setNotificationTarget(DEV_ID, { url: 'http://127.0.0.1:9/notify', secret: SECRET_HELD });
    const http = new HttpClient({ ca: pki.ca.certPem, side: 'harness' });
    env.defer(() => http.close());
    const record = await http.send({
      method: 'GET',
      url: `${s.server.url}/operator/devices/${encodeURIComponent(DEV_ID)}`,
      headers: { authorization: `Bearer ${s.server.operatorToken}` },
    });
    expect(record.status).toBe(200);
    expect(record.body.toString()).not.toContain(SECRET_HELD);
    expect(json(record.body).notificationSecret).toBe('[REDACTED]');
  });
});
