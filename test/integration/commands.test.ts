/**
 * The twelve commands (K-CMD, K-ADDR, P-DETAIL, P-GET, P-SEL, K-NEG) sent by the reference server's
 * operator to the reference device over real sockets, checked by the Status entries, the server's
 * receivers and the device's tree.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_PERM } from '../../harness/client/factory-profile.ts';
import { LocalApi } from '../../harness/client/local-api.ts';
import type { DmDevice } from '../../harness/client/dm-device.ts';
import { closedPort, CONNMO, DEVINFO, DIAG, DMACC, FEATURES, integrationEnv, queue, runSession, SECRET, statusOf, traceLog } from './support.ts';

const env = integrationEnv();

const diagValue = (device: DmDevice, name: string) => {
  const node = device.tree.instance(DIAG, '1')!.root.children.get(name);
  return node?.kind === 'leaf' ? node.value : undefined;
};

describe('GET', () => {
  it('returns the data in its Status entry (P-GET), whole or selected with depth= and fields=', async () => {
    const { server, device } = await env.pair();
    const whole = queue(server, ['GET', `${DEVINFO}//`]);
    const depth0 = queue(server, ['GET', `${DMACC}/1?depth=0`]);
    const fields = queue(server, ['GET', `${FEATURES}/*?fields=CBOR,UI`]);
    const account = queue(server, ['GET', `${DMACC}/1`]);
    await runSession(device);

    expect(statusOf(whole)).toEqual({
      sc: 200,
      URI: [`${DEVINFO}/1`],
      Data: [
        {
          ClientURI: `${DEVINFO}/1`,
          CV: expect.any(String),
          MOData: { DevID: device.devId, Man: 'dmcts', Mod: 'reference-device', DmV: '2.0', Lang: 'en', DevType: 'reference', FwV: '1.0' },
        },
      ],
    });
    expect(statusOf(depth0).Data![0]!.MOData).toEqual({ SrvID: 'srv1', SrvURI: server.dmUrl, Perm: {}, Auth: {} });
    expect(statusOf(fields)).toEqual({ sc: 200, URI: [`${FEATURES}/1`], Data: [expect.objectContaining({ MOData: { CBOR: true, UI: false } })] });
    // The notification secret is write-only: it never leaves the device.
    const acc = statusOf(account);
    expect(acc.Data![0]!.MOData).toMatchObject({ SrvID: 'srv1', Perm: { '1': { MOID: DEVINFO, Rights: 'R' } }, Auth: { Noti: { Type: 'Noti' } } });
    expect(JSON.stringify(acc)).not.toContain(SECRET);
  });

  it('answers 200 with empty Data for a wildcard that matches nothing, 404 for an unknown instance', async () => {
    const { server, device } = await env.pair();
    const none = queue(server, ['GET', `${CONNMO}/*`]);
    const noNode = queue(server, ['GET', `${DIAG}/*/NoSuchNode`]);
    const unknown = queue(server, ['GET', `${DEVINFO}/7`]);
    const unknownNode = queue(server, ['GET', `${DEVINFO}/1/NoSuchNode`]);
    const noRight = queue(server, ['GET', `${DMACC}/*`]);
    await runSession(device);
    expect(statusOf(none)).toEqual({ sc: 200, URI: [], Data: [] });
    expect(statusOf(noNode)).toEqual({ sc: 200, URI: [], Data: [] });
    expect(statusOf(unknown)).toEqual({ sc: 404, URI: [`${DEVINFO}/7`] });
    expect(statusOf(unknownNode)).toEqual({ sc: 404, URI: [`${DEVINFO}/1/NoSuchNode`] });
    // Only its own account is readable to a server.
    expect(statusOf(noRight).URI).toEqual([`${DMACC}/1`]);
  });

  it('resolves nv= over x-names, and refuses MOID// when two instances exist (400)', async () => {
    const { server, device } = await env.pair();
    const content = server.operator.publish([
      { ClientURI: CONNMO, MOData: { Name: 'a', APN: 'apn.a' } },
      { ClientURI: CONNMO, MOData: { Name: 'b', APN: 'apn.b' } },
    ]);
    const hget = queue(server, ['HGET', content.url]);
    const byName = queue(server, ['GET', `${CONNMO}/(x)/APN?nv=(x)/Name:b`]);
    const noMatch = queue(server, ['GET', `${CONNMO}/(x)?nv=(x)/Name:zzz`]);
    const unbound = queue(server, ['GET', `${CONNMO}/(x)?nv=(y)/Name:b`]);
    const ambiguous = queue(server, ['GET', `${CONNMO}//`]);
    await runSession(device);
    expect(statusOf(hget)).toEqual({ sc: 200, URI: [`${CONNMO}/1`, `${CONNMO}/2`] });
    expect(statusOf(byName)).toEqual({ sc: 200, URI: [`${CONNMO}/2/APN`], Data: [expect.objectContaining({ ClientURI: `${CONNMO}/2/APN`, MOData: 'apn.b' })] });
    expect(statusOf(noMatch)).toEqual({ sc: 200, URI: [], Data: [] });
    expect(statusOf(unbound).sc).toBe(400);
    expect(statusOf(ambiguous)).toEqual({ sc: 400, URI: [`${CONNMO}//`] });
  });

  it('answers 304 without data for an unchanged cv=, 200 with the data once the instance changed', async () => {
    const { server, device } = await env.pair();
    const first = queue(server, ['GET', `${DIAG}/1`]);
    await runSession(device);
    const cv = statusOf(first).Data![0]!.CV!;
    expect(cv).toBeTruthy();

    const unchanged = queue(server, ['GET', `${DIAG}/1?cv=${encodeURIComponent(cv)}`]);
    const exec = queue(server, ['EXEC', `${DIAG}/1/Run`]);
    const changed = queue(server, ['GET', `${DIAG}/1?cv=${encodeURIComponent(cv)}`]);
    const multi = queue(server, ['GET', `${CONNMO}/*?cv=${encodeURIComponent(cv)}`]);
    await runSession(device);
    expect(statusOf(unchanged)).toEqual({ sc: 304, URI: [`${DIAG}/1`] });
    expect(statusOf(exec).sc).toBe(200);
    const after = statusOf(changed);
    expect(after.sc).toBe(200);
    expect(after.Data![0]!.MOData).toMatchObject({ RunCount: 1 });
    expect(after.Data![0]!.CV).not.toBe(cv);
    expect(statusOf(multi).sc, 'cv= on a wildcard matching nothing').toBe(200);
  });
});

describe('HGET', () => {
  it('without a ClientURI creates instances with fresh MIIDs and returns their URIs', async () => {
    const { server, device } = await env.pair();
    const one = server.operator.publish([{ ClientURI: CONNMO, MOData: { Name: 'first' } }]);
    const two = server.operator.publish([
      { ClientURI: CONNMO, MOData: { Name: 'second' } },
      { ClientURI: CONNMO, MOData: { Name: 'third' } },
    ]);
    const a = queue(server, ['HGET', one.url]);
    const b = queue(server, ['HGET', two.url]);
    const read = queue(server, ['GET', `${CONNMO}/*/Name`]);
    await runSession(device);
    expect(statusOf(a)).toEqual({ sc: 200, URI: [`${CONNMO}/1`] });
    expect(statusOf(b)).toEqual({ sc: 200, URI: [`${CONNMO}/2`, `${CONNMO}/3`] });
    expect(statusOf(read).Data!.map((e) => e.MOData)).toEqual(['first', 'second', 'third']);
    expect(device.tree.instance(CONNMO, '2')!.owner).toEqual({ kind: 'server', id: 'srv1' });
    expect(server.resources.content(two.id)!.fetches).toBe(1);
  });

  it('with a ClientURI creates a named MIID (owned by the server) or replaces a node', async () => {
    const { server, device } = await env.pair();
    const apn = server.operator.publish([{ ClientURI: `${CONNMO}/apn7`, MOData: { Name: 'seven', APN: 'apn.7' } }]);
    const label = server.operator.publish([{ ClientURI: `${DIAG}/1/Label`, MOData: 'written by HGET' }]);
    const a = queue(server, ['HGET', apn.url, `${CONNMO}/apn7`]);
    const b = queue(server, ['HGET', label.url, `${DIAG}/1/Label`]);
    const readBack = queue(server, ['GET', `${CONNMO}/apn7`]);
    await runSession(device);
    expect(statusOf(a)).toEqual({ sc: 200, URI: [`${CONNMO}/apn7`] });
    expect(statusOf(b)).toEqual({ sc: 200, URI: [`${DIAG}/1/Label`] });
    expect(statusOf(readBack).Data![0]!.MOData).toEqual({ Name: 'seven', APN: 'apn.7' });
    expect(device.tree.instance(CONNMO, 'apn7')!.owner).toEqual({ kind: 'server', id: 'srv1' });
    expect(diagValue(device, 'Label')).toBe('written by HGET');
  });

  it('reports the HTTP status of a target that answers an error, and 502 for an unreachable one', async () => {
    const { server, device } = await env.pair();
    const missing = server.operator.publish([{ ClientURI: CONNMO, MOData: {} }], { failWith: 404 });
    const broken = server.operator.publish([{ ClientURI: CONNMO, MOData: {} }], { failWith: 503 });
    const port = await closedPort();
    const a = queue(server, ['HGET', missing.url]);
    const b = queue(server, ['HGET', broken.url, `${CONNMO}/x1`]);
    const c = queue(server, ['HGET', `http://127.0.0.1:${port}/content/none`]);
    await runSession(device);
    expect(statusOf(a)).toEqual({ sc: 404, URI: [] });
    expect(statusOf(b)).toEqual({ sc: 503, URI: [`${CONNMO}/x1`] });
    expect(statusOf(c)).toEqual({ sc: 502, URI: [] });
    expect([...device.tree.instancesOf(CONNMO)], 'nothing was created').toHaveLength(0);
  });
});

