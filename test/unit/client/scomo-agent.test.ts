/**
 * The reference device's SCOMO agent (P-SCOMO) on a factory tree: DownloadInstall of a package served
 * on loopback puts the component in Inventory/Deployed (State 20) and answers 1200; Activate /
 * Deactivate / Remove change the inventory; a bad URL is 1402, a wrong digest 1407, a too large
 * package 1404; a synchronous EXEC maps the code to a Status code. The package stays on disk while its
 * Delivered entry does; a download cut when the server went away resumes on the next EXEC (P-LO).
 */
import { createHash } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFactoryTree } from '../../../harness/client/factory-profile.ts';
import { ExecRegistry } from '../../../harness/client/exec-registry.ts';
import { largeObjectStoreFor } from '../../../harness/client/large-object-store.ts';
import { registerScomo } from '../../../harness/client/scomo-agent.ts';
import { LargeObjectHost, objectBytes } from '../../../harness/conformance/fixtures/large-object-host.ts';
import { DEPLOYED_STATE, DEPLOYED_STATUS, DOWNLOAD_STATUS, SCOMO_MOID, SCOMO_RESULT } from '../../../harness/protocol/scomo.ts';
import { HttpClient } from '../../../harness/transport/http-client.ts';
import { nodeAt } from '../../../harness/tree/tree-node.ts';

const PACKAGE = Buffer.alloc(10_000, 7);
let server: Server;
let base = '';
let host: LargeObjectHost;
const devIds: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const digest = `sha-256=:${createHash('sha256')
      .update(req.url === '/wrong' ? Buffer.from('other') : PACKAGE)
      .digest('base64')}:`;
    if (req.url === '/missing') return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(PACKAGE.length), 'repr-digest': digest }).end(PACKAGE);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  host = await LargeObjectHost.listen({ host: '127.0.0.1' });
});
afterAll(async () => {
  await host.close();
  await new Promise<void>((r) => server.close(() => r()));
  for (const devId of devIds) rmSync(largeObjectStoreFor(devId).dir, { recursive: true, force: true });
});

function device(maxPackageBytes?: number) {
  const devId = `scomo-unit-${process.pid}-${devIds.length}`;
  devIds.push(devId);
  const tree = buildFactoryTree({ devId, servers: [] });
  const exec = new ExecRegistry();
  const http = new HttpClient({ timeoutMs: 2_000 });
  registerScomo(tree, exec, { transfer: () => ({ http, devId, encodings: ['json'] }), ...(maxPackageBytes ? { maxPackageBytes } : {}) });
  const server = { kind: 'device' } as const;
  const run = async (path: string[], async = true) => {
    const handler = exec.find(SCOMO_MOID, path);
    if (!handler) throw new Error(`no handler for ${path.join('/')}`);
    return handler({ moid: SCOMO_MOID, miid: '1', path, by: server, ...(async ? { async: true } : {}) });
  };
  const at = (path: string[]) => nodeAt(tree.instance(SCOMO_MOID, '1')!.root, path);
  const offer = async (name: string, url: string) => {
    const w = tree.write({ kind: 'device' }, SCOMO_MOID, '1', ['Download', name], { PkgID: `id-${name}`, Name: name, PkgURL: url });
    expect(w.ok).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
  };
  const stored = (sha256: Buffer) => existsSync(largeObjectStoreFor(devId).objectPath(sha256));
  return { tree, run, at, offer, devId, stored };
}

