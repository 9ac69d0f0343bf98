/**
 * The vitest reporter of a conformance run (main process): turns each case's task meta into its
 * verdict in results.json as soon as it finishes, shows progress, and names a timeout as the reason
 * (with the step the case had reached) instead of leaving the case without a verdict. Every verdict
 * of a case reaches results.json here, so here its reason is bounded and a missing HTTP answer named
 * (recorded-reason.ts), with --repeat its attempts are merged into the worst (repeat-attempts.ts), and
 * the runs of a case of sessions over each transport into one row (transport-runs.ts).
 */
import type { Reporter, TestCase, TestModule } from 'vitest/node';
import { defaultBasis } from '../case-context.ts';
import type { CaseMeta } from '../case-meta.ts';
import type { CaseRecord } from '../case-record.ts';
import type { Progress } from './progress.ts';
import { recordedReason } from './recorded-reason.ts';
import { RepeatAttempts } from './repeat-attempts.ts';
import { TransportRuns } from './transport-runs.ts';
import type { ResultsBuilder } from './results-builder.ts';

const ID_OF_NAME = /^(DMCTS-[CS]-[A-Z0-9]+-\d{3}) (.*)$/;
/** A case of sessions names its run's transport first in its title: "DMCTS-S-FLOW-001 [ws] ...". */
const TRANSPORT_OF_TITLE = /^\[(http|ws)\] /;

export class DmctsReporter implements Reporter {
  private readonly seen = new Set<string>();
  private cancelled = false;
  private readonly attempts: RepeatAttempts;
  private readonly transportRuns = new TransportRuns();

  constructor(
    private readonly builder: ResultsBuilder,
    private readonly progress: Progress,
    private readonly selected: ReadonlySet<string>,
    /** The cases of the run by ID: their suite file (to blame a file that failed to load on its own cases only) and rules. */
    private readonly metaOf: ReadonlyMap<string, CaseMeta & { file?: string }>,
    /** Called once when a case says the run must stop: the set-up is wrong, or the role's readiness probe failed. */
    private readonly onStop: (kind: 'setup' | 'probe', record: CaseRecord) => void = () => undefined,
    /** Called with each verdict as it is recorded (--bail stops every role's runner at the first FAIL). */
    private readonly onVerdict: (verdict: CaseRecord['verdict']) => void = () => undefined,
    /** How many times each case runs (--repeat). */
    repeat = 1,
  ) {
    this.attempts = new RepeatAttempts(repeat);
  }

  /** The run is being cancelled: cases cut short get no verdict. */
  cancel(): void {
    this.cancelled = true;
  }

  onTestCaseReady(testCase: TestCase): void {
    const id = ID_OF_NAME.exec(testCase.name)?.[1];
    if (id && this.selected.has(id)) this.progress.started(id);
  }

