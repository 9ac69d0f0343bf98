/** The reference device's FUMO operations (P-FUMO): result codes, State transitions, FwV after an update. */
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFactoryTree } from '../../../harness/client/factory-profile.ts';
import { FumoUpdater } from '../../../harness/client/fumo-update.ts';
import { ExecRegistry } from '../../../harness/client/exec-registry.ts';
import { LargeObjectHost } from '../../../harness/conformance/fixtures/large-object-host.ts';
import { FUMO_MOID, FUMO_RESULT, skippedStep } from '../../../harness/protocol/fumo.ts';
import { MOID } from '../../../harness/protocol/moids.ts';
import { HttpClient } from '../../../harness/transport/http-client.ts';

let host: LargeObjectHost;
/** Answers every GET with a text/plain 200: no package. */
let plain: Server;
let plainUrl = '';
const http = new HttpClient({ side: 'client', timeoutMs: 5_000 });
const image = (seed: string, size = 200_000) => {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += 32) createHash('sha256').update(`${seed}:${i}`).digest().copy(out, i);
  return out;
};

beforeAll(async () => {
  host = await LargeObjectHost.listen({ host: '127.0.0.1' });
  plain = createServer((_req, res) => void res.writeHead(200, { 'content-type': 'text/plain' }).end('no firmware here'));
  await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
  plainUrl = `http://127.0.0.1:${(plain.address() as AddressInfo).port}/fw`;
});
afterAll(async () => {
  await host.close();
  await new Promise<void>((r) => plain.close(() => r()));
  await http.close();
});

function device(devId: string) {
  const tree = buildFactoryTree({ devId, servers: [], fwV: '1.0' });
  const updater = new FumoUpdater(tree, { transfer: () => ({ http, devId, encodings: ['json'] }) });
  const exec = new ExecRegistry();
  updater.register(exec);
  const states: number[] = [updater.state('1') ?? -1];
  tree.onChange((c) => {
    if (c.moid === FUMO_MOID && c.path.join('/') === 'State') states.push(updater.state('1') ?? -1);
  });
  const set = (path: string[], value: string) => expect(tree.deviceWrite(FUMO_MOID, '1', path, value).ok).toBe(true);
  const fwV = () => (tree.entry({ moid: MOID.DEVINFO, miid: '1', path: ['FwV'] })?.MOData as unknown) ?? undefined;
  return { tree, updater, exec, states, set, fwV };
}

describe('FUMO on the reference device', () => {
  it('registers the three operations and makes instance 1 at Idle', () => {
    const d = device('fumo-unit-reg');
    expect(d.updater.state('1')).toBe(10);
    for (const op of ['Download', 'Update', 'DownloadAndUpdate']) expect(d.exec.find(FUMO_MOID, [op])).toBeDefined();
  });

  it('DownloadAndUpdate of a good package: 200, States 10 30 50 60 100, FwV the PkgVersion', async () => {
    const d = device('fumo-unit-good');
    const pkg = host.publish(image('good'));
    d.set(['DownloadAndUpdate', 'PkgURL'], pkg.url);
    d.set(['PkgVersion'], '2.0-unit');
    expect(await d.updater.run('1', 'DownloadAndUpdate')).toBe(FUMO_RESULT.SUCCESS);
    expect(d.states).toEqual([10, 30, 50, 60, 100]);
    expect(skippedStep(d.states)).toBeUndefined();
    expect(d.fwV()).toBe('2.0-unit');
  });

  it('Download then Update: 40 after the download, 100 after the update', async () => {
    const d = device('fumo-unit-two');
    d.set(['Download', 'PkgURL'], host.publish(image('two')).url);
    expect(await d.updater.run('1', 'Download')).toBe(200);
    expect(d.updater.state('1')).toBe(40);
    expect(await d.updater.run('1', 'Update')).toBe(200);
    expect(d.states).toEqual([10, 30, 40, 60, 100]);
    expect(String(d.fwV())).toMatch(/^sha256:/);
  });

  it('Update with nothing downloaded fails with 410 and leaves State alone', async () => {
    const d = device('fumo-unit-none');
    expect(await d.updater.run('1', 'Update')).toBe(FUMO_RESULT.UPDATE_FAILED);
    expect(d.states).toEqual([10]);
  });

  it.each([
    ['a URL that is no URL', (): string => 'not a url', FUMO_RESULT.BAD_URL],
    ['a URL with nothing there (404)', (): string => host.missingUrl, FUMO_RESULT.BAD_URL],
    ['a corrupted package (digest mismatch)', (): string => host.publish(image('bad'), { wrongDigest: true }).url, FUMO_RESULT.CORRUPTED_PACKAGE],
    ['a server that cannot be reached', (): string => 'http://127.0.0.1:1/fw/x', FUMO_RESULT.NETWORK_ERROR],
    ['an answer that is no application/octet-stream', (): string => plainUrl, FUMO_RESULT.NOT_ACCEPTABLE],
  ])('%s: the right result code and State 20 after 30, FwV unchanged', async (_what, url, code) => {
    const d = device(`fumo-unit-fail-${code}`);
    d.set(['DownloadAndUpdate', 'PkgURL'], url());
    expect(await d.updater.run('1', 'DownloadAndUpdate')).toBe(code);
    expect(d.states).toEqual([10, 30, 20]);
    expect(d.fwV()).toBe('1.0');
  });

  it('one operation at a time per instance: a second one while a download is held is 405', async () => {
    const d = device('fumo-unit-busy');
    const pkg = host.publish(image('busy'), { hold: true });
    d.set(['DownloadAndUpdate', 'PkgURL'], pkg.url);
    const first = d.updater.run('1', 'DownloadAndUpdate');
    await expect.poll(() => pkg.holding).toBe(true);
    expect(d.updater.state('1')).toBe(30);
    expect(await d.updater.run('1', 'Download')).toBe(FUMO_RESULT.NOT_ACCEPTABLE);
    pkg.release();
    expect(await first).toBe(200);
  });
});

describe('FUMO state transitions', () => {
  it('finds a skipped state and accepts repeats and the public paths', () => {
    expect(skippedStep([10, 30, 30, 50, 60, 100])).toBeUndefined();
    expect(skippedStep([10, 30, 20, 30, 40, 60, 90])).toBeUndefined();
    expect(skippedStep([10, 100])).toEqual({ from: 10, to: 100 });
    expect(skippedStep([10, 30, 60])).toEqual({ from: 30, to: 60 });
  });
});
