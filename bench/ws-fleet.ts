/**
 * A fleet of devices behind NAT held by one reference server over P-WS (issue 9, Measure): N reference
 * devices each hold a WebSocket open to a reference server in its own process; then the server sends
 * every one a Package#0 over it. Prints the server's memory per held connection (heap and RSS, after a
 * full GC), the time to send the Package#0s, and the time until every device has opened and finished
 * the server-initiated session it asked for.
 *
 *   npm run bench:ws-fleet [-- --devices 1000 --batch 100]
 */
import { parseArgs } from 'node:util';
import { DmDevice } from '../harness/client/dm-device.ts';
import { buildFactoryTree, DEFAULT_PERM } from '../harness/client/factory-profile.ts';
import { BENCH_NOTIFICATION_SECRET, spawnServer } from './support/spawn-server.ts';

const { values } = parseArgs({ options: { devices: { type: 'string', default: '1000' }, batch: { type: 'string', default: '100' } } });
const total = Number(values.devices);
const batch = Number(values.batch);
if (!Number.isInteger(total) || total < 1 || !Number.isInteger(batch) || batch < 1) {
  process.stderr.write('--devices and --batch take whole numbers above 0\n');
  process.exit(2);
}

const out = process.stdout;
const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MiB`;
const server = await spawnServer('dm');
const before = await server.memory();
const devices: DmDevice[] = [];
const connectStart = performance.now();
for (let first = 0; first < total; first += batch) {
  const started = await Promise.all(
    Array.from({ length: Math.min(batch, total - first) }, (_, i) =>
      DmDevice.start({
        tree: buildFactoryTree({
          devId: `fleet-${first + i}`,
          servers: [{ srvId: 'bench-server', srvUri: server.url, perm: DEFAULT_PERM, notificationSecret: BENCH_NOTIFICATION_SECRET }],
        }),
        acceptEncoding: '',
        ws: { pingMs: 30_000 },
      }),
    ),
  );
  devices.push(...started);
}
// Every device opens its WebSocket as it starts: wait (bounded) until the server holds them all.
const deadline = Date.now() + 120_000;
let held = 0;
while ((held = await server.connected()) < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
const connectS = (performance.now() - connectStart) / 1000;
const connectedMem = await server.memory();
out.write(`P-WS fleet: ${held} of ${total} devices hold a WebSocket to the server (${connectS.toFixed(1)} s to start and connect them all)\n`);
out.write(
  `server memory per held WebSocket: heap ${((connectedMem.heapUsedKb - before.heapUsedKb) / Math.max(held, 1)).toFixed(1)} KiB, RSS ${((connectedMem.rssKb - before.rssKb) / Math.max(held, 1)).toFixed(1)} KiB (heap ${mb(before.heapUsedKb)} -> ${mb(connectedMem.heapUsedKb)}, RSS ${mb(before.rssKb)} -> ${mb(connectedMem.rssKb)})\n`,
);

const notifyStart = performance.now();
const done = Promise.all(
  devices.map(
    (d) =>
      new Promise<boolean>((resolve) => {
        const deadlineAt = Date.now() + 60_000;
        const poll = () => {
          if (d.sessionsRun.length > 0) return resolve(d.sessionsRun[0]!.ok);
          if (Date.now() > deadlineAt) return resolve(false);
          setTimeout(poll, 20);
        };
        poll();
      }),
  ),
);
const sent = await server.notifyAll();
const oks = await done;
const allS = (performance.now() - notifyStart) / 1000;
out.write(`Package#0 to ${sent.sent} devices over their WebSockets: sent in ${(sent.ms / 1000).toFixed(2)} s (${sent.failed} could not be sent)\n`);
out.write(
  `every device opened and finished its server-initiated session: ${oks.filter(Boolean).length} of ${total} ok, ${allS.toFixed(2)} s after the first Package#0\n`,
);
const after = await server.memory();
out.write(`server peak RSS ${mb(after.peakRssKb)}, CPU ${(after.cpuMs / 1000).toFixed(1)} s in all\n`);
await Promise.all(devices.map((d) => d.stop({ abort: true })));
await server.stop();
if (held < total || sent.failed > 0 || oks.some((ok) => !ok)) process.exitCode = 1;
