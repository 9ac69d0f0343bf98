/**
 * For bench:sessions: a fleet of reference devices against one reference server in its own process,
 * over HTTP or over P-WS (each device holding its WebSocket open), measured in windows so two fleets
 * can take turns and see the same machine load. Every package a device sends is counted by how it
 * went ('POST' or a 'WS' frame), so a fleet that is not on the transport it claims fails the bench.
 */
import { DmDevice } from '../../harness/client/dm-device.ts';
import { buildFactoryTree, DEFAULT_PERM } from '../../harness/client/factory-profile.ts';
import type { TraceSink } from '../../harness/transport/trace.ts';
import { spawnServer, type ServerProcess } from './spawn-server.ts';

export type Transport = 'http' | 'ws';

export interface WindowFigures {
  sessions: number;
  failed: number;
  ms: number;
  /** The server process's CPU time in the window. */
  cpuMs: number;
}

export interface ReferenceFleet {
  transport: Transport;
  /** Every device opens sessions back to back for `ms`. */
  window(ms: number): Promise<WindowFigures>;
  /** Packages the devices sent since the warm-up, by how: 'POST' (HTTP) or 'WS' (a frame). */
  sent: Record<string, number>;
  stop(): Promise<void>;
}

const SRV_ID = 'bench-server';

export async function startReferenceFleet(transport: Transport, concurrency: number): Promise<ReferenceFleet> {
  const server: ServerProcess = await spawnServer('dm');
  const sent: Record<string, number> = {};
  const count: TraceSink = (e) => {
    if (e.direction === 'out' && e.kind === 'request' && e.method) sent[e.method] = (sent[e.method] ?? 0) + 1;
  };
  const devices = await Promise.all(
    Array.from({ length: concurrency }, (_, i) =>
      DmDevice.start({
        tree: buildFactoryTree({ devId: `bench-${transport}-${i}`, servers: [{ srvId: SRV_ID, srvUri: server.url, perm: DEFAULT_PERM }] }),
        acceptEncoding: '',
        trace: count,
        ...(transport === 'ws' ? { ws: {} } : {}),
      }),
    ),
  );
  const stop = async () => {
    await Promise.all(devices.map((d) => d.stop()));
    await server.stop();
  };
  // Warm up: one session each (over P-WS it also opens each device's WebSocket).
  await Promise.all(devices.map((d) => d.clientInitiated()));
  const closed = transport === 'ws' ? devices.filter((d) => !d.wsOpenTo(SRV_ID)).length : 0;
  if (closed > 0) {
    await stop();
    throw new Error(`${closed} of ${concurrency} devices hold no WebSocket to the server after their first session`);
  }
  for (const key of Object.keys(sent)) delete sent[key];
  return {
    transport,
    sent,
    stop,
    async window(ms) {
      const cpuBefore = (await server.memory()).cpuMs;
      let sessions = 0;
      let failed = 0;
      const start = performance.now();
      const deadline = start + ms;
      await Promise.all(
        devices.map(async (d) => {
          while (performance.now() < deadline) {
            const outcome = await d.clientInitiated();
            if (outcome.ok && outcome.packagesSent === 2) sessions += 1;
            else failed += 1;
          }
        }),
      );
      const took = performance.now() - start;
      const cpuMs = (await server.memory()).cpuMs - cpuBefore;
      const wrong = transport === 'ws' ? (sent.POST ?? 0) : (sent.WS ?? 0);
      if (wrong > 0) throw new Error(`${wrong} packages of the ${transport} fleet went ${transport === 'ws' ? 'as HTTP POSTs' : 'as WebSocket frames'}`);
      return { sessions, failed, ms: took, cpuMs };
    },
  };
}
