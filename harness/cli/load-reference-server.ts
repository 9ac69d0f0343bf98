/**
 * The reference DM server of `dmcts load --reference`, in a process of its own so its CPU and memory
 * are its own (the load samples /proc/<pid>). Every session gets the standing commands "GET DevInfo"
 * and "GET ConnMO" (the fleet's MO mix answers them). It prints "READY <dm url>" and then answers
 * lines on stdin with one JSON line each:
 *   stats            {"sessions": n, "devices": n, "wsConnected": n}  (sessions: Package#1s accepted)
 *   notify [ids]     a Package#0 over its WebSocket to each device of the JSON array: {"sent", "failed", "ms"}
 * It exits when stdin closes.
 *   node bin/run-ts.mjs harness/cli/load-reference-server.ts '{"srvId":…,"notificationSecret":…,"maxConnections":…}'
 */
import { createInterface } from 'node:readline';
import { DmServer } from '../server/dm-server.ts';
import { ALL_DEVICES } from '../server/operator.ts';

export interface LoadServerConfig {
  srvId: string;
  notificationSecret: string;
  maxConnections: number;
}

const config = JSON.parse(process.argv[2] ?? '{}') as LoadServerConfig;
const server = await DmServer.start({
  srvId: config.srvId,
  host: '127.0.0.1',
  port: 0,
  idleTimeoutMs: 30_000,
  notificationSecret: config.notificationSecret,
  maxConnections: config.maxConnections,
});
const standing = server.operator.setStanding(ALL_DEVICES, [
  ['GET', 'urn:oma:mo:oma-dm-devinfo:1.0//'],
  ['GET', 'urn:oma:mo:oma-dm-connmo:1.0//'],
]);
if (!standing.ok) throw new Error(standing.error.message);
let sessions = 0;
server.events.on('session', () => {
  sessions += 1;
});

const answer = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);
createInterface({ input: process.stdin }).on('line', (line) => {
  const [word, ...rest] = line.trim().split(' ');
  if (word === 'stats') answer({ sessions, devices: server.registry.size, wsConnected: server.wsConnected().length });
  else if (word === 'notify') {
    const ids = JSON.parse(rest.join(' ') || '[]') as string[];
    const started = performance.now();
    void Promise.all(ids.map((devId) => server.operator.notify(devId, { wsOnly: true, secret: config.notificationSecret }))).then((outcomes) =>
      answer({ sent: outcomes.filter((o) => o.ok).length, failed: outcomes.filter((o) => !o.ok).length, ms: Math.round(performance.now() - started) }),
    );
  } else answer({ error: `unknown line "${word}" (stats, notify [ids])` });
});
process.stdin.on('end', () => {
  void server.stop().finally(() => process.exit(0));
});
process.stdout.write(`READY ${server.dmUrl}\n`);
