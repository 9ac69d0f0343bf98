/**
 * The `t` a case body gets: the IUT's ICS and IXIT, the upper tester, the harness's reference peers
 * as fixtures (a server when the IUT is a client, devices when it is a server), evidence, and the
 * verdict helpers. A case talks to the IUT only through these: the wire and the upper tester.
 */
import type { UtMethod } from '../protocol/upper-tester.ts';
import type { CaseMeta } from './case-meta.ts';
import type { CaseRecord } from './case-record.ts';
import { EvidenceRecorder } from './evidence.ts';
import type { HarnessSession } from './harness-session.ts';
import type { Ics, Transport } from './ics.ts';
import type { Ixit } from './ixit.ts';
import { UtError } from './ut-hub.ts';
import { CaseFailure, CaseVerdict, type Basis } from './verdict.ts';

/** A case citing only K rules judges public facts by default; one citing a P rule, the profile. */
export function defaultBasis(meta: Pick<CaseMeta, 'rules'>): Basis {
  return meta.rules.length > 0 && meta.rules.every((r) => r.startsWith('K-')) ? 'K' : 'P';
}

export class CaseContext {
  readonly recorder = new EvidenceRecorder();
  private readonly cleanups: Array<() => Promise<void> | void> = [];
  private warning: { reason: string; basis: Basis } | undefined;
  /** Failed profile checks the case went on after (soft failures), first first. */
  readonly profileFailures: string[] = [];
  /** Checks evaluated, by basis. */
  readonly checks = { K: 0, P: 0 };
  /** The basis of a check that does not name one. */
  readonly basis: Basis;
  private fixtureCount = 0;
  private abortedBy: string | undefined;
  private disposed: Promise<void> | undefined;

  constructor(
    readonly meta: CaseMeta,
    readonly session: HarnessSession,
    readonly record: CaseRecord,
  ) {
    record.evidence = this.recorder.evidence;
    this.basis = defaultBasis(meta);
    const off = session.hub.onTrace((e) => this.recorder.ut(e));
    this.defer(off);
  }

  get ics(): Ics {
    return this.session.target.ics;
  }

  get ixit(): Ixit {
    return this.session.target.ixit;
  }

  get seed(): number {
    return this.record.seed;
  }

  /**
   * The DM transport of this run: for a case that runs once per transport (perTransport) the one of
   * this run, else HTTP. The harness's server and devices take it unless a case asks for another.
   */
  get transport(): Transport {
    return this.record.transport ?? 'http';
  }

  /** A fresh name for a fixture of this case (server IDs, device IDs). */
  uniqueName(prefix: string): string {
    this.fixtureCount += 1;
    return `${prefix}-${this.meta.id.toLowerCase().replace(/^dmcts-/, '')}-${this.fixtureCount}-${(this.seed >>> 0).toString(36).slice(0, 4)}`;
  }

  /** Marks where the case is; a timeout names the last step reached. */
  step(name: string): void {
    this.recorder.step(name);
    this.record.step = name;
  }

  note(text: string): void {
    this.recorder.note(text);
  }

  useIcsItem(item: string): void {
    if (!this.record.icsItems.includes(item)) this.record.icsItems.push(item);
  }

  /** Registers cleanup to run after the case, last registered first. */
  defer(fn: () => Promise<void> | void): void {
    this.cleanups.push(fn);
  }

  /**
   * FAIL now, with a reason a vendor can act on. `basis`: what the failed expectation rests on —
   * public DM 2.0 facts (K) or a dmcts profile choice (P); the case's default when absent (K for a
   * case citing only K rules, else P).
   */
  fail(reason: string, basis?: Basis): never {
    const b = basis ?? this.basis;
    this.checks[b] += 1;
    throw new CaseFailure(reason, b);
  }

  /**
   * FAIL unless the condition holds. A failed K check ends the case. A failed P check in a case that
   * also checks public facts is recorded (the verdict is FAIL, for the profile) and the case goes on,
   * so its K checks still judge the public-facts claim; code after it must not rely on the condition.
   */
  check(condition: unknown, reason: string, basis?: Basis): asserts condition {
    const b = basis ?? this.basis;
    this.checks[b] += 1;
    if (condition) return;
    if (b === 'P' && this.checksFacts) {
      this.profileFailures.push(reason);
      this.note(`FAIL (dmcts profile; the case goes on for its public-facts checks): ${reason}`);
      this.record.softFailure ??= reason;
      return;
    }
    throw new CaseFailure(reason, b);
  }

  /** The value, or FAIL (ending the case) with the reason when it is missing (null or undefined). */
  need<T>(value: T | null | undefined, reason: string, basis?: Basis): T {
    if (value === null || value === undefined) this.fail(reason, basis);
    this.checks[basis ?? this.basis] += 1;
    return value;
  }

  /** A SHOULD not followed: the case goes on; its verdict is WARN unless it later FAILs. */
  warn(reason: string, basis?: Basis): void {
    this.warning ??= { reason, basis: basis ?? this.basis };
    this.note(`WARN: ${reason}`);
  }

  get warned(): { reason: string; basis: Basis } | undefined {
    return this.warning;
  }

  /** Whether the case cites a K rule at all (has public-facts checks). */
  get checksFacts(): boolean {
    return this.meta.rules.some((r) => r.startsWith('K-'));
  }

  inconclusive(reason: string): never {
    throw new CaseVerdict('INCONC', reason);
  }

  notApplicable(reason: string): never {
    throw new CaseVerdict('N/A', reason);
  }

  /**
   * Calls the IUT's upper tester. A method the adapter lacks makes the case N/A; a call that fails,
   * times out or finds no adapter leaves it INCONC (the precondition could not be reached).
   */
  async ut(method: UtMethod, params: Record<string, unknown> = {}): Promise<Record<string, unknown>> {
    // A case its timeout already ended must not drive the IUT under the next case.
    if (this.abortedBy) throw new CaseVerdict('ERROR', `the case was already ended: ${this.abortedBy}`);
    try {
      return await this.session.hub.call(method, params, this.ixit.timeouts.utCallMs);
    } catch (error) {
      if (!(error instanceof UtError)) throw error;
      if (error.code === 'UT_UNSUPPORTED') this.notApplicable(`the IUT's upper-tester adapter does not offer ${method}`);
      this.inconclusive(`upper tester ${method}: ${error.message}`);
    }
  }

  /** The case's time is up (vitest's timeout): stop its fixtures now, so nothing of it runs on under the next case. */
  abort(reason: string): void {
    this.abortedBy ??= reason;
    void this.dispose();
  }

  get aborted(): boolean {
    return this.abortedBy !== undefined;
  }

  dispose(): Promise<void> {
    this.disposed ??= this.runCleanups();
    return this.disposed;
  }

  private async runCleanups(): Promise<void> {
    for (const fn of this.cleanups.splice(0).reverse()) {
      try {
        await fn();
      } catch (error) {
        this.note(`cleanup failed: ${(error as Error).message}`);
      }
    }
  }
}
