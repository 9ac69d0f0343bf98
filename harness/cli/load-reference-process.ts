/**
 * Starts the reference server of `dmcts load --reference` (load-reference-server.ts) as a child process
 * and talks to it line by line: its DM URL and pid, the sessions it saw, and Package#0s to devices.
 * Every wait is bounded; the child is killed if it does not stop when asked.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { LoadServerConfig } from './load-reference-server.ts';

export interface LoadReferenceServer {
  dmUrl: string;
  pid: number;
  stats(): Promise<{ sessions: number; devices: number; wsConnected: number }>;
  notify(devIds: string[]): Promise<{ sent: number; failed: number; ms: number }>;
  stop(): Promise<void>;
}

const RUN_TS = fileURLToPath(new URL('../../bin/run-ts.mjs', import.meta.url));
const ENTRY = fileURLToPath(new URL('./load-reference-server.ts', import.meta.url));
const START_MS = 30_000;

export async function startLoadReferenceServer(config: LoadServerConfig): Promise<LoadReferenceServer> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [RUN_TS, ENTRY, JSON.stringify(config)], { stdio: 'pipe' });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    if (stderr.length < 4000) stderr += d.toString();
  });
  const lines = createInterface({ input: child.stdout });
  const queue: Array<(line: string) => void> = [];
  lines.on('line', (line) => queue.shift()?.(line));
  const next = (what: string, ms: number) =>
    new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the reference server process did not answer "${what}" within ${ms} ms`)), ms);
      const onExit = (code: number | null) => {
        clearTimeout(timer);
        reject(new Error(`the reference server process exited (${code})${stderr ? `: ${stderr.trim().slice(0, 1000)}` : ''}`));
      };
      child.once('exit', onExit);
      queue.push((line) => {
        clearTimeout(timer);
        child.off('exit', onExit);
        resolve(line);
      });
    });
  const ready = await next('READY', START_MS).catch((error: Error) => {
    child.kill('SIGKILL');
    throw error;
  });
  if (!ready.startsWith('READY ')) {
    child.kill('SIGKILL');
    throw new Error(`the reference server process said "${ready.slice(0, 200)}" instead of READY`);
  }
  const ask = async <T>(line: string, what: string, ms: number): Promise<T> => {
    const answer = next(what, ms);
    child.stdin.write(`${line}\n`);
    return JSON.parse(await answer) as T;
  };
  return {
    dmUrl: ready.slice(6),
    pid: child.pid!,
    stats: () => ask('stats', 'stats', 10_000),
    notify: (devIds) => ask(`notify ${JSON.stringify(devIds)}`, 'notify', 120_000),
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
