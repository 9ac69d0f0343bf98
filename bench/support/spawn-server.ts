/** Starts bench/support/server-process.ts in a child process and talks to it line by line. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';

/** The notification secret of the benchmark server's devices (DMAcc Auth/Noti/Secret). */
export const BENCH_NOTIFICATION_SECRET = 'bench-noti-secret';

export interface ServerProcess {
  url: string;
  memory(): Promise<{ cpuMs: number; rssKb: number; heapUsedKb: number; peakRssKb: number; devices: number }>;
  /** How many devices hold a WebSocket to the server (P-WS). */
  connected(): Promise<number>;
  /** Sends every device holding a WebSocket a Package#0 over it; how many went, and how long sending took. */
  notifyAll(): Promise<{ sent: number; failed: number; ms: number }>;
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
    connected: async () => {
      const answer = next();
      child.stdin.write('connected\n');
      return (JSON.parse(await answer) as { connected: number }).connected;
    },
    notifyAll: async () => {
      const answer = next();
      child.stdin.write('notify\n');
      return JSON.parse(await answer) as { sent: number; failed: number; ms: number };
    },
    stop: async () => {
      child.stdin.end();
      await new Promise((r) => child.once('exit', r));
    },
  };
}
