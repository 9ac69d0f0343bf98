/**
 * Large objects (P-LO) between the reference peers and against the harness's large-object host:
 * HGET of `application/octet-stream` into a leaf (the leaf then holds the object's Repr-Digest),
 * resumed with Range/If-Range after cuts at any offset without a byte sent twice, resumed in a later
 * session from another address after the network was gone and after a restart of the device (same
 * DevID), restarted whole when the object changed, and refused (400, nothing stored) on a digest
 * mismatch; HPUT of such a leaf after HEAD, in Content-Range chunks, resumed after a failed chunk, and
 * the reference server's receivers (409 naming the offset, 400 on a digest mismatch).
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { largeObjectStoreFor } from '../../harness/client/large-object-store.ts';
import { LargeObjectHost, objectBytes } from '../../harness/conformance/fixtures/large-object-host.ts';
import { HttpFailure, type HttpRequest, type HttpSender } from '../../harness/transport/http-client.ts';
import { reprDigestHeader } from '../../harness/transport/ranged-object.ts';
import type { DmDevice } from '../../harness/client/dm-device.ts';
import type { DmServer } from '../../harness/server/dm-server.ts';
import { CONNMO, integrationEnv, queue, runSession, settled, statusOf } from './support.ts';

const env = integrationEnv();
const LEAF = `${CONNMO}/fw/Image`;

function leafValue(device: DmDevice): unknown {
  const node = device.tree.instance(CONNMO, 'fw')?.root.children.get('Image');
  return node?.kind === 'leaf' ? node.value : undefined;
}

/** A device of its own DevID whose large-object store goes at the end of the test. */
async function pair(devId: string): Promise<{ server: DmServer; device: DmDevice }> {
  const made = await env.pair({}, { devId });
  env.defer(() => rmSync(largeObjectStoreFor(devId).dir, { recursive: true, force: true }));
  return made;
}

/** Queues the HGET that creates the instance the large object's leaf goes into. */
function withInstance(server: DmServer, devId: string): void {
  const content = server.operator.publish([{ ClientURI: `${CONNMO}/fw`, MOData: { Name: 'firmware' } }]);
  queue(server, ['HGET', content.url, `${CONNMO}/fw`], { devId });
}

async function hostOn(): Promise<LargeObjectHost> {
  const host = await LargeObjectHost.listen({ host: '127.0.0.1' });
  env.defer(() => host.close());
  return host;
}

