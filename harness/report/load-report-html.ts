/** The HTML report of a load (load.html): the summary, tables and inline SVG plots over time. Self-contained. */
import { esc } from './html-escape.ts';
import type { LoadLatency, LoadResult } from './load-report-model.ts';
import { lineChart } from './load-report-svg.ts';
import { loadSummaryText } from './load-report-text.ts';

const row = (cells: unknown[], head = false) => `<tr>${cells.map((c) => (head ? `<th>${esc(c)}</th>` : `<td>${esc(c)}</td>`)).join('')}</tr>`;
const latencyRow = (name: string, l: LoadLatency) => row([name, l.count, l.p50Ms, l.p90Ms, l.p99Ms, l.maxMs, l.meanMs]);

export function loadReportHtml(r: LoadResult): string {
  const s = r.seconds;
  const charts = [
    lineChart({
      title: 'Exchange latency over time (all packages of each second)',
      xLabel: 'seconds',
      yLabel: 'ms',
      series: [
        { name: 'p50', color: '#1f77b4', points: s.filter((x) => x.exchanges > 0).map((x) => [x.t, x.p50Ms]) },
        { name: 'p99', color: '#d62728', points: s.filter((x) => x.exchanges > 0).map((x) => [x.t, x.p99Ms]) },
      ],
    }),
    lineChart({
      title: 'Throughput over time',
      xLabel: 'seconds',
      yLabel: 'sessions per second',
      series: [
        { name: 'sessions ok', color: '#2ca02c', points: s.map((x) => [x.t, x.sessionsOk]) },
        { name: 'sessions failed', color: '#d62728', points: s.map((x) => [x.t, x.sessionsFailed]) },
      ],
    }),
    lineChart({
      title: 'Devices over time',
      xLabel: 'seconds',
      yLabel: 'devices',
      series: [
        { name: 'devices started', color: '#9467bd', points: s.map((x) => [x.t, x.devices]) },
        { name: 'WebSockets open', color: '#ff7f0e', points: s.map((x) => [x.t, x.wsOpen]) },
      ],
    }),
  ];
  const p = r.server.process;
  if (p) {
    charts.push(
      lineChart({
        title: 'Server CPU',
        xLabel: 'seconds',
        yLabel: '% of one core',
        series: [{ name: 'CPU', color: '#8c564b', points: p.samples.map((x) => [x.t, x.cpuPercent]) }],
      }),
      lineChart({
        title: 'Server memory',
        xLabel: 'seconds',
        yLabel: 'RSS MiB',
        series: [{ name: 'RSS', color: '#17becf', points: p.samples.map((x) => [x.t, Math.round(x.rssKb / 102.4) / 10]) }],
      }),
    );
  }
  const g = r.generator;
  if (g)
    charts.push(
      lineChart({
        title: 'Load process (the simulated devices) CPU',
        xLabel: 'seconds',
        yLabel: '% of one core',
        series: [{ name: 'CPU', color: '#7f7f7f', points: g.samples.map((x) => [x.t, x.cpuPercent]) }],
      }),
    );
  const errors = Object.entries(r.errors.byKind).map(([k, n]) => row([k, n]));
  const examples = r.errors.examples.map((e) => row([e.kind, e.count, e.reason]));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>dmcts load — ${esc(r.devices.started)} devices</title>
<style>
body{font:14px system-ui,sans-serif;margin:1.5em;color:#222}pre{background:#f6f6f6;padding:.8em;white-space:pre-wrap}
table{border-collapse:collapse;margin:.5em 0 1.2em}td,th{border:1px solid #ccc;padding:.2em .6em;text-align:right}td:last-child{text-align:left}
svg{display:block;margin:.5em 0 1em;font:11px system-ui,sans-serif}svg .g{stroke:#eee}svg .a{stroke:#888}svg .t{font-weight:bold;font-size:12px}
</style></head><body>
<h1>dmcts load</h1>
<p>${esc(r.startedAt)} – ${esc(r.finishedAt)}, dmcts ${esc(r.dmcts.version)}, Node ${esc(r.host.node)}, ${esc(r.host.cpus)} CPUs</p>
<pre>${esc(loadSummaryText(r))}</pre>
<h2>Latency per package</h2>
<table>${row(['exchange', 'count', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'mean ms'], true)}${latencyRow('Package#1 → #2', r.latency.package1)}${latencyRow('Package#3 → #2', r.latency.package3)}${latencyRow('WebSocket opening', r.latency.wsConnect)}${r.fanOut ? latencyRow('Package#0 → session open', r.fanOut.openedMs) : ''}</table>
<h2>Errors by kind</h2>
<table>${row(['kind', 'count'], true)}${errors.join('')}</table>
${examples.length ? `<table>${row(['kind', 'count', 'example reason'], true)}${examples.join('')}</table>` : ''}
<h2>Over time</h2>
${charts.join('\n')}
</body></html>
`;
}
