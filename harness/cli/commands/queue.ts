/** `dmcts queue`: queue a command for a device on a running reference server, and optionally wait for its status. */
import { readFileSync } from 'node:fs';
import { describeStatus } from '../../protocol/status-codes.ts';
import { callOperator, findOperator } from '../operator-client.ts';
import { intOption, parseOptions } from '../parse-options.ts';
import { UsageError } from '../usage-error.ts';

export const QUEUE_HELP = `dmcts queue — queue a DM command for a device on a running "dmcts serve"

Usage: dmcts queue --dev DEVID [options] COMMAND [PARAMS...]

The command goes out in the device's next session. Write a ServerURI as "auto" to use one the
server hosts: HPUT/HPOST/SUB get a new receiver, an EXEC's result alert comes back to the server,
and HGET serves the --content file.

Examples:
  dmcts queue --dev dev-1 --notify --wait 30 GET 'urn:oma:mo:oma-dm-devinfo:1.0//'
  dmcts queue --dev dev-1 GET 'urn:oma:mo:oma-dm-connmo:1.0/*?fields=APN'
  dmcts queue --dev dev-1 --content connmo.json HGET auto
  dmcts queue --dev dev-1 HPUT auto 'urn:oma:mo:oma-dm-devinfo:1.0//'
  dmcts queue --dev dev-1 EXEC urn:oma:mo:dmcts-diagnostics:1.0/1/Run

Options:
  --dev DEVID          the device (its OMADM-DevID)
  --wait S             wait up to S seconds for the device's Status and print it
  --notify             send the device a Package#0 so it opens a session now
  --content FILE       MO serialization (JSON array of {ClientURI, MOData}) an "HGET auto" fetches
  --raw                send the command unchecked (to see how a device handles a bad one)
  --state-dir DIR      the server's state directory (default .dmcts-state/server)
  --operator URL --token T
                       reach a server's operator API directly instead
  --json               print the whole result as JSON
  -h, --help           this help
`;

export async function queueCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    'queue',
    args,
    {
      dev: { type: 'string' },
      wait: { type: 'string' },
      notify: { type: 'boolean', default: false },
      content: { type: 'string' },
      raw: { type: 'boolean', default: false },
      'state-dir': { type: 'string' },
      operator: { type: 'string' },
      token: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    },
    true,
  );
  if (values.help) {
    process.stdout.write(QUEUE_HELP);
    return 0;
  }
  if (!values.dev) throw new UsageError('--dev is required: the DevID of the device (see: dmcts queue --help)');
  if (positionals.length === 0) throw new UsageError('no command given, e.g. dmcts queue --dev dev-1 GET "urn:oma:mo:oma-dm-devinfo:1.0//"');
  const waitS = intOption('wait', values.wait, 0, 0, 600);
  const access = findOperator(values);
  const command = [positionals[0]!.toUpperCase(), ...positionals.slice(1)];
  if (command[0] === 'HGET' && command[1] === 'auto') {
    if (!values.content) throw new UsageError('"HGET auto" needs --content FILE: the MO serialization the device is to fetch');
    let entries: unknown;
    try {
      entries = JSON.parse(readFileSync(values.content, 'utf8'));
    } catch (error) {
      throw new UsageError(`--content ${values.content}: ${(error as Error).message}`);
    }
    const published = await callOperator(access, 'POST', 'content', { entries });
    if (published.status !== 201) throw new UsageError(`the server refused the content: ${JSON.stringify(published.json)}`);
    command[1] = (published.json as { url: string }).url;
  }
  const dev = encodeURIComponent(values.dev);
  const queued = await callOperator(
    access,
    'POST',
    `devices/${dev}/commands`,
    { command, raw: values.raw, waitMs: values.notify ? 0 : waitS * 1000 },
    (waitS + 15) * 1000,
  );
  if (queued.status >= 400) throw new UsageError(`the server refused the command: ${(queued.json as { error?: string }).error ?? JSON.stringify(queued.json)}`);
  let result = queued.json as { id: string; state: string; status?: { sc: number; URI: string[]; Data?: unknown }; reason?: string; receiverId?: string };
  if (values.notify) {
    const notified = await callOperator(access, 'POST', `devices/${dev}/notify`, {});
    if (notified.status >= 400) process.stderr.write(`notification not sent: ${(notified.json as { error?: string }).error}\n`);
    else process.stderr.write(`Package#0 sent to ${values.dev}\n`);
    const deadline = Date.now() + waitS * 1000;
    while (waitS > 0 && Date.now() < deadline && (result.state === 'queued' || result.state === 'sent')) {
      await new Promise((r) => setTimeout(r, 200));
      result = (await callOperator(access, 'GET', `commands/${encodeURIComponent(result.id)}`)).json as typeof result;
    }
  }
  if (values.json) {
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
  } else if (result.status) {
    process.stdout.write(`${command[0]} -> ${describeStatus(result.status.sc)}  URI ${JSON.stringify(result.status.URI)}\n`);
    if (result.status.Data !== undefined) process.stdout.write(`${JSON.stringify(result.status.Data, null, 2)}\n`);
    if (result.receiverId) process.stdout.write(`receiver ${result.receiverId}: dmcts devices --receiver ${result.receiverId}\n`);
  } else {
    process.stdout.write(
      `queued ${command[0]} as ${result.id} (${result.state}${result.reason ? `: ${result.reason}` : ''}); it goes out in the device's next session${waitS ? ' — no status yet' : ' (add --wait 30 to wait for its status)'}\n`,
    );
  }
  return 0;
}
