/**
 * Latencies in bounded memory: log-spaced buckets 2 % wide from 0.05 ms to about two minutes (745
 * counters), so a percentile is within 2 % of the exact one however many samples a load records.
 */
const MIN_MS = 0.05;
const RATIO = 1.02;
const LOG_RATIO = Math.log(RATIO);
const BUCKETS = 745;

export class LatencyHistogram {
  private readonly counts = new Uint32Array(BUCKETS);
  count = 0;
  maxMs = 0;
  private sumMs = 0;

  add(ms: number): void {
    const i = ms <= MIN_MS ? 0 : Math.min(BUCKETS - 1, Math.floor(Math.log(ms / MIN_MS) / LOG_RATIO));
    this.counts[i]! += 1;
    this.count += 1;
    this.sumMs += ms;
    if (ms > this.maxMs) this.maxMs = ms;
  }

  get meanMs(): number {
    return this.count === 0 ? 0 : this.sumMs / this.count;
  }

  /** The latency `q` (0-1) of the samples are at or below: a bucket's upper edge, never above the largest sample. */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const rank = Math.max(1, Math.ceil(q * this.count));
    let seen = 0;
    for (let i = 0; i < BUCKETS; i++) {
      seen += this.counts[i]!;
      if (seen >= rank) return Math.min(this.maxMs, MIN_MS * RATIO ** (i + 1));
    }
    return this.maxMs;
  }

  merge(other: LatencyHistogram): void {
    for (let i = 0; i < BUCKETS; i++) this.counts[i]! += other.counts[i]!;
    this.count += other.count;
    this.sumMs += other.sumMs;
    if (other.maxMs > this.maxMs) this.maxMs = other.maxMs;
  }
}