describe('HPUT and HPOST', () => {
  it('send the data of the ClientURIs to the receiver with PUT and POST', async () => {
    const { server, device } = await env.pair();
    const put = queue(server, ['HPUT', 'auto', `${DIAG}/1/RunCount`, `${DEVINFO}//DevID`]);
    const post = queue(server, ['HPOST', 'auto', `${FEATURES}//?fields=UI`]);
    await runSession(device);
    expect(statusOf(put)).toEqual({ sc: 200, URI: [`${DIAG}/1/RunCount`, `${DEVINFO}/1/DevID`] });
    expect(statusOf(post)).toEqual({ sc: 200, URI: [`${FEATURES}/1`] });
    const [putBody] = server.operator.received(put.receiverId!);
    expect(putBody).toMatchObject({ method: 'PUT', encoding: 'json', devId: device.devId });
    expect(putBody!.entries.map((e) => [e.ClientURI, e.MOData])).toEqual([
      [`${DIAG}/1/RunCount`, 0],
      [`${DEVINFO}/1/DevID`, device.devId],
    ]);
    const [postBody] = server.operator.received(post.receiverId!);
    expect(postBody).toMatchObject({ method: 'POST', entries: [{ ClientURI: `${FEATURES}/1`, MOData: { UI: false } }] });
  });

  it('retry in CBOR after a 415 whose OMADM-Accept lists only CBOR (K-NEG)', async () => {
    const log = traceLog();
    const { server, device } = await env.pair({ trace: log.sink });
    const receiver = server.operator.receiver(['cbor']);
    const put = queue(server, ['HPUT', receiver.url, `${DIAG}/1/Label`]);
    await runSession(device);
    expect(statusOf(put)).toEqual({ sc: 200, URI: [`${DIAG}/1/Label`] });
    const path = new URL(receiver.url).pathname;
    const puts = log.requestsIn((e) => e.url === path);
    expect(puts.map((p) => p.headers['content-type'])).toEqual(['application/vnd.oma.dm.mo+json', 'application/vnd.oma.dm.mo+cbor']);
    const answers = log.responsesOut().filter((r) => r.status === 415);
    expect(answers).toHaveLength(1);
    expect(answers[0]!.headers['omadm-accept']).toBe('application/vnd.oma.dm.mo+cbor');
    expect(server.operator.received(receiver.id)).toMatchObject([{ encoding: 'cbor', entries: [{ MOData: 'diagnostics' }] }]);
  });

  it('end in 406 when the target accepts no format the device can send, without sending it anyway', async () => {
    const { server, device } = await env.pair();
    const stub = await env.stub((_req, res) => {
      res.writeHead(415, { 'omadm-accept': 'application/x-unknown', 'content-type': 'text/plain' });
      res.end('no\n');
    });
    const put = queue(server, ['HPUT', `${stub.url}/in`, `${DIAG}/1/Label`]);
    const post = queue(server, ['HPOST', `${stub.url}/in`, `${DIAG}/1/Label`]);
    await runSession(device);
    expect(statusOf(put)).toEqual({ sc: 406, URI: [`${DIAG}/1/Label`] });
    expect(statusOf(post)).toEqual({ sc: 406, URI: [`${DIAG}/1/Label`] });
    expect(stub.requests.map((r) => [r.method, r.headers['content-type']])).toEqual([
      ['PUT', 'application/vnd.oma.dm.mo+json'],
      ['POST', 'application/vnd.oma.dm.mo+json'],
    ]);
  });

  it('report the status a target answered, 502 when unreachable, 403 for an account of another server', async () => {
    const srv1 = await env.server({ srvId: 'srv1' });
    const device = await env.device(undefined, {
      servers: [
        { srvId: 'srv1', srvUri: srv1.dmUrl, perm: DEFAULT_PERM },
        { srvId: 'srv2', srvUri: 'http://127.0.0.1:9/dm', perm: DEFAULT_PERM },
      ],
    });
    const stub = await env.stub((_req, res) => {
      res.writeHead(500);
      res.end();
    });
    const port = await closedPort();
    const failing = queue(srv1, ['HPUT', stub.url, `${DIAG}/1/Label`]);
    const unreachable = queue(srv1, ['HPOST', `http://127.0.0.1:${port}/x`, `${DIAG}/1/Label`]);
    const forbidden = queue(srv1, ['HPUT', 'auto', `${DMACC}/2`]);
    await runSession(device);
    expect(statusOf(failing)).toEqual({ sc: 500, URI: [`${DIAG}/1/Label`] });
    expect(statusOf(unreachable)).toEqual({ sc: 502, URI: [`${DIAG}/1/Label`] });
    expect(statusOf(forbidden)).toEqual({ sc: 403, URI: [`${DMACC}/2`] });
    expect(srv1.operator.received(forbidden.receiverId!), 'nothing was sent').toHaveLength(0);
  });
});

