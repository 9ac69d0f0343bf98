/**
 * bench:lo — large objects (P-LO): a download of a 256 MiB object (and a 32 MiB one, to show memory
 * does not grow with the size) by HGET from the reference server to the reference device, each in
 * its own process, through a TCP relay in this process that cuts the connection 10 times at random
 * points of the stream (seeded: --seed), against the same transfer uncut. Printed per run: wall time
 * and its ratio to the uncut run; the bytes the relay passed to the device (HTTP heads and bodies) and
 * how many more than uncut (the heads of the extra requests: every object byte that reached the
 * device was stored, none is sent again); object bytes the device received again after it had stored
 * them (goal 0: a resume starts at the last stored byte); the object bytes the server read into its
 * 1 MiB parts (a part cut short was read whole: the rest never left the server's socket); the peak
 * RSS (VmHWM) of the server and the device processes.
 *   npm run bench:lo [-- --seed 7 --cuts 10 --sizes 32,256]
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { createServer, connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const MIB = 1024 * 1024;
const ROOT = fileURLToPath(new URL('..', import.meta.url));
const LEAF_MO = 'urn:oma:mo:oma-dm-connmo:1.0';

function peakRssKb(): number {
  const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : 0;
}

/** One JSON answer per line on stdout, one command per line on stdin. */
async function serveLines(handle: (words: string[]) => Promise<unknown>): Promise<void> {
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    const words = line.trim().split(/\s+/);
    if (words[0] === 'exit') process.exit(0);
    process.stdout.write(`${JSON.stringify(await handle(words))}\n`);
  }
}

async function serverRole(): Promise<void> {
  const { DmServer } = await import('../harness/server/dm-server.ts');
  const server = await DmServer.start({ srvId: 'bench-lo', idleTimeoutMs: 300_000 });
  process.stdout.write(`${JSON.stringify({ dmUrl: server.dmUrl, port: server.port })}\n`);
  const ids = new Map<string, string>();
  await serveLines(async ([verb, a, b, c]) => {
    if (verb === 'publish') {
      const o = await server.operator.publishObject(a!);
      ids.set(o.url, o.id);
      return { path: `/content/${o.id}`, id: o.id, size: o.size };
    }
    if (verb === 'queue') {
      // a: devId, b: the object URL (through the relay), c: the leaf. The instance first.
      const content = server.operator.publish([{ ClientURI: `${LEAF_MO}/fw`, MOData: { Name: 'firmware' } }]);
      server.operator.queue(a!, ['HGET', content.url, `${LEAF_MO}/fw`]);
      const q = server.operator.queue(a!, ['HGET', b!, c!]);
      if (!q.ok) throw new Error(q.error.message);
      return { id: q.value.id };
    }
    if (verb === 'result') {
      const q = server.operator.command(a!);
      return { state: q?.state, status: q?.status };
    }
    if (verb === 'stats') {
      const o = server.resources.object(a!);
      return { bytesSent: o?.bytesSent ?? 0, fetches: o?.fetches ?? 0, peakRssKb: peakRssKb() };
    }
    return { error: `unknown ${verb}` };
  });
}

async function deviceRole(dmUrl: string, devId: string): Promise<void> {
  const { DmDevice } = await import('../harness/client/dm-device.ts');
  const { buildFactoryTree, DEFAULT_PERM } = await import('../harness/client/factory-profile.ts');
  const { largeObjectStoreFor } = await import('../harness/client/large-object-store.ts');
  const device = await DmDevice.start({
    tree: buildFactoryTree({ devId, servers: [{ srvId: 'bench-lo', srvUri: dmUrl, perm: DEFAULT_PERM }] }),
    timeoutMs: 30_000,
  });
  // Instrumentation only: count the bytes each response hands to the device's store.
  let received = 0;
  type Sender = import('../harness/transport/http-client.ts').HttpSender;
  const d = device as unknown as { router: (...args: unknown[]) => Sender };
  const router = d.router.bind(device);
  d.router = (...args: unknown[]) => {
    const sender = router(...args);
    const open = sender.open?.bind(sender);
    return {
      send: (req) => sender.send(req),
      ...(open
        ? {
            open: async (req) => {
              const res = await open(req);
              if (!/octet-stream/.test(res.headers['content-type'] ?? '')) return res;
              return {
                ...res,
                read: (sink) =>
                  res.read((chunk) => {
                    received += chunk.length;
                    return sink(chunk);
                  }),
              };
            },
          }
        : {}),
    };
  };
  process.stdout.write(`${JSON.stringify({ ready: true })}\n`);
  await serveLines(async ([verb]) => {
    if (verb === 'session') {
      const outcome = await device.clientInitiated();
      return { ok: outcome.ok, reason: outcome.reason };
    }
    if (verb === 'stats') return { received, peakRssKb: peakRssKb() };
    if (verb === 'cleanup') {
      await device.stop();
      rmSync(largeObjectStoreFor(devId).dir, { recursive: true, force: true });
      return {};
    }
    return { error: `unknown ${verb}` };
  });
}

