/** The dmcts command: dispatches to a subcommand; exit 0 success, 1 failure, 2 bad invocation. */
import { ConfigError } from '../core/config-error.ts';
import './closed-output.ts'; // EPIPE (dmcts list | head -1): the reader went away; no stack trace
import { UsageError } from './usage-error.ts';
import { DMCTS_VERSION } from '../core/version.ts';

const HELP = `dmcts ${DMCTS_VERSION} — conformance and interoperability test suite for OMA DM 2.0

Usage: dmcts <command> [options]     (dmcts <command> --help for each)

Conformance:
  run         run the suite against your DM client or server (ICS + IXIT)
  self-test   run both suites against the reference client and server
  list        the cases and the requirements they check
  report      every report of a results.json: HTML, JUnit XML, Markdown, HAR trace, Allure results
  diff        compare two results.json: regressions, fixes, new and gone cases
  interop     every DM client against every DM server, through a recording proxy (a plugfest matrix)
  load        K simulated devices against a DM server: sessions/s, latency, errors, fan-out
  merge       put the results of the shards of a run (--shard I/N) together: one results.json, every report

Reference peers:
  serve       run the reference DM server
  device      run one reference device (DM client) against a server
  queue       queue a command for a device on a running server (and wait for its Status)
  notify      have a running server send a device a Package#0
  devices     what a running server knows of its devices
  demo        the reference server and a device against each other, all twelve commands
  ut-device   the reference client as an IUT: its upper-tester adapter connects to a harness
  ut-server   the reference server as an IUT: listens for devices, adapter connects to a harness

Options:
  -h, --help      this help
  -v, --version   the dmcts version

Exit codes: 0 success, 1 a failure, 2 a bad invocation or configuration. A conformance run (run,
self-test, and merge of shards): 0 conformant, 1 not conformant (a FAIL), 2 bad invocation or configuration, 3 not
demonstrated (INCONC, ERROR or cases not run; never a certificate), 128 + the signal when stopped
(130 Ctrl-C, 143 SIGTERM) — see dmcts run --help. dmcts queue: 1 when --notify fails, 3 when --wait
runs out before the device's Status (see dmcts queue --help).
`;

type Command = (args: string[]) => Promise<number>;

// Loaded on demand: a command pays only for the modules it uses.
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve.ts')).serveCommand,
  device: async () => (await import('./commands/device.ts')).deviceCommand,
  queue: async () => (await import('./commands/queue.ts')).queueCommand,
  notify: async () => (await import('./commands/notify.ts')).notifyCommand,
  devices: async () => (await import('./commands/devices.ts')).devicesCommand,
  demo: async () => (await import('./commands/demo.ts')).demoCommand,
  run: async () => (await import('./commands/run.ts')).runCommand,
  'self-test': async () => (await import('./commands/self-test.ts')).selfTestCommand,
  list: async () => (await import('./commands/list.ts')).listCommand,
  'ut-device': async () => (await import('./commands/ut-device.ts')).utDeviceCommand,
  'ut-server': async () => (await import('./commands/ut-server.ts')).utServerCommand,
  report: async () => (await import('./commands/report.ts')).reportCommand,
  diff: async () => (await import('./commands/diff.ts')).diffCommand,
  interop: async () => (await import('./commands/interop.ts')).interopCommand,
  load: async () => (await import('./commands/load.ts')).loadCommand,
  merge: async () => (await import('./commands/merge.ts')).mergeCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '-h' || name === '--help' || name === 'help') {
    process.stdout.write(HELP);
    return name === undefined ? 2 : 0;
  }
  if (name === '-v' || name === '--version') {
    process.stdout.write(`${DMCTS_VERSION}\n`);
    return 0;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(`dmcts: unknown command "${name}" (known: ${Object.keys(COMMANDS).join(', ')}; see dmcts --help)\n`);
    return 2;
  }
  try {
    const command = await load();
    return await command(rest);
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`dmcts ${name}: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`dmcts ${name}: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
