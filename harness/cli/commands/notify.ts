/** `dmcts notify`: have a running reference server send a device a Package#0. */
import { callOperator, findOperator } from '../operator-client.ts';
import { parseOptions } from '../parse-options.ts';
import { UsageError } from '../usage-error.ts';

export const NOTIFY_HELP = `dmcts notify — send a device a Package#0 so it opens a server-initiated session

Usage: dmcts notify --dev DEVID [--url URL] [--secret S] [--req-mos]

The server uses the notification URL the device reported in its last session and the secret
given to "dmcts serve --noti-secret", unless --url / --secret say otherwise.

Options:
  --dev DEVID        the device
  --url URL          where the device takes Package#0 (HTTP POST)
  --secret S         the device's DMAcc Auth/Noti/Secret for this server
  --req-mos          set REQ-MOS
  --state-dir DIR, --operator URL --token T   which server (see dmcts queue --help)
  -h, --help         this help
`;

export async function notifyCommand(args: string[]): Promise<number> {
  const { values } = parseOptions('notify', args, {
    dev: { type: 'string' },
    url: { type: 'string' },
    secret: { type: 'string' },
    'req-mos': { type: 'boolean', default: false },
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
  const res = await callOperator(access, 'POST', `devices/${encodeURIComponent(values.dev)}/notify`, {
    ...(values.url ? { url: values.url } : {}),
    ...(values.secret ? { secret: values.secret } : {}),
    reqMos: values['req-mos'],
  });
  if (res.status >= 400) {
    process.stderr.write(`not sent: ${(res.json as { error?: string }).error ?? JSON.stringify(res.json)}\n`);
    return 1;
  }
  const out = res.json as { notificationId: number; httpStatus: number };
  process.stdout.write(
    `Package#0 ${out.notificationId} delivered: the device answered HTTP ${out.httpStatus}${out.httpStatus === 202 ? ' (accepted: a session follows)' : ' (ignored)'}\n`,
  );
  return out.httpStatus === 202 ? 0 : 1;
}
