// The independent DM server and its upper-tester adapter (docs/adapters.md, role server).
//   DMCTS_UT_URL=ws://... node bin/run-ts.mjs test/independent/server/main.ts --port 18543 \
//     --srv-id acme-indep-dms --ca-file /tmp/acme-indep-dms/ca.pem   (ACME_NOTI_SECRET in the environment)
import https from 'node:https';
import { randomBytes } from 'node:crypto';
import { connectUt, UtError, type Handler } from '../common/ut-link.ts';
import { DeviceAuth } from './auth.ts';
import { handler } from './dm-endpoint.ts';
import { notify } from './notifier.ts';
import { Registry } from './registry.ts';
import { makeTlsIdentity } from './tls.ts';
import { checkFaults } from '../common/faults.ts';

const PRODUCT = { name: 'Acme independent DM server', version: '1.0.0', vendor: 'Acme (independent)' };
const args = process.argv.slice(2);
const arg = (name: string, dflt: string): string => {
  const i = args.indexOf(name);
  return i >= 0 ? (args[i + 1] ?? dflt) : dflt;
};
const host = arg('--host', '127.0.0.1');
const port = Number(arg('--port', '18543'));
const srvId = arg('--srv-id', 'acme-indep-dms');
const caFile = arg('--ca-file', '/tmp/acme-indep-dms/ca.pem');
const notiSecret = process.env.ACME_NOTI_SECRET ?? '';
const log = (line: string): void => console.log(`[server ${new Date().toISOString()}] ${line}`);

checkFaults('server', log);
const url = process.env.DMCTS_UT_URL;
if (!url) {
  console.error('DMCTS_UT_URL is not set');
  process.exit(2);
}

const registry = new Registry();
const auth = new DeviceAuth(srvId, ['basic', 'digest'], false);
const id = await makeTlsIdentity(host, caFile);
const server = https.createServer(
  { key: id.keyPem, cert: id.certPem, minVersion: 'TLSv1.2' },
  handler({ base: `https://${host}:${port}`, dmPath: '/dm', registry, auth, log, received: new Map() }),
);
await new Promise<void>((r) => server.listen(port, host, r));
log(`DM URL https://${host}:${port}/dm, CA in ${caFile}`);

const str = (v: unknown, what: string): string => {
  if (typeof v !== 'string' || v === '') throw new UtError(-32602, `${what} must be a non-empty string`);
  return v;
};

/**
 * A ServerURI written "auto" (docs/adapters.md, server.queue) becomes a URI this server hosts: a fresh
 * receiver /recv/<id> for HPUT, HPOST and SUB deliveries, the DM URL for an asynchronous EXEC's alert.
 * SHOW and DEFAULT content is not hosted here: the call fails.
 */
function withOwnUris(cmd: unknown[]): unknown[] {
  const name = String(cmd[0]);
  return cmd.map((v, i) => {
    if (i === 0 || v !== 'auto') return v;
    if (name === 'HPUT' || name === 'HPOST' || name === 'SUB') return `https://${host}:${port}/recv/${randomBytes(18).toString('base64url')}`;
    if (name === 'EXEC') return `https://${host}:${port}/dm`;
    throw new UtError(-32000, `this server hosts no ${name} content for a ServerURI "auto"`);
  });
}

const handlers: Record<string, Handler> = {
  'server.queue': async (p) => {
    const cmd = p.command;
    if (!Array.isArray(cmd) || typeof cmd[0] !== 'string') throw new UtError(-32602, 'command must be [name, ...params]');
    return { commandId: registry.queue(str(p.devId, 'devId'), withOwnUris(cmd)).id };
  },
  'server.result': async (p) => {
    const c = registry.commands.get(str(p.commandId, 'commandId'));
    if (!c) throw new UtError(-32000, `no command ${String(p.commandId)}`);
    const out: Record<string, unknown> = { state: c.state };
    if (c.status) out.status = c.status;
    if (c.asyncResult) out.asyncResult = c.asyncResult;
    if (c.reason) out.reason = c.reason;
    return out;
  },
  'server.notify': async (p) => {
    const dev = registry.device(str(p.devId, 'devId'));
    const target = typeof p.url === 'string' ? p.url : dev.notiUrl;
    if (!target) throw new UtError(-32000, `no notification URL known for ${dev.devId}`);
    const secret = typeof p.secret === 'string' ? p.secret : notiSecret;
    if (secret === '') throw new UtError(-32000, 'no notification secret configured (ACME_NOTI_SECRET)');
    return notify(srvId, dev, target, secret, p.reqMos === true);
  },
  'server.setCredentials': async (p) => {
    const basic = p.basic as { name: string; password: string } | undefined;
    auth.set(str(p.devId, 'devId'), basic);
    if (p.x509 === true && !basic) throw new UtError(-32000, 'X.509 device authentication is not implemented');
    return {};
  },
  'server.device': async (p) => {
    const d = registry.devices.get(str(p.devId, 'devId'));
    if (!d || d.sessions === 0) return { known: false, sessions: 0, alerts: [] };
    const out: Record<string, unknown> = { known: true, sessions: d.sessions, alerts: d.alerts };
    if (d.lastAddress) out.lastAddress = d.lastAddress;
    return out;
  },
};

const stop = (): void => {
  server.close();
  process.exit(0);
};
connectUt({ url, role: 'server', product: PRODUCT, handlers, onClose: stop, log });
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