describe('DELETE', () => {
  it('removes a dynamic instance and its children', async () => {
    const { server, device } = await env.pair();
    const content = server.operator.publish([{ ClientURI: CONNMO, MOData: { Name: 'gone soon', Nested: { A: '1' } } }]);
    queue(server, ['HGET', content.url]);
    const del = queue(server, ['DELETE', `${CONNMO}/1`]);
    const read = queue(server, ['GET', `${CONNMO}/1`]);
    const again = queue(server, ['DELETE', `${CONNMO}/1`]);
    await runSession(device);
    expect(statusOf(del)).toEqual({ sc: 200, URI: [`${CONNMO}/1`] });
    expect(statusOf(read)).toEqual({ sc: 404, URI: [`${CONNMO}/1`] });
    expect(statusOf(again).sc).toBe(404);
    expect(device.tree.instance(CONNMO, '1')).toBeUndefined();
  });

  it('refuses the permanent DevInfo: 403 without the W right (default Perm R), 405 with it', async () => {
    // DEFAULT_PERM gives DevInfo R only: DELETE needs W on an explicitly named instance -> 403.
    const { server, device } = await env.pair();
    const noRight = queue(server, ['DELETE', `${DEVINFO}/1`]);
    await runSession(device);
    expect(statusOf(noRight)).toEqual({ sc: 403, URI: [`${DEVINFO}/1`] });

    // With W granted, the right is there but the instance is permanent (K-TREE) -> 405.
    const srv2 = await env.server({ srvId: 'srv2' });
    const device2 = await env.device(undefined, {
      devId: 'IMEI:2',
      servers: [
        {
          srvId: 'srv2',
          srvUri: srv2.dmUrl,
          perm: [
            { moid: DEVINFO, rights: 'RW' },
            { moid: DIAG, rights: 'RW' },
          ],
        },
      ],
    });
    const permanent = queue(srv2, ['DELETE', `${DEVINFO}/1`], { devId: 'IMEI:2' });
    const permanentLeaf = queue(srv2, ['DELETE', `${DEVINFO}/1/Man`], { devId: 'IMEI:2' });
    const permanentNode = queue(srv2, ['DELETE', `${DIAG}/1/RunCount`], { devId: 'IMEI:2' });
    const optional = queue(srv2, ['DELETE', `${DIAG}/1/Label`], { devId: 'IMEI:2' });
    await runSession(device2);
    expect(statusOf(permanent)).toEqual({ sc: 405, URI: [`${DEVINFO}/1`] });
    expect(statusOf(permanentLeaf).sc).toBe(405);
    expect(statusOf(permanentNode).sc).toBe(405);
    expect(statusOf(optional)).toEqual({ sc: 200, URI: [`${DIAG}/1/Label`] });
    expect(device2.tree.instance(DEVINFO, '1')).toBeDefined();
    expect(device2.tree.instance(DIAG, '1')!.root.children.has('Label')).toBe(false);
  });
});

