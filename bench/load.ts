/**
 * dmcts load against the reference server (issue 11, item 2, Measure), each scenario a `dmcts load`
 * process of its own whose load.json is read back:
 *   1. 1,000 devices (HTTP/WS, JSON/CBOR mix), a session every 5 s each: sessions/s, p50/p99 latency;
 *   2. 10,000 devices, a session every 20 s each: the same;
 *   3. Package#0 fan-out to 10,000 WebSocket devices: the time until all have opened their sessions
 *      (goal < 5 s);
 *   4. the most devices one load process holds with sessions still succeeding: 10,000, 15,000, ...
 *      (a session every 30 s each) until sessions fail (more than 1 %) or --max is reached.
 * Each WebSocket device takes a file descriptor in the load process and one in the server's: raise
 * the limit first (ulimit -n 65536; dmcts load warns when it is too low). The figures include whatever
 * else the machine is doing: the load average is printed with each.
 *
 *   npm run bench:load [-- --max 30000 --only 1,2,3,4]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { LoadResult } from '../harness/report/load-report-model.ts';

const { values } = parseArgs({ options: { max: { type: 'string', default: '30000' }, only: { type: 'string', default: '1,2,3,4' } } });
const max = Number(values.max);
const only = new Set(values.only!.split(','));
const BIN = fileURLToPath(new URL('../bin/dmcts.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dmcts-bench-load-'));
const out = process.stdout;

async function load(name: string, args: string[]): Promise<LoadResult | undefined> {
  const folder = join(dir, name);
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--max-old-space-size=4096', BIN, 'load', '--reference', '--quiet', '--out', folder, ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('close', resolve);
  });
  try {
    return JSON.parse(readFileSync(join(folder, 'load.json'), 'utf8')) as LoadResult;
  } catch {
    out.write(`${name}: dmcts load exited ${code} without a report\n`);
    return undefined;
  }
}

const mib = (kb: number) => `${(kb / 1024).toFixed(0)} MiB`;
function line(name: string, r: LoadResult): string {
  const g = r.generator;
  const s = r.server.process;
  return [
    `${name}: ${r.devices.started} devices, ${r.sessions.ok} sessions ok, ${r.sessions.failed} failed (${r.sessions.perSecond}/s; the server saw ${r.server.sessionsSeen})`,
    `  Package#1→#2 p50 ${r.latency.package1.p50Ms} ms p99 ${r.latency.package1.p99Ms} ms; Package#3→#2 p50 ${r.latency.package3.p50Ms} ms p99 ${r.latency.package3.p99Ms} ms; WebSocket opening p50 ${r.latency.wsConnect.p50Ms} ms p99 ${r.latency.wsConnect.p99Ms} ms`,
    `  errors ${r.errors.total} ${JSON.stringify(Object.fromEntries(Object.entries(r.errors.byKind).filter(([, n]) => n > 0)))}`,
    ...(s ? [`  server: CPU ${s.cpuPercentMean}% of a core, peak RSS ${mib(s.peakRssKb)}`] : []),
    ...(g
      ? [
          `  load process: CPU ${g.cpuPercentMean}% of a core, peak RSS ${mib(g.peakRssKb)}, heap ${mib(g.heapUsedKb)}; its timers late by p99 ${g.eventLoopDelayMs.p99} ms, max ${g.eventLoopDelayMs.max} ms`,
        ]
      : []),
    `  machine load average ${r.host.loadAverage.join(' ')} on ${r.host.cpus} CPUs`,
  ].join('\n');
}

if (only.has('1')) {
  const r = await load('k1000', ['--devices', '1000', '--ramp', '500', '--duration', '15', '--interval', '5']);
  if (r) out.write(`${line('1,000 devices, a session every 5 s each', r)}\n`);
}
if (only.has('2')) {
  const r = await load('k10000', ['--devices', '10000', '--ramp', '1000', '--duration', '20', '--interval', '20']);
  if (r) out.write(`${line('10,000 devices, a session every 20 s each', r)}\n`);
}
if (only.has('3')) {
  // Sessions of their own all but never (a random point in a day): the fan-out alone.
  const r = await load('fanout', [
    '--devices',
    '10000',
    '--transport',
    'ws',
    '--ramp',
    '1000',
    '--duration',
    '2',
    '--interval',
    '86400',
    '--notify',
    '--timeout',
    '30',
  ]);
  if (r?.fanOut) {
    const f = r.fanOut;
    out.write(
      `Package#0 fan-out to ${f.devices} WebSocket devices: sent in ${f.sendMs} ms, ${f.accepted} accepted, ${f.opened} opened, ${f.completed} completed; ${
        f.allOpenedMs === null ? 'NOT all opened' : `all opened within ${f.allOpenedMs} ms (goal < 5,000 ms: ${f.allOpenedMs < 5000 ? 'met' : 'missed'})`
      }; opened p50 ${f.openedMs.p50Ms} ms p99 ${f.openedMs.p99Ms} ms (load average ${r.host.loadAverage.join(' ')})\n`,
    );
  }
}
if (only.has('4')) {
  let held = 0;
  for (let k = 10_000; k <= max; k += 5_000) {
    const r = await load(`max${k}`, ['--devices', String(k), '--ramp', '2000', '--duration', '15', '--interval', '30', '--timeout', '30']);
    if (!r) break;
    out.write(`${line(`${k.toLocaleString('en')} devices, a session every 30 s each`, r)}\n`);
    const ok = r.devices.started === k && r.sessions.ok > 0 && r.sessions.failed <= r.sessions.started * 0.01;
    if (!ok) break;
    held = k;
  }
  out.write(
    `the most devices one load process held with sessions succeeding (≤ 1 % failed): ${held.toLocaleString('en')}${held === max ? ' (the --max asked; try more)' : ''}\n`,
  );
}
rmSync(dir, { recursive: true, force: true });
