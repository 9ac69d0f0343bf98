/**
 * Management sessions per second of the reference server (Package#1 -> GET DevInfo -> Package#3 ->
 * END), driven by reference devices over loopback — over HTTP, and over the P-WS WebSocket each
 * device holds open — beside a bare node:http server answering the same two round trips per session
 * with bodies of the same size, on the same machine in the same run, with the same concurrency. Each
 * server runs in its own process; no content coding on either side, so all move the same kind of
 * bytes. The HTTP and the P-WS fleet (bench/support/reference-fleet.ts) are up together and take
 * turns in short windows, so a machine whose load changes during the run (other people's tests)
 * weighs on both alike; the P-WS / HTTP ratio of each window is printed to show the spread. Besides
 * throughput it reports each server's CPU time per session, which depends less on how fast the
 * clients are. Every package of the WS fleet is checked to have gone as a frame (none as an HTTP
 * POST), and every package of the HTTP fleet as a POST.
 *
 *   npm run bench:sessions [-- --seconds 8 --concurrency 16 --rounds 4]
 */
import { parseArgs } from 'node:util';
import { HttpClient } from '../harness/transport/http-client.ts';
import { type ReferenceFleet, startReferenceFleet, type WindowFigures } from './support/reference-fleet.ts';
import { spawnServer } from './support/spawn-server.ts';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '8' }, concurrency: { type: 'string', default: '16' }, rounds: { type: 'string', default: '4' } },
});
const seconds = Number(values.seconds);
const concurrency = Number(values.concurrency);
const rounds = Number(values.rounds);
for (const [name, n] of [
  ['seconds', seconds],
  ['concurrency', concurrency],
  ['rounds', rounds],
] as const) {
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a whole number of at least 1, not "${values[name]}"`);
}

/** Both fleets up at once, measured in alternating windows (HTTP, WS, HTTP, ...) so both see the same load. */
async function referenceRuns(): Promise<{ http: WindowFigures[]; ws: WindowFigures[]; sent: { http: Record<string, number>; ws: Record<string, number> } }> {
  const http = await startReferenceFleet('http', concurrency);
  let ws: ReferenceFleet | undefined;
  try {
    ws = await startReferenceFleet('ws', concurrency);
    const windows = { http: [] as WindowFigures[], ws: [] as WindowFigures[] };
    const ms = (seconds * 1000) / rounds;
    for (let i = 0; i < rounds; i++) {
      windows.http.push(await http.window(ms));
      windows.ws.push(await ws.window(ms));
    }
    return { ...windows, sent: { http: http.sent, ws: ws.sent } };
  } finally {
    await ws?.stop();
    await http.stop();
  }
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

const runs = await referenceRuns();
const bare = await bareRun();
const total = (w: WindowFigures[]) =>
  w.reduce((t, x) => ({ sessions: t.sessions + x.sessions, failed: t.failed + x.failed, ms: t.ms + x.ms, cpuMs: t.cpuMs + x.cpuMs }));
const ref = total(runs.http);
const ws = total(runs.ws);
const rate = (w: WindowFigures) => (w.sessions / w.ms) * 1000;
const dmRate = rate(ref);
const wsRate = rate(ws);
const ratios = runs.ws.map((w, i) => rate(w) / rate(runs.http[i]!));
const bareTrips = (bare.roundTrips / bare.ms) * 1000;
const bareSessions = bareTrips / 2;
const out = process.stdout;
out.write(
  `concurrency ${concurrency} clients, loopback, plain HTTP / ws://, JSON; each server in its own process; ` +
    `HTTP and P-WS fleets up together and measured in ${rounds} alternating windows of ${(seconds / rounds).toFixed(1)} s (${seconds} s each), then the bare server ${seconds} s\n`,
);
out.write(
  `reference server, HTTP: ${ref.sessions} sessions (${ref.failed} failed) = ${dmRate.toFixed(0)} sessions/s (Package#1 -> GET DevInfo -> Package#3 -> END; ${runs.sent.http.POST ?? 0} POSTs, 0 frames)\n`,
);
out.write(
  `reference server, P-WS: ${ws.sessions} sessions (${ws.failed} failed) = ${wsRate.toFixed(0)} sessions/s (the same session as frames over each device's open WebSocket; ${runs.sent.ws.WS ?? 0} frames, 0 POSTs)\n`,
);
out.write(`bare node:http:   ${bare.roundTrips} round trips = ${bareTrips.toFixed(0)} round trips/s = ${bareSessions.toFixed(0)} two-trip sessions/s\n`);
out.write(
  `ratio P-WS / HTTP: ${(wsRate / dmRate).toFixed(2)} (sessions/s of the reference server over each transport; per window ${ratios.map((r) => r.toFixed(2)).join(', ')})\n`,
);
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
