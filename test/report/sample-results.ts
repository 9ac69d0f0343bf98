/** A hand-made results.json for the report tests: one case of each verdict, a filtered case, and hostile text everywhere a third party can put some. */
import type { Evidence } from '../../harness/core/evidence-model.ts';
import type { Verdict } from '../../harness/core/verdict.ts';
import { RESULTS_FORMAT, summarize, type CaseResult, type Results } from '../../harness/report/results-model.ts';

export const EVIL_REASON = 'sc 500 </pre><script>alert("reason")</script> "><img src=x onerror=alert(1)> | pipes | and [a link](http://evil.example/)';
export const EVIL_BODY = { note: '</pre></details><script>alert("body")</script>', html: '<img src=x onerror=alert(2)>' };
export const EVIL_LOG = '<script>alert("log")</script> & done';
export const EVIL_HEADER = '"><script>alert("header")</script>';

function evidence(extra: Partial<Evidence> = {}): Evidence {
  return {
    wire: [
      { t: 3, by: 'upper-tester', direction: 'out', kind: 'ut', body: { jsonrpc: '2.0', id: 1, method: 'client.startSession', params: { srvId: 'srv-1' } } },
      { t: 4, by: 'upper-tester', direction: 'in', kind: 'ut', body: { jsonrpc: '2.0', id: 1, result: {} } },
      {
        t: 9,
        by: 'harness server srv-1',
        direction: 'in',
        kind: 'request',
        method: 'POST',
        url: '/dm',
        headers: { 'content-type': 'application/vnd.oma.dm.initiation+json', 'x-evil': EVIL_HEADER },
        body: { MOS: [{ MOID: 'urn:oma:mo:oma-dm-devinfo:1.0', MIID: ['1'] }], ...EVIL_BODY },
        bytes: 120,
      },
      {
        t: 10,
        by: 'harness server srv-1',
        direction: 'out',
        kind: 'response',
        status: 200,
        headers: { 'content-type': 'application/vnd.oma.dm.request+json' },
        body: { CMD: [['GET', 'urn:oma:mo:oma-dm-devinfo:1.0//']] },
        bytes: 60,
      },
    ],
    steps: [
      { t: 1, name: 'bootstrap the IUT' },
      { t: 5, name: 'wait for the Status of GET' },
    ],
    notes: ['the IUT answered in 3 ms <b>fast</b>'],
    truncated: 0,
    ...extra,
  };
}

function kase(id: string, over: Partial<CaseResult>): CaseResult {
  const role = id.startsWith('DMCTS-C-') ? 'client' : 'server';
  return {
    id,
    title: `title of ${id}`,
    requirement: `A ${role} MUST do what ${id} checks.`,
    labels: [],
    rules: [],
    level: 'MUST',
    role,
    area: id.split('-')[2]!,
    features: [],
    selection: { status: 'selected', why: 'the IUT is of its role' },
    ...over,
  };
}

export function sampleCases(): CaseResult[] {
  return [
    kase('DMCTS-C-GET-001', {
      labels: ['DM-HLF-004'],
      rules: ['K-CMD', 'P-GET'],
      level: 'SHOULD',
      verdict: 'PASS',
      startedAt: '2026-01-02T03:04:05.000Z',
      durationMs: 42,
      seed: 1234,
      step: 'wait for the Status of GET',
      icsItems: ['features.GET'],
      evidence: evidence(),
      iutLog: ['GET done'],
    }),
    kase('DMCTS-C-GET-002', {
      title: 'Pipe | in the title, *stars* and <b>tags</b>',
      labels: ['DM-HLF-004'],
      rules: ['P-SEL'],
      verdict: 'FAIL',
      reason: `${EVIL_REASON}\nsecond line of the reason`,
      startedAt: '2026-01-02T03:04:06.000Z',
      durationMs: 1500,
      seed: -99,
      step: 'wait for the Status of GET',
      evidence: evidence(),
      iutLog: [EVIL_LOG],
    }),
    kase('DMCTS-S-SESSION-001', {
      labels: ['DM-HLF-001'],
      rules: ['P-SESSION'],
      verdict: 'ERROR',
      reason: 'the harness broke: TypeError: x is undefined\n    at f (harness/x.ts:1:1)\n    at g (harness/y.ts:2:2)',
      startedAt: '2026-01-02T03:04:07.000Z',
      durationMs: 7,
      evidence: evidence({ wire: [], notes: [] }),
    }),
    kase('DMCTS-S-FLOW-002', {
      labels: ['DM-HLF-001'],
      rules: ['K-FLOW'],
      level: 'SHOULD',
      verdict: 'WARN',
      reason: 'the server did not send Content-Length (a SHOULD)',
      startedAt: '2026-01-02T03:04:08.000Z',
      durationMs: 20,
      evidence: evidence(),
    }),
    kase('DMCTS-C-CMD-003', {
      labels: ['DM-HLF-027'],
      rules: ['K-CMD'],
      verdict: 'INCONC',
      reason: 'the IUT could not be bootstrapped (upper tester: not ready)',
      startedAt: '2026-01-02T03:04:09.000Z',
      durationMs: 3,
    }),
    kase('DMCTS-C-UI-001', {
      labels: ['DM-HLF-003'],
      rules: ['P-FEAT'],
      level: 'MAY',
      features: ['UI'],
      selection: { status: 'not-applicable', why: 'the ICS does not claim UI', icsItem: 'features.UI' },
      verdict: 'N/A',
      reason: 'the ICS does not claim UI',
      icsItems: ['features.UI'],
    }),
    kase('DMCTS-S-FLOW-009', {
      labels: ['DM-HLF-008'],
      rules: ['K-FLOW'],
      selection: { status: 'filtered', why: '--role client' },
    }),
  ];
}