describe('EXEC', () => {
  it('runs synchronously: 200 and RunCount counts up; Fail gives 500; a non-executable node 405', async () => {
    const { server, device } = await env.pair();
    const before = queue(server, ['GET', `${DIAG}/1/RunCount`]);
    const run = queue(server, ['EXEC', `${DIAG}/1/Run`]);
    const run2 = queue(server, ['EXEC', `${DIAG}//Run`]);
    const after = queue(server, ['GET', `${DIAG}/1/RunCount`]);
    const failing = queue(server, ['EXEC', `${DIAG}/1/Fail`]);
    const notExec = queue(server, ['EXEC', `${DIAG}/1/RunCount`]);
    const noRight = queue(server, ['EXEC', `${DEVINFO}/1/DevID`]);
    await runSession(device);
    expect(statusOf(before).Data![0]!.MOData).toBe(0);
    expect(statusOf(run)).toEqual({ sc: 200, URI: [`${DIAG}/1/Run`] });
    expect(statusOf(run2)).toEqual({ sc: 200, URI: [`${DIAG}/1/Run`] });
    expect(statusOf(after).Data![0]!.MOData).toBe(2);
    expect(statusOf(failing)).toEqual({ sc: 500, URI: [`${DIAG}/1/Fail`] });
    expect(statusOf(notExec).sc).toBe(405);
    expect(statusOf(noRight)).toEqual({ sc: 403, URI: [`${DEVINFO}/1/DevID`] });
  });

  it('with a ServerURI answers 202 and later sends an ExecResult alert in a new session', async () => {
    const log = traceLog();
    const { server, device } = await env.pair({ trace: log.sink });
    const slow = queue(server, ['EXEC', `${DIAG}/1/Slow`, 'auto']);
    const failing = queue(server, ['EXEC', `${DIAG}/1/Fail`, 'auto']);
    await runSession(device);
    expect(statusOf(slow)).toEqual({ sc: 202, URI: [`${DIAG}/1/Slow`] });
    expect(statusOf(failing)).toEqual({ sc: 202, URI: [`${DIAG}/1/Fail`] });
    expect(slow.asyncResult).toBeUndefined();

    await server.operator.waitExecResult(slow, 3_000);
    await server.operator.waitExecResult(failing, 3_000);
    expect(slow.asyncResult).toEqual({ AlertType: 'urn:oma:at:dm:2.0:ExecResult', SourceURI: `${DIAG}/1/Slow`, Data: { sc: 200 } });
    expect(failing.asyncResult).toEqual({ AlertType: 'urn:oma:at:dm:2.0:ExecResult', SourceURI: `${DIAG}/1/Fail`, Data: { sc: 500 } });
    expect(diagValue(device, 'SlowCount')).toBe(1);
    await device.idle();
    // Each result came in the Package#1 of its own session, sent to the EXEC's ServerURI.
    const alertPosts = log.requestsIn((e) => (e.url ?? '').startsWith('/dm/alert/'));
    expect(alertPosts.map((p) => p.url).sort()).toEqual([`/dm/alert/${slow.id}`, `/dm/alert/${failing.id}`].sort());
    expect(server.registry.get(device.devId)!.sessions).toBe(3);
  });
});

