/**
 * A run ended by a signal, and two runs into one folder (issue 12, item 7): the first Ctrl-C finishes
 * the case under way and exits 130; a second Ctrl-C or a SIGTERM stops at once and exits 130 or 143;
 * either way results.json, report.html, junit.xml and summary.md are written and the cases cut short
 * have no verdict (not ERROR). A folder another live run writes into is refused; a lock left by a
 * process that is gone is taken over.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Results } from '../../harness/report/results-model.ts';
import { BIN, dmcts, dmctsHere, ROOT } from './dmcts-process.ts';

const LOCK = '.dmcts-run.lock';

/**
 * Starts a self-test of three large-object cases of one file (so they run in that order) in its own
 * process group and, once the first verdict is printed, signals the whole group (as a terminal's
 * Ctrl-C does) once or twice. The case then under way, DMCTS-C-LO-003 (a transfer cut and resumed,
 * some 400 ms), is surely still running when the run takes the signal, and when a second one comes.
 */
function interrupted(signals: NodeJS.Signals[]) {
  const out = mkdtempSync(join(tmpdir(), 'dmcts-signal-'));
  const cases = ['--case', 'DMCTS-C-LO-002', '--case', 'DMCTS-C-LO-003', '--case', 'DMCTS-C-LO-004'];
  const child = spawn(process.execPath, [BIN, 'self-test', '--role', 'client', ...cases, '--parallel', '1', '--out', out], {
    cwd: ROOT,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  let sent = 0;
  const onOutput = (d: Buffer) => {
    text += d.toString();
    // The first signal after the first verdict (DMCTS-C-LO-002); a second one as soon as the run says
    // it took the first (DMCTS-C-LO-003, under way, has not ended yet), not after a fixed delay that a
    // loaded machine may outrun.
    if (sent === 0 && /^PASS +DMCTS-C-LO-002 /m.test(text)) {
      sent = 1;
      process.kill(-child.pid!, signals[0]!);
    } else if (sent === 1 && signals.length > 1 && /ending the run after the current case/.test(text)) {
      sent = 2;
      process.kill(-child.pid!, signals[1]!);
    }
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const killer = setTimeout(() => process.kill(-child.pid!, 'SIGKILL'), 60_000);
  return new Promise<{ code: number | null; text: string; out: string }>((resolve) =>
    child.on('close', (code) => {
      clearTimeout(killer);
      resolve({ code, text, out });
    }),
  );
}

function expectReportsOfAnIncompleteRun(out: string, signal: string): void {
  for (const file of ['results.json', 'report.html', 'junit.xml', 'summary.md']) expect(existsSync(join(out, file)), file).toBe(true);
  const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as Results;
  expect(results.run.complete).toBe(false);
  expect(results.run.stoppedBy).toEqual({ kind: 'signal', detail: expect.stringContaining(signal) });
  const selected = results.cases.filter((c) => c.selection.status === 'selected');
  expect(selected.filter((c) => c.verdict === 'PASS').length).toBeGreaterThan(0);
  expect(selected.filter((c) => c.verdict === undefined).length).toBeGreaterThan(0);
  expect(selected.filter((c) => c.verdict === 'ERROR' || c.verdict === 'FAIL').map((c) => `${c.id}: ${c.reason}`)).toEqual([]);
  expect(existsSync(join(out, LOCK))).toBe(false);
}

describe('dmcts self-test ended by a signal, and two runs into one folder', () => {
  it('exits 128 + the signal: 130 after one Ctrl-C, 130 after two, 143 after SIGTERM, with every report written', async () => {
    const [once, twice, term] = await Promise.all([interrupted(['SIGINT']), interrupted(['SIGINT', 'SIGINT']), interrupted(['SIGTERM'])]);
    expect(once.code, once.text.slice(-1500)).toBe(130);
    expect(once.text).toContain('ending the run after the current case');
    expectReportsOfAnIncompleteRun(once.out, 'SIGINT');
    expect(twice.code, twice.text.slice(-1500)).toBe(130);
    expect(twice.text).toContain('SIGINT: stopping the IUT, then exiting');
    expectReportsOfAnIncompleteRun(twice.out, 'SIGINT');
    expect(term.code, term.text.slice(-1500)).toBe(143);
    expectReportsOfAnIncompleteRun(term.out, 'SIGTERM');
  }, 60_000);

  it('refuses a folder a live run is writing into, naming its pid; takes over the lock of a process that is gone', async () => {
    const busy = mkdtempSync(join(tmpdir(), 'dmcts-locked-'));
    const held = JSON.stringify({ pid: process.pid, startedAt: '2026-01-01T00:00:00.000Z', command: 'dmcts run (the other one)' });
    writeFileSync(join(busy, LOCK), held);
    const refused = await dmctsHere(['self-test', '--role', 'client', '--case', 'DMCTS-C-GET-001', '--out', busy]);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain(`another dmcts run (pid ${process.pid}, started 2026-01-01T00:00:00.000Z: dmcts run (the other one))`);
    expect(readFileSync(join(busy, LOCK), 'utf8')).toBe(held);
    expect(existsSync(join(busy, 'results.json'))).toBe(false);

    // A pid that has ended: its lock is stale.
    const gone = spawn(process.execPath, ['-e', '0']);
    await new Promise((resolve) => gone.on('close', resolve));
    const stale = mkdtempSync(join(tmpdir(), 'dmcts-stale-'));
    writeFileSync(join(stale, LOCK), JSON.stringify({ pid: gone.pid, startedAt: '2026-01-01T00:00:00.000Z', command: 'dmcts run' }));
    const r = await dmcts(['self-test', '--role', 'client', '--case', 'DMCTS-C-GET-001', '--parallel', '1', '--out', stale]);
    expect(r.code, r.err.slice(-1500)).toBe(0);
    expect(r.err).toContain(`took over a stale lock of pid ${gone.pid}`);
    expect(existsSync(join(stale, 'results.json'))).toBe(true);
    expect(existsSync(join(stale, LOCK))).toBe(false);
  }, 40_000);
});