  onTestCaseResult(testCase: TestCase): void {
    const m = ID_OF_NAME.exec(testCase.name);
    if (!m || !this.selected.has(m[1]!)) return;
    const id = m[1]!;
    const result = testCase.result();
    const record = testCase.meta().dmcts as CaseRecord | undefined;
    const firstError = result.errors?.[0]?.message;
    let verdict: CaseRecord['verdict'];
    let reason: string | undefined;
    let judged: Partial<CaseRecord> = {};
    // A case the run was cancelled before (Ctrl-C) keeps no verdict: results.json says the run is incomplete.
    if ((this.cancelled || result.state === 'skipped') && (!record || record.reason === 'the case did not finish')) return;
    // Nor does one the cancel cut short (vitest aborts the cases under way: its next step found the case ended).
    if (this.cancelled && record?.verdict === 'ERROR' && record.reason?.startsWith('the case was already ended')) return;
    if (!record) {
      verdict = 'ERROR';
      reason = firstError ?? 'the case ended without a record';
    } else if (result.state === 'failed' && record.reason === 'the case did not finish') {
      verdict = 'FAIL';
      const limit = /timed out in (\d+)ms/i.exec(firstError ?? '')?.[1];
      const late = `no verdict within ${limit ? `${limit} ms` : 'the case timeout'}${record.step ? `: the case was at "${record.step}"` : ''} (the IUT did not answer; raise the IXIT's timeouts.caseMs if it is only slow)`;
      const meta = this.metaOf.get(id);
      if (record.softFailure) {
        reason = `${record.softFailure} [dmcts profile (ours)]`;
        judged = { basis: 'P', facts: { verdict: 'INCONC', reason: `${late}, after the IUT had deviated from the dmcts profile` } };
      } else {
        reason = late;
        // Which expectation the IUT missed is not known: only a case judging public facts alone fails them.
        const k = meta !== undefined && defaultBasis(meta) === 'K';
        judged = {
          basis: k ? 'K' : 'P',
          facts: k
            ? { verdict: 'FAIL', reason: late }
            : { verdict: 'INCONC', reason: `${late}; the case also checks the dmcts profile, so what it waited for may rest on it` },
        };
      }
    } else {
      verdict = record.verdict;
      reason = record.reason;
    }
    this.seen.add(id);
    const durationMs = record?.durationMs ?? testCase.diagnostic()?.duration;
    const notes = record?.evidence?.notes;
    if (reason) reason = recordedReason(reason, notes);
    const facts = judged.facts ?? record?.facts;
    if (facts?.reason) judged = { ...judged, facts: { ...facts, reason: recordedReason(facts.reason, notes) } };
    const attempt = { ...(record ?? {}), ...judged, verdict, ...(reason ? { reason } : {}), ...(durationMs !== undefined ? { durationMs } : {}) };
    const transport = record?.transport ?? (TRANSPORT_OF_TITLE.exec(m[2]!)?.[1] as 'http' | 'ws' | undefined);
    // With --repeat, the attempts of a case of sessions are counted per transport.
    const repeated = this.attempts.repeat > 1 ? this.attempts.add(transport ? `${id} [${transport}]` : id, attempt) : undefined;
    const overTransport = transport
      ? this.transportRuns.add(id, transport, { ...(repeated?.record ?? attempt), ...(repeated ? { attempts: repeated.attempts } : {}) })
      : undefined;
    this.builder.record(id, overTransport?.record ?? repeated?.record ?? attempt);
    // results-builder copies the fields it knows; attempts and transports are set on the row before its next write.
    const row = repeated || overTransport ? this.builder.results.cases.find((c) => c.id === id) : undefined;
    if (row && overTransport) row.transports = overTransport.transports;
    // With --repeat, the row's attempts are those of its worst transport's run (each run lists its own).
    const worstRun = overTransport?.transports.find((t) => t.transport === (overTransport.record.transport ?? transport));
    if (row && repeated) row.attempts = overTransport ? (worstRun?.attempts ?? repeated.attempts) : repeated.attempts;
    if (record?.stop === 'setup' || record?.stop === 'probe') this.onStop(record.stop, record);
    this.onVerdict(verdict);
    const title =
      this.attempts.repeat > 1 ? `${m[2]!} [attempt ${this.attempts.count(transport ? `${id} [${transport}]` : id)} of ${this.attempts.repeat}]` : m[2]!;
    this.progress.finished(id, title, verdict, reason, durationMs, record?.evidence);
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    // A suite file that failed to load never reports its cases: give each an ERROR naming why.
    for (const mod of testModules) {
      const errors = mod.errors();
      if (errors.length === 0) continue;
      for (const pending of this.builder.pending()) {
        if (!this.seen.has(pending.id) && this.metaOf.get(pending.id)?.file === mod.moduleId) {
          this.builder.record(pending.id, { verdict: 'ERROR', reason: `its suite file could not run: ${errors[0]!.message}` });
        }
      }
    }
  }
}
