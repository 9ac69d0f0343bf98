/**
 * Content negotiation and HTTP-level errors of the server's DM endpoint (K-NEG, K-FLOW, P-CBOR,
 * P-SEL), with raw requests: 415 / 406 / 400 / 413 / 405 / 404, compressed bodies both ways, and a
 * whole session in CBOR.
 */
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { decodeCbor, encodeCbor } from '../../harness/protocol/cbor-codec.ts';
import { DEVINFO, DIAG, dmPosts, integrationEnv, json, queue, rawRequest, runSession, statusOf, traceLog } from './support.ts';

const env = integrationEnv();

const INITIATION_JSON = 'application/vnd.oma.dm.initiation+json';
const REQUEST_JSON = 'application/vnd.oma.dm.request+json';
const RESPONSE_JSON = 'application/vnd.oma.dm.response+json';
const PACKAGE1 = { MOS: [{ MOID: DEVINFO, MIID: ['1'] }], Alert: [{ AlertType: 'urn:oma:at:dm:2.0:ClientInitiatedMgmt' }] };

function p1Headers(extra: Record<string, string> = {}): Record<string, string> {
  return { 'content-type': INITIATION_JSON, accept: REQUEST_JSON, 'omadm-devid': 'IMEI:neg', ...extra };
}

const body = (value: unknown) => Buffer.from(JSON.stringify(value));

