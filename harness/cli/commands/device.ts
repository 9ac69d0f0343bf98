/** `dmcts device`: one reference device (DM client) as a standalone process, its tree kept in a state file. */
import { existsSync, readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { DmDevice } from '../../client/dm-device.ts';
import { accountsOf } from '../../client/accounts.ts';
import { accountData, buildFactoryTree, DEFAULT_PERM, treeFromInstances, ProfileError } from '../../client/factory-profile.ts';
import { StateError } from '../../client/device-state.ts';
import type { Encoding } from '../../protocol/media-types.ts';
import type { DeviceTree } from '../../tree/device-tree.ts';
import { MOID } from '../../tree/standard-mos.ts';
import { isLoopbackHost } from '../../transport/loopback.ts';
import { consoleLogger } from '../console-log.ts';
import { intOption, parseOptions } from '../parse-options.ts';
import { deviceStatePath, serverStateDir } from '../state-dir.ts';
import { UsageError } from '../usage-error.ts';
import { join } from 'node:path';

export const DEVICE_HELP = `dmcts device — run one reference device (a DM client)

Usage: dmcts device --server URL [options]

On start the device opens a client-initiated session with the server. It opens another when
you press Enter, on SIGUSR1, every --every seconds, or when the server notifies it (Package#0
over HTTP to its notification URL, which it reports in its session alerts). Its tree is kept in a
state file, so a restarted device keeps what servers wrote; each write is atomic.

Options:
  --server URL         the server's DM URL (its DMAcc SrvURI), e.g. https://127.0.0.1:8443/dm
  --srv-id ID          that server's identifier (DMAcc SrvID; default dmcts-server)
  --dev-id ID          this device's DevID (default dmcts-device-1)
  --state FILE         state file (default .dmcts-state/device-<DevID>.json)
  --profile FILE       start from these MO instances (MOID -> MIID -> MOData, e.g. bench/b1-device-tree.json)
                       instead of the built-in factory profile; only used when no state file exists
  --ca FILE            trust anchor (PEM) for an https server; default: the CA "dmcts serve" generated
                       in .dmcts-state/server/tls/ca.pem when it exists
  --plain              allow a plain http:// server URL (loopback only, for debugging)
  --bind ADDR          local address to leave from (e.g. 127.0.0.2 to look like another network)
  --noti-host ADDR     where to listen for Package#0 (default 127.0.0.1)
  --noti-port N        port for Package#0 (default: any free port)
  --no-listen          do not listen for Package#0
  --noti-secret S      the server's Package#0 digest key (DMAcc Auth/Noti/Secret)
  --ui                 the device has a UI: SHOW works (features UI=true)
  --cbor               prefer CBOR bodies (JSON stays supported)
  --every S            also open a session every S seconds
  --once               run one session, then exit (0 if it ended normally, 1 if not)
  --quiet              no line per package
  -h, --help           this help
`;

function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the ${what} ${path}: ${(error as Error).message}`);
  }
}

function checkServerUrl(url: string, plain: boolean): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new UsageError(`--server "${url}" is not a URL (e.g. https://127.0.0.1:8443/dm)`);
  }
  if (parsed.protocol === 'http:') {
    if (!plain) throw new UsageError(`--server ${url} is plain HTTP: use the https URL, or add --plain for a loopback debugging server`);
    if (!isLoopbackHost(parsed.hostname)) throw new UsageError(`plain HTTP is for loopback only, and ${parsed.hostname} is not a loopback address: use https`);
  } else if (parsed.protocol !== 'https:') {
    throw new UsageError(`--server must be an http(s) URL, not ${parsed.protocol}`);
  }
  return parsed;
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
    'noti-host': { type: 'string', default: '127.0.0.1' },
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
  const serverUrl = checkServerUrl(values.server, values.plain!);
  const srvId = values['srv-id']!;
  const encodings: Encoding[] = values.cbor ? ['cbor', 'json'] : ['json', 'cbor'];
  const every = values.every === undefined ? 0 : intOption('every', values.every, 0, 1, 86_400);
  const notiPort = intOption('noti-port', values['noti-port'], 0, 0, 65535);
  if (!values['no-listen'] && !isLoopbackHost(values['noti-host']!)) {
    throw new UsageError(`--noti-host ${values['noti-host']} is not a loopback address: the notification listener is plain HTTP (use 127.0.0.1)`);
  }

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
      ...(values['no-listen'] ? {} : { notification: { host: values['noti-host']!, port: notiPort } }),
      log,
    });
  } catch (error) {
    if (error instanceof StateError) throw new UsageError(error.message);
    throw error;
  }
  ensureAccount(device.tree, srvId, serverUrl.href, values['noti-secret']);
  const out = process.stdout;
  out.write(`dmcts reference device ${devId}: server ${srvId} at ${serverUrl.href}; state ${statePath}\n`);
  if (device.notificationUrl)
    out.write(`Package#0 over HTTP: ${device.notificationUrl}${values['noti-secret'] ? '' : ' (no --noti-secret: notifications will be ignored)'}\n`);

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