describe('SHOW', () => {
  it('is 501 on a device without UI (features UI=false), and shows nothing', async () => {
    const { server, device } = await env.pair();
    const show = queue(server, ['SHOW', 'https://example.invalid/page']);
    const ui = queue(server, ['GET', `${FEATURES}//UI`]);
    await runSession(device);
    expect(statusOf(show)).toEqual({ sc: 501, URI: [] });
    expect(statusOf(ui).Data![0]!.MOData).toBe(false);
    expect(device.shown).toEqual([]);
  });

  it('is 200 on a device with UI, which records what it showed', async () => {
    const { server, device } = await env.pair({}, { ui: true });
    const show = queue(server, ['SHOW', 'https://example.invalid/page']);
    const ui = queue(server, ['GET', `${FEATURES}//UI`]);
    await runSession(device);
    expect(statusOf(show)).toEqual({ sc: 200, URI: [] });
    expect(statusOf(ui).Data![0]!.MOData).toBe(true);
    expect(device.shown).toEqual(['https://example.invalid/page']);
  });
});

describe('DEFAULT', () => {
  it("names where a local application's missing MO comes from; it is fetched on first read only", async () => {
    const { server, device } = await env.pair();
    const content = server.operator.publish([{ ClientURI: CONNMO, MOData: { Name: 'from default', APN: 'apn.default' } }]);
    const def = queue(server, ['DEFAULT', CONNMO, content.url]);
    await runSession(device);
    expect(statusOf(def)).toEqual({ sc: 200, URI: [] });
    expect(server.resources.content(content.id)!.fetches, 'DEFAULT itself fetches nothing').toBe(0);

    const api = new LocalApi(device);
    api.register('app.settings', { [CONNMO]: 'R' });
    const read = await api.read('app.settings', `${CONNMO}/*`);
    expect(read).toEqual({ ok: true, value: [expect.objectContaining({ ClientURI: `${CONNMO}/1`, MOData: { Name: 'from default', APN: 'apn.default' } })] });
    expect(server.resources.content(content.id)!.fetches).toBe(1);
    const again = await api.read('app.settings', `${CONNMO}/1/APN`);
    expect(again).toEqual({ ok: true, value: [expect.objectContaining({ MOData: 'apn.default' })] });
    expect(server.resources.content(content.id)!.fetches, 'present now: not fetched again').toBe(1);

    const noDefault = await api.read('app.settings', 'urn:oma:mo:example-other:1.0/*');
    expect(noDefault.ok).toBe(false);
  });
});

