/**
 * IUTs must not outlive their run. The test worker that starts an IUT process or container leaves a
 * marker of it in a directory of the run (in the OS temp directory), removed when the IUT ends, and
 * IUT containers carry the run's label. Test workers are killed when the test runner closes, without
 * stopping anything, so the run's main process then calls stopLeftovers(): each marked process group
 * gets SIGTERM, then SIGKILL after a grace period, and every container labelled with the run's ID is
 * stopped and removed. A signal to the main process during the run does the same (stopIutsOnSignal),
 * and a worker whose main process dies stops its own IUTs (orphan-guard.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { constants, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Docker label every IUT container of a run carries (value: the run ID). */
export const RUN_LABEL = 'dmcts.run';

type Marker = { kind: 'process'; pid: number; startTicks?: string; command: string } | { kind: 'container'; id: string; image: string };

export function leftoversDir(runId: string): string {
  return join(tmpdir(), 'dmcts-runs', runId.replace(/[^A-Za-z0-9._-]/g, '_'));
}

/** The start time of a process in clock ticks (Linux), to tell it from a later process with the same PID. */
export function processStartTicks(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/** Records that the run starts containers: at its end, Docker is asked for containers with its label. */
export function noteDockerUse(runId: string): void {
  const dir = leftoversDir(runId);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'uses-docker'), '');
}

/** Records a live IUT; returns the function that forgets it (call it once the IUT is stopped). */
export function noteLeftover(runId: string, marker: Marker): () => void {
  const dir = leftoversDir(runId);
  mkdirSync(dir, { recursive: true });
  const name = marker.kind === 'process' ? `process-${marker.pid}.json` : `container-${marker.id.slice(0, 12)}.json`;
  if (marker.kind === 'container') noteDockerUse(runId);
  writeFileSync(join(dir, name), JSON.stringify(marker));
  return () => {
    rmSync(join(dir, name), { force: true });
    if (marker.kind === 'process') {
      try {
        rmdirSync(dir); // the last marker of a run without containers: nothing left to look for
      } catch {
        // not empty
      }
    }
  };
}

/** State and process group of a process from /proc (Linux), or undefined. */
function procStat(pid: number | string): { state: string; pgrp: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, pgrp: Number(fields[2]) };
  } catch {
    return undefined;
  }
}

const HAS_PROC = existsSync('/proc/self/stat');

/** Alive and not a zombie (a zombie has ended; only its parent has not collected it yet). */
function alive(pid: number): boolean {
  if (HAS_PROC) {
    const st = procStat(pid);
    return st !== undefined && st.state !== 'Z' && st.state !== 'X';
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}

/** Whether any live (non-zombie) process is left in the process group led by pid. */
function groupAlive(pid: number): boolean {
  if (HAS_PROC) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const st = procStat(entry);
      if (st && st.pgrp === pid && st.state !== 'Z' && st.state !== 'X') return true;
    }
    return false;
  }
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM' || alive(pid);
  }
}

/**
 * SIGTERM to the process group (the IUT and whatever it started), then SIGKILL after graceMs if any
 * of it is still there. Returns true when SIGKILL was needed.
 */
