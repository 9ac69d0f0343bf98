/** `dmcts report` and `dmcts diff` end to end: files written, standard output, exit codes, and errors that name the problem. */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { checkMarkup } from './markup.ts';
import { NEW, OLD, runOf, sampleResults } from './sample-results.ts';

const BIN = fileURLToPath(new URL('../../bin/dmcts.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'dmcts-report-cli-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function dmcts(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 60_000, cwd: dir });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

const results = file('results.json', sampleResults());

describe('dmcts report', () => {
  it('writes the HTML, JUnit and Markdown reports it is asked for, creating directories, and exits 0', () => {
    const r = dmcts('report', results, '--html', 'out/r.html', '--junit', 'out/j.xml', '--md', 'out/s.md');
    expect(r.err).toContain('wrote out/r.html');
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'out/r.html'), 'utf8');
    expect(html).toContain('id="case-DMCTS-C-GET-002"');
    expect(checkMarkup(readFileSync(join(dir, 'out/j.xml'), 'utf8'), 'xml').problems).toEqual([]);
    expect(readFileSync(join(dir, 'out/s.md'), 'utf8')).toContain('### Cases that did not pass (4)');
  });

  it('regenerates every format with --out DIR, Allure results and the HAR trace included, under the names a run uses', () => {
    const r = dmcts('report', results, '--out', 'all');
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(join(dir, 'all')).sort()).toEqual(['allure-results', 'junit.xml', 'report.html', 'summary.md', 'trace.har']);
    expect(r.err).toContain('wrote all/report.html, all/junit.xml, all/summary.md, all/trace.har, all/allure-results/');
    const allure = readdirSync(join(dir, 'all', 'allure-results'));
    // one result per case with a verdict (the sample has six; the filtered one is left out), with environment and categories
    expect(allure.filter((f) => f.endsWith('-result.json'))).toHaveLength(6);
    expect(allure).toEqual(expect.arrayContaining(['environment.properties', 'categories.json']));
    const statuses = allure
      .filter((f) => f.endsWith('-result.json'))
      .map((f) => (JSON.parse(readFileSync(join(dir, 'all', 'allure-results', f), 'utf8')) as { status: string }).status)
      .sort();
    expect(statuses).toEqual(['broken', 'failed', 'passed', 'passed', 'skipped', 'skipped']);
    const har = JSON.parse(readFileSync(join(dir, 'all', 'trace.har'), 'utf8')) as { log: { version: string; entries: unknown[] } };
    expect(har.log.version).toBe('1.2');
    expect(har.log.entries.length).toBeGreaterThan(0);
  });

  it('writes Allure results alone with --allure DIR and the HAR trace with --har, which may go to standard output', () => {
    const a = dmcts('report', results, '--allure', 'only-allure');
    expect(a.code, a.err).toBe(0);
    expect(a.err).toContain('wrote only-allure/ (6 Allure results)');
    expect(readdirSync(join(dir, 'only-allure')).filter((f) => f.endsWith('-result.json'))).toHaveLength(6);
    const h = dmcts('report', results, '--har', '-');
    expect(h.code).toBe(0);
    expect((JSON.parse(h.out) as { log: { creator: { name: string } } }).log.creator.name).toBe('dmcts');
    const bad = dmcts('report', results, '--allure', '-');
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--allure writes a directory, not standard output');
  });

  it('writes a report to standard output with -', () => {
    const r = dmcts('report', results, '--junit', '-');
    expect(r.code).toBe(0);
    expect(r.out.startsWith('<?xml')).toBe(true);
    expect(r.out).toContain('failures="1"');
  });

  it('exits 2 when no report is asked for, or two go to standard output', () => {
    const none = dmcts('report', results);
    expect(none.code).toBe(2);
    expect(none.err).toContain('--out DIR (all of them), --html FILE, --junit FILE, --md FILE, --har FILE or --allure DIR');
    const two = dmcts('report', results, '--md', '-', '--html', '-');
    expect(two.code).toBe(2);
    expect(two.err).toContain('only one report can go to standard output');
    expect(two.out).toBe('');
  });

  it('exits 2 on a file that is not a results.json, naming it and its first problems', () => {
    const ics = file('ics.json', { dmcts: 'ics/1', role: 'client', product: { name: 'x', version: '1' } });
    const r = dmcts('report', ics, '--md', '-');
    expect(r.code).toBe(2);
    expect(r.out).toBe('');
    expect(r.err).toContain('not a valid results.json');
    expect(r.err).toContain(`${ics}: not a dmcts results file (its "format" is missing`);
    expect(r.err).toContain("must have required property 'cases'");
  });

  it('exits 2 on a results.json with a bad field, naming the field', () => {
    const bad = sampleResults();
    (bad.cases[1] as { verdict: string }).verdict = 'SORT-OF';
    const r = dmcts('report', file('bad.json', bad), '--md', '-');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/\/cases\/1\/verdict: must be equal to one of the allowed values \(fix: use one of "PASS", "FAIL"/);
  });

  it('exits 2 on a file that is not JSON, or is not there', () => {
    const notJson = dmcts('report', file('x.json', '{"format": '), '--md', '-');
    expect(notJson.code).toBe(2);
    expect(notJson.err).toMatch(/the results file is not valid JSON/);
    const missing = dmcts('report', join(dir, 'nope.json'), '--md', '-');
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('cannot read the results file (ENOENT)');
  });

  it('has --help in the style of the other commands', () => {
    const r = dmcts('report', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^dmcts report — /);
    expect(r.out).toContain('Usage: dmcts report RESULTS.json');
    expect(dmcts('--help').out).toMatch(/\n {2}report {6}/);
  });
});

