/**
 * One cell being run: a scenario for one client and one server. It keeps the checks (a failed one
 * makes the cell FAIL with that check as its reason), the upper-tester calls made on either side,
 * notes on how the pair was set up, and a mark in each recording proxy's tap so the cell's
 * evidence is the exchange it caused. `notApplicable` and `inconclusive` end a cell early.
 */
import type { InteropCell, InteropCheck, InteropUtCall, InteropVerdict } from '../../report/interop-model.ts';
import { redact } from '../../security/redact.ts';
import type { UtMethod } from '../../protocol/upper-tester.ts';
import { UtError } from '../ut-hub.ts';
import { cellExchanges } from './cell-evidence.ts';
import type { PairContext } from './pair-context.ts';
import type { Participant } from './participant.ts';
import type { RecordingProxy } from './recording-proxy.ts';
import type { TapRecord } from './wire-tap.ts';

export class CellStop extends Error {
  constructor(
    readonly verdict: InteropVerdict,
    reason: string,
  ) {
    super(reason);
  }
}

export class CellRun {
  readonly checks: InteropCheck[] = [];
  readonly ut: InteropUtCall[] = [];
  readonly notes: string[] = [];
  readonly started = Date.now();
  private readonly serverMark: number;
  private readonly notiMark: number;
  /** Other recording proxies whose records belong to this cell too (a second server), with their marks. */
  private readonly others: Array<{ proxy: RecordingProxy; mark: number }> = [];
  /** Records of an exchange run before this cell (a batch of commands several cells judge). */
  private borrowed: { server: TapRecord[]; noti: TapRecord[] } | undefined;

  constructor(
    readonly pair: PairContext,
    readonly scenario: string,
  ) {
    this.serverMark = pair.server.proxy?.tap.mark() ?? 0;
    this.notiMark = pair.notiProxy?.tap.mark() ?? 0;
  }

  check(ok: boolean, text: string): boolean {
    this.checks.push({ ok, text });
    return ok;
  }

  note(text: string): void {
    if (!this.notes.includes(text)) this.notes.push(text);
  }

  notApplicable(reason: string): never {
    throw new CellStop('N/A', reason);
  }

  inconclusive(reason: string): never {
    throw new CellStop('INCONC', reason);
  }

  /** What the server proxy recorded since the cell started (and any borrowed records before them, and other servers' in time order). */
  serverRecords(): TapRecord[] {
    const own = [...(this.borrowed?.server ?? []), ...(this.pair.server.proxy?.tap.since(this.serverMark) ?? [])];
    if (this.others.length === 0) return own;
    return [...own, ...this.others.flatMap((o) => o.proxy.tap.since(o.mark))].sort((a, b) => a.at - b.at);
  }

  /** Records what another server's proxy sees from now on as part of this cell. */
  alsoRecord(proxy: RecordingProxy): void {
    this.others.push({ proxy, mark: proxy.tap.mark() });
  }

  notiRecords(): TapRecord[] {
    return [...(this.borrowed?.noti ?? []), ...(this.pair.notiProxy?.tap.since(this.notiMark) ?? [])];
  }

  /** Makes an earlier exchange part of this cell's evidence. */
  borrow(server: TapRecord[], noti: TapRecord[] = []): void {
    this.borrowed = { server, noti };
  }

  /** Calls an upper-tester method of the client or the server, recorded (params and result redacted). */
  async call(side: 'client' | 'server', method: UtMethod, params: unknown, participant?: Participant): Promise<Record<string, unknown>> {
    const who = participant ?? (side === 'client' ? this.pair.client : this.pair.server);
    const entry: InteropUtCall = { t: Date.now() - this.started, side, ...(participant ? { who: participant.id } : {}), method, params: redact(params) };
    this.ut.push(entry);
    try {
      const result = await who.hub.call(method, params, who.ixit.timeouts.utCallMs);
      entry.result = redact(result);
      return result;
    } catch (error) {
      entry.error = error instanceof UtError ? `${error.code}: ${error.message}` : String(error);
      throw error;
    }
  }

  /** A UT call the scenario cannot go on without: a missing method or a failure ends the cell INCONC (the IUT's side could not be driven). */
  async need(side: 'client' | 'server', method: UtMethod, params: unknown, participant?: Participant): Promise<Record<string, unknown>> {
    try {
      return await this.call(side, method, params, participant);
    } catch (error) {
      const who = participant?.id ?? (side === 'client' ? this.pair.client.id : this.pair.server.id);
      this.inconclusive(`the ${side} ${who}'s upper tester could not do ${method}: ${(error as Error).message}`);
    }
  }

  finish(pairNotes: readonly string[], stop?: { verdict: InteropVerdict; reason: string }): InteropCell {
    const failed = this.checks.find((c) => !c.ok);
    const verdict: InteropVerdict = stop?.verdict ?? (failed ? 'FAIL' : 'PASS');
    const reason = stop?.reason ?? failed?.text;
    return {
      client: this.pair.client.id,
      server: this.pair.server.id,
      scenario: this.scenario,
      verdict,
      ...(reason ? { reason } : {}),
      checks: this.checks,
      durationMs: Date.now() - this.started,
      evidence: {
        exchanges: cellExchanges(this.serverRecords(), this.notiRecords()),
        ut: this.ut,
        notes: [...pairNotes, ...this.notes],
      },
    };
  }
}
