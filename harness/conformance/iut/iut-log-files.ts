/**
 * The IUT logs beside results.json (`iut-<role>.log`, `iut-<role>-<n>.log` with --parallel) hold the
 * run that wrote them only. Each begins with a line naming its run. A run opening its log replaces a
 * file an earlier run left under that name (the new file is written with its first line, then renamed
 * into place: it never exists without it), and appends to one of its own (an IUT started again in the
 * same run). Before an IUT starts, the IUT logs of earlier runs in the folder are removed, those this
 * run will not write too (an `iut-client.log` when this run writes `iut-client-1.log` and `-2.log`).
 *
 * The test workers of a --parallel run do this side by side, so a file is removed only after it was
 * renamed aside and still named another run: a log another worker put in place meanwhile is put back.
 */
import { closeSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';

/** The names of the IUT logs a run writes. */
export const IUT_LOG_NAME = /^iut-(client|server)(-\d+)?\.log$/;

/** The first line of every IUT log of a run. */
export function iutLogHeader(runId: string): string {
  return `[dmcts] the IUT log of run ${runId}`;
}

/** Whether the file at `path` is an IUT log of this run (false when it is not there). */
export function isLogOfRun(path: string, runId: string): boolean {
  const header = `${iutLogHeader(runId)}\n`;
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(Buffer.byteLength(header));
    const n = readSync(fd, head, 0, head.length, 0);
    return head.subarray(0, n).toString('utf8') === header;
  } finally {
    closeSync(fd);
  }
}

const aside = (path: string, what: string) =>
  join(dirname(path), `.${path.slice(dirname(path).length + 1)}.${process.pid}-${randomBytes(4).toString('hex')}.${what}`);

/** Opens this run's IUT log for appending, replacing a file an earlier run left there; returns its descriptor. */
export function openIutLog(path: string, runId: string): number {
  mkdirSync(dirname(path), { recursive: true });
  if (isLogOfRun(path, runId)) return openSync(path, 'a');
  const fresh = aside(path, 'new');
  const fd = openSync(fresh, 'a');
  try {
    writeSync(fd, `${iutLogHeader(runId)}\n`);
    renameSync(fresh, path);
  } catch (error) {
    closeSync(fd);
    rmSync(fresh, { force: true });
    throw error;
  }
  return fd;
}

/** Removes the IUT logs of earlier runs from `outDir`; returns their names. */
export function removeEarlierIutLogs(outDir: string, runId: string): string[] {
  let names: string[];
  try {
    names = readdirSync(outDir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!IUT_LOG_NAME.test(name)) continue;
    const path = join(outDir, name);
    if (isLogOfRun(path, runId)) continue;
    const stale = aside(path, 'stale');
    try {
      renameSync(path, stale);
    } catch {
      continue; // gone meanwhile
    }
    // Another worker of this run may have put its log in place since the check above: that one stays.
    if (isLogOfRun(stale, runId)) renameSync(stale, path);
    else {
      rmSync(stale, { force: true });
      removed.push(name);
    }
  }
  return removed;
}
