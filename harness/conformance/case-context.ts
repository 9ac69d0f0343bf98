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
import type { Ics } from './ics.ts';
import type { Ixit } from './ixit.ts';
import { UtError } from './ut-hub.ts';
import { CaseFailure, CaseVerdict } from './verdict.ts';

export class CaseContext {
  readonly recorder = new EvidenceRecorder();
  private readonly cleanups: Array<() => Promise<void> | void> = [];
  private warning: string | undefined;
  private fixtureCount = 0;
  private abortedBy: string | undefined;
  private disposed: Promise<void> | undefined;

  constructor(
    readonly meta: CaseMeta,
    readonly session: HarnessSession,
    readonly record: CaseRecord,
  ) {
    record.evidence = this.recorder.evidence;
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

  /** FAIL now, with a reason a vendor can act on. */
  fail(reason: string): never {
    throw new CaseFailure(reason);
  }

  /** FAIL unless the condition holds. */
  check(condition: unknown, reason: string): asserts condition {
    if (!condition) this.fail(reason);
  }

  /** The value, or FAIL with the reason when it is missing (null or undefined). */
  need<T>(value: T | null | undefined, reason: string): T {
    if (value === null || value === undefined) this.fail(reason);
    return value;
  }

  /** A SHOULD not followed: the case goes on; its verdict is WARN unless it later FAILs. */
  warn(reason: string): void {
    this.warning ??= reason;
    this.note(`WARN: ${reason}`);
  }

  get warned(): string | undefined {
    return this.warning;
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