describe('dmcts diff', () => {
  const oldFile = file('old.json', OLD);
  const newFile = file('new.json', NEW);

  it('exits 1 on regressions and lists them with their reasons', () => {
    const r = dmcts('diff', oldFile, newFile);
    expect(r.code).toBe(1);
    expect(r.out).toContain('REGRESSIONS (4):');
    expect(r.out).toContain('why DMCTS-C-A-001 is FAIL');
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('4 regressions, 1 fixed, 3 new, 2 gone, 3 other changes, 0 reason changes');
  });

  it('exits 0 without regressions, even with fixes', () => {
    const before = file('fixed-old.json', runOf({ 'DMCTS-C-A-001': 'FAIL', 'DMCTS-C-B-001': 'PASS', 'DMCTS-C-C-001': 'PASS' }));
    const after = file('fixed-new.json', runOf({ 'DMCTS-C-A-001': 'PASS', 'DMCTS-C-B-001': 'WARN', 'DMCTS-C-D-001': 'PASS' }));
    const r = dmcts('diff', before, after);
    expect(r.code).toBe(0);
    expect(r.out).toContain('fixes (1):');
    expect(r.out.trimEnd().split('\n').at(-1)).toBe('0 regressions, 1 fixed, 1 new, 1 gone, 1 other change, 0 reason changes');
    expect(r.out).not.toContain('REGRESSIONS');
  });

  it('prints JSON with --json', () => {
    const r = dmcts('diff', oldFile, newFile, '--json');
    expect(r.code).toBe(1);
    const json = JSON.parse(r.out) as { exitCode: number; regressions: Array<{ id: string }>; fixes: unknown[] };
    expect(json.exitCode).toBe(1);
    expect(json.regressions.map((x) => x.id)).toEqual(['DMCTS-C-A-001', 'DMCTS-C-D-001', 'DMCTS-C-F-001', 'DMCTS-C-J-001']);
    expect(json.fixes).toHaveLength(1);
  });

  it('exits 2 on bad input: one file, or a file that is not a results.json', () => {
    const one = dmcts('diff', oldFile);
    expect(one.code).toBe(2);
    expect(one.err).toContain('give two results.json files');
    const bad = dmcts('diff', oldFile, file('notresults.json', { hello: 1 }));
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('notresults.json: not a dmcts results file');
  });

  it('has --help', () => {
    const r = dmcts('diff', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Usage: dmcts diff OLD.json NEW.json [--json]');
  });
});
