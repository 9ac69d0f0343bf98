/** `dmcts devices`: what a running reference server knows of its devices. */
import { callOperator, findOperator } from '../operator-client.ts';
import { parseOptions } from '../parse-options.ts';

export const DEVICES_HELP = `dmcts devices — list the devices a running "dmcts serve" knows, or show one

Usage: dmcts devices [--dev DEVID] [--receiver ID] [--json]

Options:
  --dev DEVID        show one device: its queue, finished commands with their Status, events
  --receiver ID      show what a device PUT/POSTed to a receiver (HPUT, HPOST, SUB)
  --json             print JSON
  --state-dir DIR, --operator URL --token T   which server (see dmcts queue --help)
  -h, --help         this help
`;

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
  const access = findOperator(values);
  const path = values.receiver ? `receivers/${encodeURIComponent(values.receiver)}` : values.dev ? `devices/${encodeURIComponent(values.dev)}` : 'devices';
  const res = await callOperator(access, 'GET', path);
  if (res.status >= 400) {
    process.stderr.write(`${(res.json as { error?: string }).error ?? JSON.stringify(res.json)}\n`);
    return 1;
  }
  if (values.json || values.dev || values.receiver) {
    process.stdout.write(`${JSON.stringify(res.json, null, 2)}\n`);
    return 0;
  }
  const rows = res.json as Array<{ devId: string; lastSeen: string; lastAddress: string; sessions: number; queued: number }>;
  if (rows.length === 0) process.stdout.write('no device has opened a session yet\n');
  for (const r of rows) process.stdout.write(`${r.devId}  last seen ${r.lastSeen} from ${r.lastAddress}  sessions ${r.sessions}  queued ${r.queued}\n`);
  return 0;
}
