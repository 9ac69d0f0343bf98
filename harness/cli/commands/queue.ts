/** `dmcts queue`: queue a command for a device on a running reference server, and optionally wake it and wait for its status. */
import { readFileSync } from 'node:fs';
import { describeStatus } from '../../protocol/status-codes.ts';
import { redact } from '../../security/redact.ts';
import type { QueuedCommand } from '../../server/queued-command.ts';
import { fetchDevice, unknownDevice } from '../known-device.ts';
import { notificationAccepted, notificationText, type NotifyOutcomeJson } from '../notify-outcome.ts';
import { callOperator, findOperator, operatorError, type OperatorAccess } from '../operator-client.ts';
import { inlineJson, printJson, printNote, printText } from '../operator-output.ts';
import { intOption, parseOptions } from '../parse-options.ts';
import { UsageError } from '../usage-error.ts';

/** The exit codes of dmcts queue, as its --help states them. */
export const QUEUE_EXIT = {
  /** Queued; with --wait, the device's Status came back (whatever its code); with --notify, the device took the Package#0. */
  DONE: 0,
  /** --notify failed (not sent, or the device did not answer 202), or the command was lost (its session ended without its Status). */
  FAILED: 1,
  /** A bad invocation: an unknown option, no running server, a device the server does not know (without --create), a command the server refuses. */
  USAGE: 2,
  /** --wait ran out before the device's Status came back: the command stays queued (or sent), its outcome not known yet. */
  NO_STATUS_YET: 3,
} as const;

export const QUEUE_HELP = `dmcts queue — queue a DM command for a device on a running "dmcts serve"

Usage: dmcts queue --dev DEVID [options] COMMAND [PARAMS...]

The command goes out in the device's next session: --notify sends the device a Package#0 so it
opens one now, --wait S waits for the device's Status and prints it. Write a ServerURI as "auto"
to use one the server hosts: HPUT/HPOST/SUB get a new receiver (read what arrives with
"dmcts devices --receiver ID"), an EXEC's result alert comes back to the server, and HGET serves
the --content file.

The device must be one the server knows (it has opened a session there; "dmcts devices" lists
them), so that a mistyped DevID is an error rather than a command that never goes out. --create
queues for a device that has not connected yet.

Examples:
  dmcts queue --dev dev-1 --notify --wait 30 GET 'urn:oma:mo:oma-dm-devinfo:1.0//'
  dmcts queue --dev dev-1 GET 'urn:oma:mo:oma-dm-connmo:1.0/*?fields=APN'
  dmcts queue --dev dev-1 --content connmo.json HGET auto
  dmcts queue --dev dev-1 HPUT auto 'urn:oma:mo:oma-dm-devinfo:1.0//'
  dmcts queue --dev dev-1 EXEC urn:oma:mo:dmcts-diagnostics:1.0/1/Run
  dmcts queue --dev new-phone --create GET 'urn:oma:mo:oma-dm-devinfo:1.0//'

Options:
  --dev DEVID          the device (its OMADM-DevID)
  --create             queue even if the server has never seen this device (it goes out when the
                       device first connects)
  --wait S             wait up to S seconds (0-600) for the device's Status and print it
  --notify             send the device a Package#0 so it opens a session now (needs the
                       notification URL it reported in a session, and the secret given to
                       "dmcts serve --noti-secret")
  --content FILE       MO serialization (JSON array of {ClientURI, MOData}) an "HGET auto" fetches
  --raw                send the command unchecked (to see how a device handles a bad one)
  --state-dir DIR      the server's state directory (default .dmcts-state/server)
  --operator URL --token T
                       reach a server's operator API directly instead
  --json               print the command's record (id, state, Status) as JSON; secrets redacted
  -h, --help           this help

Exit codes:
  0  queued; with --wait, the device's Status came back (whatever its status code: it is printed)
  1  --notify failed (no notification URL or secret known, not delivered, or the device did not
     accept it: an answer other than 202), or the command was lost (its session ended before the
     device's Status); when the notification failed, queue does not wait and the command stays
     queued for the device's next session
  2  a bad invocation: an unknown option, no running server, a device the server does not know
     (check --dev, or add --create), a command the server refuses as invalid
  3  --wait ran out before the Status came back: the command stays queued (or sent); see it later
     with "dmcts devices --dev DEVID"
`;

type QueueResult = QueuedCommand & { receiverId?: string };

async function publishContent(access: OperatorAccess, file: string): Promise<string> {
  let entries: unknown;
  try {
    entries = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`--content ${file}: ${(error as Error).message}`);
  }
  const published = await callOperator(access, 'POST', 'content', { entries });
  if (published.status !== 201) throw new UsageError(`the server refused the --content file ${file}: ${operatorError(published.json)}`);
  return (published.json as { url: string }).url;
}

