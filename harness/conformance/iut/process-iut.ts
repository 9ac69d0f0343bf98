/**
 * An IUT whose adapter is a process the harness starts: the IXIT's command, with DMCTS_UT_URL in its
 * environment. Its output is kept as evidence; it is stopped with SIGTERM, then SIGKILL.
 */
import { spawn } from 'node:child_process';
import { UT_URL_ENV } from '../../protocol/upper-tester.ts';
import { LogBuffer, type IutInstance } from './iut-instance.ts';

const live = new Set<import('node:child_process').ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

export async function startProcessIut(spec: { command: string[]; cwd?: string; env?: Record<string, string> }, utUrl: string): Promise<IutInstance> {
  const [cmd, ...args] = spec.command;
  const logs = new LogBuffer();
  const child = spawn(cmd!, args, {
    cwd: spec.cwd ?? process.cwd(),
    env: { ...process.env, ...(spec.env ?? {}), [UT_URL_ENV]: utUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.stdout.on('data', (d: Buffer) => logs.push(d.toString()));
  child.stderr.on('data', (d: Buffer) => logs.push(d.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', () => resolve());
    child.once('error', (error) => reject(new Error(`cannot start the IUT adapter "${spec.command.join(' ')}": ${error.message}`)));
  });
  void exited.then((code) => {
    live.delete(child);
    logs.add(`[dmcts] the adapter process exited with code ${code}`);
  });
  return {
    description: `process: ${spec.command.join(' ')}`,
    logs: () => logs.all(),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
