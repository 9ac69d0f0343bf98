/** `dmcts devices`: what a running reference server knows of its devices, as a table, one device's record, or a receiver's bodies. */
import { redact } from '../../security/redact.ts';
import type { ReceivedBody } from '../../server/resource-host.ts';
import { deviceRecordText, utcSeconds } from '../device-record-text.ts';
import { fetchDevice, unknownDevice } from '../known-device.ts';
import { callOperator, findOperator, operatorError } from '../operator-client.ts';
import { printJson, printNote, printText } from '../operator-output.ts';
import { parseOptions } from '../parse-options.ts';
import { receivedBodiesText } from '../received-bodies-text.ts';
import { formatTable } from '../text-table.ts';
import { UsageError } from '../usage-error.ts';

export const DEVICES_HELP = `dmcts devices — what a running "dmcts serve" knows of its devices

Usage: dmcts devices [--json]                 every device, one row each
       dmcts devices --dev DEVID [--json]     one device in full
       dmcts devices --receiver ID [--json]   what devices sent to a receiver

Without options: a table with a header row, one device a row: DEVICE (its DevID), LAST SEEN
(UTC; "never" for a device queued for with "dmcts queue --create" that has not connected yet),
FROM (the address its last session came from), SESSIONS (how many it opened), QUEUED (commands
waiting for its next session), WS ("open" while the device holds a WebSocket to the server, P-WS:
a Package#0 reaches it over that even behind NAT; "no" otherwise).

--dev DEVID: the device's notification URL, the MOs it reported, its queue, the commands that ended
with their Status (the last 20), and its events (the last 20: sessions, alerts, notifications).
--receiver ID: the bodies a device PUT/POSTed to a receiver the server hosts (HPUT, HPOST, SUB
"auto"; "dmcts queue" prints the receiver's ID).

Secrets (the notification secret, passwords, tokens) are never printed, not even with --json:
they show as [REDACTED] or "a secret is set".

Options:
  --dev DEVID        show one device
  --receiver ID      show one receiver's bodies
  --json             print what the server answered as JSON instead (all of it, secrets redacted)
  --state-dir DIR    the server's state directory (default .dmcts-state/server)
  --operator URL --token T
                     reach a server's operator API directly instead
  -h, --help         this help

Exit codes:
  0  shown
  1  the server refused the request (the message says why)
  2  a bad invocation: an unknown option, no running server found, or a --dev the server does not
     know (check the DevID against the table)
`;

interface DeviceSummary {
  devId: string;
  lastSeen: string;
  lastAddress: string;
  sessions: number;
  queued: number;
  /** A WebSocket of the device is open to the server now (P-WS); absent from an older server. */
  ws?: boolean;
}

/** The device list as a table (header row, aligned columns). */
export function devicesTable(rows: readonly DeviceSummary[]): string {
  return formatTable(
    ['DEVICE', 'LAST SEEN', 'FROM', 'SESSIONS', 'QUEUED', 'WS'],
    rows.map((r) => [
      r.devId,
      r.sessions > 0 ? utcSeconds(r.lastSeen) : 'never',
      r.lastAddress || '-',
      String(r.sessions),
      String(r.queued),
      r.ws === undefined ? '-' : r.ws ? 'open' : 'no',
    ]),
  );
}

export async function devicesCommand(args: string[]): Promise<number> {
  const { values } = parseOptions('devices', args, {
    dev: { type: 'string' },
    receiver: { type: 'string' },
    json: { type: 'boolean', default: false },
    'state-dir': { type: 'string' },
    operator: { type: 'string' },
    token: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(DEVICES_HELP);
    return 0;
  }
  if (values.dev === '' || values.receiver === '')
    throw new UsageError(`--${values.dev === '' ? 'dev' : 'receiver'} needs a value (see: dmcts devices --help)`);
  if (values.dev !== undefined && values.receiver !== undefined) throw new UsageError('give --dev or --receiver, not both (see: dmcts devices --help)');
  const access = findOperator(values);

  if (values.dev !== undefined) {
    const record = await fetchDevice(access, values.dev);
    if (!record) throw unknownDevice(access, values.dev);
    if (values.json) printJson(record);
    else printText(deviceRecordText(redact(record)));
    return 0;
  }

  const path = values.receiver !== undefined ? `receivers/${encodeURIComponent(values.receiver)}` : 'devices';
  const res = await callOperator(access, 'GET', path);
  if (res.status >= 400) {
    printNote(`the server refused: ${operatorError(res.json)}`);
    return 1;
  }
  if (values.json) {
    printJson(res.json);
    return 0;
  }
  if (values.receiver !== undefined) {
    printText(receivedBodiesText(values.receiver, redact(res.json as ReceivedBody[])));
    return 0;
  }
  const rows = res.json as DeviceSummary[];
  if (rows.length === 0) printText('no device is known yet: none has opened a session (start one with "dmcts device", see dmcts device --help)');
  else printText(devicesTable(rows));
  return 0;
}