describe('SCOMO agent', () => {
  it('DownloadInstall deploys the component active; Deactivate, Activate, Remove change the inventory', async () => {
    const d = device();
    await d.offer('p1', `${base}/pkg`);
    expect(d.at(['Download', 'p1', 'Status'])).toMatchObject({ value: DOWNLOAD_STATUS.IDLE });
    expect(await d.run(['Download', 'p1', 'Operations', 'DownloadInstall'])).toBe(SCOMO_RESULT.SUCCESS);
    expect(d.at(['Download', 'p1'])).toBeUndefined();
    expect(d.at(['Inventory', 'Deployed', 'p1', 'State'])).toMatchObject({ value: DEPLOYED_STATE.ACTIVE });
    expect(d.at(['Inventory', 'Deployed', 'p1', 'PkgIDRef'])).toMatchObject({ value: 'id-p1' });
    expect(await d.run(['Inventory', 'Deployed', 'p1', 'Operations', 'Activate'])).toBe(SCOMO_RESULT.ACTIVATE_FAILED);
    expect(await d.run(['Inventory', 'Deployed', 'p1', 'Operations', 'Deactivate'])).toBe(SCOMO_RESULT.SUCCESS);
    expect(d.at(['Inventory', 'Deployed', 'p1', 'State'])).toMatchObject({ value: DEPLOYED_STATE.INACTIVE });
    expect(await d.run(['Inventory', 'Deployed', 'p1', 'Operations', 'Deactivate'])).toBe(SCOMO_RESULT.DEACTIVATE_FAILED);
    expect(await d.run(['Inventory', 'Deployed', 'p1', 'Operations', 'Activate'])).toBe(SCOMO_RESULT.SUCCESS);
    expect(await d.run(['Inventory', 'Deployed', 'p1', 'Operations', 'Remove'])).toBe(SCOMO_RESULT.SUCCESS);
    expect(d.at(['Inventory', 'Deployed', 'p1'])).toBeUndefined();
    expect(await d.run(['Inventory', 'Deployed', 'p1', 'Operations', 'Remove'])).toBe(SCOMO_RESULT.REMOVE_FAILED);
  });

  it('Download delivers without installing; Install then deploys it; InstallInactive of a deployed one fails', async () => {
    const d = device();
    await d.offer('p2', `${base}/pkg`);
    expect(await d.run(['Download', 'p2', 'Operations', 'Download'])).toBe(SCOMO_RESULT.SUCCESS);
    expect(d.at(['Inventory', 'Delivered', 'p2', 'State'])).toMatchObject({ value: 10 });
    expect(d.at(['Inventory', 'Deployed', 'p2'])).toBeUndefined();
    expect(await d.run(['Inventory', 'Delivered', 'p2', 'Operations', 'InstallInactive'])).toBe(SCOMO_RESULT.SUCCESS);
    expect(d.at(['Inventory', 'Deployed', 'p2', 'State'])).toMatchObject({ value: DEPLOYED_STATE.INACTIVE });
    expect(d.at(['Inventory', 'Delivered', 'p2', 'State'])).toMatchObject({ value: 20 });
    expect(await d.run(['Inventory', 'Delivered', 'p2', 'Operations', 'Install'])).toBe(SCOMO_RESULT.INSTALL_FAILED);
    expect(await d.run(['Inventory', 'Delivered', 'p2', 'Operations', 'Remove'])).toBe(SCOMO_RESULT.SUCCESS);
    expect(d.at(['Inventory', 'Delivered', 'p2'])).toBeUndefined();
  });

  it('failures: bad URL and HTTP 404 are 1402, a wrong digest 1407, a package over the bound 1404; nothing is deployed', async () => {
    const d = device(1_000);
    await d.offer('bad', 'not a url');
    await d.offer('gone', `${base}/missing`);
    await d.offer('big', `${base}/pkg`);
    expect(await d.run(['Download', 'bad', 'Operations', 'DownloadInstall'])).toBe(SCOMO_RESULT.DOWNLOAD_FAILED);
    expect(await d.run(['Download', 'gone', 'Operations', 'DownloadInstall'])).toBe(SCOMO_RESULT.DOWNLOAD_FAILED);
    expect(await d.run(['Download', 'big', 'Operations', 'DownloadInstall'])).toBe(SCOMO_RESULT.DOWNLOAD_OUT_OF_MEMORY);
    expect(d.at(['Download', 'gone', 'Status'])).toMatchObject({ value: DOWNLOAD_STATUS.DOWNLOAD_FAILED });
    const e = device();
    await e.offer('wrong', `${base}/wrong`);
    expect(await e.run(['Download', 'wrong', 'Operations', 'DownloadInstall'])).toBe(SCOMO_RESULT.PACKAGE_VALIDATION_FAILED);
    for (const x of [d, e]) expect([...(x.at(['Inventory', 'Deployed']) as { children: Map<string, unknown> }).children.keys()]).toEqual([]);
  });

  it('handles the operations of a component already on the tree when it starts (a restored state), and no other node', async () => {
    const tree = buildFactoryTree({ devId: 'scomo-restored', servers: [] });
    const at = ['Inventory', 'Deployed', 'old'];
    const data = {
      ID: 'old',
      Name: 'old',
      Version: '1',
      Status: DEPLOYED_STATUS.IDLE,
      State: DEPLOYED_STATE.ACTIVE,
      Operations: { Activate: null, Deactivate: null, Remove: null },
    };
    expect(tree.deviceWrite(SCOMO_MOID, '1', at, data).ok).toBe(true);
    const exec = new ExecRegistry();
    registerScomo(tree, exec, { transfer: () => ({ http: new HttpClient({ timeoutMs: 1_000 }), devId: 'scomo-restored', encodings: ['json'] }) });
    const deactivate = exec.find(SCOMO_MOID, [...at, 'Operations', 'Deactivate']);
    expect(await deactivate?.({ moid: SCOMO_MOID, miid: '1', path: [...at, 'Operations', 'Deactivate'], by: { kind: 'device' }, async: true })).toBe(
      SCOMO_RESULT.SUCCESS,
    );
    expect(nodeAt(tree.instance(SCOMO_MOID, '1')!.root, [...at, 'State'])).toMatchObject({ value: DEPLOYED_STATE.INACTIVE });
    for (const path of [
      [...at, 'State'],
      [...at, 'Operations', 'Install'],
      ['Download', 'x', 'Operations'],
      ['Inventory', 'Deployed', 'old', 'Operations', 'Remove', 'x'],
    ]) {
      expect(exec.find(SCOMO_MOID, path)).toBeUndefined();
    }
  });

  it('the package stays on disk while its Delivered entry does: not when the component is removed, but when the Delivered entry is', async () => {
    const d = device();
    const object = host.publish(objectBytes(20_000, 3));
    await d.offer('keep', object.url);
    expect(await d.run(['Download', 'keep', 'Operations', 'DownloadInstall'])).toBe(SCOMO_RESULT.SUCCESS);
    expect(d.stored(object.sha256)).toBe(true);
    expect(await d.run(['Inventory', 'Deployed', 'keep', 'Operations', 'Remove'])).toBe(SCOMO_RESULT.SUCCESS);
    expect(d.stored(object.sha256)).toBe(true);
    expect(await d.run(['Inventory', 'Delivered', 'keep', 'Operations', 'Remove'])).toBe(SCOMO_RESULT.SUCCESS);
    await new Promise((r) => setTimeout(r, 0));
    expect(d.stored(object.sha256)).toBe(false);
  });

  it('two Delivered entries of the same bytes share the file: it goes with the last of them, also on a delete of the entry', async () => {
    const d = device();
    const object = host.publish(objectBytes(5_000, 4));
    await d.offer('a', object.url);
    await d.offer('b', object.url);
    expect(await d.run(['Download', 'a', 'Operations', 'Download'])).toBe(SCOMO_RESULT.SUCCESS);
    expect(await d.run(['Download', 'b', 'Operations', 'Download'])).toBe(SCOMO_RESULT.SUCCESS);
    expect(await d.run(['Inventory', 'Delivered', 'a', 'Operations', 'Remove'])).toBe(SCOMO_RESULT.SUCCESS);
    await new Promise((r) => setTimeout(r, 0));
    expect(d.stored(object.sha256)).toBe(true);
    expect(d.tree.remove({ kind: 'device' }, { moid: SCOMO_MOID, miid: '1', path: ['Inventory', 'Delivered', 'b'] }).ok).toBe(true);
    await new Promise((r) => setTimeout(r, 0));
    expect(d.stored(object.sha256)).toBe(false);
  });

  it('a download cut when the package server went away fails 1415 (Status 20); the next EXEC resumes from the stored byte with If-Range', async () => {
    const d = device();
    const bytes = objectBytes(50_000, 5);
    const object = host.publish(bytes, { cuts: [31_000], offlineAfterCut: true });
    await d.offer('cut', object.url);
    expect(await d.run(['Download', 'cut', 'Operations', 'DownloadInstall'])).toBe(SCOMO_RESULT.ALT_DOWNLOAD_SERVER_UNAVAILABLE);
    expect(d.at(['Download', 'cut', 'Status'])).toMatchObject({ value: DOWNLOAD_STATUS.DOWNLOAD_FAILED });
    expect(largeObjectStoreFor(d.devId).partial(object.url).stored).toBe(31_000);
    host.online();
    expect(await d.run(['Download', 'cut', 'Operations', 'DownloadInstall'])).toBe(SCOMO_RESULT.SUCCESS);
    const served = object.requests.filter((q) => !q.refused);
    expect(served.map((q) => [q.range, q.ifRange, q.status])).toEqual([
      ['bytes=0-', undefined, 206],
      ['bytes=31000-', object.etag, 206],
    ]);
    expect(object.bytesServed).toBe(bytes.length);
    expect(d.at(['Inventory', 'Deployed', 'cut', 'State'])).toMatchObject({ value: DEPLOYED_STATE.ACTIVE });
    expect(d.stored(object.sha256)).toBe(true);
  });

  it('a synchronous EXEC answers a Status code: 200 for 1200, 502 for a failed download', async () => {
    const d = device();
    await d.offer('s1', `${base}/pkg`);
    await d.offer('s2', `${base}/missing`);
    expect(await d.run(['Download', 's1', 'Operations', 'DownloadInstall'], false)).toBe(200);
    expect(await d.run(['Download', 's2', 'Operations', 'DownloadInstall'], false)).toBe(502);
  });
});
