/**
 * The SCOMO package download (harness/client/scomo-download.ts): each way a GET of PkgURL can go wrong
 * maps to its SCOMO result code, and a good package is hashed as streamed, its Repr-Digest checked.
 */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadPackage } from '../../../harness/client/scomo-download.ts';
import { SCOMO_RESULT } from '../../../harness/protocol/scomo.ts';
import { HttpClient } from '../../../harness/transport/http-client.ts';

const BODY = Buffer.from('a software component package');
let server: Server;
let base = '';
const http = new HttpClient({ timeoutMs: 2_000 });

beforeAll(async () => {
  server = createServer((req, res) => {
    const status = Number(req.url?.slice(1)) || 200;
    if (status !== 200) return void res.writeHead(status).end();
    res.writeHead(200, { 'repr-digest': `sha-256=:${createHash('sha256').update(BODY).digest('base64')}:` }).end(BODY);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await http.close();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('SCOMO package download', () => {
  it('a good package: its size and SHA-256, the digest checked', async () => {
    const r = await downloadPackage(http, `${base}/ok`);
    expect(r).toMatchObject({ ok: true, size: BODY.length, digestChecked: true });
    if (r.ok) expect(r.sha256.equals(createHash('sha256').update(BODY).digest())).toBe(true);
  });

  it.each([
    ['ftp://127.0.0.1/pkg', SCOMO_RESULT.DOWNLOAD_FAILED],
    ['/404', SCOMO_RESULT.DOWNLOAD_FAILED],
    ['/401', SCOMO_RESULT.ALT_DOWNLOAD_AUTH_FAILED],
    ['/403', SCOMO_RESULT.ALT_DOWNLOAD_AUTH_FAILED],
    ['/503', SCOMO_RESULT.ALT_DOWNLOAD_SERVER_ERROR],
  ])('%s -> %i', async (url, code) => {
    const r = await downloadPackage(http, url.startsWith('/') ? `${base}${url}` : url);
    expect(r).toMatchObject({ ok: false, code });
  });

  it('a server that takes no connection is 1415; a package over the bound 1404', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    expect(await downloadPackage(http, `http://127.0.0.1:${port}/pkg`)).toMatchObject({ ok: false, code: SCOMO_RESULT.ALT_DOWNLOAD_SERVER_UNAVAILABLE });
    expect(await downloadPackage(http, `${base}/ok`, 4)).toMatchObject({ ok: false, code: SCOMO_RESULT.DOWNLOAD_OUT_OF_MEMORY });
  });
});