export function sampleResults(cases: CaseResult[] = sampleCases()): Results {
  return {
    format: RESULTS_FORMAT,
    dmcts: { version: '9.9.9' },
    run: {
      id: 'run-<1>',
      startedAt: '2026-01-02T03:04:00.000Z',
      finishedAt: '2026-01-02T03:04:30.000Z',
      complete: true,
      seed: 77,
      command: ['dmcts', 'run', '--ics', 'x.json'],
      filters: {},
      level: 'facts',
    },
    environment: { node: 'v20.0.0', platform: 'linux', arch: 'x64', cpus: 4 },
    iuts: [
      { role: 'client', product: { name: 'Acme <Client>', version: '1.2.3', vendor: 'Acme & Co' }, ics: { role: 'client' }, ixit: { role: 'client' } },
      { role: 'server', product: { name: 'Acme Server', version: '4.5' }, ics: { role: 'server' }, ixit: { role: 'server' } },
    ],
    summary: summarize(cases, true, 'facts'),
    cases,
  };
}

/** The sample with a verdict changed (summary recomputed). */
export function withCases(results: Results, cases: CaseResult[]): Results {
  return { ...results, cases, summary: summarize(cases, results.run.complete, results.run.level) };
}

/** A run whose cases have these verdicts ('-' filtered: in the suite but not run). */
export function runOf(verdicts: Record<string, Verdict | '-'>, complete = true): Results {
  const base = sampleCases()[0]!;
  const cases = Object.entries(verdicts).map(([id, v]): CaseResult => {
    const c: CaseResult = { ...base, id, title: `t ${id}`, evidence: undefined };
    if (v === '-') return { ...c, verdict: undefined, selection: { status: 'filtered', why: '--role server' } };
    return { ...c, verdict: v, reason: v === 'PASS' ? undefined : `why ${id} is ${v}` };
  });
  const base2 = sampleResults();
  return withCases({ ...base2, run: { ...base2.run, complete } }, cases);
}

export const OLD = runOf({
  'DMCTS-C-A-001': 'PASS',
  'DMCTS-C-B-001': 'FAIL',
  'DMCTS-C-C-001': 'PASS',
  'DMCTS-C-D-001': 'WARN',
  'DMCTS-C-E-001': 'FAIL',
  'DMCTS-C-G-001': 'PASS',
  'DMCTS-C-H-001': 'PASS',
  'DMCTS-C-I-001': 'ERROR',
  'DMCTS-C-J-001': 'N/A',
  'DMCTS-C-K-001': 'PASS',
  'DMCTS-C-L-001': '-',
});
export const NEW = runOf({
  'DMCTS-C-A-001': 'FAIL', // regression
  'DMCTS-C-B-001': 'PASS', // fix
  'DMCTS-C-C-001': 'PASS', // unchanged
  'DMCTS-C-D-001': 'ERROR', // regression
  'DMCTS-C-E-001': 'ERROR', // bad to bad: changed
  'DMCTS-C-F-001': 'FAIL', // new and failing: added and a regression
  'DMCTS-C-N-001': 'PASS', // new
  'DMCTS-C-H-001': '-', // not selected now: removed
  'DMCTS-C-I-001': 'INCONC', // changed
  'DMCTS-C-J-001': 'FAIL', // was N/A: regression
  'DMCTS-C-K-001': 'WARN', // changed
  'DMCTS-C-L-001': 'PASS', // was not run: added
  // DMCTS-C-G-001 gone from the suite: removed
});

/** The sample with `n` more N/A cases for the same reason as DMCTS-C-UI-001 (DMCTS-C-UI-002, -003, ...): what the HTML report folds into one row. */
export function withManyNotApplicable(n: number, results: Results = sampleResults()): Results {
  const na = results.cases.find((c) => c.id === 'DMCTS-C-UI-001')!;
  const more = Array.from(
    { length: n },
    (_, i): CaseResult => ({ ...na, id: `DMCTS-C-UI-${String(i + 2).padStart(3, '0')}`, title: `title of UI case ${i + 2}` }),
  );
  return withCases(results, [...results.cases, ...more]);
}
