/** `dmcts device`: one reference device (DM client) as a standalone process, its tree kept in a state file. */
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { sendBootstrapComplete } from '../../client/bootstrap-session.ts';
import { DmDevice } from '../../client/dm-device.ts';
import { accountsOf } from '../../client/accounts.ts';
import { accountData, buildFactoryTree, DEFAULT_PERM, treeFromInstances, ProfileError } from '../../client/factory-profile.ts';
import { StateError } from '../../client/device-state.ts';
import type { Encoding } from '../../protocol/media-types.ts';
import type { DeviceTree } from '../../tree/device-tree.ts';
import { MOID } from '../../tree/standard-mos.ts';
import { wsUrlOf } from '../../protocol/ws-frame.ts';
import { consoleLogger } from '../console-log.ts';
import { deviceReach } from '../device-reach.ts';
import { intOption, parseOptions } from '../parse-options.ts';
import { deviceStatePath, serverStateDir } from '../state-dir.ts';
import { UsageError } from '../usage-error.ts';
import { join } from 'node:path';

export const DEVICE_HELP = `dmcts device — run one reference device (a DM client)

Usage: dmcts device --server URL [options]

On start the device opens a client-initiated session with the server. It opens another when
you press Enter, on SIGUSR1, every --every seconds, or when the server notifies it (Package#0
over HTTP to its notification URL, which it reports in its session alerts, or over its
WebSocket with --ws). Its tree is kept in a state file, so a restarted device keeps what servers
wrote; each write is atomic.

Behind NAT or a firewall (P-WS): with --ws the device opens a WebSocket to the server
(wss://<server>/dm, subprotocol oma.dm.2.0, TLS and credentials as over HTTPS), keeps it open
with a ping every --ws-ping seconds, runs its sessions over it and takes Package#0 over it. It
then listens for nothing: the server can reach it only over the connection the device opened
(give --noti-port or --noti-host to listen for Package#0 over HTTP as well). A dropped
WebSocket is opened again (after 1 s, doubling up to 30 s).

Options:
  --server URL         the server's DM URL (its DMAcc SrvURI), e.g. https://127.0.0.1:8443/dm;
                       a wss:// URL (ws:// with --plain) means the https:// one with --ws
  --ws                 hold a WebSocket to the server (P-WS): sessions and Package#0 over it,
                       no notification listener (a device behind NAT)
  --ws-ping S          seconds between WebSocket pings (default 30; 1-3600); with --ws
  --srv-id ID          that server's identifier (DMAcc SrvID; default dmcts-server)
  --dev-id ID          this device's DevID (default dmcts-device-1)
  --state FILE         state file (default .dmcts-state/device-<DevID>.json)
  --profile FILE       start from these MO instances (MOID -> MIID -> MOData, e.g. bench/b1-device-tree.json)
                       instead of the built-in factory profile; only used when no state file exists
  --ca FILE            trust anchor (PEM) for an https server; default: the CA "dmcts serve" generated
                       in .dmcts-state/server/tls/ca.pem when it exists
  --plain              allow a plain http:// (ws://) server URL (loopback only, for debugging)
  --bind ADDR          local address to leave from (e.g. 127.0.0.2 to look like another network)
  --noti-host ADDR     where to listen for Package#0 over HTTP (default 127.0.0.1)
  --noti-port N        port for Package#0 over HTTP (default: any free port)
  --no-listen          do not listen for Package#0 over HTTP (the default with --ws)
  --noti-secret S      the server's Package#0 digest key (DMAcc Auth/Noti/Secret)
  --ui                 the device has a UI: SHOW works (features UI=true)
  --cbor               prefer CBOR bodies (JSON stays supported)
  --every S            also open a session every S seconds
  --once               run one session, then exit (0 if it ended normally, 1 if not)
  --quiet              no line per package
  -h, --help           this help

Example, a device behind NAT (one terminal each):
  npx dmcts serve --noti-secret demo-secret
  npx dmcts device --ws --server https://127.0.0.1:8443/dm --dev-id dev-1 --noti-secret demo-secret
  npx dmcts queue --dev dev-1 --notify --wait 30 GET 'urn:oma:mo:oma-dm-devinfo:1.0//'
The device has no notification URL: the Package#0 of the queue line reaches it over its WebSocket.
`;

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the ${what} ${path}: ${(error as Error).message}`);
  }
}

/** Makes sure the device has a DMAcc account for the server it is told to use. */
function ensureAccount(tree: DeviceTree, srvId: string, srvUri: string, secret: string | undefined): void {
  const existing = accountsOf(tree).find((a) => a.srvId === srvId);
  if (existing) {
    if (existing.srvUri !== srvUri) tree.deviceWrite(MOID.DMACC, existing.miid, ['SrvURI'], srvUri);
    if (secret && existing.notificationSecret !== secret) tree.deviceWrite(MOID.DMACC, existing.miid, ['Auth'], { Noti: { Type: 'Noti', Secret: secret } });
    return;
  }
  const made = tree.deviceWrite(
    MOID.DMACC,
    tree.nextMiid(MOID.DMACC),
    [],
    accountData({ srvId, srvUri, perm: DEFAULT_PERM, ...(secret ? { notificationSecret: secret } : {}) }),
  );
  if (!made.ok) throw new UsageError(`cannot add a DMAcc account for ${srvId}: ${made.error.message}`);
}

export async function deviceCommand(args: string[]): Promise<number> {
  const { values } = parseOptions('device', args, {
    server: { type: 'string' },
    'srv-id': { type: 'string', default: 'dmcts-server' },
    'dev-id': { type: 'string' },
    state: { type: 'string' },
    profile: { type: 'string' },
    ca: { type: 'string' },
    plain: { type: 'boolean', default: false },
    bind: { type: 'string' },
    ws: { type: 'boolean', default: false },
    'ws-ping': { type: 'string' },
    'noti-host': { type: 'string' },
    'noti-port': { type: 'string' },
    'no-listen': { type: 'boolean', default: false },
    'noti-secret': { type: 'string' },
    ui: { type: 'boolean', default: false },
    cbor: { type: 'boolean', default: false },
    every: { type: 'string' },
    once: { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(DEVICE_HELP);
    return 0;
  }
  if (!values.server) throw new UsageError('--server is required: the DM URL of the server, e.g. https://127.0.0.1:8443/dm (see: dmcts device --help)');
  const reach = deviceReach({
    server: values.server,
    plain: values.plain!,
    ws: values.ws!,
    wsPing: values['ws-ping'],
    notiHost: values['noti-host'],
    notiPort: values['noti-port'],
    noListen: values['no-listen']!,
  });
  const serverUrl = reach.serverUrl;
  const srvId = values['srv-id']!;
  const encodings: Encoding[] = values.cbor ? ['cbor', 'json'] : ['json', 'cbor'];
  const every = values.every === undefined ? 0 : intOption('every', values.every, 0, 1, 86_400);

  let profile: Record<string, Record<string, unknown>> | undefined;
  if (values.profile) {
    try {
      profile = JSON.parse(readText(values.profile, 'profile')) as Record<string, Record<string, unknown>>;
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw new UsageError(`the profile ${values.profile} is not JSON: ${(error as Error).message}`);
    }
  }
  let tree: DeviceTree;
  let devId = values['dev-id'];
  try {
    if (profile) {
      tree = treeFromInstances(profile);
      const devInfo = [...tree.instancesOf(MOID.DEVINFO)][0]?.root.children.get('DevID');
      const fromProfile = devInfo?.kind === 'leaf' && typeof devInfo.value === 'string' ? devInfo.value : undefined;
      if (!fromProfile) throw new UsageError(`the profile ${values.profile} has no DevInfo instance with a DevID`);
      if (devId && devId !== fromProfile) throw new UsageError(`--dev-id ${devId} differs from the profile's DevID ${fromProfile}: drop one`);
      devId = fromProfile;
    } else {
      devId ??= 'dmcts-device-1';
      tree = buildFactoryTree({
        devId,
        servers: [{ srvId, srvUri: serverUrl.href, perm: DEFAULT_PERM, ...(values['noti-secret'] ? { notificationSecret: values['noti-secret'] } : {}) }],
        ui: values.ui!,
        encodings,
      });
    }
  } catch (error) {
    if (error instanceof ProfileError) throw new UsageError(`the profile ${values.profile} is not usable: ${error.message}`);
    throw error;
  }
  const statePath = deviceStatePath(devId, values.state);
  let ca: string | undefined;
  if (values.ca) ca = readText(values.ca, 'CA file');
  else if (serverUrl.protocol === 'https:') {
    const generated = join(serverStateDir(), 'tls', 'ca.pem');
    if (existsSync(generated)) ca = readFileSync(generated, 'utf8');
  }
  const log = consoleLogger(`[${devId}]`, values.quiet);
  let device: DmDevice;
  try {
    device = await DmDevice.start({
      tree,
      encodings,
      ui: values.ui!,
      statePath,
      ...(ca ? { ca } : {}),
      ...(values.bind ? { localAddress: values.bind } : {}),
      ...(reach.notification ? { notification: reach.notification } : {}),
      ...(reach.ws ? { ws: { pingMs: reach.ws.pingMs } } : {}),
      log,
    });
  } catch (error) {
    if (error instanceof StateError) throw new UsageError(error.message);
    throw error;
  }
  ensureAccount(device.tree, srvId, serverUrl.href, values['noti-secret']);
  // P-BOOT: after a session in which a bootstrap server changed DMAcc accounts, BootstrapComplete goes to it.
  sendBootstrapComplete(device, log);
  const out = process.stdout;
  out.write(`dmcts reference device ${devId}: server ${srvId} at ${serverUrl.href}; state ${statePath}\n`);
  const unkeyed = values['noti-secret'] ? '' : ' (no --noti-secret: notifications will be ignored)';
  if (reach.ws)
    out.write(
      `P-WS: sessions and Package#0 over the WebSocket ${wsUrlOf(serverUrl.href)} (ping every ${reach.ws.pingMs / 1000} s)` +
        `${device.notificationUrl ? '' : '; no notification URL: reachable only over it, as behind NAT'}${unkeyed}\n`,
    );
  if (device.notificationUrl) out.write(`Package#0 over HTTP: ${device.notificationUrl}${unkeyed}\n`);

  const first = await device.clientInitiated(srvId);
  if (values.once) {
    await device.stop();
    return first.ok ? 0 : 1;
  }
  out.write('Enter opens a new session; Ctrl-C stops the device.\n');
  return new Promise<number>((resolve) => {
    const timer = every > 0 ? setInterval(() => void device.clientInitiated(srvId), every * 1000) : undefined;
    const onUsr1 = () => void device.clientInitiated(srvId);
    process.on('SIGUSR1', onUsr1);
    const rl = process.stdin.isTTY || !process.stdin.readableEnded ? createInterface({ input: process.stdin }) : undefined;
    rl?.on('line', () => void device.clientInitiated(srvId));
    const stop = async () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      process.off('SIGUSR1', onUsr1);
      if (timer) clearInterval(timer);
      rl?.close();
      out.write('stopping...\n');
      await device.stop();
      resolve(0);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}
