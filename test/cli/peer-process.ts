/**
 * A long-running dmcts process (`dmcts serve`, `dmcts device`) started through bin/dmcts.mjs as a
 * user starts it, what it printed so far, a bounded wait for it to be ready, and its stop (SIGTERM,
 * then SIGKILL after 5 s). For the CLI tests that run peers as separate processes.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const BIN = join(ROOT, 'bin/dmcts.mjs');

/** One peer process and what it printed so far (stdout and stderr, as they came). */
export interface Peer {
  child: ChildProcess;
  output: () => string;
}

export function startPeer(args: string[]): Peer {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString('utf8')));
  return { child, output: () => text };
}

/** Waits until `ready()` holds, failing (with what the peer printed) when it exits first or `timeoutMs` passes. */
export async function until(what: string, peer: Peer, ready: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (peer.child.exitCode !== null) throw new Error(`${what} exited with ${peer.child.exitCode} before it was ready:\n${peer.output()}`);
    if (Date.now() > deadline) throw new Error(`${what} not ready within ${timeoutMs} ms:\n${peer.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export function stopPeer(peer: Peer): Promise<void> {
  if (peer.child.exitCode !== null || peer.child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => peer.child.kill('SIGKILL'), 5000);
    peer.child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    peer.child.kill('SIGTERM');
  });
}