interface Peer {
  ask(line: string): Promise<Record<string, unknown>>;
  first: Record<string, unknown>;
  stop(): void;
}

async function spawnRole(args: string[]): Promise<Peer> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['bin/run-ts.mjs', 'bench/large-object.ts', ...args], { cwd: ROOT, stdio: 'pipe' });
  child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
  const lines: Interface = createInterface({ input: child.stdout });
  const queue: string[] = [];
  const waiting: Array<(line: string) => void> = [];
  lines.on('line', (line) => {
    const w = waiting.shift();
    if (w) w(line);
    else queue.push(line);
  });
  const next = () => new Promise<string>((resolve) => (queue.length > 0 ? resolve(queue.shift()!) : waiting.push(resolve)));
  const first = JSON.parse(await next()) as Record<string, unknown>;
  return {
    first,
    ask: async (line) => {
      child.stdin.write(`${line}\n`);
      return JSON.parse(await next()) as Record<string, unknown>;
    },
    stop: () => {
      child.stdin.write('exit\n');
      setTimeout(() => child.kill(), 2_000).unref();
    },
  };
}

/** A TCP relay to `port` that cuts the server-to-device stream at the given byte counts (over all its connections). */
async function cuttingRelay(port: number, cuts: number[]): Promise<{ port: number; close(): void; cutsDone(): number; down(): number }> {
  const pending = [...cuts].sort((a, b) => a - b);
  let down = 0;
  let done = 0;
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const server = connect(port, '127.0.0.1');
    sockets.add(client);
    sockets.add(server);
    client.on('close', () => sockets.delete(client));
    server.on('close', () => sockets.delete(server));
    client.on('error', () => server.destroy());
    server.on('error', () => client.destroy());
    client.pipe(server);
    server.on('data', (chunk: Buffer) => {
      const cut = pending[0];
      if (cut !== undefined && down + chunk.length >= cut) {
        pending.shift();
        done += 1;
        const keep = Math.max(0, cut - down);
        down += keep;
        client.end(chunk.subarray(0, keep));
        server.destroy();
        return;
      }
      down += chunk.length;
      if (!client.write(chunk)) {
        server.pause();
        client.once('drain', () => server.resume());
      }
    });
    server.on('end', () => client.end());
  });
  await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
  return {
    port: (relay.address() as { port: number }).port,
    close: () => {
      relay.close();
      for (const s of sockets) s.destroy();
    },
    cutsDone: () => done,
    down: () => down,
  };
}

/** A deterministic generator for the cut points. */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

function writeObject(path: string, bytes: number): void {
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(MIB);
  for (let done = 0; done < bytes; done += MIB) writeSync(fd, randomFillSync(block), 0, Math.min(MIB, bytes - done));
  closeSync(fd);
}

interface Run {
  size: number;
  cuts: number;
  wallMs: number;
  sent: number;
  /** Bytes the relay passed to the device (HTTP heads and bodies). */
  wire: number;
  received: number;
  serverPeakMb: number;
  devicePeakMb: number;
  status: string;
}

