import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Stage, Status, type TestResult } from 'allure-js-commons';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunnerTask } from 'vitest';
import { CASE_INFO_META, caseInfoOf } from '../../harness/core/case-info.ts';
import { withCaseLabels } from '../../harness/report/allure-case-reporter.ts';
import { allureLabelsOf } from '../../harness/report/allure-labels.ts';
import {
  ALLURE_CATEGORIES,
  applyVerdict,
  clearAllureResults,
  completeAllureResults,
  verdictListener,
  writeAllureResults,
  writeNotApplicable,
} from '../../harness/report/allure-results.ts';
import { writeRunReports } from '../../harness/report/write-run-reports.ts';
import type { CaseResult, Results } from '../../harness/report/results-model.ts';
import { perTransportRows } from '../../harness/report/transport-view.ts';
import { sampleCases, sampleResults, withCases } from './sample-results.ts';

const dir = mkdtempSync(join(tmpdir(), 'dmcts-allure-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const labels = (r: Pick<TestResult, 'labels'>, name: string) => r.labels.filter((l) => l.name === name).map((l) => l.value);

function blank(name: string): TestResult {
  return {
    uuid: 'u',
    name,
    status: Status.PASSED,
    statusDetails: {},
    stage: Stage.FINISHED,
    steps: [],
    attachments: [],
    parameters: [],
    labels: [],
    links: [],
  };
}

function readResults(from: string): TestResult[] {
  return readdirSync(from)
    .filter((f) => f.endsWith('-result.json'))
    .map((f) => JSON.parse(readFileSync(join(from, f), 'utf8')) as TestResult);
}

describe('Allure labels', () => {
  it('label a case with each requirement label, each rule, its role, level and ID, as labels and tags', () => {
    const c = sampleCases()[0]!; // DM-HLF-004; K-CMD, P-GET; SHOULD; client
    const l = { labels: allureLabelsOf(c) };
    expect(labels(l, 'requirement')).toEqual(['DM-HLF-004']);
    expect(labels(l, 'rule')).toEqual(['K-CMD', 'P-GET']);
    expect(labels(l, 'role')).toEqual(['client']);
    expect(labels(l, 'level')).toEqual(['SHOULD']);
    expect(labels(l, 'caseId')).toEqual(['DMCTS-C-GET-001']);
    expect(labels(l, 'tag')).toEqual(['DM-HLF-004', 'K-CMD', 'P-GET', 'role:client', 'level:SHOULD', 'DMCTS-C-GET-001']);
    expect(labels(l, 'severity')).toEqual(['normal']);
    expect(labels(l, 'suite')).toEqual(['GET']);
  });

  it("are given by the reporter, with the case's testCaseId and description, from the CaseInfo in its task meta", () => {
    const task = { type: 'test', name: 'DMCTS-C-GET-002 x', meta: { [CASE_INFO_META]: caseInfoOf(sampleCases()[1]!) } } as unknown as RunnerTask;
    const seen = withCaseLabels(task).meta as Record<string, unknown>;
    const messages = seen.allureRuntimeMessages as Array<{
      type: string;
      data: { labels?: Array<{ name: string; value: string }>; testCaseId?: string; description?: string };
    }>;
    expect(messages.map((m) => m.type)).toEqual(['metadata']);
    const data = messages[0]!.data as { labels: Array<{ name: string; value: string }>; testCaseId: string; description: string };
    expect(labels(data, 'caseId')).toEqual(['DMCTS-C-GET-002']);
    expect(labels(data, 'rule')).toEqual(['P-SEL']);
    expect(data.testCaseId).toBe('DMCTS-C-GET-002');
    expect(data.description).toContain('**MUST** — A client MUST do what DMCTS-C-GET-002 checks.');
    expect(task.meta).not.toHaveProperty('allureRuntimeMessages'); // the task itself is left as it was
  });

  it('leave a task without a CaseInfo (not a conformance case) alone', () => {
    const task = { type: 'test', name: 'x', meta: {} } as unknown as RunnerTask;
    expect(withCaseLabels(task)).toBe(task);
  });
});

describe('Allure verdicts', () => {
  const byId = new Map(sampleCases().map((c) => [c.id, c]));

  it.each([
    ['DMCTS-C-GET-001', Status.PASSED, 'PASS'],
    ['DMCTS-C-GET-002', Status.FAILED, 'FAIL: sc 500'],
    ['DMCTS-S-SESSION-001', Status.BROKEN, 'ERROR: the harness broke'],
    ['DMCTS-S-FLOW-002', Status.PASSED, 'WARN: the server did not send Content-Length'],
    ['DMCTS-C-CMD-003', Status.SKIPPED, 'INCONC: the IUT could not be bootstrapped'],
    ['DMCTS-C-UI-001', Status.SKIPPED, 'N/A: the ICS does not claim UI'],
  ])('%s is %s with the verdict and reason in its status details', (id, status, message) => {
    const r = blank(id);
    r.status = Status.BROKEN; // what allure-vitest says of any non-assertion error
    applyVerdict(dir, r, byId.get(id));
    expect(r.status).toBe(status);
    expect(r.statusDetails.message!.startsWith(message)).toBe(true);
    expect(labels(r, 'verdict')).toEqual([message.split(':')[0]]);
  });

  it("adds the case's steps, and its evidence and IUT log as attachments", () => {
    const r = blank('x');
    applyVerdict(dir, r, byId.get('DMCTS-C-GET-002'));
    expect(r.steps.map((s) => [s.name, s.status])).toEqual([
      ['bootstrap the IUT', Status.PASSED],
      ['wait for the Status of GET', Status.FAILED],
    ]);
    expect(r.attachments.map((a) => [a.name, a.type])).toEqual([
      ['evidence (wire trace, steps, notes)', 'application/json'],
      ['IUT log', 'text/plain'],
    ]);
    const evidence = JSON.parse(readFileSync(join(dir, r.attachments[0]!.source), 'utf8')) as { wire: unknown[] };
    expect(evidence.wire).toHaveLength(4);
  });

  it('leaves a result alone when results.json has no verdict for it', () => {
    const r = blank('x');
    applyVerdict(dir, r, byId.get('DMCTS-S-FLOW-009'));
    expect(r.status).toBe(Status.PASSED);
    expect(r.labels).toEqual([]);
  });

  it('writes skipped N/A results, with their labels, for the cases the ICS made not applicable', () => {
    const out = mkdtempSync(join(dir, 'na-'));
    expect(writeNotApplicable(out, sampleResults())).toBe(1);
    const [r, ...rest] = readResults(out);
    expect(rest).toEqual([]);
    expect(r!.name).toBe('DMCTS-C-UI-001 title of DMCTS-C-UI-001');
    expect(r!.status).toBe('skipped');
    expect(r!.statusDetails.message).toBe('N/A: the ICS does not claim UI');
    expect(r!.testCaseId).toBe('DMCTS-C-UI-001');
    expect(labels(r!, 'requirement')).toEqual(['DM-HLF-003']);
    expect(labels(r!, 'verdict')).toEqual(['N/A']);
  });

  it("clears an earlier run's Allure files and nothing else", () => {
    const out = mkdtempSync(join(dir, 'clear-'));
    for (const f of [
      'a-result.json',
      'b-container.json',
      'c-attachment.json',
      'd-attachment.txt',
      'environment.properties',
      'categories.json',
      'executor.json',
      'notes.txt',
    ]) {
      writeFileSync(join(out, f), '{}');
    }
    clearAllureResults(out);
    expect(readdirSync(out).sort()).toEqual(['executor.json', 'notes.txt']);
  });
});

/** A run interrupted by SIGINT: DMCTS-C-CMD-009 and DMCTS-C-CMD-010 were selected and never got a verdict. */
function interrupted(): Results {
  const pending = (id: string): CaseResult => ({
    ...sampleCases()[4]!,
    id,
    title: `pending ${id}`,
    verdict: undefined,
    reason: undefined,
    startedAt: undefined,
  });
  const base = sampleResults();
  const results = withCases({ ...base, run: { ...base.run, complete: false } }, [...sampleCases(), pending('DMCTS-C-CMD-009'), pending('DMCTS-C-CMD-010')]);
  return { ...results, run: { ...results.run, note: 'the run was interrupted (SIGINT)' } };
}

/** What Allure results a directory holds, by case ID: [status, message, verdict label]. */
function byCase(from: string): Record<string, Array<[string | undefined, string | undefined, string | undefined]>> {
  const out: Record<string, Array<[string | undefined, string | undefined, string | undefined]>> = {};
  for (const r of readResults(from)) {
    const id = labels(r, 'caseId')[0] ?? r.name!;
    (out[id] ??= []).push([r.status, r.statusDetails?.message?.split('\n')[0], labels(r, 'verdict')[0]]);
  }
  return out;
}

const NOT_RUN_MESSAGE = 'not run: the run was interrupted (SIGINT); the run ended before this case got a verdict';

describe('Allure results of an interrupted run', () => {
  it('marks the result vitest writes for a case cancelled before its verdict skipped, "not run", instead of leaving it without a status', () => {
    const results = interrupted();
    const r = blank('DMCTS-C-CMD-009 pending');
    delete (r as Partial<TestResult>).status; // what allure-vitest writes for a task that never ran
    verdictListener(dir, results).beforeTestResultWrite!(r);
    expect(r.status).toBe(Status.SKIPPED);
    expect(r.statusDetails.message).toMatch(/^not run: /);
    expect(labels(r, 'verdict')).toEqual(['not run']);
    expect(labels(r, 'caseId')).toEqual(['DMCTS-C-CMD-009']);
    expect(r.testCaseId).toBe('DMCTS-C-CMD-009');
    const filtered = blank('DMCTS-S-FLOW-009 x');
    verdictListener(dir, results).beforeTestResultWrite!(filtered);
    expect(filtered.status).toBe(Status.PASSED); // a filtered case is not the run's business
  });

  it("after the run, completes the directory: a result for each case vitest never reported, the run's note on each written without a verdict, the others left as they were", () => {
    const out = mkdtempSync(join(dir, 'interrupted-'));
    const results = interrupted();
    // What the run's reporter left: DMCTS-C-GET-001 done, DMCTS-C-CMD-009 cancelled (no status yet), nothing else.
    const done = blank('DMCTS-C-GET-001 x');
    applyVerdict(out, done, results.cases[0]);
    writeFileSync(join(out, 'done-result.json'), JSON.stringify(done));
    const cancelled = blank('DMCTS-C-CMD-009 pending');
    delete (cancelled as Partial<TestResult>).status;
    writeFileSync(join(out, 'cancelled-result.json'), JSON.stringify(cancelled));
    const before = readFileSync(join(out, 'done-result.json'), 'utf8');

    expect(completeAllureResults(out, results)).toBe(7);
    expect(byCase(out)).toEqual({
      'DMCTS-C-GET-001': [['passed', 'PASS', 'PASS']],
      'DMCTS-C-GET-002': [['failed', `FAIL: ${results.cases[1]!.reason!.split('\n')[0]}`, 'FAIL']],
      'DMCTS-S-SESSION-001': [['broken', 'ERROR: the harness broke: TypeError: x is undefined', 'ERROR']],
      'DMCTS-S-FLOW-002': [['passed', 'WARN: the server did not send Content-Length (a SHOULD)', 'WARN']],
      'DMCTS-C-CMD-003': [['skipped', 'INCONC: the IUT could not be bootstrapped (upper tester: not ready)', 'INCONC']],
      'DMCTS-C-UI-001': [['skipped', 'N/A: the ICS does not claim UI', 'N/A']],
      'DMCTS-C-CMD-009': [['skipped', NOT_RUN_MESSAGE, 'not run']],
      'DMCTS-C-CMD-010': [['skipped', NOT_RUN_MESSAGE, 'not run']],
    });
    expect(readFileSync(join(out, 'done-result.json'), 'utf8')).toBe(before);
    expect(readdirSync(out)).toEqual(expect.arrayContaining(['environment.properties', 'categories.json']));
    const categories = JSON.parse(readFileSync(join(out, 'categories.json'), 'utf8')) as Array<{ name: string; messageRegex?: string }>;
    expect(categories.find((c) => c.name.startsWith('not run'))!.messageRegex).toBe('^not run: [\\s\\S]*');
    expect(completeAllureResults(out, results), 'a second pass changes nothing').toBe(0);
  });

  it("is completed by the code that writes the run's reports, when the run wrote Allure results", () => {
    const out = mkdtempSync(join(dir, 'run-reports-'));
    const results = interrupted();
    writeRunReports(join(out, 'results.json'), results);
    expect(readdirSync(out)).not.toContain('allure-results'); // a run told to write none
    const allure = join(out, 'allure-results');
    clearAllureResults(allure);
    expect(writeRunReports(join(out, 'results.json'), results).allure).toBe(allure);
    expect(byCase(allure)['DMCTS-C-CMD-010']).toEqual([['skipped', NOT_RUN_MESSAGE, 'not run']]);
    expect(readResults(allure).every((r) => r.status !== undefined)).toBe(true);
  });
});

describe('Allure results from results.json alone', () => {
  it("replace the directory's earlier results with one per case that has a verdict or was selected, statuses as in a run", () => {
    const out = mkdtempSync(join(dir, 'fresh-'));
    writeFileSync(join(out, 'stale-result.json'), JSON.stringify(blank('DMCTS-C-OLD-001 from an earlier run')));
    writeFileSync(join(out, 'executor.json'), '{}');
    expect(writeAllureResults(out, sampleResults())).toBe(6);
    const seen = byCase(out);
    expect(Object.keys(seen).sort()).toEqual([
      'DMCTS-C-CMD-003',
      'DMCTS-C-GET-001',
      'DMCTS-C-GET-002',
      'DMCTS-C-UI-001',
      'DMCTS-S-FLOW-002',
      'DMCTS-S-SESSION-001',
    ]);
    expect(Object.values(seen).map((v) => v[0]![0])).toEqual(expect.not.arrayContaining([undefined]));
    expect(readdirSync(out)).toContain('executor.json');
    const [r] = readResults(out).filter((x) => labels(x, 'caseId')[0] === 'DMCTS-C-GET-002');
    expect(r!.testCaseId).toBe('DMCTS-C-GET-002');
    expect(r!.start).toBe(Date.parse('2026-01-02T03:04:06.000Z'));
    expect(r!.stop).toBe(Date.parse('2026-01-02T03:04:06.000Z') + 1500);
    expect(labels(r!, 'requirement')).toEqual(['DM-HLF-004']);
    expect(r!.attachments.map((a) => a.name)).toEqual(['evidence (wire trace, steps, notes)', 'IUT log']);
    expect(ALLURE_CATEGORIES.map((c) => c.name)).toContain('not run: the run ended before the case got a verdict');
  });
});

describe('Allure results of a run', () => {
  it('dmcts self-test writes <out>/allure-results: one result per executed case, with its labels and verdict as in results.json', () => {
    const out = join(dir, 'run');
    const bin = fileURLToPath(new URL('../../bin/dmcts.mjs', import.meta.url));
    const r = spawnSync(process.execPath, [bin, 'self-test', '--case', 'DMCTS-C-GET', '--out', out, '--quiet'], { encoding: 'utf8', timeout: 170_000 });
    expect(r.status, r.stderr).not.toBe(2);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
    // A case of sessions has a result per transport, each with its own verdict and a transport parameter.
    const executed = results.cases.filter((c) => c.verdict).flatMap(perTransportRows);
    expect(executed.length).toBeGreaterThan(0);
    expect(
      executed.some((c) => c.title.startsWith('[ws] ')),
      'DMCTS-C-GET runs per transport',
    ).toBe(true);
    const allure = readResults(join(out, 'allure-results'));
    expect(allure.map((a) => labels(a, 'caseId')[0]).sort()).toEqual(executed.map((c) => c.id).sort());
    const historyIds = new Set(allure.map((a) => a.historyId));
    expect(historyIds.size, 'each transport run has its own history').toBe(allure.length);
    for (const a of allure) {
      const transport = a.parameters.find((p) => p.name === 'transport')?.value;
      const c = executed.find((x) => x.id === labels(a, 'caseId')[0] && (!transport || x.title.startsWith(`[${transport}] `)))!;
      expect(labels(a, 'requirement'), c.id).toEqual(c.labels);
      expect(labels(a, 'rule'), c.id).toEqual(c.rules);
      expect(labels(a, 'role'), c.id).toEqual([c.role]);
      expect(labels(a, 'level'), c.id).toEqual([c.level]);
      expect(labels(a, 'verdict'), c.id).toEqual([c.verdict]);
      expect(labels(a, 'tag'), c.id).toContain(c.id);
      expect(a.statusDetails.message!.startsWith(c.verdict!), c.id).toBe(true);
      expect(a.testCaseId).toBe(c.id);
      expect(a.description, `${c.id}: set by the reporter from the case's CaseInfo`).toContain(c.requirement);
      expect(labels(a, 'caseId'), c.id).toHaveLength(1);
    }
    expect(readFileSync(join(out, 'allure-results', 'environment.properties'), 'utf8')).toContain('IUT\\ client=dmcts reference client');
  }, 180_000);
});
