/**
 * The process and remote adapters end to end: a real `dmcts run` starts the reference peers as
 * standalone IUTs (`dmcts ut-device`, `dmcts ut-server`) from IXITs like docs/examples/, exactly as it
 * would a vendor's adapter, and gets PASS; a process that dies before its hello is a fast, clear ERROR.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { leftoversDir } from '../../harness/conformance/iut/run-leftovers.ts';
import { BIN, dmctsRun, EXAMPLES, readExample, ROOT, tempDir, verdicts, writeJson } from './support.ts';
import { fixedPort } from '../support/fixed-port.ts';

describe('process adapter', () => {
  it('runs client cases against `dmcts ut-device` started from the example IXIT: PASS, logs kept, nothing left running', async () => {
    const r = await dmctsRun([
      '--ics',
      join(EXAMPLES, 'client.ics.json'),
      '--ixit',
      join(EXAMPLES, 'client.process.ixit.json'),
      '--case',
      'DMCTS-C-GET-001',
      '--case',
      'DMCTS-C-GET-002',
    ]);
    expect(r.notPass).toEqual([]);
    expect(verdicts(r)).toEqual({ 'DMCTS-C-GET-001': 'PASS', 'DMCTS-C-GET-002': 'PASS' });
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    const log = r.iutLog('client');
    expect(log).toContain('[dmcts] starting the IUT adapter: node bin/dmcts.mjs ut-device');
    expect(log).toContain('connected to the upper tester');
    expect(log).toMatch(/-> Package#1 .*ClientInitiatedMgmt/);
    expect(r.results!.iuts[0]!.product.name).toBe('dmcts reference client');
    // The run stopped its IUT: no marker of a live process remains.
    expect(existsSync(leftoversDir(r.results!.run.id))).toBe(false);
  }, 120_000);

  it('runs server cases against `dmcts ut-server` at the fixed --port, --srv-id, --noti-secret and --tls-dir its IXIT names', async () => {
    const port = await fixedPort();
    const tls = join(tempDir('ut-server-tls'), 'tls');
    const ixit = readExample('server.process.ixit.json') as { adapter: { command: string[]; cwd: string }; server: Record<string, string> };
    // An IXIT in a temporary directory: its adapter runs from the project, named absolutely.
    ixit.adapter.cwd = ROOT;
    ixit.adapter.command = [
      'node',
      'bin/dmcts.mjs',
      'ut-server',
      '--port',
      String(port),
      '--srv-id',
      'test-server',
      '--noti-secret',
      'test-noti-secret',
      '--tls-dir',
      tls,
    ];
    ixit.server = { dmUrl: `https://127.0.0.1:${port}/dm`, srvId: 'test-server', caFile: join(tls, 'ca.pem'), notificationSecret: 'test-noti-secret' };
    const file = writeJson(tempDir('ixit'), 'server.ixit.json', ixit);
    const r = await dmctsRun(['--ics', join(EXAMPLES, 'server.ics.json'), '--ixit', file, '--case', 'DMCTS-S-FLOW-001']);
    expect(r.notPass).toEqual([]);
    expect(verdicts(r)).toEqual({ 'DMCTS-S-FLOW-001': 'PASS' });
    expect(r.code, r.stderr.slice(-2000)).toBe(0);
    expect(r.iutLog('server')).toContain(`devices use https://127.0.0.1:${port}/dm`);
    expect(existsSync(join(tls, 'ca.pem'))).toBe(true);
  }, 120_000);

  it('ends the run at once on a process that exits before its hello: a set-up error (exit 2) naming the exit code and its last log line', async () => {
    const ixit = {
      dmcts: 'ixit/1',
      role: 'client',
      adapter: {
        kind: 'process',
        command: [
          process.execPath,
          '-e',
          "console.log('acme adapter 4.2 starting'); setTimeout(() => { console.error('fatal: no licence file'); process.exit(3); }, 50)",
        ],
      },
      timeouts: { readyMs: 60_000 },
    };
    const file = writeJson(tempDir('ixit'), 'dies.ixit.json', ixit);
    const r = await dmctsRun(['--ics', join(EXAMPLES, 'client.ics.json'), '--ixit', file, '--case', 'DMCTS-C-GET']);
    expect(r.code, r.stdout + r.stderr).toBe(2);
    const cases = r.results!.cases.filter((x) => x.selection.status === 'selected');
    expect(cases.length).toBeGreaterThan(1);
    // Not the IUT's behaviour: no case is FAIL or ERROR, each names the set-up.
    for (const c of cases) expect(`${c.id} ${c.verdict}`).toBe(`${c.id} INCONC`);
    const c = cases[0]!;
    expect(c.reason).toContain('the client IUT could not be started');
    // A reason is bounded (docs/reports.md); the whole of it is in the evidence notes.
    const whole = c.evidence?.notes.find((n) => n.startsWith('the whole reason: ')) ?? c.reason ?? '';
    expect(whole).toContain('the adapter process exited with code 3 before its upper-tester adapter said ut.hello');
    expect(whole).toContain('fatal: no licence file');
    expect(whole).toMatch(/fix: /);
    expect(r.results!.run.stoppedBy?.kind).toBe('setup');
    // One message on the terminal names the cause.
    expect(r.stdout).toContain('the run stopped before its cases');
    expect(r.stdout).toContain('exited with code 3');
    // Fast: nowhere near the 60 s ready timeout.
    expect(r.ms).toBeLessThan(30_000);
    expect(r.iutLog('client')).toContain('fatal: no licence file');
  }, 120_000);

  it('SIGTERM to `dmcts run` stops its IUT first, SIGKILL for one that ignores SIGTERM, notes it in results.json and still writes junit.xml, summary.md and report.html', async () => {
    const dir = tempDir('sigterm');
    const pidFile = join(dir, 'iut.pid');
    const ixit = {
      dmcts: 'ixit/1',
      role: 'client',
      adapter: {
        kind: 'process',
        command: [
          process.execPath,
          '-e',
          "process.on('SIGTERM', () => {}); require('node:fs').writeFileSync(process.env.PID_FILE, String(process.pid)); setInterval(() => {}, 1000)",
        ],
        env: { PID_FILE: pidFile },
      },
      timeouts: { readyMs: 120_000 },
    };
    const file = writeJson(dir, 'stubborn.ixit.json', ixit);
    const out = join(dir, 'out');
    const run = spawn(
      process.execPath,
      [BIN, 'run', '--ics', join(EXAMPLES, 'client.ics.json'), '--ixit', file, '--case', 'DMCTS-C-GET-001', '--out', out, '--quiet'],
      { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    run.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((r) => run.once('exit', (c) => r(c)));
    const started = Date.now();
    while (!existsSync(pidFile) && Date.now() - started < 60_000) await new Promise((r) => setTimeout(r, 100));
    await new Promise((r) => setTimeout(r, 200));
    const pid = Number(readFileSync(pidFile, 'utf8'));
    // Gone, or a zombie its (exiting) parent has not collected.
    const alive = () => {
      try {
        return !/^\S+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      } catch {
        return false;
      }
    };
    expect(alive()).toBe(true);
    run.kill('SIGTERM');
    expect(await exited).toBe(143);
    expect(stderr).toContain('dmcts: SIGTERM: stopping the IUT');
    // SIGTERM went out at once; SIGKILL follows after the grace period (a detached clean-up finishes the job).
    const until = Date.now() + 15_000;
    while (alive() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    expect(alive()).toBe(false);
    const results = JSON.parse(readFileSync(join(out, 'results.json'), 'utf8')) as { run: { note?: string; complete: boolean } };
    expect(results.run).toMatchObject({ note: 'the run was stopped by SIGTERM', complete: false, stoppedBy: { kind: 'signal' } });
    // A CI job's time-out still leaves the reports a CI reads.
    for (const report of ['junit.xml', 'summary.md', 'report.html']) expect(existsSync(join(out, report)), report).toBe(true);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain('not demonstrated');
  }, 120_000);

  it('remote: `dmcts ut-device --reconnect` started by hand serves a run at the fixed utPort, then stops on SIGTERM', async () => {
    const utPort = await fixedPort();
    const ixit = { ...readExample('client.remote.ixit.json'), harness: { host: '127.0.0.1', utPort } };
    const file = writeJson(tempDir('ixit'), 'remote.ixit.json', ixit);
    const device = spawn(process.execPath, [BIN, 'ut-device', '--ut-url', `ws://127.0.0.1:${utPort}/ut`, '--reconnect', '--quiet'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    device.stdout.on('data', (d: Buffer) => (out += d.toString()));
    device.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((r) => device.once('exit', (code) => r(code)));
    try {
      const r = await dmctsRun(['--ics', join(EXAMPLES, 'client.ics.json'), '--ixit', file, '--case', 'DMCTS-C-GET-001']);
      expect(r.notPass).toEqual([]);
      expect(r.code, r.stderr.slice(-2000)).toBe(0);
      expect(out).toContain('the harness closed the upper tester');
      // Still there for the next run.
      await new Promise((res) => setTimeout(res, 300));
      expect(device.exitCode).toBeNull();
    } finally {
      device.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('stopped (SIGTERM)');
  }, 120_000);
});
