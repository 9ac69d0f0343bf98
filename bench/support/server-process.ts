/**
 * A server for benchmarks, in its own process so its CPU and memory are its own: either the
 * reference DM server with a standing "GET DevInfo" for every session, or a bare node:http server
 * answering every POST like a DM server would (same body sizes). Prints "READY <url>"; on the line
 * "memory" it prints its memory as JSON (after a full GC; peak RSS from /proc); on "connected" how many
 * devices hold a WebSocket to it; on "notify" it sends each of them a Package#0 over it (P-WS).
 *   node --expose-gc bin/run-ts.mjs bench/support/server-process.ts dm|bare
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';
import { DmServer } from '../../harness/server/dm-server.ts';
import { ALL_DEVICES } from '../../harness/server/operator.ts';
import { BENCH_NOTIFICATION_SECRET } from './spawn-server.ts';

const kind = process.argv[2] ?? 'dm';

function peakRssKb(): number {
  const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) : 0;
}

let url: string;
let devices = () => 0;
/** For a fleet over P-WS: how many devices hold a WebSocket, and a Package#0 to each of them. */
let connected = () => 0;
let notifyAll = async (): Promise<{ sent: number; failed: number; ms: number }> => ({ sent: 0, failed: 0, ms: 0 });
if (kind === 'dm') {
  const server = await DmServer.start({
    srvId: 'bench-server',
    idleTimeoutMs: 30_000,
    maxCommandsPerPackage: 50,
    acceptEncoding: '',
    notificationSecret: BENCH_NOTIFICATION_SECRET,
    // A fleet over P-WS holds a connection per device.
    maxConnections: 15_000,
  });
  connected = () => server.wsConnected().length;
  notifyAll = async () => {
    const started = performance.now();
    const outcomes = await Promise.all(server.wsConnected().map((devId) => server.operator.notify(devId, { wsOnly: true, secret: BENCH_NOTIFICATION_SECRET })));
    return { sent: outcomes.filter((o) => o.ok).length, failed: outcomes.filter((o) => !o.ok).length, ms: Math.round(performance.now() - started) };
  };
  const standing = server.operator.setStanding(ALL_DEVICES, [['GET', 'urn:oma:mo:oma-dm-devinfo:1.0//']]);
  if (!standing.ok) throw new Error(standing.error.message);
  url = server.dmUrl;
  devices = () => server.registry.size;
} else {
  // Answers like a DM server: a Package#2 of about the size the reference server sends.
  const first = Buffer.from(
    JSON.stringify({
      CMD: [
        ['GET', 'urn:oma:mo:oma-dm-devinfo:1.0//'],
        ['CONT', `http://127.0.0.1:1/dm/s/${'x'.repeat(32)}`],
      ],
    }),
  );
  const end = Buffer.from(JSON.stringify({ CMD: [['END']] }));
  const bare = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = req.url === '/dm' ? first : end;
      res.writeHead(200, { 'content-type': 'application/vnd.oma.dm.request+json', 'content-length': body.length });
      res.end(body);
    });
  });
  await new Promise<void>((r) => bare.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(bare.address() as AddressInfo).port}/dm`;
}
process.stdout.write(`READY ${url}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  if (line.trim() === 'connected') {
    process.stdout.write(`${JSON.stringify({ connected: connected() })}\n`);
    return;
  }
  if (line.trim() === 'notify') {
    void notifyAll().then((r) => process.stdout.write(`${JSON.stringify(r)}\n`));
    return;
  }
  if (line.trim() !== 'memory') return;
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  const cpu = process.cpuUsage();
  process.stdout.write(
    `${JSON.stringify({ cpuMs: Math.round((cpu.user + cpu.system) / 1000), rssKb: Math.round(m.rss / 1024), heapUsedKb: Math.round(m.heapUsed / 1024), peakRssKb: peakRssKb(), devices: devices() })}\n`,
  );
});
process.stdin.on('end', () => process.exit(0));
