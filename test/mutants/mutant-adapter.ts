/**
 * A faulty IUT for the mutant checks: the reference client or server with one mutant's fault, behind
 * its upper-tester adapter, started by `dmcts run` through the process adapter.
 *   node bin/run-ts.mjs test/mutants/mutant-adapter.ts <mutant> [--port N]   (DMCTS_UT_URL set by the harness)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DmDevice } from '../../harness/client/dm-device.ts';
import { startReferenceClientAdapter } from '../../harness/client/ut-adapter.ts';
import { UT_URL_ENV } from '../../harness/protocol/upper-tester.ts';
import { DmServer } from '../../harness/server/dm-server.ts';
import { startReferenceServerAdapter } from '../../harness/server/ut-adapter.ts';
import { MOID } from '../../harness/tree/standard-mos.ts';
import { ALL_MUTANTS } from './all-mutants.ts';
import { FAULTY_POLICIES } from './faulty-policies.ts';
import { startFaultyProxy, type FaultyProxy } from './faulty-proxy.ts';
import { HANG_MUTANT } from './mutants.ts';
import { MUTANT_TLS_ENV } from './mutant.ts';

const { values, positionals } = parseArgs({ options: { port: { type: 'string' } }, allowPositionals: true });
const ALL = ALL_MUTANTS;
const mutant = [...ALL, HANG_MUTANT].find((m) => m.name === positionals[0]);
if (!mutant) {
  process.stderr.write(`unknown mutant "${positionals[0]}" (known: ${ALL.map((m) => m.name).join(', ')})\n`);
  process.exit(2);
}
const utUrl = process.env[UT_URL_ENV];
if (!utUrl) {
  process.stderr.write(`${UT_URL_ENV} is not set\n`);
  process.exit(2);
}
const log = (line: string) => process.stdout.write(`[${mutant.name}] ${line}\n`);

if (mutant.role === 'client') {
  const proxies: FaultyProxy[] = [];
  const adapter = await startReferenceClientAdapter({
    utUrl,
    log,
    // The faulty proxies between device and server speak plain HTTP.
    allowPlain: !!mutant.proxy || !!mutant.allowPlain,
    makeDevice: async (options) => {
      for (const p of proxies.splice(0)) await p.close();
      const opts = mutant.device ? mutant.device(options) : options;
      if (mutant.policy) opts.tree.policy = FAULTY_POLICIES[mutant.policy](opts.tree);
      if (mutant.proxy) {
        for (const inst of [...opts.tree.instancesOf(MOID.DMACC)]) {
          const node = inst.root.children.get('SrvURI');
          if (node?.kind !== 'leaf' || typeof node.value !== 'string') continue;
          const target = new URL(node.value);
          const proxy = await startFaultyProxy({ target: target.origin, ...(opts.ca ? { ca: opts.ca } : {}), hooks: mutant.proxy });
          proxies.push(proxy);
          opts.tree.deviceWrite(MOID.DMACC, inst.miid, ['SrvURI'], `${proxy.origin}${target.pathname}`);
        }
      }
      const device = await DmDevice.start(opts);
      mutant.started?.(device);
      return device;
    },
  });
  await adapter.link.closed;
  await adapter.stop();
  for (const p of proxies) await p.close();
} else {
  // With TLS: the certificate run-mutant.ts issued; a faulty TLS front (or the faulty proxy) terminates
  // it when the mutant has one, the server itself otherwise, as the reference server does.
  const tlsDir = process.env[MUTANT_TLS_ENV];
  const tls = tlsDir ? { cert: readFileSync(join(tlsDir, 'server.pem'), 'utf8'), key: readFileSync(join(tlsDir, 'server-key.pem'), 'utf8') } : undefined;
  const front = typeof mutant.server?.tls === 'object' ? mutant.server.tls : undefined;
  const behind = !!mutant.proxy || !!front;
  const server = await DmServer.start({
    srvId: 'dmcts-mutant-server',
    host: '127.0.0.1',
    port: behind ? 0 : Number(values.port ?? 0),
    ...(tls && !behind ? { tls } : {}),
    notificationSecret: 'dmcts-mutant-noti-secret',
    // 'unchecked': the IXIT says Basic and Digest, the server takes the credentials and checks nothing.
    ...(mutant.server?.clientAuth === 'checked' ? { clientAuth: { modes: ['basic', 'digest'], required: false } } : {}),
    log,
  });
  mutant.serverStarted?.(server);
  const proxy = behind
    ? await startFaultyProxy({
        target: server.url,
        hooks: mutant.proxy ?? {},
        port: Number(values.port ?? 0),
        ...(tls ? { tls: { ...tls, ...(front ?? {}) } } : {}),
      })
    : undefined;
  log(`DM URL ${proxy ? proxy.origin : server.url}/dm`);
  const link = await startReferenceServerAdapter({ utUrl, server, log });
  await link.closed;
  await proxy?.close();
  await server.stop();
}
process.exit(0);
