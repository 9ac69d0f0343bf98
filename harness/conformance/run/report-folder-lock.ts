/**
 * One run per report folder: a run writes `.dmcts-run.lock` (its pid, the start of that process,
 * when, the command) into its --out folder before it writes anything else there, and removes it when
 * it ends — also on a signal or process.exit. A second run into the same folder is refused, naming
 * the first; a lock left by a process that is gone (killed outright) is taken over, with a note.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../../core/config-error.ts';
import { processStartTicks } from '../iut/run-leftovers.ts';

export const LOCK_FILE = '.dmcts-run.lock';

interface LockContent {
  pid: number;
  startTicks?: string;
  startedAt: string;
  command: string;
}

function running(lock: LockContent): boolean {
  try {
    process.kill(lock.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // The same pid, but another process (the first one died and its pid was reused): not running.
  const ticks = processStartTicks(lock.pid);
  return !(lock.startTicks && ticks && ticks !== lock.startTicks);
}

function readLock(path: string): LockContent | undefined {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as LockContent;
  } catch {
    return undefined;
  }
}

function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export interface FolderLock {
  /** Removes the lock (once; later calls do nothing). */
  release(): void;
  /** Set when a stale lock was taken over: what it said. */
  tookOver?: string;
}

/** Takes the folder's lock, or throws a ConfigError naming the run that holds it. */
export function lockReportFolder(dir: string, command: readonly string[]): FolderLock {
  const path = join(dir, LOCK_FILE);
  const mine: LockContent = {
    pid: process.pid,
    ...(processStartTicks(process.pid) ? { startTicks: processStartTicks(process.pid)! } : {}),
    startedAt: new Date().toISOString(),
    command: command.join(' '),
  };
  let tookOver: string | undefined;
  for (let attempt = 0; ; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, `${JSON.stringify(mine)}\n`);
      closeSync(fd);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw error;
    }
    // Empty or unreadable: another run may be writing it this instant; read it again a moment later.
    let held = readLock(path);
    if (!held) {
      pause(100);
      held = readLock(path);
    }
    if (held && typeof held.pid === 'number' && running(held)) {
      throw new ConfigError([
        `--out ${dir}: another dmcts run (pid ${held.pid}, started ${held.startedAt}: ${held.command}) is writing its reports into this folder; wait for it to end, or give another --out (a lock file ${LOCK_FILE} of a process that is gone is taken over)`,
      ]);
    }
    tookOver = held ? `a stale lock of pid ${held.pid} (started ${held.startedAt}), which is no longer running` : 'an unreadable lock file';
    rmSync(path, { force: true });
  }
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off('exit', release);
    try {
      // Only our own lock: never one a later run took over.
      const now = JSON.parse(readFileSync(path, 'utf8')) as LockContent;
      if (now.pid === mine.pid && now.startedAt === mine.startedAt) rmSync(path, { force: true });
    } catch {
      // already gone
    }
  };
  process.on('exit', release);
  return { release, ...(tookOver ? { tookOver } : {}) };
}
