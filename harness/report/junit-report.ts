/**
 * JUnit XML of a run, in the dialect Jenkins (junit step), GitLab (artifacts:reports:junit), Azure
 * and GitHub test-report actions read: <testsuites> of one <testsuite> per role and area, one
 * <testcase> per case with a verdict (a case of sessions: one per transport, its title starting "[ws]"). FAIL is a <failure>, ERROR an <error>, INCONC and N/A are
 * <skipped>, WARN passes with its reason in <system-out>. A failure's message is the reason's first
 * line; its body has the whole reason, the requirement, last step and seed; the IUT log goes to
 * <system-out>. Text is stripped of characters XML 1.0 cannot hold.
 */
import { headline } from './outcome-headline.ts';
import type { CaseResult, Results } from './results-model.ts';
import { perTransportRows } from './transport-view.ts';

const MAX_MESSAGE = 500;
const MAX_LOG_LINES = 100;

/** Escaped text for XML content or a double-quoted attribute; characters XML 1.0 forbids are dropped. */
export function xml(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** An attribute value: also keeps line breaks and tabs (a parser would fold them into spaces). */
function attr(text: string): string {
  return xml(text).replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}

function message(c: CaseResult): string {
  const first = (c.reason ?? '').split('\n', 1)[0]!;
  return `${c.verdict}: ${first.length > MAX_MESSAGE ? `${first.slice(0, MAX_MESSAGE)}…` : first}`;
}

function details(c: CaseResult): string {
  return [
    c.reason ?? '',
    '',
    `requirement (${c.level}): ${c.requirement}`,
    `cites: ${[...c.labels, ...c.rules].join(', ')}`,
    ...(c.step ? [`last step: ${c.step}`] : []),
    ...(c.seed !== undefined ? [`seed: ${c.seed}`] : []),
    ...(c.icsItems?.length ? [`ICS items: ${c.icsItems.join(', ')}`] : []),
  ].join('\n');
}

function systemOut(c: CaseResult): string {
  const parts: string[] = [];
  if (c.verdict === 'WARN') parts.push(`WARN: ${c.reason ?? ''}`);
  const log = c.iutLog ?? [];
  if (c.verdict !== 'PASS' && log.length > 0) {
    const tail = log.slice(-MAX_LOG_LINES);
    parts.push(`IUT log${tail.length < log.length ? ` (last ${tail.length} of ${log.length} lines)` : ''}:\n${tail.join('\n')}`);
  }
  return parts.length ? `<system-out>${xml(parts.join('\n\n'))}</system-out>` : '';
}

function testcase(c: CaseResult): string {
  const time = ((c.durationMs ?? 0) / 1000).toFixed(3);
  const props = [
    ...c.labels.map((l) => `<property name="requirement" value="${attr(l)}"/>`),
    ...c.rules.map((r) => `<property name="rule" value="${attr(r)}"/>`),
    `<property name="level" value="${attr(c.level)}"/>`,
    `<property name="role" value="${attr(c.role)}"/>`,
    `<property name="verdict" value="${attr(c.verdict ?? '')}"/>`,
    ...(c.facts ? [`<property name="facts-verdict" value="${attr(c.facts.verdict)}"/>`] : []),
    ...(c.basis ? [`<property name="basis" value="${attr(c.basis === 'K' ? 'K (DM 2.0 public facts)' : 'P (dmcts profile)')}"/>`] : []),
    ...(c.seed !== undefined ? [`<property name="seed" value="${attr(String(c.seed))}"/>`] : []),
  ].join('');
  let body = `<properties>${props}</properties>`;
  if (c.verdict === 'FAIL') body += `<failure message="${attr(message(c))}" type="FAIL">${xml(details(c))}</failure>`;
  else if (c.verdict === 'ERROR') body += `<error message="${attr(message(c))}" type="ERROR">${xml(details(c))}</error>`;
  else if (c.verdict === 'INCONC' || c.verdict === 'N/A') body += `<skipped message="${attr(message(c))}"/>`;
  body += systemOut(c);
  return `    <testcase classname="dmcts.${attr(c.role)}.${attr(c.area)}" name="${attr(`${c.id} ${c.title}`)}" time="${time}">${body}</testcase>`;
}

function counts(cases: readonly CaseResult[]) {
  const n = (v: string) => cases.filter((c) => c.verdict === v).length;
  return {
    tests: cases.length,
    failures: n('FAIL'),
    errors: n('ERROR'),
    skipped: n('INCONC') + n('N/A'),
    time: (cases.reduce((t, c) => t + (c.durationMs ?? 0), 0) / 1000).toFixed(3),
  };
}

export function renderJunit(results: Results): string {
  // A case of sessions is one testcase per transport ("DMCTS-... [ws] title"), side by side.
  const executed = results.cases.filter((c) => c.verdict).flatMap(perTransportRows);
  const groups = new Map<string, CaseResult[]>();
  for (const c of executed) {
    const key = `${c.role}.${c.area}`;
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const suites = [...groups]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([key, cases]) => {
      const k = counts(cases);
      const started =
        cases
          .map((c) => c.startedAt)
          .filter((t): t is string => !!t)
          .sort()[0] ?? results.run.startedAt;
      const timestamp = started.replace(/\.\d+Z$|Z$/, '');
      return `  <testsuite name="dmcts.${attr(key)}" tests="${k.tests}" failures="${k.failures}" errors="${k.errors}" skipped="${k.skipped}" time="${k.time}" timestamp="${attr(timestamp)}">\n${cases.map(testcase).join('\n')}\n  </testsuite>`;
    });
  const all = counts(executed);
  const iut = results.iuts.map((i) => `${i.product.name} ${i.product.version}`).join(' + ');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="${attr(`dmcts ${results.dmcts.version}${iut ? ` — ${iut}` : ''} — ${headline(results).title}`)}" tests="${all.tests}" failures="${all.failures}" errors="${all.errors}" skipped="${all.skipped}" time="${all.time}">\n${suites.join('\n')}\n</testsuites>\n`;
}
