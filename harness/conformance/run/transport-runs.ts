/**
 * A case of sessions runs once per DM transport (CaseMeta.perTransport; DM-HLF-001, DM-IOP-001): its
 * runs are merged into one row of results.json. The row's verdict is the worst of the runs that ran —
 * a transport the ICS does not claim is N/A and makes the case N/A only when no transport ran — and
 * its reason (prefixed with the transport when more than one ran), evidence and timing are that run's; its public-facts
 * verdict is the worst facts verdict of the runs. Every run is listed in `transports`.
 */
import type { Verdict } from '../../core/verdict.ts';
import type { CaseAttempt, TransportRun } from '../../report/results-model.ts';
import type { CaseRecord } from '../case-record.ts';
import { boundReason, MAX_REASON_CHARS } from './recorded-reason.ts';
import { WORST_FIRST } from './repeat-attempts.ts';

type Recorded = Partial<CaseRecord> & { verdict: Verdict };
type Transport = TransportRun['transport'];

/** Lower is worse; N/A (not run over that transport) ranks after PASS here. */
function rank(v: Verdict): number {
  return v === 'N/A' ? WORST_FIRST.length : WORST_FIRST.indexOf(v);
}

export class TransportRuns {
  private readonly byId = new Map<string, Map<Transport, Recorded>>();

  /** Adds a case's run over a transport; returns what the case's row says now and every run so far. */
  add(id: string, transport: Transport, run: Recorded & { attempts?: CaseAttempt[] }): { record: Recorded; transports: TransportRun[] } {
    const runs = this.byId.get(id) ?? new Map<Transport, Recorded>();
    runs.set(transport, run);
    this.byId.set(id, runs);
    const all = [...runs].sort(([a], [b]) => a.localeCompare(b));
    const factsOf = (r: Recorded) => r.facts ?? { verdict: r.verdict, ...(r.reason ? { reason: r.reason } : {}) };
    let worst = all[0]!;
    for (const entry of all) {
      const [, r] = entry;
      const [, w] = worst;
      if (rank(r.verdict) < rank(w.verdict) || (rank(r.verdict) === rank(w.verdict) && rank(factsOf(r).verdict) < rank(factsOf(w).verdict))) worst = entry;
    }
    let worstFacts = all[0]!;
    for (const entry of all) if (rank(factsOf(entry[1]).verdict) < rank(factsOf(worstFacts[1]).verdict)) worstFacts = entry;
    const [chosenTransport, chosen] = worst;
    const facts = factsOf(worstFacts[1]);
    // Which run a reason comes from is said when more than one transport ran (the others were N/A)
    // and their reasons differ.
    // The run's reason was bounded (and kept whole in its notes) when it was recorded: with the tag in front it stays bounded.
    const ran = all.filter(([, r]) => r.verdict !== 'N/A');
    const alike = new Set(ran.map(([, r]) => r.reason ?? '')).size === 1;
    const tagged = (transport: Transport, reason: string) => {
      if (ran.length < 2 || alike) return reason;
      const tag = `[${transport}] `;
      return `${tag}${boundReason(reason, undefined, MAX_REASON_CHARS - tag.length)}`;
    };
    const record: Recorded = {
      ...chosen,
      ...(chosen.reason ? { reason: tagged(chosenTransport, chosen.reason) } : {}),
      facts: { verdict: facts.verdict, ...(facts.reason ? { reason: tagged(worstFacts[0], facts.reason) } : {}) },
    };
    const transports = all.map(
      ([t, r]): TransportRun => ({
        transport: t,
        verdict: r.verdict,
        ...(r.reason ? { reason: r.reason } : {}),
        ...(r.basis ? { basis: r.basis } : {}),
        ...(r.facts ? { facts: r.facts } : {}),
        ...(r.startedAt ? { startedAt: r.startedAt } : {}),
        ...(r.durationMs !== undefined ? { durationMs: r.durationMs } : {}),
        ...(r.evidence ? { evidence: r.evidence } : {}),
        ...((r as { attempts?: CaseAttempt[] }).attempts ? { attempts: (r as { attempts?: CaseAttempt[] }).attempts } : {}),
      }),
    );
    return { record, transports };
  }
}