describe('SUB and UNSUB', () => {
  it('SUB: each change is PUT to the receiver with the new value, in order, once per change', async () => {
    const { server, device } = await env.pair();
    const sub = queue(server, ['SUB', `${DIAG}/1/Label`, 'auto']);
    await runSession(device);
    expect(statusOf(sub)).toEqual({ sc: 200, URI: [`${DIAG}/1/Label`] });
    expect(server.operator.received(sub.receiverId!), 'nothing before a change').toHaveLength(0);

    for (const value of ['a', 'b', 'c']) device.tree.deviceWrite(DIAG, '1', ['Label'], value);
    device.tree.deviceWrite(DIAG, '1', ['Label'], 'c'); // no change
    device.tree.deviceWrite(DIAG, '1', ['SlowMs'], 5); // another node
    await device.idle();
    // A change made by the server in a session counts too.
    const content = server.operator.publish([{ ClientURI: `${DIAG}/1/Label`, MOData: 'd' }]);
    queue(server, ['HGET', content.url, `${DIAG}/1/Label`]);
    await runSession(device);
    await device.idle();

    const bodies = server.operator.received(sub.receiverId!);
    expect(bodies.map((b) => b.entries.map((e) => e.MOData))).toEqual([['a'], ['b'], ['c'], ['d']]);
    for (const body of bodies) expect(body).toMatchObject({ method: 'PUT', devId: device.devId, entries: [{ ClientURI: `${DIAG}/1/Label` }] });
  });

  it('SUB: a 415 with OMADM-Accept CBOR makes the device deliver in CBOR', async () => {
    const log = traceLog();
    const { server, device } = await env.pair({ trace: log.sink });
    const receiver = server.operator.receiver(['cbor']);
    const sub = queue(server, ['SUB', `${DIAG}/1/Label`, receiver.url]);
    await runSession(device);
    expect(statusOf(sub).sc).toBe(200);
    device.tree.deviceWrite(DIAG, '1', ['Label'], 'cbor please');
    await device.idle();
    expect(server.operator.received(receiver.id)).toMatchObject([{ encoding: 'cbor', entries: [{ MOData: 'cbor please' }] }]);
    const path = new URL(receiver.url).pathname;
    expect(log.requestsIn((e) => e.url === path).map((e) => e.headers['content-type'])).toEqual([
      'application/vnd.oma.dm.mo+json',
      'application/vnd.oma.dm.mo+cbor',
    ]);
  });

  it('UNSUB stops the deliveries; UNSUB without a matching SUB is 404', async () => {
    const { server, device } = await env.pair();
    const sub = queue(server, ['SUB', `${DIAG}/1/Label`, 'auto']);
    const stray = queue(server, ['UNSUB', `${DIAG}/1/RunCount`]);
    await runSession(device);
    expect(statusOf(stray)).toEqual({ sc: 404, URI: [`${DIAG}/1/RunCount`] });
    device.tree.deviceWrite(DIAG, '1', ['Label'], 'before');
    await device.idle();
    expect(server.operator.received(sub.receiverId!)).toHaveLength(1);

    const unsub = queue(server, ['UNSUB', `${DIAG}/1/Label`]);
    const twice = queue(server, ['UNSUB', `${DIAG}/1/Label`]);
    await runSession(device);
    expect(statusOf(unsub)).toEqual({ sc: 200, URI: [`${DIAG}/1/Label`] });
    expect(statusOf(twice).sc).toBe(404);
    device.tree.deviceWrite(DIAG, '1', ['Label'], 'after');
    await device.idle();
    expect(server.operator.received(sub.receiverId!).map((b) => b.entries[0]!.MOData)).toEqual(['before']);
    expect(device.subscriptions.list()).toEqual([]);
  });
});