describe('P-LO download', () => {
  it('the reference server serves a 3.5 MiB object in 1 MiB parts by range; the device checks its digest and stores it in the leaf', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dmcts-lo-test-'));
    env.defer(() => rmSync(dir, { recursive: true, force: true }));
    const bytes = objectBytes(3.5 * 1024 * 1024, 7);
    writeFileSync(join(dir, 'fw.bin'), bytes);
    const { server, device } = await pair(`lo-ref-${Date.now()}`);
    withInstance(server, device.devId);
    const published = await server.operator.publishObject(join(dir, 'fw.bin'));
    const hget = queue(server, ['HGET', published.url, LEAF], { devId: device.devId });
    await runSession(device);
    await settled(server, hget);
    expect(statusOf(hget)).toEqual({ sc: 200, URI: [LEAF] });
    expect(leafValue(device)).toBe(reprDigestHeader(createHash('sha256').update(bytes).digest()));
    const object = server.resources.object(published.id)!;
    expect(object.fetches).toBe(4);
    expect(object.bytesSent).toBe(bytes.length);
  });

  it('resumes after cuts at any offset: each request after a cut asks Range from the cut with If-Range, no byte is sent twice', async () => {
    const host = await hostOn();
    const bytes = objectBytes(300_000, 1);
    const cuts = [1, 65_537, 65_538, 200_000, 299_999];
    const object = host.publish(bytes, { cuts });
    const { server, device } = await pair(`lo-cut-${Date.now()}`);
    withInstance(server, device.devId);
    const hget = queue(server, ['HGET', object.url, LEAF], { devId: device.devId });
    await runSession(device);
    await settled(server, hget);
    expect(statusOf(hget)).toEqual({ sc: 200, URI: [LEAF] });
    expect(object.bytesServed).toBe(bytes.length);
    expect(object.requests.map((r) => r.range)).toEqual(['bytes=0-', ...cuts.map((c) => `bytes=${c}-`)]);
    expect(object.requests.slice(1).every((r) => r.ifRange === object.etag && r.status === 206)).toBe(true);
    expect(leafValue(device)).toBe(reprDigestHeader(object.sha256));
  });

  it('a transfer cut while the network goes away resumes in a later session from another address, from the stored byte', async () => {
    const host = await hostOn();
    const bytes = objectBytes(200_000, 2);
    const object = host.publish(bytes, { cuts: [123_456], offlineAfterCut: true });
    const { server, device } = await pair(`lo-move-${Date.now()}`);
    withInstance(server, device.devId);
    const first = queue(server, ['HGET', object.url, LEAF], { devId: device.devId });
    await runSession(device);
    await settled(server, first);
    expect(statusOf(first).sc).toBe(502);
    host.online();
    device.moveTo('127.0.0.2');
    const again = queue(server, ['HGET', object.url, LEAF], { devId: device.devId });
    await runSession(device);
    await settled(server, again);
    expect(statusOf(again)).toEqual({ sc: 200, URI: [LEAF] });
    const served = object.requests.filter((r) => !r.refused);
    expect(served.at(-1)).toMatchObject({ range: 'bytes=123456-', ifRange: object.etag, status: 206, peer: '127.0.0.2' });
    expect(object.bytesServed).toBe(bytes.length);
  });

  it('a transfer cut before the device restarts resumes after the restart (same DevID) from the stored byte', async () => {
    const host = await hostOn();
    const bytes = objectBytes(150_000, 6);
    const object = host.publish(bytes, { cuts: [77_777], offlineAfterCut: true });
    const devId = `lo-restart-${Date.now()}`;
    const { server, device } = await pair(devId);
    withInstance(server, devId);
    const first = queue(server, ['HGET', object.url, LEAF], { devId });
    await runSession(device);
    await settled(server, first);
    expect(statusOf(first).sc).toBe(502);
    await device.stop();
    host.online();
    const restarted = await env.device(server, { devId });
    withInstance(server, devId);
    const again = queue(server, ['HGET', object.url, LEAF], { devId });
    await runSession(restarted);
    await settled(server, again);
    expect(statusOf(again)).toEqual({ sc: 200, URI: [LEAF] });
    expect(object.requests.filter((r) => !r.refused).at(-1)).toMatchObject({ range: 'bytes=77777-', ifRange: object.etag, status: 206 });
    expect(object.bytesServed).toBe(bytes.length);
  });

  it('an object that changed between sessions comes whole (If-Range with the old ETag), and its new digest is stored', async () => {
    const host = await hostOn();
    const object = host.publish(objectBytes(100_000, 3), { cuts: [50_000], offlineAfterCut: true });
    const { server, device } = await pair(`lo-changed-${Date.now()}`);
    withInstance(server, device.devId);
    const first = queue(server, ['HGET', object.url, LEAF], { devId: device.devId });
    await runSession(device);
    await settled(server, first);
    host.online();
    const fresh = objectBytes(80_000, 4);
    host.replace(object, fresh);
    const again = queue(server, ['HGET', object.url, LEAF], { devId: device.devId });
    await runSession(device);
    await settled(server, again);
    expect(statusOf(again)).toEqual({ sc: 200, URI: [LEAF] });
    const last = object.requests.at(-1)!;
    expect(last.range).toBe('bytes=50000-');
    expect(last.status).toBe(200);
    expect(leafValue(device)).toBe(reprDigestHeader(createHash('sha256').update(fresh).digest()));
  });

  it('a digest mismatch is 400 and nothing is stored', async () => {
    const host = await hostOn();
    const object = host.publish(objectBytes(50_000, 5), { wrongDigest: true });
    const { server, device } = await pair(`lo-digest-${Date.now()}`);
    withInstance(server, device.devId);
    const hget = queue(server, ['HGET', object.url, LEAF], { devId: device.devId });
    await runSession(device);
    await settled(server, hget);
    expect(statusOf(hget)).toEqual({ sc: 400, URI: [LEAF] });
    expect(leafValue(device)).toBeUndefined();
  });
});

