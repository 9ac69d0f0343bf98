/** The dmcts command: dispatches to a subcommand; exit 0 success, 1 failure, 2 bad invocation. */
import { demoCommand } from './commands/demo.ts';
import { deviceCommand } from './commands/device.ts';
import { devicesCommand } from './commands/devices.ts';
import { notifyCommand } from './commands/notify.ts';
import { queueCommand } from './commands/queue.ts';
import { serveCommand } from './commands/serve.ts';
import { UsageError } from './usage-error.ts';
import { DMCTS_VERSION } from './version.ts';

const HELP = `dmcts ${DMCTS_VERSION} — conformance and interoperability test suite for OMA DM 2.0

Usage: dmcts <command> [options]     (dmcts <command> --help for each)

Reference peers:
  serve       run the reference DM server
  device      run one reference device (DM client) against a server
  queue       queue a command for a device on a running server (and wait for its Status)
  notify      have a running server send a device a Package#0
  devices     what a running server knows of its devices
  demo        the reference server and a device against each other, all twelve commands

Options:
  -h, --help      this help
  -v, --version   the dmcts version

Exit codes: 0 success, 1 a failure, 2 a bad invocation or configuration.
`;

const COMMANDS: Record<string, (args: string[]) => Promise<number>> = {
  serve: serveCommand,
  device: deviceCommand,
  queue: queueCommand,
  notify: notifyCommand,
  devices: devicesCommand,
  demo: demoCommand,
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
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`dmcts: unknown command "${name}" (known: ${Object.keys(COMMANDS).join(', ')}; see dmcts --help)\n`);
    return 2;
  }
  try {
    return await command(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`dmcts ${name}: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`dmcts ${name}: internal error: ${(error as Error).stack ?? String(error)}\n`);
    return 1;
  }
}
