/**
 * bench:fumo — firmware update end to end (P-FUMO): the reference server (this process) is asked to
 * update the reference device (a child process, so its memory is its own) with a 64 MiB package it
 * publishes on loopback (P-LO: served by range, 1 MiB per answer, from its file). In one session the
 * server writes PkgVersion and DownloadAndUpdate/PkgURL and EXECs DownloadAndUpdate with a ServerURI;
 * the device streams the package to disk, checks its SHA-256, "installs" it (reads it back, checks it
 * again, records FwV) and sends the result alert in a new session. Printed: wall time from the
 * session's start to the result at the server, throughput, the result code, the device's State and
 * FwV after, and the peak RSS (VmHWM) of the server and the device processes.
 *   npm run bench:fumo [-- --size-mib 64]
 */
import { spawn } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const MIB = 1024 * 1024;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRV_ID = 'bench-fumo';

function peakRssKb(): number {
  const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** The device: a reference device answering one command per stdin line with one JSON line. */
async function deviceRole(dmUrl: string, devId: string): Promise<void> {
  const { DmDevice } = await import('../harness/client/dm-device.ts');
  const { buildFactoryTree, DEFAULT_PERM } = await import('../harness/client/factory-profile.ts');
  const { largeObjectStoreFor } = await import('../harness/client/large-object-store.ts');
  const { FUMO_MOID } = await import('../harness/protocol/fumo.ts');
  const { MOID } = await import('../harness/protocol/moids.ts');
  const device = await DmDevice.start({
    tree: buildFactoryTree({ devId, servers: [{ srvId: SRV_ID, srvUri: dmUrl, perm: DEFAULT_PERM }] }),
    timeoutMs: 60_000,
  });
  const leaf = (moid: string, path: string[]) => device.tree.entry({ moid, miid: '1', path })?.MOData;
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  for await (const line of createInterface({ input: process.stdin })) {
    const verb = line.trim();
    let answer: unknown;
    if (verb === 'session') {
      const outcome = await device.clientInitiated();
      answer = { ok: outcome.ok, reason: outcome.reason };
    } else if (verb === 'stats') {
      await device.idle();
      answer = { peakRssKb: peakRssKb(), state: leaf(FUMO_MOID, ['State']), fwV: leaf(MOID.DEVINFO, ['FwV']) };
    } else if (verb === 'exit') {
      await device.stop();
      rmSync(largeObjectStoreFor(devId).dir, { recursive: true, force: true });
      process.stdout.write('{}\n');
      process.exit(0);
    } else answer = { error: `unknown ${verb}` };
    process.stdout.write(`${JSON.stringify(answer)}\n`);
  }
}

async function spawnDevice(dmUrl: string, devId: string): Promise<{ ask(line: string): Promise<Record<string, unknown>> }> {
  const child = spawn(process.execPath, ['bin/run-ts.mjs', 'bench/fumo.ts', '--role', 'device', '--dm-url', dmUrl, '--dev-id', devId], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
  const lines = createInterface({ input: child.stdout });
  const queue: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (l) => {
    const w = waiting.shift();
    if (w) w(l);
    else queue.push(l);
  });
  const next = () => new Promise<string>((resolve) => (queue.length > 0 ? resolve(queue.shift()!) : waiting.push(resolve)));
  await next();
  return {
    ask: async (line) => {
      child.stdin.write(`${line}\n`);
      return JSON.parse(await next()) as Record<string, unknown>;
    },
  };
}

/** A package file of `size` random bytes, written 1 MiB at a time. */
function writePackage(path: string, size: number): void {
  const fd = openSync(path, 'w');
  const chunk = Buffer.alloc(MIB);
  try {
    for (let left = size; left > 0; left -= MIB) writeSync(fd, randomFillSync(chunk), 0, Math.min(MIB, left));
  } finally {
    closeSync(fd);
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { role: { type: 'string' }, 'dm-url': { type: 'string' }, 'dev-id': { type: 'string' }, 'size-mib': { type: 'string' } },
  });
  if (values.role === 'device') return deviceRole(values['dm-url']!, values['dev-id']!);
  const size = Number(values['size-mib'] ?? 64) * MIB;
  const { DmServer } = await import('../harness/server/dm-server.ts');
  const { queueFumoUpdate } = await import('../harness/server/fumo-update.ts');
  const dir = mkdtempSync(join(tmpdir(), 'dmcts-bench-fumo-'));
  const file = join(dir, 'firmware.bin');
  writePackage(file, size);
  const server = await DmServer.start({ srvId: SRV_ID, idleTimeoutMs: 300_000 });
  const devId = `bench-fumo-${process.pid}`;
  try {
    const object = await server.operator.publishObject(file);
    const device = await spawnDevice(server.dmUrl, devId);
    const version = `bench-${size / MIB}MiB`;
    const q = queueFumoUpdate(server.operator, { devId, pkgUrl: object.url, pkgVersion: version });
    if (!q.ok) throw new Error(q.error.message);
    const started = performance.now();
    const session = await device.ask('session');
    if (session.ok !== true) throw new Error(`the session failed: ${String(session.reason)}`);
    const done = await server.operator.waitExecResult(q.value, 600_000);
    const ms = performance.now() - started;
    const sc = (done.asyncResult?.Data as { sc?: number } | undefined)?.sc;
    const stats = await device.ask('stats');
    const serverRss = peakRssKb();
    await device.ask('exit');
    const mb = (kb: unknown) => `${(Number(kb) / 1024).toFixed(0)} MB`;
    console.log(`bench:fumo — DownloadAndUpdate of a ${size / MIB} MiB package over loopback (HTTP, P-LO ranges of 1 MiB)`);
    console.log(
      `  wall time      ${(ms / 1000).toFixed(2)} s (session start to the result alert at the server), ${((size / MIB / ms) * 1000).toFixed(0)} MiB/s`,
    );
    console.log(`  result         ${String(sc)}; device State ${String(stats.state)}, FwV ${String(stats.fwV)} (expected ${version})`);
    console.log(`  peak RSS       server ${mb(serverRss)}, device ${mb(stats.peakRssKb)}`);
    if (sc !== 200 || stats.fwV !== version) process.exitCode = 1;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
