/**
 * An IUT whose adapter is a process the harness starts: the IXIT's command, in its cwd, with the IXIT's
 * env, DMCTS_UT_URL and DMCTS_INSTANCE (1, or 1..k with --parallel k). Its readiness is its adapter's ut.hello (the hub waits for it); if the process
 * exits first, `ended` says so at once with its exit code, so the run does not sit out the ready
 * timeout. Its output is kept as evidence (the last lines in memory, all of it in <out>/iut-<role>.log, iut-<role>-<instance>.log with --parallel).
 * It runs in its own process group, so stopping it reaches whatever it started (a shell, npx): SIGTERM,
 * then SIGKILL after a grace period. A marker of the run lets the run's main process stop it even if
 * the test worker dies first (run-leftovers.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { UT_URL_ENV } from '../../protocol/upper-tester.ts';
import { LogBuffer, type IutInstance } from './iut-instance.ts';
import { INSTANCE_ENV, type IutRunContext } from './iut-run-context.ts';
import { stopIfHarnessGone } from './orphan-guard.ts';
import { noteLeftover, processStartTicks, terminateGroup } from './run-leftovers.ts';

export interface ProcessSpec {
  command: string[];
  cwd?: string;
  env?: Record<string, string>;
}

/** How long a stopped IUT gets between SIGTERM and SIGKILL. */
export const STOP_GRACE_MS = 5_000;

const live = new Set<ChildProcess>();
process.on('exit', () => {
  // A worker that exits on its own asks its IUTs to stop; the run's main process follows up (run-leftovers).
  for (const child of live) {
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      // gone
    }
  }
});

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  return signal ? `was killed by ${signal}` : `exited with code ${code}`;
}

export async function startProcessIut(spec: ProcessSpec, utUrl: string, context?: IutRunContext): Promise<IutInstance> {
  const [cmd, ...args] = spec.command;
  const shown = spec.command.join(' ');
  const cwd = resolve(spec.cwd ?? process.cwd());
  if (!existsSync(cwd) || !statSync(cwd).isDirectory()) {
    throw new Error(`the IXIT's adapter.cwd ${cwd} is not a directory (fix adapter.cwd; a relative one is taken from the IXIT file's directory)`);
  }
  const logs = new LogBuffer(context?.logFile, context?.runId);
  logs.add(`[dmcts] starting the IUT adapter: ${shown} (in ${cwd}, ${UT_URL_ENV}=${utUrl}, ${INSTANCE_ENV}=${context?.instance ?? 1})`);
  const child = spawn(cmd!, args, {
    cwd,
    env: { ...process.env, ...(spec.env ?? {}), [UT_URL_ENV]: utUrl, [INSTANCE_ENV]: String(context?.instance ?? 1) },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  // One decoder per stream keeps a UTF-8 character split across chunks whole; the buffer bounds each line.
  const outText = new StringDecoder('utf8');
  const errText = new StringDecoder('utf8');
  child.stdout!.on('data', (d: Buffer) => logs.push(outText.write(d)));
  child.stderr!.on('data', (d: Buffer) => logs.push(errText.write(d)));
  await new Promise<void>((done, fail) => {
    child.once('spawn', () => done());
    child.once('error', (error) => {
      const hint = (error as NodeJS.ErrnoException).code === 'ENOENT' ? ` (is "${cmd}" installed and on PATH? check the IXIT's adapter.command)` : '';
      fail(new Error(`cannot start the IUT adapter "${shown}": ${error.message}${hint}`));
    });
  });
  live.add(child);
  const forget = context
    ? noteLeftover(context.runId, { kind: 'process', pid: child.pid!, command: shown, ...ifDefined(processStartTicks(child.pid!)) })
    : () => {};

  let stopping = false;
  const unguard = stopIfHarnessGone(() => stop());
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      forget();
      unguard();
      // The last lines may still be in the pipes: wait for them briefly (a grandchild may hold them open).
      let finished = false;
      const timer = setTimeout(finish, 300);
      child.once('close', finish);
      function finish() {
        if (finished) return;
        finished = true;
        clearTimeout(timer);
        logs.flush();
        logs.add(`[dmcts] the adapter process ${describeExit(code, signal)}${stopping ? ' (stopped by the harness)' : ''}`);
        done({ code, signal });
      }
    });
  });
  const ended = exited.then(({ code, signal }) => (stopping ? new Promise<string>(() => {}) : `the adapter process ${describeExit(code, signal)}`));

  async function stop(): Promise<void> {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await terminateGroup(child.pid!, STOP_GRACE_MS);
    await exited;
  }
  return { description: `process: ${shown}`, logs: () => logs.all(), logMark: () => logs.mark(), logsSince: (m: number) => logs.since(m), ended, stop };
}

function ifDefined(startTicks: string | undefined): { startTicks?: string } {
  return startTicks ? { startTicks } : {};
}
