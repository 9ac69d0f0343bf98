/** Starts bench/support/server-process.ts in a child process and talks to it line by line. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  url: string;
  memory(): Promise<{ cpuMs: number; rssKb: number; heapUsedKb: number; peakRssKb: number; devices: number }>;
  stop(): Promise<void>;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function spawnServer(kind: 'dm' | 'bare'): Promise<ServerProcess> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--expose-gc', 'bin/run-ts.mjs', 'bench/support/server-process.ts', kind], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  child.stderr.on('data', (d: Buffer) => process.stderr.write(d));
  const lines: Interface = createInterface({ input: child.stdout });
  const next = () =>
    new Promise<string>((resolve, reject) => {
      const onLine = (line: string) => {
        lines.off('line', onLine);
        child.off('exit', onExit);
        resolve(line);
      };
      const onExit = (code: number | null) => reject(new Error(`the ${kind} server process exited (${code})`));
      lines.on('line', onLine);
      child.once('exit', onExit);
    });
  const ready = await next();
  if (!ready.startsWith('READY ')) throw new Error(`unexpected server output: ${ready}`);
  return {
    url: ready.slice(6),
    memory: async () => {
      const answer = next();
      child.stdin.write('memory\n');
      return JSON.parse(await answer) as Awaited<ReturnType<ServerProcess['memory']>>;
    },
    stop: async () => {
      child.stdin.end();
      await new Promise((r) => child.once('exit', r));
    },
  };
}
