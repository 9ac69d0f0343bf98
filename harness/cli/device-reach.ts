/**
 * How `dmcts device` reaches its server and is reached by it, from its flags: the server's DM URL
 * (https://, or http:// with --plain on loopback), whether the device holds a WebSocket to it (P-WS:
 * --ws, or a wss:// / ws:// --server) and how often it pings it, and whether it listens for Package#0
 * over HTTP. A device on P-WS is modelled as behind NAT: it listens for nothing unless a listener is
 * asked for explicitly (--noti-host or --noti-port).
 */
import { isLoopbackHost } from '../transport/loopback.ts';
import { intOption } from './parse-options.ts';
import { UsageError } from './usage-error.ts';

export interface DeviceReachFlags {
  server: string;
  plain: boolean;
  ws: boolean;
  wsPing?: string | undefined;
  notiHost?: string | undefined;
  notiPort?: string | undefined;
  noListen: boolean;
}

export interface DeviceReach {
  /** The server's DM URL as the DMAcc SrvURI holds it (https://, or http:// with --plain). */
  serverUrl: URL;
  /** P-WS: the keep-alive ping interval; absent when the device uses HTTP only. */
  ws?: { pingMs: number };
  /** Where the device listens for Package#0 over HTTP; absent when it does not. */
  notification?: { host: string; port: number };
}

/** The default ping interval of --ws-ping, in seconds. */
export const DEFAULT_WS_PING_S = 30;

export function deviceReach(flags: DeviceReachFlags): DeviceReach {
  let parsed: URL;
  try {
    parsed = new URL(flags.server);
  } catch {
    throw new UsageError(`--server "${flags.server}" is not a URL (e.g. https://127.0.0.1:8443/dm)`);
  }
  // A wss:// (ws://) --server is the https:// (http://) DM URL reached over P-WS.
  const wsScheme = parsed.protocol === 'wss:' || parsed.protocol === 'ws:';
  const ws = flags.ws || wsScheme;
  const serverUrl = wsScheme ? new URL(flags.server.replace(/^ws(s?):/i, 'http$1:')) : parsed;
  if (serverUrl.protocol === 'http:') {
    const as = wsScheme ? 'a plain ws://' : 'plain HTTP';
    if (!flags.plain)
      throw new UsageError(`--server ${flags.server} is ${as}: use the ${wsScheme ? 'wss' : 'https'} URL, or add --plain for a loopback debugging server`);
    if (!isLoopbackHost(serverUrl.hostname))
      throw new UsageError(
        `plain HTTP (and ws://) is for loopback only, and ${serverUrl.hostname} is not a loopback address: use ${wsScheme ? 'wss' : 'https'}`,
      );
  } else if (serverUrl.protocol !== 'https:') {
    throw new UsageError(`--server must be an https (or wss) URL, or http (ws) with --plain, not ${parsed.protocol}`);
  }
  if (flags.wsPing !== undefined && !ws)
    throw new UsageError('--ws-ping sets the ping interval of the WebSocket: add --ws (or give a wss:// --server) to hold one');
  const reach: DeviceReach = { serverUrl };
  if (ws) reach.ws = { pingMs: intOption('ws-ping', flags.wsPing, DEFAULT_WS_PING_S, 1, 3600) * 1000 };
  // Behind NAT (P-WS): no listener unless one is asked for; over HTTP only, one unless --no-listen.
  const listen = !flags.noListen && (!ws || flags.notiHost !== undefined || flags.notiPort !== undefined);
  if (listen) {
    const host = flags.notiHost ?? '127.0.0.1';
    if (!isLoopbackHost(host)) throw new UsageError(`--noti-host ${host} is not a loopback address: the notification listener is plain HTTP (use 127.0.0.1)`);
    reach.notification = { host, port: intOption('noti-port', flags.notiPort, 0, 0, 65535) };
  }
  return reach;
}
