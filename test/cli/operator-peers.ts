/**
 * For the operator-command tests: a reference server ("dmcts serve --plain" on a free port, its state
 * in a fresh directory) and reference devices ("dmcts device") as separate processes, as a user
 * starts them, and the dmcts command run through bin/dmcts.mjs against that server. Every wait is
 * bounded; stop() ends exactly the processes started here.
 */
import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = join(ROOT, 'bin/dmcts.mjs');

export interface CliRun {
  /** The command line, for messages. */
  line: string;
  code: number | null;
  out: string;
  err: string;
  ms: number;
}

/** One peer process and what it printed so far. */
interface Peer {
  child: ChildProcess;
  output: () => string;
}

function startPeer(args: string[]): Peer {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString('utf8')));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString('utf8')));
  return { child, output: () => text };
}

async function until(what: string, peer: Peer, ready: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (peer.child.exitCode !== null) throw new Error(`${what} exited with ${peer.child.exitCode} before it was ready:\n${peer.output()}`);
    if (Date.now() > deadline) throw new Error(`${what} not ready within ${timeoutMs} ms:\n${peer.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stopPeer(peer: Peer): Promise<void> {
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

export interface OperatorPeers {
  stateDir: string;
  /** The server's base URL. */
  url: string;
  /** The operator API token the server wrote to its state directory. */
  token: string;
  /** Starts a reference device that opens its first session at once; resolves after that session. */
  device(devId: string, notiSecret?: string): Promise<void>;
  /** dmcts with these arguments, pointed at this server (--state-dir added), as a user runs it. */
  dmcts(...args: string[]): Promise<CliRun>;
  stop(): Promise<void>;
}

/** dmcts with these arguments through bin/dmcts.mjs; at most `timeoutMs`. */
export function runDmcts(args: string[], timeoutMs = 60_000): Promise<CliRun> {
  const started = Date.now();
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', timeout: timeoutMs }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      resolve({ line: `dmcts ${args.join(' ')}`, code, out: stdout, err: stderr, ms: Date.now() - started });
    });
  });
}

export async function startOperatorPeers(options: { notiSecret?: string } = {}): Promise<OperatorPeers> {
  const dir = mkdtempSync(join(tmpdir(), 'dmcts-operator-'));
  const stateDir = join(dir, 'server');
  const operatorFile = join(stateDir, 'operator.json');
  const server = startPeer([
    'serve',
    '--plain',
    '--port',
    '0',
    '--quiet',
    '--state-dir',
    stateDir,
    ...(options.notiSecret ? ['--noti-secret', options.notiSecret] : []),
  ]);
  const peers: Peer[] = [server];
  const stop = async () => {
    for (const peer of peers.reverse()) await stopPeer(peer);
  };
  try {
    await until('dmcts serve', server, () => server.output().includes('Ctrl-C stops the server') && existsSync(operatorFile), 30_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const access = JSON.parse(readFileSync(operatorFile, 'utf8')) as { url: string; token: string };
  return {
    stateDir,
    url: access.url,
    token: access.token,
    async device(devId, notiSecret) {
      const device = startPeer([
        'device',
        '--plain',
        '--quiet',
        '--server',
        `${access.url}/dm`,
        '--dev-id',
        devId,
        '--state',
        join(dir, `device-${devId}.json`),
        ...(notiSecret ? ['--noti-secret', notiSecret] : []),
      ]);
      peers.push(device);
      await until(`dmcts device ${devId}`, device, () => device.output().includes('Enter opens a new session'), 30_000);
    },
    dmcts: (...args) => runDmcts([...args, '--state-dir', stateDir]),
    stop,
  };
}
