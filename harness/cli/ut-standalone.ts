/**
 * The life of a standalone upper-tester adapter (`dmcts ut-device`, `dmcts ut-server`): connect to the
 * harness at --ut-url (default DMCTS_UT_URL), retrying while nothing listens there yet (bounded by
 * --connect-timeout), serve the harness until it closes the channel, then stop — or, with
 * --reconnect, wait for the next run. SIGINT and SIGTERM stop it cleanly at any point. Exit 0 on a
 * clean stop, 1 when the harness cannot be reached or refuses the adapter.
 */
import { UT_URL_ENV } from '../protocol/upper-tester.ts';
import { UsageError } from './usage-error.ts';

/** The upper-tester URL from --ut-url or DMCTS_UT_URL, checked. */
export function utUrlOption(value: string | undefined, command: string): string {
  const url = value ?? process.env[UT_URL_ENV];
  if (!url) {
    throw new UsageError(
      `--ut-url is required (or set ${UT_URL_ENV}): the harness's upper-tester URL, e.g. ws://127.0.0.1:7311/ut. ` +
        `dmcts run sets ${UT_URL_ENV} itself for process and container adapters (see: dmcts ${command} --help)`,
    );
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`the upper-tester URL "${url}" is not a URL (e.g. ws://127.0.0.1:7311/ut)`);
  }
  if (parsed.protocol !== 'ws:' && parsed.protocol !== 'wss:')
    throw new UsageError(`the upper-tester URL must be ws:// or wss://, not ${parsed.protocol} (${url})`);
  return url;
}

/** One connection's worth of adapter: resolves `closed` when the harness ends it. */
export interface AdapterSession {
  closed: Promise<void>;
  stop(): Promise<void>;
}

export interface StandaloneOptions {
  utUrl: string;
  /** How long to keep retrying while nothing listens at the URL (first connection). */
  connectTimeoutMs: number;
  /** After the harness closes the channel, connect again (for a remote adapter serving several runs). */
  reconnect: boolean;
  connect: () => Promise<AdapterSession>;
  /** Progress lines (stdout); errors go to stderr. */
  say: (line: string) => void;
  command: string;
}

// Nothing listens yet (or the network is not up yet): worth another try.
const TRANSIENT = /ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EAI_AGAIN|ENOTFOUND|handshake has timed out|socket hang up/;

export async function runStandaloneAdapter(options: StandaloneOptions): Promise<number> {
  let stopRequested: ((signal: NodeJS.Signals) => void) | undefined;
  const stopSignal = new Promise<NodeJS.Signals>((resolve) => (stopRequested = resolve));
  const onSignal = (signal: NodeJS.Signals) => stopRequested!(signal);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let stopping: NodeJS.Signals | undefined;
  void stopSignal.then((s) => (stopping = s));
  const pause = (ms: number) => Promise.race([new Promise((r) => setTimeout(r, ms)), stopSignal]);
  try {
    let first = true;
    for (;;) {
      // Connect, retrying while nothing listens at the URL.
      const deadline = first || !options.reconnect ? Date.now() + options.connectTimeoutMs : Number.POSITIVE_INFINITY;
      let session: AdapterSession | undefined;
      let waitingSaid = false;
      while (!session && !stopping) {
        try {
          session = await options.connect();
        } catch (error) {
          const message = (error as Error).message;
          if (!TRANSIENT.test(message)) {
            process.stderr.write(`dmcts ${options.command}: ${message}\n`);
            return 1;
          }
          if (Date.now() >= deadline) {
            process.stderr.write(
              `dmcts ${options.command}: ${message} (gave up after ${Math.round(options.connectTimeoutMs / 1000)} s: is dmcts run listening there? a remote IXIT needs a fixed harness.utPort)\n`,
            );
            return 1;
          }
          if (!waitingSaid) options.say(`waiting for the harness at ${options.utUrl} ...`);
          waitingSaid = true;
          await pause(500);
        }
      }
      if (stopping || !session) {
        await session?.stop();
        options.say(`stopped (${stopping})`);
        return 0;
      }
      first = false;
      options.say(`connected to the upper tester at ${options.utUrl}`);
      const why = await Promise.race([session.closed.then(() => 'closed' as const), stopSignal]);
      await session.stop();
      if (why !== 'closed') {
        options.say(`stopped (${why})`);
        return 0;
      }
      options.say('the harness closed the upper tester');
      if (!options.reconnect) return 0;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
