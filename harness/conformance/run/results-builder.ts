/** Builds results.json as a run goes: every case with its selection, verdicts as they arrive. */
import { arch, cpus, platform } from 'node:os';
import { redact } from '../../security/redact.ts';
import { DMCTS_VERSION } from '../../core/version.ts';
import { summarize, RESULTS_FORMAT, type CaseResult, type Results } from '../../report/results-model.ts';
import { writeResults, writeResultsJson } from '../../report/results-file.ts';
import { areaOf, type CaseMeta } from '../case-meta.ts';
import type { CaseRecord } from '../case-record.ts';
import type { RunPlan } from '../run-plan.ts';
import type { Filters, Selection } from '../selection.ts';
import { DEFAULT_LEVEL } from '../../report/run-outcome.ts';

/**
 * How long a verdict may wait before results.json is rewritten: verdicts that come within this
 * window are written together. The file holds every case's evidence (megabytes), so rewriting it
 * (and syncing it to disk) after each of hundreds of cases cost the run seconds; at most this much
 * is lost to a run killed outright (SIGKILL) — SIGTERM and SIGINT still write it whole. These interim
 * copies are not flushed to disk (fsync): only the first and the last write are. They are compact
 * JSON, assembled from each case's row serialised once after its verdict; the last write is indented.
 */
export const FLUSH_DELAY_MS = 1_000;

/** Stands for the case rows in the serialised rest of an interim results.json (a string no row can hold). */
const CASES_SLOT = '\u0000dmcts:cases\u0000';

export class ResultsBuilder {
  readonly results: Results;
  private readonly byId = new Map<string, CaseResult>();
  private flushTimer: NodeJS.Timeout | undefined;
  /** Each row as compact JSON, made when an interim copy first needs it and dropped when the row changes. */
  private readonly rowJson = new Map<CaseResult, string>();

  constructor(
    /** Where results.json goes; undefined: nowhere (a run that selected nothing leaves an earlier report alone). */
    private readonly path: string | undefined,
    plan: RunPlan,
    cases: readonly CaseMeta[],
    selection: readonly Selection[],
    filters: Filters,
    command: string[],
  ) {
    const why = new Map(selection.map((s) => [s.id, s]));
    const rows: CaseResult[] = cases.map((meta) => {
      const s = why.get(meta.id)!;
      const row: CaseResult = {
        id: meta.id,
        title: meta.title,
        requirement: meta.requirement,
        labels: [...meta.labels],
        rules: [...meta.rules],
        level: meta.level,
        role: meta.role,
        area: areaOf(meta.id),
        features: [...(meta.features ?? [])],
        selection: { status: s.status, why: s.why, ...(s.status === 'not-applicable' ? { icsItem: s.icsItem } : {}) },
      };
      if (s.status === 'not-applicable') Object.assign(row, { verdict: 'N/A', reason: s.why, icsItems: [s.icsItem] });
      this.byId.set(meta.id, row);
      return row;
    });
    this.results = {
      format: RESULTS_FORMAT,
      dmcts: { version: DMCTS_VERSION },
      run: {
        id: plan.runId,
        startedAt: new Date().toISOString(),
        complete: false,
        seed: plan.seed,
        command,
        filters: { ...filters },
        level: plan.level ?? DEFAULT_LEVEL,
        ...(plan.parallel ? { parallel: plan.parallel } : {}),
      },
      environment: { node: process.version, platform: platform(), arch: arch(), cpus: cpus().length },
      iuts: Object.entries(plan.targets).map(([role, target]) => ({
        role: role as 'client' | 'server',
        product: target.ics.product,
        ics: target.ics,
        ixit: redact(target.ixit),
        ...(target.icsFile ? { icsFile: target.icsFile } : {}),
        ...(target.ixitFile ? { ixitFile: target.ixitFile } : {}),
      })),
      summary: summarize(rows, false, plan.level ?? DEFAULT_LEVEL),
      cases: rows,
    };
    this.flush();
  }

  record(id: string, record: Partial<CaseRecord> & { verdict: CaseRecord['verdict'] }): void {
    const row = this.byId.get(id);
    if (!row) return;
    this.rowJson.delete(row);
    Object.assign(row, {
      verdict: record.verdict,
      ...(record.reason ? { reason: record.reason } : {}),
      ...(record.basis ? { basis: record.basis } : {}),
      ...(record.facts ? { facts: record.facts } : {}),
      ...(record.checks ? { checks: record.checks } : {}),
      ...(record.startedAt ? { startedAt: record.startedAt } : {}),
      ...(record.durationMs !== undefined ? { durationMs: record.durationMs } : {}),
      ...(record.seed !== undefined ? { seed: record.seed } : {}),
      ...(record.step ? { step: record.step } : {}),
      ...(record.icsItems ? { icsItems: record.icsItems } : {}),
      ...(record.evidence ? { evidence: redact(record.evidence) } : {}),
      ...(record.iutLog ? { iutLog: redact(record.iutLog) } : {}),
    });
    this.refreshSummary();
    this.flushSoon();
  }

  /** Cases selected that got no verdict (the run was interrupted, or vitest never reached them). */
  pending(): CaseResult[] {
    return this.results.cases.filter((c) => c.selection.status === 'selected' && !c.verdict);
  }

  finish(note?: string): Results {
    this.results.run.finishedAt = new Date().toISOString();
    this.results.run.complete = this.pending().length === 0;
    if (note) this.results.run.note = note;
    this.refreshSummary();
    this.flush();
    return this.results;
  }

  /** The totals so far; a run that has not got through its cases (yet) proves no conformance. */
  private refreshSummary(): void {
    this.results.summary = summarize(this.results.cases, this.results.run.complete, this.results.run.level);
  }

  /** Writes results.json now (and drops a write that was due); `durable` false: an interim copy, not synced to disk. */
  flush(durable = true): void {
    if (this.flushTimer) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (!this.path) return;
    if (durable) writeResults(this.path, this.results);
    else writeResultsJson(this.path, this.interimJson(), false);
  }

  /** results.json as compact JSON, each case row serialised only once after its last change. */
  private interimJson(): string {
    const rows = this.results.cases.map((row) => {
      let json = this.rowJson.get(row);
      if (json === undefined) this.rowJson.set(row, (json = JSON.stringify(row)));
      return json;
    });
    const shell = JSON.stringify({ ...this.results, cases: [CASES_SLOT] });
    // `cases` is the last member, so its slot is the last occurrence of the placeholder.
    const slot = JSON.stringify(CASES_SLOT);
    const at = shell.lastIndexOf(slot);
    return `${shell.slice(0, at)}${rows.join(',')}${shell.slice(at + slot.length)}\n`;
  }

  /** Writes results.json within FLUSH_DELAY_MS, together with the verdicts that come meanwhile. */
  private flushSoon(): void {
    if (!this.path || this.flushTimer) return;
    this.flushTimer = setTimeout(() => this.flush(false), FLUSH_DELAY_MS);
  }
}
