/**
 * Re-running and narrowing a run (issue 12, item 2): --dry-run says what would run and why and runs
 * nothing; --exclude leaves cases out; --rerun-failed takes the non-PASS cases of an earlier
 * results.json; --repeat runs a case N times and shows the attempts; --verbose prints its trace;
 * --timeout-scale stretches the IXIT's timeouts; bad values are refused with exit 2. A narrowed
 * run says it is partial.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { selfTestConfig } from '../../harness/conformance/self-test-plan.ts';
import { checkResults } from '../../harness/report/results-file.ts';
import type { CaseResult, Results } from '../../harness/report/results-model.ts';
import { dmcts, dmctsHere, ROOT } from './dmcts-process.ts';

const ICS = join(ROOT, 'docs/examples/client.ics.json');
const IXIT = join(ROOT, 'docs/examples/client.process.ixit.json');

describe('dmcts run and self-test: narrowing and re-running', () => {
  it('--dry-run prints every case of the role selected, N/A with its ICS item, or filtered with why; starts nothing, writes nothing, exits 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dmcts-dry-'));
    const ics = join(dir, 'no-cache.ics.json');
    const claimed = JSON.parse(readFileSync(ICS, 'utf8'));
    writeFileSync(ics, JSON.stringify({ ...claimed, $schema: undefined, features: { ...claimed.features, CACHE: false } }));
    const out = join(dir, 'out');
    const r = await dmcts(['run', '--ics', ics, '--ixit', IXIT, '--case', 'DMCTS-C-GET', '--exclude', 'DMCTS-C-GET-002', '--dry-run', '--out', out]);
    expect(r.code, r.err).toBe(0);
    const lines = r.out.split('\n');
    expect(lines).toContainEqual(expect.stringMatching(/^selected\s+DMCTS-C-GET-001\s+ICS claims GET$/));
    expect(lines).toContainEqual(expect.stringMatching(/^N\/A\s+DMCTS-C-GET-008\s+the ICS does not claim CACHE \(features\.CACHE\)$/));
    expect(lines).toContainEqual(expect.stringMatching(/^filtered\s+DMCTS-C-GET-002\s+--exclude DMCTS-C-GET-002$/));
    expect(lines).toContainEqual(expect.stringMatching(/^filtered\s+DMCTS-C-SEL-001\s+not among --case DMCTS-C-GET$/));
    // Only the client's cases (the ICS role), each once, and the totals.
    expect(lines.filter((l) => / DMCTS-S-/.test(l))).toEqual([]);
    expect(r.out).toMatch(/^\d+ cases: 6 selected, 1 N\/A, \d+ filtered out; nothing was run \(--dry-run\)$/m);
    expect(existsSync(out)).toBe(false);
    expect(r.err).not.toContain('dmcts: running');
  });

  it('refuses bad values with exit 2 and a message naming the flag and what it takes', async () => {
    const bad: Array<[string[], RegExp]> = [
      [['--timeout-scale', '0'], /--timeout-scale must be a number greater than 0 and at most 100.*not "0"/],
      [['--timeout-scale', '101'], /--timeout-scale must be .* not "101"/],
      [['--timeout-scale', 'slow'], /--timeout-scale must be .* not "slow"/],
      [['--repeat', '0'], /--repeat must be a whole number from 1 to 100, not "0"/],
      [['--exclude', 'DMCTS-C-NOPE'], /--exclude DMCTS-C-NOPE names no case, requirement label or rule/],
      [['--verbose', '--quiet'], /--verbose and --quiet contradict each other/],
      [['--rerun-failed', join(ROOT, 'no-such-results.json')], /--rerun-failed .*no-such-results\.json/],
    ];
    for (const [flags, message] of bad) {
      for (const command of ['run', 'self-test']) {
        const r = await dmctsHere([command, ...(command === 'run' ? ['--ics', ICS, '--ixit', IXIT] : []), ...flags, '--dry-run']);
        expect(r.code, `${command} ${flags.join(' ')}`).toBe(2);
        expect(r.err, `${command} ${flags.join(' ')}`).toMatch(message);
        expect(r.err).not.toMatch(/\n\s+at /); // no stack trace
      }
    }
  });

  it('--repeat 2 runs the case twice and lists both attempts; --verbose prints its trace; --timeout-scale 3 triples the IXIT timeouts; the run says it is partial', async () => {
    const out = mkdtempSync(join(tmpdir(), 'dmcts-repeat-'));
    const r = await dmcts([
      'self-test',
      '--role',
      'client',
      '--case',
      'DMCTS-C-GET-001',
      '--repeat',
      '2',
      '--verbose',
      '--timeout-scale',
      '3',
      '--parallel',
      '1',
      '--out',
      out,
    ]);
    expect(r.code, r.out + r.err.slice(-2000)).toBe(0);
    // A case of sessions: run once per transport, each run twice.
    expect(r.err.split('\n')[0]).toMatch(
      /^dmcts: running 1 case \(2 runs: a case of sessions once per transport\) 2 times each against dmcts reference client [\d.]+ \(client\), 1 worker; results in /,
    );
    expect(r.err.match(/^PASS +DMCTS-C-GET-001 \[http\] .*\[attempt \d of 2\]/gm)).toHaveLength(2);
    expect(r.err.match(/^PASS +DMCTS-C-GET-001 \[ws\] .*\[attempt \d of 2\]/gm)).toHaveLength(2);
    // One case selected: its trace, whatever its verdict, after each attempt.
    expect(r.err.match(/--- trace of DMCTS-C-GET-001 ---/g)).toHaveLength(4);
    expect(r.err).toContain('client.startSession');
    expect(r.out).toMatch(/^partial run: 1 of the \d+ cases of the suite selected \(--case DMCTS-C-GET-001\); the outcome is about these cases only/m);
    const file = join(out, 'results.json');
    const results = checkResults(file, JSON.parse(readFileSync(file, 'utf8')));
    expect(results.run.repeat).toBe(2);
    const row = results.cases.find((c) => c.id === 'DMCTS-C-GET-001')!;
    expect(row.verdict).toBe('PASS');
    expect(row.attempts?.map((a) => a.verdict)).toEqual(['PASS', 'PASS']);
    expect(row.transports?.map((t) => [t.transport, t.attempts?.map((a) => a.verdict)])).toEqual([
      ['http', ['PASS', 'PASS']],
      ['ws', ['PASS', 'PASS']],
    ]);
    const timeouts = (results.iuts[0]!.ixit as { timeouts: Record<string, number> }).timeouts;
    const plain = selfTestConfig('client').ixit.timeouts;
    expect(timeouts.caseMs).toBe(plain.caseMs * 3);
    expect(timeouts.headersMs).toBe(plain.headersMs * 3);

    // --rerun-failed: from an earlier run whose cases were FAIL, PASS, WARN, N/A and not reached.
    const earlier = JSON.parse(readFileSync(file, 'utf8')) as Results;
    const mark = (id: string, verdict?: CaseResult['verdict']) => {
      const c = earlier.cases.find((x) => x.id === id)!;
      c.selection = { status: 'selected', why: 'test' };
      if (verdict) c.verdict = verdict;
      else delete c.verdict;
    };
    mark('DMCTS-C-GET-001', 'FAIL');
    mark('DMCTS-C-GET-003', 'PASS');
    mark('DMCTS-C-GET-004', 'WARN');
    mark('DMCTS-C-GET-005', 'N/A');
    mark('DMCTS-C-GET-006');
    const rerunFile = join(out, 'earlier.json');
    writeFileSync(rerunFile, JSON.stringify(earlier));
    const dry = await dmcts(['self-test', '--role', 'client', '--rerun-failed', rerunFile, '--dry-run']);
    expect(dry.code, dry.err).toBe(0);
    const selected = dry.out.split('\n').filter((l) => l.startsWith('selected'));
    expect(selected.map((l) => l.split(/\s+/)[1])).toEqual(['DMCTS-C-GET-001', 'DMCTS-C-GET-004', 'DMCTS-C-GET-006']);
    expect(dry.out).toMatch(/^filtered\s+DMCTS-C-GET-003\s+--rerun-failed: PASS, N\/A or not selected in /m);
    expect(dry.out).toMatch(/^filtered\s+DMCTS-C-GET-005\s+--rerun-failed/m);

    // An earlier run with nothing to rerun is a mistake, not an empty run.
    const none = await dmcts(['self-test', '--role', 'client', '--rerun-failed', file, '--dry-run']);
    expect(none.code).toBe(2);
    expect(none.err).toContain('nothing to rerun');
  }, 40_000);
});