export async function terminateGroup(pid: number, graceMs: number): Promise<boolean> {
  signalGroup(pid, 'SIGTERM');
  const until = Date.now() + graceMs;
  while (groupAlive(pid) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
  if (!groupAlive(pid)) return false;
  signalGroup(pid, 'SIGKILL');
  return true;
}

export interface Leftover {
  what: string;
  /** It ignored SIGTERM (or docker stop) for the whole grace period and had to be killed. */
  killed: boolean;
}

/** Stops what the run's workers left running (SIGTERM, SIGKILL after graceMs); one entry per IUT it stopped. */
export async function stopLeftovers(runId: string, graceMs = 5_000): Promise<Leftover[]> {
  const dir = leftoversDir(runId);
  if (!existsSync(dir)) return [];
  const stopped: Leftover[] = [];
  const markers: Marker[] = [];
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    try {
      markers.push(JSON.parse(readFileSync(join(dir, name), 'utf8')) as Marker);
    } catch {
      // a marker being written when the worker died: nothing to act on
    }
  }
  await Promise.all(
    markers.map(async (m) => {
      if (m.kind !== 'process' || !groupAlive(m.pid)) return;
      if (m.startTicks && alive(m.pid) && processStartTicks(m.pid) !== m.startTicks) return; // the PID is another process's now
      const killed = await terminateGroup(m.pid, graceMs);
      stopped.push({ what: `IUT process ${m.pid} (${m.command})`, killed });
    }),
  );
  if (existsSync(join(dir, 'uses-docker'))) {
    try {
      const { connectDocker } = await import('./docker-engine.ts');
      const docker = (await connectDocker()).container.dockerode;
      const left = await docker.listContainers({ all: true, filters: JSON.stringify({ label: [`${RUN_LABEL}=${runId}`] }) });
      for (const c of left) {
        const container = docker.getContainer(c.Id);
        if (c.State === 'running') {
          const started = Date.now();
          await container.stop({ t: Math.ceil(graceMs / 1000) }).catch(() => undefined);
          stopped.push({ what: `IUT container ${c.Id.slice(0, 12)} (${c.Image})`, killed: Date.now() - started >= graceMs });
        }
        await container.remove({ force: true }).catch(() => undefined);
      }
    } catch (error) {
      stopped.push({ what: `(could not look for leftover containers labelled ${RUN_LABEL}=${runId}: ${(error as Error).message})`, killed: false });
    }
  }
  rmSync(dir, { recursive: true, force: true });
  return stopped;
}

/** Sends a signal to every live marked process group of a run, at once (synchronous). */
export function signalLeftovers(runId: string, signal: NodeJS.Signals): number {
  const dir = leftoversDir(runId);
  if (!existsSync(dir)) return 0;
  let sent = 0;
  for (const name of readdirSync(dir)) {
    if (!name.startsWith('process-')) continue;
    try {
      const m = JSON.parse(readFileSync(join(dir, name), 'utf8')) as Marker;
      if (m.kind === 'process' && groupAlive(m.pid)) {
        signalGroup(m.pid, signal);
        sent += 1;
      }
    } catch {
      // unreadable marker
    }
  }
  return sent;
}

/**
 * Hands the run's leftovers to a detached process that outlives this one: SIGKILL after the grace
 * period for what ignores SIGTERM, and removal of the run's containers (docker stop can take seconds).
 */
export function handOverLeftovers(runId: string): void {
  if (!existsSync(leftoversDir(runId))) return;
  const runTs = fileURLToPath(new URL('../../../bin/run-ts.mjs', import.meta.url));
  const main = fileURLToPath(new URL('./stop-leftovers-main.ts', import.meta.url));
  spawn(process.execPath, [runTs, main, runId], { detached: true, stdio: 'ignore' }).unref();
}

/**
 * While a run goes on, Ctrl-C, SIGTERM or SIGHUP to the run's main process stops the run's IUTs:
 * `before` runs (e.g. writing what the results have so far), every IUT process group gets SIGTERM at
 * once, and a detached process finishes the job (SIGKILL after the grace period, containers) while
 * this one exits with 128 + the signal's number — vitest's own handler exits right after ours, so
 * nothing here may wait. Returns the function that removes the handlers.
 */
/**
 * Signal handling of a run. With `graceful`, the first SIGINT (Ctrl-C) only asks the run to end (it
 * finishes the current case and writes its reports); a second SIGINT, SIGTERM or SIGHUP stops the
 * IUTs and exits at once (results.json, written case by case, stays valid and says it is incomplete).
 */
export function stopIutsOnSignal(runId: string, before?: (signal: NodeJS.Signals) => void, graceful?: (signal: NodeJS.Signals) => void): () => void {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  let asked = false;
  const release = () => {
    for (const s of signals) process.off(s, handler);
  };
  function handler(signal: NodeJS.Signals): void {
    if (graceful && !asked && signal === 'SIGINT') {
      asked = true;
      process.stderr.write(`\ndmcts: ${signal}: ending the run after the current case and writing the reports (${signal} again to stop at once)\n`);
      graceful(signal);
      return;
    }
    release();
    try {
      before?.(signal);
    } catch {
      // the results are best effort here; stopping the IUTs is not
    }
    process.stderr.write(`\ndmcts: ${signal}: stopping the IUT, then exiting\n`);
    signalLeftovers(runId, 'SIGTERM');
    handOverLeftovers(runId);
    process.exitCode = 128 + (constants.signals[signal] ?? 1);
    setTimeout(() => process.exit(), 50);
  }
  for (const s of signals) process.on(s, handler);
  return release;
}
