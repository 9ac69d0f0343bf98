/** The end of a run on the terminal: the summary, where the reports are, and the exit code (with --baseline, regressions only). */
import { diffResults } from '../report/results-diff.ts';
import { readResults } from '../report/results-file.ts';
import type { RunOutcome } from '../conformance/run/run-conformance.ts';
import { ConfigError } from '../conformance/config-error.ts';
import { UsageError } from './usage-error.ts';

export function finishRun(outcome: RunOutcome, options: { json?: boolean; baseline?: string }): number {
  const { results, resultsPath } = outcome;
  const s = results.summary;
  let exitCode: number = outcome.exitCode;
  let regressions: string[] = [];
  if (options.baseline && outcome.exitCode !== 2) {
    let base;
    try {
      base = readResults(options.baseline);
    } catch (error) {
      if (error instanceof ConfigError) throw new UsageError(`--baseline ${options.baseline}: ${error.message}`);
      throw error;
    }
    const diff = diffResults(base, results);
    regressions = diff.regressions.map((r) => `${r.id} ${r.before ?? 'new'} -> ${r.after}`);
    exitCode = regressions.length > 0 ? 1 : s.executed > 0 ? 0 : 1;
  }
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ exitCode, results: resultsPath, summary: s, complete: results.run.complete, note: results.run.note, regressions }, null, 2)}\n`);
    return exitCode;
  }
  const out = process.stdout;
  const verdict = !results.run.complete ? 'INCOMPLETE' : s.conformant ? 'conformant' : 'NOT conformant';
  out.write(`\n${verdict}: ${s.executed} executed — PASS ${s.byVerdict.PASS}, FAIL ${s.byVerdict.FAIL}, WARN ${s.byVerdict.WARN}, INCONC ${s.byVerdict.INCONC}, N/A ${s.byVerdict['N/A']}, ERROR ${s.byVerdict.ERROR}\n`);
  if (results.run.note) out.write(`note: ${results.run.note}\n`);
  if (options.baseline) out.write(regressions.length ? `regressions against ${options.baseline}:\n  ${regressions.join('\n  ')}\n` : `no regression against ${options.baseline}\n`);
  out.write(`results: ${resultsPath} (report.html, junit.xml, summary.md and allure-results/ beside it)\n`);
  return exitCode;
}
