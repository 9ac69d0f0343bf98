/**
 * Management sessions per second of the reference server (Package#1 -> GET DevInfo -> Package#3 ->
 * END), driven by reference devices over loopback, beside a bare node:http server answering the
 * same two round trips per session with bodies of the same size, on the same machine in the same
 * run, with the same concurrency. Each server runs in its own process; no content coding on either
 * side, so both move the same kind of bytes. Besides throughput it reports each server's CPU time per
 * session, which does not depend on how fast the clients are.
 *
 *   npm run bench:sessions [-- --seconds 8 --concurrency 16]
 */
import { parseArgs } from 'node:util';
import { DmDevice } from '../harness/client/dm-device.ts';
import { buildFactoryTree, DEFAULT_PERM } from '../harness/client/factory-profile.ts';
import { HttpClient } from '../harness/transport/http-client.ts';
import { spawnServer } from './support/spawn-server.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, concurrency: { type: 'string', default: '16' } } });
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

async function referenceRun(): Promise<{ sessions: number; failed: number; ms: number; cpuMs: number }> {
  const server = await spawnServer('dm');
  const devices = await Promise.all(
    Array.from({ length: concurrency }, (_, i) =>
      DmDevice.start({
        tree: buildFactoryTree({ devId: `bench-${i}`, servers: [{ srvId: 'bench-server', srvUri: server.url, perm: DEFAULT_PERM }] }),
        acceptEncoding: '',
      }),
    ),
  );
  // Warm up: one session each.
  await Promise.all(devices.map((d) => d.clientInitiated()));
  const cpuBefore = (await server.memory()).cpuMs;
  let sessions = 0;
  let failed = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    devices.map(async (d) => {
      while (performance.now() < deadline) {
        const outcome = await d.clientInitiated();
        if (outcome.ok && outcome.packagesSent === 2) sessions += 1;
        else failed += 1;
      }
    }),
  );
  const ms = performance.now() - start;
  const cpuMs = (await server.memory()).cpuMs - cpuBefore;
  await Promise.all(devices.map((d) => d.stop()));
  await server.stop();
  return { sessions, failed, ms, cpuMs };
}

async function bareRun(): Promise<{ roundTrips: number; ms: number; cpuMs: number }> {
  const server = await spawnServer('bare');
  const p1 = Buffer.from(
    JSON.stringify({ MOS: [{ MOID: 'urn:oma:mo:oma-dm-devinfo:1.0', MIID: ['1'] }], Alert: [{ AlertType: 'urn:oma:at:dm:2.0:ClientInitiatedMgmt' }] }),
  );
  const p3 = Buffer.from(
    JSON.stringify({
      Status: [
        {
          sc: 200,
          URI: ['urn:oma:mo:oma-dm-devinfo:1.0/1'],
          Data: [
            {
              ClientURI: 'urn:oma:mo:oma-dm-devinfo:1.0/1',
              CV: 'abcdefg0',
              MOData: { DevID: 'bench-0', Man: 'dmcts', Mod: 'reference-device', DmV: '2.0', Lang: 'en', DevType: 'reference', FwV: '1.0' },
            },
          ],
        },
        { sc: 200, URI: [] },
      ],
    }),
  );
  const clients = Array.from({ length: concurrency }, () => new HttpClient({ side: 'client' }));
  const headers = { 'content-type': 'application/vnd.oma.dm.initiation+json', accept: 'application/vnd.oma.dm.request+json', 'omadm-devid': 'bench' };
  const trip = async (http: HttpClient, path: string, body: Buffer) => {
    const res = await http.send({ method: 'POST', url: server.url.replace(/\/dm$/, path), headers, body });
    JSON.parse(res.body.toString('utf8'));
  };
  await Promise.all(clients.map((c) => trip(c, '/dm', p1)));
  const cpuBefore = (await server.memory()).cpuMs;
  let roundTrips = 0;
  const start = performance.now();
  const deadline = start + seconds * 1000;
  await Promise.all(
    clients.map(async (c) => {
      while (performance.now() < deadline) {
        await trip(c, '/dm', p1);
        await trip(c, '/dm/s/x', p3);
        roundTrips += 2;
      }
    }),
  );
  const ms = performance.now() - start;
  const cpuMs = (await server.memory()).cpuMs - cpuBefore;
  await Promise.all(clients.map((c) => c.close()));
  await server.stop();
  return { roundTrips, ms, cpuMs };
}

const ref = await referenceRun();
const bare = await bareRun();
const dmRate = (ref.sessions / ref.ms) * 1000;
const bareTrips = (bare.roundTrips / bare.ms) * 1000;
const bareSessions = bareTrips / 2;
const out = process.stdout;
out.write(`concurrency ${concurrency} clients, ${seconds} s each, loopback, plain HTTP, JSON; each server in its own process\n`);
out.write(
  `reference server: ${ref.sessions} sessions (${ref.failed} failed) = ${dmRate.toFixed(0)} sessions/s (Package#1 -> GET DevInfo -> Package#3 -> END)\n`,
);
out.write(`bare node:http:   ${bare.roundTrips} round trips = ${bareTrips.toFixed(0)} round trips/s = ${bareSessions.toFixed(0)} two-trip sessions/s\n`);
out.write(
  `ratio reference / bare: ${(dmRate / bareSessions).toFixed(2)} (throughput; the reference run's clients are reference devices, the bare run's are plain HTTP loops)\n`,
);
const dmCpu = ref.cpuMs / ref.sessions;
const bareCpu = (bare.cpuMs / bare.roundTrips) * 2;
out.write(
  `server CPU per session: reference ${dmCpu.toFixed(3)} ms, bare ${bareCpu.toFixed(3)} ms (two round trips); ratio bare / reference ${(bareCpu / dmCpu).toFixed(2)}\n`,
);
if (ref.failed > 0) process.exitCode = 1;
