/** JUnit XML of a run: one testsuite per role and area, one testcase per executed case; FAIL as failure, ERROR as error, INCONC and N/A as skipped, WARN as passed with a system-out note. */
import type { CaseResult, Results } from './results-model.ts';

function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function testcase(c: CaseResult): string {
  const time = ((c.durationMs ?? 0) / 1000).toFixed(3);
  const props = [
    ...c.labels.map((l) => `<property name="requirement" value="${xml(l)}"/>`),
    ...c.rules.map((r) => `<property name="rule" value="${xml(r)}"/>`),
    `<property name="level" value="${c.level}"/>`,
    `<property name="verdict" value="${c.verdict}"/>`,
  ].join('');
  const reason = xml(c.reason ?? '');
  let body = `<properties>${props}</properties>`;
  if (c.verdict === 'FAIL') body += `<failure message="${reason}" type="FAIL">${reason}</failure>`;
  else if (c.verdict === 'ERROR') body += `<error message="${reason}" type="ERROR">${reason}</error>`;
  else if (c.verdict === 'INCONC' || c.verdict === 'N/A') body += `<skipped message="${xml(`${c.verdict}: ${c.reason ?? ''}`)}"/>`;
  else if (c.verdict === 'WARN') body += `<system-out>WARN: ${reason}</system-out>`;
  return `    <testcase classname="dmcts.${c.role}.${xml(c.area)}" name="${xml(`${c.id} ${c.title}`)}" time="${time}">${body}</testcase>`;
}

export function renderJunit(results: Results): string {
  const groups = new Map<string, CaseResult[]>();
  for (const c of results.cases) {
    if (!c.verdict) continue;
    const key = `${c.role}.${c.area}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const suites = [...groups].sort((a, b) => a[0].localeCompare(b[0])).map(([key, cases]) => {
    const count = (v: string) => cases.filter((c) => c.verdict === v).length;
    const time = (cases.reduce((n, c) => n + (c.durationMs ?? 0), 0) / 1000).toFixed(3);
    return `  <testsuite name="dmcts.${xml(key)}" tests="${cases.length}" failures="${count('FAIL')}" errors="${count('ERROR')}" skipped="${count('INCONC') + count('N/A')}" time="${time}">\n${cases.map(testcase).join('\n')}\n  </testsuite>`;
  });
  const s = results.summary;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="dmcts ${xml(results.dmcts.version)}" tests="${s.executed + s.byVerdict['N/A']}" failures="${s.byVerdict.FAIL}" errors="${s.byVerdict.ERROR}" skipped="${s.byVerdict.INCONC + s.byVerdict['N/A']}">\n${suites.join('\n')}\n</testsuites>\n`;
}
