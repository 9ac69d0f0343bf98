/** `dmcts serve`: the reference DM server as a standalone process. */
import { mkdirSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { DM_WS_SUBPROTOCOL, wsUrlOf } from '../../protocol/ws-frame.ts';
import { DmServer } from '../../server/dm-server.ts';
import { isLoopbackHost } from '../../transport/loopback.ts';
import { consoleLogger } from '../console-log.ts';
import { OPERATOR_FILE } from '../operator-client.ts';
import { intOption, parseOptions } from '../parse-options.ts';
import { serverTls } from '../server-tls-files.ts';
import { serverStateDir } from '../state-dir.ts';
import { UsageError } from '../usage-error.ts';
import { waitForSignal } from '../wait-for-signal.ts';

export const SERVE_HELP = `dmcts serve — run the reference DM server

Usage: dmcts serve [options]

Devices open sessions at <url>/dm. The server also hosts what its commands point to
(HGET content, HPUT/HPOST/SUB receivers, asynchronous EXEC alerts) and an operator API
that "dmcts queue", "dmcts notify" and "dmcts devices" use.

Devices behind NAT or a firewall (P-WS): the server also takes WebSockets at
wss://<host>:<port>/dm (ws:// with --plain, loopback only), subprotocol oma.dm.2.0, the
device authenticated on the upgrade as over HTTPS. A device holding one ("dmcts device --ws")
runs its sessions over it, and "dmcts notify" / "dmcts queue --notify" send its Package#0 over
it, with no notification URL needed. --http-only refuses these upgrades (HTTP 501).

Options:
  --host ADDR          address to listen on (default 127.0.0.1)
  --port N             port (default 8443 for HTTPS, 8080 with --plain; 0 = any free port)
  --plain              plain HTTP for debugging; only a loopback --host is accepted
  --srv-id ID          the server identifier devices know (DMAcc SrvID; default dmcts-server)
  --cert FILE --key FILE
                       HTTPS certificate chain and key (PEM); without them a test CA and a
                       server certificate are generated once into <state-dir>/tls/
  --public-url URL     the base URL devices reach this server at, if not the listening one
  --state-dir DIR      where the operator file and generated TLS files go (default .dmcts-state/server)
  --idle-timeout S     seconds a session may wait for its next Package#3 (default 60)
  --noti-secret S      Package#0 digest key for devices without their own (their DMAcc Auth/Noti/Secret)
  --http-only          take no WebSocket (P-WS): devices must POST to /dm and be notified over HTTP
  --quiet              no line per package
  -h, --help           this help

Example (one terminal each):
  npx dmcts serve --plain
  npx dmcts device --plain --server http://127.0.0.1:8080/dm --dev-id dev-1
  npx dmcts queue --dev dev-1 --notify --wait 30 GET 'urn:oma:mo:oma-dm-devinfo:1.0//'

Example, a device behind NAT: it listens for nothing and holds wss://127.0.0.1:8443/dm open,
so the Package#0 of the queue line goes over its WebSocket (one terminal each):
  npx dmcts serve --noti-secret demo-secret
  npx dmcts device --ws --server https://127.0.0.1:8443/dm --dev-id dev-1 --noti-secret demo-secret
  npx dmcts queue --dev dev-1 --notify --wait 30 GET 'urn:oma:mo:oma-dm-devinfo:1.0//'
`;

export async function serveCommand(args: string[]): Promise<number> {
  const { values } = parseOptions('serve', args, {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string' },
    plain: { type: 'boolean', default: false },
    'srv-id': { type: 'string', default: 'dmcts-server' },
    cert: { type: 'string' },
    key: { type: 'string' },
    'public-url': { type: 'string' },
    'state-dir': { type: 'string' },
    'idle-timeout': { type: 'string' },
    'noti-secret': { type: 'string' },
    'http-only': { type: 'boolean', default: false },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(SERVE_HELP);
    return 0;
  }
  const host = values.host!;
  if (values.plain && !isLoopbackHost(host))
    throw new UsageError(`--plain serves unencrypted HTTP and only on loopback: use --host 127.0.0.1 (or drop --plain for HTTPS on ${host})`);
  const port = intOption('port', values.port, values.plain ? 8080 : 8443, 0, 65535);
  const idle = intOption('idle-timeout', values['idle-timeout'], 60, 1, 86_400);
  const stateDir = serverStateDir(values['state-dir']);
  mkdirSync(stateDir, { recursive: true, mode: 0o700 });
  const tls = values.plain
    ? undefined
    : await serverTls({
        ...(values.cert ? { cert: values.cert } : {}),
        ...(values.key ? { key: values.key } : {}),
        stateDir,
        hosts: [host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host, 'localhost'],
      });
  const log = consoleLogger('[server]', values.quiet);
  let server: DmServer;
  try {
    server = await DmServer.start({
      srvId: values['srv-id']!,
      host,
      port,
      ...(tls ? { tls: { cert: tls.cert, key: tls.key } } : {}),
      ...(values['public-url'] ? { publicUrl: values['public-url'] } : {}),
      idleTimeoutMs: idle * 1000,
      ...(values['noti-secret'] ? { notificationSecret: values['noti-secret'] } : {}),
      ...(values['http-only'] ? { ws: false } : {}),
      log,
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new UsageError(`port ${port} on ${host} is in use: pick another with --port (0 = any free port)`);
    if (code === 'EADDRNOTAVAIL') throw new UsageError(`${host} is not an address of this machine: pick another --host`);
    throw error;
  }
  const operatorFile = join(stateDir, OPERATOR_FILE);
  writeFileSync(operatorFile, `${JSON.stringify({ url: server.url, token: server.operatorToken, ...(tls?.ca ? { ca: tls.ca } : {}) }, null, 2)}\n`, {
    mode: 0o600,
  });
  chmodSync(operatorFile, 0o600);
  const out = process.stdout;
  out.write(`dmcts reference server "${values['srv-id']}" listening on ${server.url} (devices use ${server.dmUrl})\n`);
  out.write(
    values['http-only']
      ? 'P-WS off (--http-only): WebSocket upgrades are refused; devices POST to /dm and are notified over HTTP\n'
      : `P-WS: devices behind NAT hold ${wsUrlOf(server.dmUrl)} open (subprotocol ${DM_WS_SUBPROTOCOL})  -> dmcts device --ws${values.plain ? ' --plain' : ''} --server ${server.dmUrl}\n`,
  );
  if (tls?.caPath) out.write(`trust anchor for devices: ${tls.caPath}${tls.generated ? ' (generated now)' : ''}  -> dmcts device --ca ${tls.caPath}\n`);
  out.write(`operator API: ${operatorFile} (dmcts queue / notify / devices find it there)\n`);
  out.write('Ctrl-C stops the server.\n');
  await waitForSignal();
  out.write('stopping...\n');
  await server.stop();
  return 0;
}
