/**
 * The process adapter's life cycle in this process: a start that cannot happen is a clear error; an
 * exit is seen at once, with its last lines; stopping reaches the whole process group and escalates
 * to SIGKILL; and the run's main process stops whatever a dead worker left behind.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startProcessIut } from '../../harness/conformance/iut/process-iut.ts';
import { leftoversDir, noteLeftover, processStartTicks, stopLeftovers, terminateGroup } from '../../harness/conformance/iut/run-leftovers.ts';
import { tempDir } from './support.ts';

const NODE = process.execPath;

/** Alive and not a zombie (a zombie has ended; its parent has not collected it yet). */
function alive(pid: number): boolean {
  try {
    return !/^\S+ \(.*\) [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await new Promise((r) => setTimeout(r, 25));
  return cond();
}

/** A node process that ignores SIGTERM and starts a grandchild doing the same; prints both PIDs. */
const STUBBORN = `
const { spawn } = require('node:child_process');
process.on('SIGTERM', () => {});
const g = spawn(process.execPath, ['-e', "process.on('SIGTERM', () => {}); setInterval(() => {}, 1000)"], { stdio: 'ignore' });
console.log('pids', process.pid, g.pid);
setInterval(() => {}, 1000);
`;

describe('process IUT life cycle', () => {
  it('names a command that does not exist and how to fix it', async () => {
    await expect(startProcessIut({ command: ['dmcts-no-such-adapter-xyz'] }, 'ws://127.0.0.1:1/ut')).rejects.toThrow(
      /cannot start the IUT adapter "dmcts-no-such-adapter-xyz".*ENOENT.*installed and on PATH/,
    );
    await expect(startProcessIut({ command: [NODE], cwd: '/nonexistent-dmcts-dir' }, 'ws://127.0.0.1:1/ut')).rejects.toThrow(
      /adapter\.cwd \/nonexistent-dmcts-dir is not a directory/,
    );
  });

  it('sees an exit at once, keeps its output in memory and in the log file, and gives it DMCTS_UT_URL, DMCTS_INSTANCE and the IXIT env', async () => {
    const dir = tempDir('iut-log');
    const logFile = join(dir, 'iut-client.log');
    const iut = await startProcessIut(
      {
        command: [
          NODE,
          '-e',
          'console.log(process.env.DMCTS_UT_URL, process.env.ACME_MODE, process.env.DMCTS_INSTANCE); process.stderr.write("no newline at the end"); process.exit(7)',
        ],
        env: { ACME_MODE: 'test' },
      },
      'ws://127.0.0.1:5/ut',
      { runId: 'lifecycle-exit', role: 'client', instance: 3, logFile },
    );
    expect(await iut.ended).toBe('the adapter process exited with code 7');
    expect(iut.logs()).toContain('ws://127.0.0.1:5/ut test 3');
    expect(iut.logs()).toContain('no newline at the end');
    expect(iut.logs().at(-1)).toBe('[dmcts] the adapter process exited with code 7');
    expect(readFileSync(logFile, 'utf8')).toContain('no newline at the end\n[dmcts] the adapter process exited with code 7\n');
    await iut.stop();
    // Its marker went with it: the run has nothing left to stop.
    expect(existsSync(leftoversDir('lifecycle-exit'))).toBe(false);
    expect(await stopLeftovers('lifecycle-exit')).toEqual([]);
  });

  it('stop() ends the whole process group: SIGTERM, then SIGKILL for what ignores it', async () => {
    const child = spawn(NODE, ['-e', STUBBORN], { detached: true, stdio: ['ignore', 'pipe', 'ignore'] });
    const line = await new Promise<string>((r) => child.stdout.once('data', (d: Buffer) => r(d.toString())));
    const [, pid, grandchild] = /pids (\d+) (\d+)/.exec(line)!.map(Number);
    const started = Date.now();
    expect(await terminateGroup(pid!, 300)).toBe(true); // it needed SIGKILL
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(await until(() => !alive(grandchild!), 2_000)).toBe(true);
  });

  it('the run stops what a dead worker left: a marked process group gets SIGTERM and is gone, the markers too', async () => {
    const runId = `lifecycle-leftover-${process.pid}`;
    const child = spawn(NODE, ['-e', 'setInterval(() => {}, 1000)'], { detached: true, stdio: 'ignore' });
    await new Promise((r) => child.once('spawn', r));
    noteLeftover(runId, { kind: 'process', pid: child.pid!, command: 'node -e ...', startTicks: processStartTicks(child.pid!)! });
    // A marker of a process that is long gone is ignored.
    noteLeftover(runId, { kind: 'process', pid: 2 ** 22 - 3, command: 'gone' });
    const exited = new Promise((r) => child.once('exit', r));
    const left = await stopLeftovers(runId, 2_000);
    expect(left).toEqual([{ what: `IUT process ${child.pid} (node -e ...)`, killed: false }]);
    await exited;
    expect(existsSync(leftoversDir(runId))).toBe(false);
    expect(await stopLeftovers(runId)).toEqual([]);
  });
});
