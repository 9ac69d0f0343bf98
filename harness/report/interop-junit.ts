/**
 * The interop matrix as JUnit XML: one <testsuite> per pair (client × server), one <testcase> per
 * scenario. FAIL is a <failure>, ERROR an <error>, INCONC and N/A are <skipped> with the reason;
 * the failed checks go in the body. Made from the results only.
 */
import type { InteropResults } from './interop-model.ts';
import { xml } from './junit-report.ts';

export function interopJunit(results: InteropResults): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const s = results.summary;
  out.push(
    `<testsuites name="dmcts interop" tests="${results.cells.length}" failures="${s.FAIL}" errors="${s.ERROR}" skipped="${s.INCONC + s['N/A']}" time="${(results.durationMs / 1000).toFixed(3)}">`,
  );
  const pairs = results.clients.flatMap((c) => results.servers.map((v) => ({ client: c.id, server: v.id })));
  for (const p of pairs) {
    const cells = results.cells.filter((c) => c.client === p.client && c.server === p.server);
    const count = (v: string) => cells.filter((c) => c.verdict === v).length;
    out.push(
      `  <testsuite name="${xml(`${p.client} × ${p.server}`)}" tests="${cells.length}" failures="${count('FAIL')}" errors="${count('ERROR')}" skipped="${count('INCONC') + count('N/A')}" time="${(cells.reduce((a, c) => a + c.durationMs, 0) / 1000).toFixed(3)}">`,
    );
    for (const c of cells) {
      const open = `    <testcase classname="${xml(`interop.${p.client}.${p.server}`)}" name="${xml(c.scenario)}" time="${(c.durationMs / 1000).toFixed(3)}"`;
      const reason = xml((c.reason ?? '').split('\n')[0]!.slice(0, 500));
      const body = xml(
        c.checks
          .filter((k) => !k.ok)
          .map((k) => k.text)
          .join('\n'),
      );
      if (c.verdict === 'FAIL') out.push(`${open}><failure message="${reason}">${body}</failure></testcase>`);
      else if (c.verdict === 'ERROR') out.push(`${open}><error message="${reason}">${xml(c.reason ?? '')}</error></testcase>`);
      else if (c.verdict === 'INCONC' || c.verdict === 'N/A') out.push(`${open}><skipped message="${xml(`${c.verdict}: `)}${reason}"/></testcase>`);
      else out.push(`${open}/>`);
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return `${out.join('\n')}\n`;
}
