/**
 * Management sessions per second of the reference server (Package#1 -> GET DevInfo -> Package#3 ->
 * END), driven by reference devices over loopback — over HTTP, then over the P-WS WebSocket each
 * device holds open — beside a bare node:http server answering the same two round trips per session
 * with bodies of the same size, on the same machine in the same run, with the same concurrency. Each
 * server runs in its own process; no content coding on either side, so all move the same kind of
 * bytes. Besides throughput it reports each server's CPU time per session, which does not depend on
 * how fast the clients are. Every package of the WS run is checked to have gone as a frame (none as
 * an HTTP POST), and every package of the HTTP run as a POST.
 *
 *   npm run bench:sessions [-- --seconds 8 --concurrency 16]
 */
import { parseArgs } from 'node:util';
import { DmDevice } from '../harness/client/dm-device.ts';
import { buildFactoryTree, DEFAULT_PERM } from '../harness/client/factory-profile.ts';
import { HttpClient } from '../harness/transport/http-client.ts';
import type { TraceSink } from '../harness/transport/trace.ts';
import { spawnServer } from './support/spawn-server.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '8' }, concurrency: { type: 'string', default: '16' } } });
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);

type Transport = 'http' | 'ws';

interface ReferenceFigures {
  sessions: number;
  failed: number;
  ms: number;
  cpuMs: number;
  /** Packages the devices sent, by how: 'POST' (HTTP) or 'WS' (a frame). */
  sent: Record<string, number>;
}

async function referenceRun(transport: Transport): Promise<ReferenceFigures> {
  const server = await spawnServer('dm');
  const sent: Record<string, number> = {};
  const count: TraceSink = (e) => {
    if (e.direction === 'out' && e.kind === 'request' && e.method) sent[e.method] = (sent[e.method] ?? 0) + 1;
  };
  const devices = await Promise.all(
    Array.from({ length: concurrency }, (_, i) =>
      DmDevice.start({
        tree: buildFactoryTree({ devId: `bench-${i}`, servers: [{ srvId: 'bench-server', srvUri: server.url, perm: DEFAULT_PERM }] }),
        acceptEncoding: '',
        trace: count,
        ...(transport === 'ws' ? { ws: {} } : {}),
      }),
    ),
  );
  // Warm up: one session each (over P-WS it also opens each device's WebSocket).
  await Promise.all(devices.map((d) => d.clientInitiated()));
  if (transport === 'ws') {
    const closed = devices.filter((d) => !d.wsOpenTo('bench-server')).length;
    if (closed > 0) throw new Error(`${closed} of ${concurrency} devices hold no WebSocket to the server after their first session`);
  }
  for (const key of Object.keys(sent)) delete sent[key];
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
  const wrong = transport === 'ws' ? (sent.POST ?? 0) : (sent.WS ?? 0);
  if (wrong > 0) throw new Error(`${wrong} packages of the ${transport} run went ${transport === 'ws' ? 'as HTTP POSTs' : 'as WebSocket frames'}`);
  return { sessions, failed, ms, cpuMs, sent };
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

const ref = await referenceRun('http');
const ws = await referenceRun('ws');
const bare = await bareRun();
const dmRate = (ref.sessions / ref.ms) * 1000;
const wsRate = (ws.sessions / ws.ms) * 1000;
const bareTrips = (bare.roundTrips / bare.ms) * 1000;
const bareSessions = bareTrips / 2;
const out = process.stdout;
out.write(`concurrency ${concurrency} clients, ${seconds} s each, loopback, plain HTTP / ws://, JSON; each server in its own process\n`);
out.write(
  `reference server, HTTP: ${ref.sessions} sessions (${ref.failed} failed) = ${dmRate.toFixed(0)} sessions/s (Package#1 -> GET DevInfo -> Package#3 -> END; ${ref.sent.POST ?? 0} POSTs)\n`,
);
out.write(
  `reference server, P-WS: ${ws.sessions} sessions (${ws.failed} failed) = ${wsRate.toFixed(0)} sessions/s (the same session as frames over each device's open WebSocket; ${ws.sent.WS ?? 0} frames, 0 POSTs)\n`,
);
out.write(`bare node:http:   ${bare.roundTrips} round trips = ${bareTrips.toFixed(0)} round trips/s = ${bareSessions.toFixed(0)} two-trip sessions/s\n`);
out.write(`ratio P-WS / HTTP: ${(wsRate / dmRate).toFixed(2)} (sessions/s of the reference server over each transport)\n`);
out.write(
  `ratio reference / bare: HTTP ${(dmRate / bareSessions).toFixed(2)}, P-WS ${(wsRate / bareSessions).toFixed(2)} (throughput; the reference runs' clients are reference devices, the bare run's are plain HTTP loops)\n`,
);
const dmCpu = ref.cpuMs / ref.sessions;
const wsCpu = ws.cpuMs / ws.sessions;
const bareCpu = (bare.cpuMs / bare.roundTrips) * 2;
out.write(
  `server CPU per session: reference HTTP ${dmCpu.toFixed(3)} ms, P-WS ${wsCpu.toFixed(3)} ms, bare ${bareCpu.toFixed(3)} ms (two round trips); ratio P-WS / HTTP ${(wsCpu / dmCpu).toFixed(2)}, bare / reference HTTP ${(bareCpu / dmCpu).toFixed(2)}\n`,
);
if (ref.failed > 0 || ws.failed > 0) process.exitCode = 1;