describe('the DM endpoint refuses what it cannot take (K-NEG)', () => {
  it('415 for a Content-Type that is not a Package#1 type it reads, naming the accepted ones', async () => {
    const server = await env.server();
    for (const type of ['application/json', RESPONSE_JSON, 'application/vnd.oma.dm.initiation+xml']) {
      const res = await rawRequest(server.dmUrl, { headers: p1Headers({ 'content-type': type }), body: body(PACKAGE1) });
      expect(res.status, type).toBe(415);
      expect(res.headers['accept-post']).toContain(INITIATION_JSON);
    }
    // A server configured for JSON only refuses CBOR with 415 as well.
    const jsonOnly = await env.server({ encodings: ['json'] });
    const res = await rawRequest(jsonOnly.dmUrl, {
      headers: p1Headers({ 'content-type': 'application/vnd.oma.dm.initiation+cbor' }),
      body: encodeCbor(PACKAGE1),
    });
    expect(res.status).toBe(415);
    expect(server.registry.size + jsonOnly.registry.size, 'no device was registered').toBe(0);
  });

  it('406 for an Accept that allows neither JSON nor CBOR Package#2', async () => {
    const server = await env.server();
    for (const accept of ['application/xml', 'application/vnd.oma.dm.request+json;q=0, application/vnd.oma.dm.request+cbor;q=0', 'text/*']) {
      const res = await rawRequest(server.dmUrl, { headers: p1Headers({ accept }), body: body(PACKAGE1) });
      expect(res.status, accept).toBe(406);
    }
    // A wildcard Accept is fine and gets the server's preferred JSON.
    const ok = await rawRequest(server.dmUrl, { headers: p1Headers({ accept: '*/*' }), body: body(PACKAGE1) });
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe(REQUEST_JSON);
  });

  it('400 without OMADM-DevID, 400 for an invalid Package#1', async () => {
    const server = await env.server();
    const headers = p1Headers();
    delete headers['omadm-devid'];
    const noDevId = await rawRequest(server.dmUrl, { headers, body: body(PACKAGE1) });
    expect(noDevId.status).toBe(400);
    expect(noDevId.body.toString()).toMatch(/OMADM-DevID/);
    for (const bad of [Buffer.from('{"MOS": ['), body({ MOS: [] }), body({ MOS: [{ MOID: DEVINFO }], Alert: [] }), body({ ...PACKAGE1, Extra: 1 })]) {
      const res = await rawRequest(server.dmUrl, { headers: p1Headers(), body: bad });
      expect(res.status, bad.toString()).toBe(400);
      expect(res.body.toString()).toMatch(/invalid Package#1/);
    }
    expect(server.sessions.size, 'no session was opened').toBe(0);
  });

  it('413 for a body over maxBodyBytes, also when it only grows that large once decompressed', async () => {
    const server = await env.server({ maxBodyBytes: 512 });
    const big = body({ ...PACKAGE1, Alert: [{ AlertType: 'x', Data: 'y'.repeat(2_000) }] });
    const res = await rawRequest(server.dmUrl, { headers: p1Headers(), body: big });
    expect(res.status).toBe(413);
    const bomb = gzipSync(big);
    expect(bomb.length).toBeLessThan(512);
    const res2 = await rawRequest(server.dmUrl, { headers: p1Headers({ 'content-encoding': 'gzip' }), body: bomb });
    expect(res2.status).toBe(413);
    // Much larger than the limit, in many chunks: still an answer, not a reset connection.
    const huge = await rawRequest(server.dmUrl, { headers: p1Headers(), body: Buffer.alloc(1024 * 1024, 0x20) });
    expect(huge.status).toBe(413);
    expect(huge.body.toString()).toMatch(/exceeds the limit of 512 bytes/);
    const small = await rawRequest(server.dmUrl, { headers: p1Headers(), body: body(PACKAGE1) });
    expect(small.status).toBe(200);
  });

  it('405 for GET, 404 for an unknown session token, 415 for an unknown content coding', async () => {
    const server = await env.server();
    const get = await rawRequest(server.dmUrl, { method: 'GET' });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    const unknown = await rawRequest(`${server.dmUrl}/s/${'A'.repeat(32)}`, {
      headers: { 'content-type': RESPONSE_JSON, 'omadm-devid': 'IMEI:neg' },
      body: body({ Status: [{ sc: 200, URI: [] }] }),
    });
    expect(unknown.status).toBe(404);
    const coding = await rawRequest(server.dmUrl, { headers: p1Headers({ 'content-encoding': 'compress' }), body: body(PACKAGE1) });
    expect(coding.status).toBe(415);
  });

  it('checks each Package#3: 400 for another DevID, 400 and lost commands for a wrong Status count', async () => {
    const server = await env.server();
    const cmd = queue(server, ['GET', `${DEVINFO}//`], { devId: 'IMEI:neg' });
    const p2 = await rawRequest(server.dmUrl, { headers: p1Headers(), body: body(PACKAGE1) });
    const cont = (json(p2.body) as { CMD: string[][] }).CMD.at(-1)!;
    expect(cont[0]).toBe('CONT');
    const p3Headers = { 'content-type': RESPONSE_JSON, accept: REQUEST_JSON, 'omadm-devid': 'IMEI:other' };
    const other = await rawRequest(cont[1]!, {
      headers: p3Headers,
      body: body({
        Status: [
          { sc: 200, URI: [] },
          { sc: 200, URI: [] },
        ],
      }),
    });
    expect(other.status).toBe(400);
    expect(cmd.state, 'a Package#3 of another device does not touch the session').toBe('sent');
    const short = await rawRequest(cont[1]!, { headers: { ...p3Headers, 'omadm-devid': 'IMEI:neg' }, body: body({ Status: [{ sc: 200, URI: [] }] }) });
    expect(short.status).toBe(400);
    expect(cmd.state).toBe('lost');
    expect(cmd.reason).toMatch(/1 Status entries for a Package#2 of 2 commands/);
    expect(server.sessions.size).toBe(0);
  });
});

describe('content coding (P-SEL)', () => {
  it('accepts gzip and br request bodies', async () => {
    const server = await env.server();
    for (const [coding, compress] of [
      ['gzip', gzipSync],
      ['br', brotliCompressSync],
    ] as const) {
      const res = await rawRequest(server.dmUrl, { headers: p1Headers({ 'content-encoding': coding }), body: compress(body(PACKAGE1)) });
      expect(res.status, coding).toBe(200);
    }
    expect(server.registry.get('IMEI:neg')!.sessions).toBe(2);
    expect(server.registry.get('IMEI:neg')!.mos).toEqual(PACKAGE1.MOS);
  });

  it('compresses the Package#2 when Accept-Encoding allows (and it gets smaller), and only then', async () => {
    const server = await env.server();
    // Ten commands make a Package#2 that compresses well.
    const ask = (headers: Record<string, string>) => {
      for (let i = 0; i < 10; i++) queue(server, ['GET', `${DEVINFO}/1/DevID?fields=DevID`], { devId: 'IMEI:neg' });
      return rawRequest(server.dmUrl, { headers: p1Headers(headers), body: body(PACKAGE1) });
    };
    const commandsOf = (p2: { CMD: string[][] }) => p2.CMD.map((c) => c[0]);
    const expected = [...Array<string>(10).fill('GET'), 'CONT'];

    const plain = await ask({});
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(commandsOf(json(plain.body))).toEqual(expected);

    const gz = await ask({ 'accept-encoding': 'gzip' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.body.length).toBeLessThan(plain.body.length);
    expect(commandsOf(JSON.parse(gunzipSync(gz.body).toString()))).toEqual(expected);

    const br = await ask({ 'accept-encoding': 'gzip;q=0.5, br' });
    expect(br.headers['content-encoding']).toBe('br');
    expect(commandsOf(JSON.parse(brotliDecompressSync(br.body).toString()))).toEqual(expected);

    const refused = await ask({ 'accept-encoding': 'gzip;q=0, br;q=0' });
    expect(refused.headers['content-encoding']).toBeUndefined();
    expect(commandsOf(json(refused.body))).toEqual(expected);
  });

  it('the reference device compresses its Package#3 once the server said it takes gzip/br', async () => {
    const log = traceLog();
    const { server, device } = await env.pair({ trace: log.sink });
    const get = queue(server, ['GET', `${DEVINFO}//`]);
    await runSession(device);
    const [p1, p3] = dmPosts(log);
    expect(p1!.headers['content-encoding']).toBeUndefined();
    expect(p3!.headers['content-encoding']).toBe('br');
    expect(p3!.wireBytes).toBeLessThan(p3!.body.length);
    expect(statusOf(get).sc).toBe(200);
  });
});

describe('CBOR (P-CBOR)', () => {
  it('runs a whole session in CBOR with a device that speaks only CBOR', async () => {
    const log = traceLog();
    const { server, device } = await env.pair({ trace: log.sink }, { encodings: ['cbor'] });
    const get = queue(server, ['GET', `${DIAG}/1/RunCount`]);
    const exec = queue(server, ['EXEC', `${DIAG}/1/Run`]);
    const put = queue(server, ['HPUT', 'auto', `${DIAG}/1/RunCount`]);
    await runSession(device);

    const posts = dmPosts(log);
    expect(posts.map((p) => p.headers['content-type'])).toEqual(['application/vnd.oma.dm.initiation+cbor', 'application/vnd.oma.dm.response+cbor']);
    expect(posts[0]!.headers.accept).toBe('application/vnd.oma.dm.request+cbor');
    const answers = log.responsesOut().filter((r) => (r.headers['content-type'] ?? '').includes('dm.request'));
    expect(answers.map((r) => r.headers['content-type'])).toEqual(['application/vnd.oma.dm.request+cbor', 'application/vnd.oma.dm.request+cbor']);
    const p2 = decodeCbor(answers[0]!.body);
    expect(p2.ok && (p2.value as { CMD: string[][] }).CMD.map((c) => c[0])).toEqual(['GET', 'EXEC', 'HPUT', 'CONT']);
    const p3 = decodeCbor(posts[1]!.body);
    expect(p3.ok && (p3.value as { Status: Array<{ sc: number }> }).Status.map((s) => s.sc)).toEqual([200, 200, 200, 200]);
    expect(statusOf(get).Data![0]!.MOData).toBe(0);
    expect(statusOf(exec).sc).toBe(200);
    expect(server.operator.received(put.receiverId!)).toMatchObject([{ encoding: 'cbor', entries: [{ MOData: 1 }] }]);
  });
});
