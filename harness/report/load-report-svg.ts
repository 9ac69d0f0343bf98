/**
 * A line chart as inline SVG (no script, no external asset): one or more series over a shared x axis,
 * axes with a few round ticks, a legend. Values are plotted as given; labels are escaped.
 */
import { esc } from './html-escape.ts';

export interface ChartSeries {
  name: string;
  color: string;
  points: Array<[number, number]>;
}

export interface Chart {
  title: string;
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
}

const W = 640;
const H = 240;
const PAD = { left: 56, right: 12, top: 28, bottom: 36 };

/** Round tick values covering 0..max (about five). */
export function ticks(max: number): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
  const out: number[] = [];
  for (let v = 0; v <= max + step * 0.999; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

export function lineChart(chart: Chart): string {
  const all = chart.series.flatMap((s) => s.points);
  const xTicks = ticks(Math.max(1, ...all.map((p) => p[0])));
  const yTicks = ticks(Math.max(0, ...all.map((p) => p[1])));
  const xMax = xTicks.at(-1)!;
  const yMax = yTicks.at(-1)!;
  const x = (v: number) => PAD.left + (v / xMax) * (W - PAD.left - PAD.right);
  const y = (v: number) => H - PAD.bottom - (v / yMax) * (H - PAD.top - PAD.bottom);
  const f = (n: number) => n.toFixed(1);
  const parts: string[] = [];
  parts.push(`<text x="${PAD.left}" y="16" class="t">${esc(chart.title)}</text>`);
  for (const v of yTicks) {
    parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${f(y(v))}" y2="${f(y(v))}" class="g"/>`);
    parts.push(`<text x="${PAD.left - 4}" y="${f(y(v) + 4)}" text-anchor="end">${esc(v)}</text>`);
  }
  for (const v of xTicks) parts.push(`<text x="${f(x(v))}" y="${H - PAD.bottom + 14}" text-anchor="middle">${esc(v)}</text>`);
  parts.push(`<text x="${(W + PAD.left) / 2}" y="${H - 4}" text-anchor="middle">${esc(chart.xLabel)}</text>`);
  parts.push(`<text x="12" y="${(H + PAD.top) / 2}" transform="rotate(-90 12 ${(H + PAD.top) / 2})" text-anchor="middle">${esc(chart.yLabel)}</text>`);
  parts.push(`<line x1="${PAD.left}" x2="${PAD.left}" y1="${PAD.top}" y2="${H - PAD.bottom}" class="a"/>`);
  parts.push(`<line x1="${PAD.left}" x2="${W - PAD.right}" y1="${H - PAD.bottom}" y2="${H - PAD.bottom}" class="a"/>`);
  chart.series.forEach((s, i) => {
    if (s.points.length > 0) {
      const d = s.points.map(([px, py], j) => `${j === 0 ? 'M' : 'L'}${f(x(px))},${f(y(py))}`).join('');
      parts.push(`<path d="${d}" fill="none" stroke="${esc(s.color)}" stroke-width="1.5"><title>${esc(s.name)}</title></path>`);
    }
    const lx = W - PAD.right - 150;
    const ly = PAD.top + 4 + i * 14;
    parts.push(`<rect x="${lx}" y="${ly - 8}" width="10" height="3" fill="${esc(s.color)}"/><text x="${lx + 14}" y="${ly - 4}">${esc(s.name)}</text>`);
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" role="img" aria-label="${esc(chart.title)}">${parts.join('')}</svg>`;
}