describe('P-LO upload', () => {
  it('HPUT of a leaf holding a large object asks HEAD, sends Content-Range chunks, resumes after a failed chunk from the Upload-Offset, and the receiver serves it back by range', async () => {
    const host = await hostOn();
    const bytes = objectBytes(700_000, 9);
    const object = host.publish(bytes);
    const { server, device } = await pair(`lo-up-${Date.now()}`);
    withInstance(server, device.devId);
    const hget = queue(server, ['HGET', object.url, LEAF], { devId: device.devId });
    await runSession(device);
    await settled(server, hget);
    expect(statusOf(hget).sc).toBe(200);
    // The second chunk fails once before it is sent (the network dropped between chunks).
    const d = device as unknown as { router: (...a: unknown[]) => HttpSender };
    const router = d.router.bind(device);
    const seen: string[] = [];
    let failed = false;
    d.router = (...a: unknown[]) => {
      const sender = router(...a);
      return {
        send: (req: HttpRequest) => {
          seen.push(`${req.method} ${req.headers?.['content-range'] ?? ''}`);
          if (!failed && req.headers?.['content-range']?.startsWith('bytes 262144-')) {
            failed = true;
            return Promise.reject(new HttpFailure('UNREACHABLE', 'network gone'));
          }
          return sender.send(req);
        },
        ...(sender.open ? { open: sender.open.bind(sender) } : {}),
      };
    };
    const hput = queue(server, ['HPUT', 'auto', LEAF], { devId: device.devId });
    await runSession(device);
    await settled(server, hput);
    expect(statusOf(hput)).toEqual({ sc: 200, URI: [LEAF] });
    expect(seen).toEqual([
      'HEAD ',
      'PUT bytes 0-262143/700000',
      'PUT bytes 262144-524287/700000',
      'HEAD ',
      'PUT bytes 262144-524287/700000',
      'PUT bytes 524288-699999/700000',
    ]);
    const receiver = server.resources.receiver(hput.receiverId!)!;
    expect(receiver.upload?.complete?.digest).toBe(reprDigestHeader(object.sha256));
    const url = `${server.url}/recv/${hput.receiverId}`;
    const head = await fetch(url, { method: 'HEAD' });
    expect(head.headers.get('upload-offset')).toBe('700000');
    const part = await fetch(url, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe('bytes 100-199/700000');
    expect(Buffer.from(await part.arrayBuffer()).equals(bytes.subarray(100, 200))).toBe(true);
    const stale = await fetch(url, { headers: { range: 'bytes=100-', 'if-range': '"stale"' } });
    expect(stale.status).toBe(200);
    expect(Number(stale.headers.get('content-length'))).toBe(700_000);
    // The stopped server leaves no upload file behind.
    const file = receiver.upload!.path;
    await stale.arrayBuffer();
    expect(existsSync(file)).toBe(true);
    await server.stop();
    expect(existsSync(file), 'the stopped server removed the uploaded object').toBe(false);
  });

  it('a receiver refuses a chunk that does not continue what it holds (409 naming its Upload-Offset) and an object whose digest does not match (400)', async () => {
    const server = await env.server();
    const r = server.operator.receiver();
    const bytes = objectBytes(1000, 11);
    const digest = reprDigestHeader(createHash('sha256').update(bytes).digest());
    const put = (first: number, last: number, d = digest) =>
      fetch(r.url, {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream', 'content-range': `bytes ${first}-${last}/1000`, 'repr-digest': d },
        body: bytes.subarray(first, last + 1),
      });
    expect((await put(0, 399)).headers.get('upload-offset')).toBe('400');
    const gap = await put(500, 999);
    expect(gap.status).toBe(409);
    expect(gap.headers.get('upload-offset')).toBe('400');
    expect((await put(400, 999)).status).toBe(204);
    const wrong = reprDigestHeader(createHash('sha256').update('other').digest());
    const r2 = server.operator.receiver();
    const bad = await fetch(r2.url, { method: 'PUT', headers: { 'content-type': 'application/octet-stream', 'repr-digest': wrong }, body: bytes });
    expect(bad.status).toBe(400);
    expect((await fetch(r2.url, { method: 'HEAD' })).headers.get('upload-offset')).toBe('0');
  });
});
