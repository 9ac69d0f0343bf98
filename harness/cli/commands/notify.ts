/** `dmcts notify`: have a running reference server send a device a Package#0. */
import { fetchDevice, unknownDevice } from '../known-device.ts';
import { notificationAccepted, notificationText, type NotifyOutcomeJson } from '../notify-outcome.ts';
import { callOperator, findOperator, operatorError } from '../operator-client.ts';
import { printJson, printNote, printText } from '../operator-output.ts';
import { parseOptions } from '../parse-options.ts';
import { UsageError } from '../usage-error.ts';

export const NOTIFY_HELP = `dmcts notify — send a device a Package#0 so it opens a server-initiated session

Usage: dmcts notify --dev DEVID [--url URL] [--secret S] [--req-mos] [--json]

The server uses the notification URL the device reported in its last session and the secret
given to "dmcts serve --noti-secret", unless --url / --secret say otherwise. Without --url the
device must be one the server knows ("dmcts devices" lists them). The secret is never printed.

Options:
  --dev DEVID        the device
  --url URL          where the device takes Package#0 (HTTP POST); lets you notify a device the
                     server has not seen
  --secret S         the device's DMAcc Auth/Noti/Secret for this server (the digest key)
  --req-mos          set REQ-MOS (the device reports its MOs in the session)
  --json             print the outcome ({notificationId, httpStatus}) as JSON
  --state-dir DIR, --operator URL --token T   which server (see dmcts queue --help)
  -h, --help         this help

Exit codes:
  0  the device accepted the Package#0 (it answered HTTP 202, or it went over the WebSocket the
     device holds open): a session follows
  1  not sent (no notification URL or secret known, the device unreachable), or the device did not
     accept it (any other answer, e.g. to a wrong secret)
  2  a bad invocation: an unknown option, no running server, or a device the server does not know
     given without --url
`;

export async function notifyCommand(args: string[]): Promise<number> {
  const { values } = parseOptions('notify', args, {
    dev: { type: 'string' },
    url: { type: 'string' },
    secret: { type: 'string' },
    'req-mos': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
    'state-dir': { type: 'string' },
    operator: { type: 'string' },
    token: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(NOTIFY_HELP);
    return 0;
  }
  if (!values.dev) throw new UsageError('--dev is required (see: dmcts notify --help)');
  const access = findOperator(values);
  if (!values.url && !(await fetchDevice(access, values.dev)))
    throw unknownDevice(access, values.dev, 'or give --url and --secret to notify a device that has not connected to this server');
  const res = await callOperator(access, 'POST', `devices/${encodeURIComponent(values.dev)}/notify`, {
    ...(values.url ? { url: values.url } : {}),
    ...(values.secret ? { secret: values.secret } : {}),
    reqMos: values['req-mos'],
  });
  if (res.status >= 400) {
    printNote(`not sent: ${operatorError(res.json)}`);
    return 1;
  }
  const out = res.json as NotifyOutcomeJson;
  if (values.json) printJson(out);
  else printText(notificationText(values.dev, out));
  return notificationAccepted(out) ? 0 : 1;
}
