/** The end of a run on the terminal: the outcome at both levels of claim, where the reports are, and the exit code (with --baseline, regressions only). */
import { diffResults } from '../report/results-diff.ts';
import { readResults } from '../report/results-file.ts';
import { CLAIM_LEVELS, CLAIM_TITLES, EXIT, OUTCOME_TEXT } from '../report/run-outcome.ts';
import type { RunOutcome } from '../conformance/run/run-conformance.ts';
import { ConfigError } from '../core/config-error.ts';
import { partialRun } from '../report/partial-run.ts';
import { UsageError } from './usage-error.ts';

/** Reads a --baseline file, or a usage error naming it (checked before a run starts, too). */
export function readBaseline(path: string) {
  try {
    return readResults(path);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(`--baseline ${path}: ${error.message}`);
    throw error;
  }
}

export function finishRun(outcome: RunOutcome, options: { json?: boolean; baseline?: string }): number {
  const { results, resultsPath } = outcome;
  const s = results.summary;
  const partial = partialRun(results);
  let exitCode: number = outcome.exitCode;
  let regressions: string[] = [];
  let reasonChanges: string[] = [];
  if (options.baseline && outcome.written && exitCode !== EXIT.config) {
    const diff = diffResults(readBaseline(options.baseline), results);
    regressions = diff.regressions.map((r) => `${r.id} ${r.before ?? 'new'} -> ${r.after}`);
    reasonChanges = diff.reasonChanges.map((r) => `${r.id} ${r.after}: now "${r.reason ?? ''}" (was "${r.beforeReason ?? ''}")`);
    // With a baseline, only what got worse fails the run; a run that demonstrated nothing still does not pass.
    exitCode = regressions.length > 0 ? EXIT['not-conformant'] : s.executed > 0 ? EXIT.conformant : EXIT['not-demonstrated'];
  }
  if (options.json) {
    process.stdout.write(
      `${JSON.stringify({ exitCode, outcome: s.outcome, level: s.level, claims: s.claims, results: outcome.written ? resultsPath : null, summary: s, complete: results.run.complete, partial: partial ?? null, note: results.run.note, stoppedBy: results.run.stoppedBy, regressions, reasonChanges }, null, 2)}\n`,
    );
    return exitCode;
  }
  const out = process.stdout;
  const b = s.byVerdict;
  out.write(`\n${OUTCOME_TEXT[s.outcome]} (${CLAIM_TITLES[s.level]}, the --level that sets the exit code): ${s.claims[s.level].why}\n`);
  for (const level of CLAIM_LEVELS) out.write(`  ${CLAIM_TITLES[level].padEnd(20)} ${OUTCOME_TEXT[s.claims[level].outcome]}\n`);
  out.write(
    `  ${s.executed} executed — PASS ${b.PASS}, FAIL ${b.FAIL}, WARN ${b.WARN}, INCONC ${b.INCONC}, N/A ${b['N/A']}, ERROR ${b.ERROR}${results.run.complete ? '' : ' (the run did not complete)'}\n`,
  );
  if (partial) out.write(`${partial}\n`);
  if (results.run.note) out.write(`note: ${results.run.note}\n`);
  if (options.baseline) {
    out.write(regressions.length ? `regressions against ${options.baseline}:\n  ${regressions.join('\n  ')}\n` : `no regression against ${options.baseline}\n`);
    if (reasonChanges.length) out.write(`same verdict, another reason (look at these too):\n  ${reasonChanges.join('\n  ')}\n`);
  }
  if (outcome.written) out.write(`results: ${resultsPath} (report.html, junit.xml, summary.md, trace.har and allure-results/ beside it)\n`);
  out.write(`exit ${exitCode}\n`);
  return exitCode;
}
