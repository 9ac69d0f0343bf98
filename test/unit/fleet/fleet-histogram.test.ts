/** The load's latency histogram: percentiles within its 2 % bucket width of the exact ones, bounded by the largest sample. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../../../harness/client/fleet/latency-histogram.ts';

const exact = (sorted: number[], q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;

describe('LatencyHistogram', () => {
  it('an empty histogram reads 0 everywhere', () => {
    const h = new LatencyHistogram();
    expect([h.quantile(0.5), h.quantile(0.99), h.meanMs, h.count]).toEqual([0, 0, 0, 0]);
  });

  it('p50, p90 and p99 lie within 2 % above the exact percentile (never below it), for any samples from 0.1 ms to 60 s', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0.1, max: 60_000, noNaN: true }), { minLength: 1, maxLength: 400 }), (samples) => {
        const h = new LatencyHistogram();
        for (const s of samples) h.add(s);
        const sorted = [...samples].sort((a, b) => a - b);
        for (const q of [0.5, 0.9, 0.99]) {
          const want = exact(sorted, q);
          const got = h.quantile(q);
          expect(got).toBeGreaterThanOrEqual(want * 0.9999);
          expect(got).toBeLessThanOrEqual(want * 1.0201);
        }
        expect(h.quantile(1)).toBe(sorted.at(-1));
      }),
    );
  });

  it('merging two histograms is the histogram of all their samples', () => {
    const a = new LatencyHistogram();
    const b = new LatencyHistogram();
    const all = new LatencyHistogram();
    [1, 2, 3, 400].forEach((v) => {
      a.add(v);
      all.add(v);
    });
    [5, 6, 7000].forEach((v) => {
      b.add(v);
      all.add(v);
    });
    a.merge(b);
    expect([a.count, a.maxMs, a.meanMs, a.quantile(0.5), a.quantile(0.99)]).toEqual([all.count, all.maxMs, all.meanMs, all.quantile(0.5), all.quantile(0.99)]);
  });
});
