/** The text summary of a load (load.txt, and what `dmcts load` prints at the end). */
import type { LoadLatency, LoadResult } from './load-report-model.ts';

const ms = (l: LoadLatency) => `p50 ${l.p50Ms} ms, p90 ${l.p90Ms} ms, p99 ${l.p99Ms} ms, max ${l.maxMs} ms (${l.count})`;

export function loadSummaryText(r: LoadResult): string {
  const c = r.config;
  const lines: string[] = [];
  lines.push(
    `dmcts load: ${r.devices.started} of ${c.devices} devices (${Object.entries(r.devices.byTransport)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}; ${Object.entries(r.devices.byEncoding)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}) against ${r.server.kind === 'reference' ? 'the reference server' : 'the server'} at ${r.server.dmUrl}`,
  );
  lines.push(
    `  ramp ${c.rampPerSecond}/s took ${r.phases.rampS} s; steady ${r.phases.steadyS} s; a session every ${c.intervalS ? `${c.intervalS} s` : 'moment (back to back)'} per device`,
  );
  lines.push(
    `  sessions: ${r.sessions.ok} ok, ${r.sessions.failed} failed of ${r.sessions.started} started (${r.sessions.perSecond} ok/s)${
      r.server.sessionsSeen !== undefined ? `; the server saw ${r.server.sessionsSeen}` : ''
    }`,
  );
  lines.push(`  latency Package#1→#2: ${ms(r.latency.package1)}`);
  lines.push(`  latency Package#3→#2: ${ms(r.latency.package3)}`);
  if (r.latency.wsConnect.count > 0) lines.push(`  WebSocket opening: ${ms(r.latency.wsConnect)}`);
  const kinds = Object.entries(r.errors.byKind).filter(([, n]) => n > 0);
  lines.push(`  errors: ${r.errors.total}${kinds.length ? ` (${kinds.map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}`);
  for (const e of r.errors.examples.slice(0, 8)) lines.push(`    ${e.kind} ×${e.count}: ${e.reason}`);
  if (r.fanOut) {
    const f = r.fanOut;
    lines.push(
      `  Package#0 fan-out: ${f.sent} of ${f.devices} WebSocket devices notified (sent in ${f.sendMs} ms), ${f.accepted} accepted, ${f.opened} opened their session, ${f.completed} completed; ${
        f.allOpenedMs === null ? 'not every device opened its session' : `all opened within ${f.allOpenedMs} ms`
      }${f.error ? ` (${f.error})` : ''}`,
    );
  }
  const p = r.server.process;
  if (p)
    lines.push(
      `  server process ${p.pid}: CPU ${p.cpuS} s (${p.cpuPercentMean}% of a core), RSS ${kib(p.rssKbStart)} → ${kib(p.rssKbEnd)}, peak ${kib(p.peakRssKb)}`,
    );
  const g = r.generator;
  if (g)
    lines.push(
      `  load process (the ${r.devices.started} devices): CPU ${g.cpuS} s (${g.cpuPercentMean}% of a core), peak RSS ${kib(g.peakRssKb)}, heap ${kib(g.heapUsedKb)} (${(g.heapUsedKb / Math.max(1, r.devices.started)).toFixed(1)} KiB per device); its timers ran late by p50 ${g.eventLoopDelayMs.p50} ms, p99 ${g.eventLoopDelayMs.p99} ms, max ${g.eventLoopDelayMs.max} ms`,
    );
  lines.push(`  host: ${r.host.cpus} CPUs, load average ${r.host.loadAverage.map((n) => n.toFixed(2)).join(' ')}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return `${lines.join('\n')}\n`;
}

function kib(kb: number): string {
  return `${(kb / 1024).toFixed(1)} MiB`;
}
