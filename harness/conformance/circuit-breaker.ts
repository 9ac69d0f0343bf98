/**
 * The circuit breaker of a run (test worker side): after `limit` cases of a role in a row end
 * INCONC at the same unmet precondition, the rest of that role is INCONC at once, naming it — a
 * run against an IUT that cannot meet a precondition ends in seconds, not one case timeout per case.
 * `--no-bail` (limit 0) turns it off.
 */
import { reasonKey } from '../report/reason-key.ts';

export class CircuitBreaker {
  private streak = { key: '', count: 0, reason: '' };
  private tripped: string | undefined;

  constructor(private readonly limit: number) {}

  /** Why the next case must not run (the breaker is open), or undefined. */
  get open(): string | undefined {
    return this.tripped;
  }

  /** Records how a case ended. */
  ended(verdict: string, reason: string | undefined): void {
    if (this.limit <= 0 || this.tripped) return;
    if (verdict !== 'INCONC' || !reason) {
      this.streak = { key: '', count: 0, reason: '' };
      return;
    }
    const key = reasonKey(reason);
    this.streak = key === this.streak.key ? { ...this.streak, count: this.streak.count + 1 } : { key, count: 1, reason };
    if (this.streak.count >= this.limit) {
      this.tripped = `not run: the ${this.limit} cases before it all ended INCONC at the same unmet precondition ("${this.streak.reason}"); fix that, or run with --no-bail`;
    }
  }
}