/** Sends the device a Package#0: whether it accepted it, and a line saying how it went. */
async function notifyDevice(access: OperatorAccess, devId: string): Promise<{ accepted: boolean; line: string }> {
  const notified = await callOperator(access, 'POST', `devices/${encodeURIComponent(devId)}/notify`, {});
  if (notified.status >= 400) return { accepted: false, line: `notification not sent: ${operatorError(notified.json)}` };
  const outcome = notified.json as NotifyOutcomeJson;
  return { accepted: notificationAccepted(outcome), line: notificationText(devId, outcome) };
}

const pending = (r: QueueResult) => r.state === 'queued' || r.state === 'sent';

/** Polls the command until it ends or the deadline passes (each poll bounded by the time left). */
async function waitForStatus(access: OperatorAccess, result: QueueResult, deadline: number): Promise<QueueResult> {
  let current = result;
  while (pending(current) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, Math.min(200, Math.max(deadline - Date.now(), 0))));
    const left = Math.max(deadline - Date.now(), 1000);
    const res = await callOperator(access, 'GET', `commands/${encodeURIComponent(current.id)}`, undefined, left + 5000);
    if (res.status >= 400) throw new UsageError(`the server lost track of command ${current.id}: ${operatorError(res.json)}`);
    current = res.json as QueueResult;
  }
  return current;
}

/** What became of the command; `hint` ends the line of a command still queued. */
function resultText(name: string, r: QueueResult, hint: string): string {
  if (r.status) {
    let out = `${name} -> ${describeStatus(r.status.sc)}  URI ${inlineJson(r.status.URI)}\n`;
    if (r.status.Data !== undefined) out += `${JSON.stringify(redact(r.status.Data), null, 2)}\n`;
    if (r.receiverId) out += `receiver ${r.receiverId}: dmcts devices --receiver ${r.receiverId}\n`;
    return out;
  }
  if (r.state === 'lost') return `${name} ${r.id} was lost: ${r.reason ?? 'its session ended before the device answered it'}\n`;
  return `queued ${name} as ${r.id} (${r.state}${r.reason ? `: ${r.reason}` : ''}); it goes out in the device's next session${hint}\n`;
}

export async function queueCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseOptions(
    'queue',
    args,
    {
      dev: { type: 'string' },
      create: { type: 'boolean', default: false },
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
    return QUEUE_EXIT.DONE;
  }
  if (!values.dev) throw new UsageError('--dev is required: the DevID of the device (see: dmcts queue --help)');
  if (positionals.length === 0) throw new UsageError('no command given, e.g. dmcts queue --dev dev-1 GET "urn:oma:mo:oma-dm-devinfo:1.0//"');
  const devId = values.dev;
  const waitS = intOption('wait', values.wait, 0, 0, 600);
  const access = findOperator(values);
  if (!values.create && !(await fetchDevice(access, devId)))
    throw unknownDevice(access, devId, 'or add --create to queue for a device that has not connected yet');
  const command = [positionals[0]!.toUpperCase(), ...positionals.slice(1)];
  if (command[0] === 'HGET' && command[1] === 'auto') {
    if (!values.content) throw new UsageError('"HGET auto" needs --content FILE: the MO serialization the device is to fetch');
    command[1] = await publishContent(access, values.content);
  }
  const queued = await callOperator(
    access,
    'POST',
    `devices/${encodeURIComponent(devId)}/commands`,
    { command, raw: values.raw, waitMs: values.notify ? 0 : waitS * 1000 },
    (waitS + 15) * 1000,
  );
  if (queued.status >= 400) throw new UsageError(`the server refused the command: ${operatorError(queued.json)}`);
  let result = queued.json as QueueResult;
  let exit: number = QUEUE_EXIT.DONE;
  if (values.notify) {
    const notified = await notifyDevice(access, devId);
    if (!notified.accepted) {
      printNote(`${notified.line}; the command stays queued for the device's next session`);
      exit = QUEUE_EXIT.FAILED;
    } else {
      printNote(notified.line);
      if (waitS > 0) result = await waitForStatus(access, result, Date.now() + waitS * 1000);
    }
  }
  if (exit === QUEUE_EXIT.DONE) {
    if (result.state === 'lost') exit = QUEUE_EXIT.FAILED;
    else if (waitS > 0 && pending(result)) {
      exit = QUEUE_EXIT.NO_STATUS_YET;
      printNote(
        `no Status from ${devId} within --wait ${waitS} s: the command is ${result.state === 'sent' ? 'sent, its Status not back yet' : 'still queued (the device has not opened a session)'}; see it later with dmcts devices --dev ${devId}`,
      );
    }
  }
  if (values.json) printJson(result);
  else {
    const hint = exit === QUEUE_EXIT.FAILED ? '' : waitS > 0 ? ' — no Status yet' : ' (add --wait 30 to wait for its Status)';
    printText(resultText(command[0]!, result, hint));
  }
  return exit;
}
