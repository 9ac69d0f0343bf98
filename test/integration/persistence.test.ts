/**
 * Device state across restarts: with a state file the device keeps its tree (values, instances and
 * their owners), subscriptions and DEFAULT sources; a corrupt file stops the start with a StateError
 * that names the file and the fix, and is left untouched; every write is atomic.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { DmDevice } from '../../harness/client/dm-device.ts';
import { StateError } from '../../harness/client/device-state.ts';
import { buildFactoryTree, DEFAULT_PERM } from '../../harness/client/factory-profile.ts';
import type { DmServer } from '../../harness/server/dm-server.ts';
import { CONNMO, DEV_ID, DIAG, integrationEnv, queue, runSession, SECRET, statusOf } from './support.ts';

const env = integrationEnv();

function stateDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dmcts-it-state-'));
  env.defer(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function factoryTree(server: DmServer) {
  return buildFactoryTree({ devId: DEV_ID, servers: [{ srvId: 'srv1', srvUri: server.dmUrl, perm: DEFAULT_PERM, notificationSecret: SECRET }] });
}

/** Starts a device on the state file; `stop` stops it once (a test stops it, or the cleanup does). */
async function startDevice(server: DmServer, statePath: string): Promise<DmDevice & { stopOnce(): Promise<void> }> {
  const device = await DmDevice.start({ tree: factoryTree(server), statePath });
  let stopping: Promise<void> | undefined;
  const stopOnce = () => (stopping ??= device.stop());
  env.defer(stopOnce);
  return Object.assign(device, { stopOnce });
}

describe('a device with a state file', () => {
  it('keeps what HGET wrote, and who owns it, across stop and start', async () => {
    const server = await env.server();
    const statePath = join(stateDir(), 'device.json');
    const first = await startDevice(server, statePath);
    const label = server.operator.publish([{ ClientURI: `${DIAG}/1/Label`, MOData: 'survives restarts' }]);
    const apn = server.operator.publish([{ ClientURI: CONNMO, MOData: { Name: 'kept', APN: 'apn.kept' } }]);
    queue(server, ['HGET', label.url, `${DIAG}/1/Label`]);
    queue(server, ['HGET', apn.url]);
    queue(server, ['EXEC', `${DIAG}/1/Run`]);
    await runSession(first);
    await first.stopOnce();

    const second = await startDevice(server, statePath);
    const node = (name: string) => second.tree.instance(DIAG, '1')!.root.children.get(name);
    expect(node('Label')).toMatchObject({ value: 'survives restarts' });
    expect(node('RunCount')).toMatchObject({ value: 1 });
    expect(second.tree.instance(CONNMO, '1')!.owner).toEqual({ kind: 'server', id: 'srv1' });
    // The server still reads it, with an unchanged cache validator.
    const cvBefore = first.tree.cv(CONNMO, '1')!;
    const read = queue(server, ['GET', `${CONNMO}/1?cv=${encodeURIComponent(cvBefore)}`]);
    const data = queue(server, ['GET', `${CONNMO}/1/APN`]);
    await runSession(second);
    expect(statusOf(read).sc).toBe(304);
    expect(statusOf(data).Data![0]!.MOData).toBe('apn.kept');
  });

  it('keeps its subscriptions and DEFAULT sources across stop and start', async () => {
    const server = await env.server();
    const statePath = join(stateDir(), 'device.json');
    const first = await startDevice(server, statePath);
    const sub = queue(server, ['SUB', `${DIAG}/1/Label`, 'auto']);
    const content = server.operator.publish([{ ClientURI: CONNMO, MOData: { Name: 'x' } }]);
    queue(server, ['DEFAULT', CONNMO, content.url]);
    await runSession(first);
    await first.stopOnce();

    const second = await startDevice(server, statePath);
    expect(second.subscriptions.list()).toEqual([
      expect.objectContaining({ srvId: 'srv1', clientUri: `${DIAG}/1/Label`, serverUri: expect.stringContaining('/recv/') }),
    ]);
    expect(second.defaults.get(CONNMO)).toEqual({ moid: CONNMO, serverUri: content.url, srvId: 'srv1' });
    second.tree.deviceWrite(DIAG, '1', ['Label'], 'after restart');
    await second.idle();
    expect(server.operator.received(sub.receiverId!).map((b) => b.entries[0]!.MOData)).toEqual(['after restart']);
    // UNSUB after the restart finds the restored subscription.
    const unsub = queue(server, ['UNSUB', `${DIAG}/1/Label`]);
    await runSession(second);
    expect(statusOf(unsub).sc).toBe(200);
  });

  it('refuses to start on a corrupt state file, naming it and the fix, and leaves it untouched', async () => {
    const server = await env.server();
    const dir = stateDir();
    const statePath = join(dir, 'device.json');
    const cases = [
      '{"version": 1, "tree": {"instances": [',
      '{"version": 99, "tree": {"instances": []}}',
      '{"version": 1, "tree": {"instances": [{"moid": 5}]}}',
    ];
    for (const content of cases) {
      writeFileSync(statePath, content);
      const error = await DmDevice.start({ tree: factoryTree(server), statePath }).then(
        async (device) => {
          await device.stop();
          return new Error('the device started');
        },
        (e: unknown) => e as Error,
      );
      expect(error, content).toBeInstanceOf(StateError);
      expect((error as StateError).code).toBe('STATE');
      expect(error.message, content).toContain(statePath);
      expect(error.message, content).toContain(`move ${statePath} away to start the device from its factory profile`);
      expect(readFileSync(statePath, 'utf8'), 'the file is untouched').toBe(content);
      expect(readdirSync(dir), 'no other file was written').toEqual(['device.json']);
    }
  });

  it('writes atomically: a concurrent reader never sees a partial file', async () => {
    const server = await env.server();
    const dir = stateDir();
    const statePath = join(dir, 'device.json');
    const device = await startDevice(server, statePath);
    // A big value makes each write take long enough for a non-atomic write to be caught half-done.
    const filler = 'x'.repeat(256 * 1024);
    const reader = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       const { readFileSync } = require('node:fs');
       let reads = 0, bad = 0, stop = false, sample = '';
       parentPort.on('message', () => { stop = true; });
       (function loop() {
         for (let i = 0; i < 50; i++) {
           try { JSON.parse(readFileSync(workerData, 'utf8')); reads++; }
           catch (e) { if (e.code !== 'ENOENT') { bad++; sample = String(e.message).slice(0, 120); } }
         }
         if (stop) parentPort.postMessage({ reads, bad, sample }); else setImmediate(loop);
       })();`,
      { eval: true, workerData: statePath },
    );
    env.defer(() => reader.terminate());
    const result = new Promise<{ reads: number; bad: number; sample: string }>((resolve) => reader.once('message', resolve));

    for (let i = 0; i < 40; i++) {
      device.tree.deviceWrite(DIAG, '1', ['Label'], `${i}:${filler}`);
      // Let the debounced save run before the next change.
      await new Promise((r) => setTimeout(r, 25));
    }
    await device.stopOnce();
    reader.postMessage('stop');
    const { reads, bad, sample } = await result;
    expect(reads, 'the reader ran while the device wrote').toBeGreaterThan(20);
    expect(bad, `partial reads: ${sample}`).toBe(0);
    const saved = JSON.parse(readFileSync(statePath, 'utf8'));
    expect(JSON.stringify(saved)).toContain(`"39:${filler.slice(0, 10)}`);
    expect(readdirSync(dir), 'no temporary file is left behind').toEqual(['device.json']);
  });
});
