/**
 * The SCOMO package download (harness/client/scomo-download.ts over package-download.ts, P-LO): each
 * way a GET of PkgURL can go wrong maps to its SCOMO result code; a good package is stored on disk and
 * checked against its Repr-Digest; a download cut at an offset resumes with Range/If-Range from the
 * stored byte, within the attempt and, when the server was gone after the cut, on the next attempt.
 */
import { readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { largeObjectStoreFor } from '../../../harness/client/large-object-store.ts';
import type { TransferContext } from '../../../harness/client/mo-transfer.ts';
import { downloadScomoPackage } from '../../../harness/client/scomo-download.ts';
import { LargeObjectHost, objectBytes } from '../../../harness/conformance/fixtures/large-object-host.ts';
import { SCOMO_RESULT } from '../../../harness/protocol/scomo.ts';
import { HttpClient } from '../../../harness/transport/http-client.ts';
import { reprDigestHeader } from '../../../harness/transport/ranged-object.ts';

const BODY = objectBytes(30_000, 11);
let host: LargeObjectHost;
let server: Server;
let base = '';
const http = new HttpClient({ side: 'client', timeoutMs: 2_000 });
const devIds: string[] = [];

/** A device context of its own DevID (its own large-object store, removed at the end). */
function device(name: string): TransferContext {
  const devId = `scomo-dl-${name}-${process.pid}-${Date.now()}`;
  devIds.push(devId);
  return { http, devId, encodings: ['json'] };
}

beforeAll(async () => {
  host = await LargeObjectHost.listen({ host: '127.0.0.1' });
  // /<status>: that status, no body; /plain: a 200 that is no package; /nodigest: a package without Repr-Digest.
  server = createServer((req, res) => {
    if (req.url === '/plain') return void res.writeHead(200, { 'content-type': 'text/plain' }).end('hello');
    if (req.url === '/nodigest')
      return void res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(BODY.length) }).end(BODY);
    res.writeHead(Number(req.url?.slice(1)) || 500).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await http.close();
  await host.close();
  await new Promise<void>((r) => server.close(() => r()));
  for (const devId of devIds) rmSync(largeObjectStoreFor(devId).dir, { recursive: true, force: true });
});

describe('SCOMO package download through P-LO', () => {
  it('a good package: stored on disk under its SHA-256, the digest checked, one request', async () => {
    const object = host.publish(BODY);
    const r = await downloadScomoPackage(device('ok'), object.url);
    expect(r).toMatchObject({ ok: true, size: BODY.length, requests: 1 });
    if (!r.ok) return;
    expect(r.sha256.equals(object.sha256)).toBe(true);
    expect(readFileSync(r.path).equals(BODY)).toBe(true);
    expect(object.requests.map((q) => q.range)).toEqual(['bytes=0-']);
  });

  it.each([
    ['ftp://127.0.0.1/pkg', SCOMO_RESULT.DOWNLOAD_FAILED],
    ['not a url', SCOMO_RESULT.DOWNLOAD_FAILED],
    ['/404', SCOMO_RESULT.DOWNLOAD_FAILED],
    ['/401', SCOMO_RESULT.ALT_DOWNLOAD_AUTH_FAILED],
    ['/403', SCOMO_RESULT.ALT_DOWNLOAD_AUTH_FAILED],
    ['/500', SCOMO_RESULT.ALT_DOWNLOAD_SERVER_ERROR],
    ['/503', SCOMO_RESULT.ALT_DOWNLOAD_SERVER_ERROR],
    ['/plain', SCOMO_RESULT.DOWNLOAD_FAILED],
    ['/nodigest', SCOMO_RESULT.PACKAGE_VALIDATION_FAILED],
  ])('%s -> %i', async (url, code) => {
    const r = await downloadScomoPackage(device('codes'), url.startsWith('/') ? `${base}${url}` : url);
    expect(r).toMatchObject({ ok: false, code });
  });

  it('a digest mismatch is 1407 and keeps nothing', async () => {
    const ctx = device('wrong');
    const object = host.publish(BODY, { wrongDigest: true });
    expect(await downloadScomoPackage(ctx, object.url)).toMatchObject({ ok: false, code: SCOMO_RESULT.PACKAGE_VALIDATION_FAILED, kind: 'corrupted' });
    expect(largeObjectStoreFor(ctx.devId).partial(object.url).stored).toBe(0);
    expect(largeObjectStoreFor(ctx.devId).object(object.sha256)).toBeUndefined();
  });

  it('a server that takes no connection is 1415; a package over the bound 1404, refused at its declared size before a byte is stored', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await downloadScomoPackage(device('closed'), `http://127.0.0.1:${port}/pkg`)).toMatchObject({
      ok: false,
      code: SCOMO_RESULT.ALT_DOWNLOAD_SERVER_UNAVAILABLE,
    });
    const ctx = device('big');
    const object = host.publish(BODY);
    expect(await downloadScomoPackage(ctx, object.url, BODY.length - 1)).toMatchObject({ ok: false, code: SCOMO_RESULT.DOWNLOAD_OUT_OF_MEMORY });
    expect(largeObjectStoreFor(ctx.devId).partial(object.url).stored).toBe(0);
    expect(await downloadScomoPackage(ctx, object.url, BODY.length)).toMatchObject({ ok: true, size: BODY.length });
  });

  it('a device whose HTTP client cannot stream answers 1411', async () => {
    const ctx: TransferContext = { ...device('nostream'), http: { send: (req) => http.send(req) } };
    expect(await downloadScomoPackage(ctx, `${base}/404`)).toMatchObject({ ok: false, code: SCOMO_RESULT.NOT_IMPLEMENTED });
  });

  it('a transfer cut at an offset resumes at once with Range from the cut and If-Range the ETag; no byte is sent twice', async () => {
    const object = host.publish(BODY, { cuts: [12_345] });
    const r = await downloadScomoPackage(device('cut'), object.url);
    expect(r).toMatchObject({ ok: true, size: BODY.length, requests: 2 });
    expect(object.requests.map((q) => q.range)).toEqual(['bytes=0-', 'bytes=12345-']);
    expect(object.requests[1]).toMatchObject({ ifRange: object.etag, status: 206, first: 12_345 });
    expect(object.bytesServed).toBe(BODY.length);
  });

  it('a transfer cut when the server goes away fails 1415 with the bytes kept; the next attempt resumes from the stored byte', async () => {
    const ctx = device('resume');
    const object = host.publish(BODY, { cuts: [20_000], offlineAfterCut: true });
    expect(await downloadScomoPackage(ctx, object.url)).toMatchObject({ ok: false, code: SCOMO_RESULT.ALT_DOWNLOAD_SERVER_UNAVAILABLE });
    const partial = largeObjectStoreFor(ctx.devId).partial(object.url);
    expect(partial).toMatchObject({ stored: 20_000, meta: { etag: object.etag, size: BODY.length, digest: reprDigestHeader(object.sha256) } });
    host.online();
    const again = await downloadScomoPackage(ctx, object.url);
    expect(again).toMatchObject({ ok: true, size: BODY.length });
    if (again.ok) expect(readFileSync(again.path).equals(BODY)).toBe(true);
    const served = object.requests.filter((q) => !q.refused);
    expect(served.map((q) => q.range)).toEqual(['bytes=0-', 'bytes=20000-']);
    expect(served[1]).toMatchObject({ ifRange: object.etag, status: 206, first: 20_000 });
    expect(object.bytesServed).toBe(BODY.length);
  });
});
