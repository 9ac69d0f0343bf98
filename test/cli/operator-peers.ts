/**
 * For the operator-command tests: a reference server ("dmcts serve --plain" on a free port, its state
 * in a fresh directory) and reference devices ("dmcts device") as separate processes, as a user
 * starts them, and the dmcts command run through bin/dmcts.mjs against that server. Every wait is
 * bounded; stop() ends exactly the processes started here.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, type Peer, ROOT, startPeer, stopPeer, until } from './peer-process.ts';

export interface CliRun {
  /** The command line, for messages. */
  line: string;
  code: number | null;
  out: string;
  err: string;
  ms: number;
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