async function run(file: string, size: number, cuts: number, seed: number): Promise<Run> {
  const server = await spawnRole(['--role', 'server']);
  const devId = `bench-lo-${process.pid}-${size}-${cuts}`;
  const device = await spawnRole(['--role', 'device', '--dm', String(server.first.dmUrl), '--dev', devId]);
  try {
    const published = await server.ask(`publish ${file}`);
    const random = prng(seed + size);
    // Cut points over the bytes the server sends (1 MiB parts plus their headers).
    const points = Array.from({ length: cuts }, () => Math.floor(random() * size));
    const relay = await cuttingRelay(Number(server.first.port), points);
    const url = `http://127.0.0.1:${relay.port}${published.path}`;
    const queued = await server.ask(`queue ${devId} ${url} ${LEAF_MO}/fw/Image`);
    const started = Date.now();
    const session = await device.ask('session');
    const wallMs = Date.now() - started;
    relay.close();
    const result = await server.ask(`result ${queued.id}`);
    const s = await server.ask(`stats ${published.id}`);
    const dv = await device.ask('stats');
    await device.ask('cleanup');
    const status = (result.status as { sc?: number } | undefined)?.sc;
    return {
      size,
      cuts: relay.cutsDone(),
      wallMs,
      sent: Number(s.bytesSent),
      wire: relay.down(),
      received: Number(dv.received),
      serverPeakMb: Number(s.peakRssKb) / 1024,
      devicePeakMb: Number(dv.peakRssKb) / 1024,
      status: session.ok ? `sc ${status}` : `session failed: ${String(session.reason)}`,
    };
  } finally {
    server.stop();
    device.stop();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { seed: { type: 'string' }, cuts: { type: 'string' }, sizes: { type: 'string' } } });
  const seed = Number(values.seed ?? 7);
  const cuts = Number(values.cuts ?? 10);
  const sizes = (values.sizes ?? '32,256').split(',').map(Number);
  const dir = mkdtempSync(join(tmpdir(), 'dmcts-bench-lo-'));
  const rows: Run[] = [];
  try {
    for (const mib of sizes) {
      const file = join(dir, `object-${mib}.bin`);
      writeObject(file, mib * MIB);
      for (const n of [0, cuts]) {
        const r = await run(file, mib * MIB, n, seed);
        rows.push(r);
        process.stdout.write(`  ${mib} MiB, ${r.cuts} cuts: ${r.status}, ${r.wallMs} ms\n`);
      }
      rmSync(file, { force: true });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`\nP-LO download: reference server -> relay (cuts at random points, seed ${seed}) -> reference device\n`);
  process.stdout.write(
    `${['object', 'cuts', 'Status', 'wall ms', 'vs uncut', 'to the device (wire)', 'wire beyond uncut', 'received again', 'server parts read', 'server peak RSS', 'device peak RSS'].join(' | ')}\n`,
  );
  for (const r of rows) {
    const uncut = rows.find((u) => u.size === r.size && u.cuts === 0);
    const ratio = uncut ? (r.wallMs / uncut.wallMs).toFixed(2) : '-';
    process.stdout.write(
      `${[
        `${r.size / MIB} MiB`,
        r.cuts,
        r.status,
        r.wallMs,
        `x${ratio}`,
        r.wire,
        uncut ? r.wire - uncut.wire : '-',
        r.received - r.size,
        r.sent,
        `${r.serverPeakMb.toFixed(0)} MB`,
        `${r.devicePeakMb.toFixed(0)} MB`,
      ].join(' | ')}\n`,
    );
  }
  const bad = rows.filter((r) => r.status !== 'sc 200' || r.received !== r.size);
  if (bad.length > 0) {
    process.stdout.write(`\n${bad.length} run(s) did not end with the whole object stored exactly once\n`);
    process.exitCode = 1;
  }
}

const { values: roleArgs } = parseArgs({
  options: {
    role: { type: 'string' },
    dm: { type: 'string' },
    dev: { type: 'string' },
    seed: { type: 'string' },
    cuts: { type: 'string' },
    sizes: { type: 'string' },
  },
  strict: false,
});
if (roleArgs.role === 'server') await serverRole();
else if (roleArgs.role === 'device') await deviceRole(String(roleArgs.dm), String(roleArgs.dev));
else await main();
