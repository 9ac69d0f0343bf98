/**
 * The reference server's memory with 1,000 devices known to it: each device opens one session
 * (Package#1 -> GET DevInfo -> Package#3 -> END), so the server holds its registry record, its MOS
 * and its finished command. Reported after a full GC, with the peak RSS of the server process.
 *
 *   npm run bench:memory [-- --devices 1000]
 */
import { parseArgs } from 'node:util';
import { DmDevice } from '../harness/client/dm-device.ts';
import { buildFactoryTree, DEFAULT_PERM } from '../harness/client/factory-profile.ts';
import { spawnServer } from './support/spawn-server.ts';

const { values } = parseArgs({ options: { devices: { type: 'string', default: '1000' }, batch: { type: 'string', default: '50' } } });
const total = Number(values.devices);
const batch = Number(values.batch);

const server = await spawnServer('dm');
const before = await server.memory();
let failed = 0;
const start = performance.now();
for (let first = 0; first < total; first += batch) {
  const ids = Array.from({ length: Math.min(batch, total - first) }, (_, i) => `mem-${first + i}`);
  await Promise.all(
    ids.map(async (devId) => {
      const device = await DmDevice.start({
        tree: buildFactoryTree({ devId, servers: [{ srvId: 'bench-server', srvUri: server.url, perm: DEFAULT_PERM }] }),
        acceptEncoding: '',
      });
      const outcome = await device.clientInitiated();
      if (!outcome.ok) failed += 1;
      await device.stop();
    }),
  );
}
const seconds = (performance.now() - start) / 1000;
const after = await server.memory();
await server.stop();
const mb = (kb: number) => `${(kb / 1024).toFixed(1)} MiB`;
const out = process.stdout;
out.write(`devices known to the server: ${after.devices} (${failed} sessions failed), one session each, ${seconds.toFixed(1)} s\n`);
out.write(
  `server heap used: ${mb(before.heapUsedKb)} at start -> ${mb(after.heapUsedKb)} (${((after.heapUsedKb - before.heapUsedKb) / Math.max(after.devices, 1)).toFixed(2)} KiB a device)\n`,
);
out.write(`server RSS: ${mb(before.rssKb)} at start -> ${mb(after.rssKb)}; peak RSS ${mb(after.peakRssKb)}\n`);
if (failed > 0 || after.devices !== total) process.exitCode = 1;
