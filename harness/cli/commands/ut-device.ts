/**
 * `dmcts ut-device`: the reference client as a standalone IUT, driven only through its upper-tester
 * adapter, which connects to the harness — so it can be tested through the process, container and
 * remote adapters exactly like a third party's device.
 */
import { startReferenceClientAdapter } from '../../client/ut-adapter.ts';
import type { Encoding } from '../../protocol/media-types.ts';
import { UT_URL_ENV } from '../../protocol/upper-tester.ts';
import { isLoopbackHost } from '../../transport/loopback.ts';
import { consoleLogger } from '../console-log.ts';
import { intOption, parseOptions } from '../parse-options.ts';
import { UsageError } from '../usage-error.ts';
import { runStandaloneAdapter, utUrlOption } from '../ut-standalone.ts';
import { DMCTS_VERSION } from '../../core/version.ts';

export const UT_DEVICE_HELP = `dmcts ut-device — the reference client (a device) as an IUT behind its upper-tester adapter

Usage: dmcts ut-device [--ut-url URL] [options]

The adapter connects to the harness's upper tester (JSON-RPC over WebSocket, docs/adapters.md)
and announces itself with ut.hello. The harness then bootstraps the device with the accounts of
its own servers (client.bootstrap), asks it to open sessions, switches it between HTTP and its
WebSocket (client.useTransport: the reference device's transport override, a session under way
goes on), acts as local applications, and so on. There is no device until the first
client.bootstrap. dmcts run starts it for an IXIT such as docs/examples/client.process.ixit.json
and sets ${UT_URL_ENV}; started by hand (remote IXIT), give --ut-url with the harness's fixed
utPort.

Stops when the harness closes the upper tester (the run is over), on SIGTERM or Ctrl-C.
Exit: 0 stopped cleanly, 1 the harness could not be reached or refused the adapter, 2 bad usage.

Options:
  --ut-url URL           the harness's upper tester (default: $${UT_URL_ENV}), e.g. ws://127.0.0.1:7311/ut
  --dev-id ID            the device's DevID (default dmcts-reference-device)
  --noti-host ADDR       loopback address to listen on for Package#0 (default 127.0.0.1)
  --no-ui                a device without UI: SHOW is 501, features UI=false
  --cbor                 prefer CBOR bodies (JSON stays supported)
  --connect-timeout S    keep trying to reach the harness this long (default 30)
  --reconnect            after a run, wait for the next one instead of exiting (remote adapters)
  --quiet                no line per package
  -h, --help             this help
`;

export async function utDeviceCommand(args: string[]): Promise<number> {
  const { values } = parseOptions('ut-device', args, {
    'ut-url': { type: 'string' },
    'dev-id': { type: 'string', default: 'dmcts-reference-device' },
    'noti-host': { type: 'string', default: '127.0.0.1' },
    'no-ui': { type: 'boolean', default: false },
    cbor: { type: 'boolean', default: false },
    'connect-timeout': { type: 'string' },
    reconnect: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(UT_DEVICE_HELP);
    return 0;
  }
  const utUrl = utUrlOption(values['ut-url'], 'ut-device');
  const notiHost = values['noti-host']!;
  if (!isLoopbackHost(notiHost))
    throw new UsageError(`--noti-host ${notiHost} is not a loopback address: the Package#0 listener is plain HTTP (use 127.0.0.1)`);
  const connectTimeout = intOption('connect-timeout', values['connect-timeout'], 30, 0, 86_400);
  const devId = values['dev-id']!;
  const encodings: Encoding[] = values.cbor ? ['cbor', 'json'] : ['json', 'cbor'];
  const log = consoleLogger(`[${devId}]`, values.quiet);
  const say = (line: string) => process.stdout.write(`dmcts ut-device: ${line}\n`);
  say(`reference client ${DMCTS_VERSION}, DevID ${devId}${values['no-ui'] ? ', no UI' : ''}; upper tester ${utUrl}`);
  return runStandaloneAdapter({
    utUrl,
    connectTimeoutMs: connectTimeout * 1000,
    reconnect: values.reconnect!,
    say,
    command: 'ut-device',
    connect: async () => {
      const adapter = await startReferenceClientAdapter({
        utUrl,
        devId,
        host: notiHost,
        ui: !values['no-ui'],
        encodings,
        product: { name: 'dmcts reference client', version: DMCTS_VERSION },
        log,
      });
      return { closed: adapter.link.closed, stop: () => adapter.stop() };
    },
  });
}
