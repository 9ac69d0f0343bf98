/**
 * The reference client and server as interop participants, in this process, each reached only
 * through its upper-tester adapter over a real WebSocket and its DM endpoints over real sockets —
 * as any other participant. Two things differ from reference-iut.ts: the server's public URL is its
 * recording proxy (so CONT and the ServerURIs it makes keep the whole session on the proxy), and
 * the harness may set the client's encoding preference (JSON or CBOR first) for the encoding
 * scenarios, which no upper-tester method offers.
 */
import { DmDevice } from '../../client/dm-device.ts';
import { startReferenceClientAdapter } from '../../client/ut-adapter.ts';
import type { Encoding } from '../../protocol/media-types.ts';
import { DmServer } from '../../server/dm-server.ts';
import { startReferenceServerAdapter } from '../../server/ut-adapter.ts';
import type { Ics } from '../ics.ts';
import { LogBuffer } from '../iut/iut-instance.ts';
import type { Ixit } from '../ixit.ts';
import { UpperTesterHub } from '../ut-hub.ts';
import type { Participant } from './participant.ts';
import { proxyFor, type StartContext } from './server-proxy.ts';

interface ReferenceSpec {
  id: string;
  ics: Ics;
  ixit: Ixit;
  source: { ics: string; ixit: string };
}

const NOTI_SECRET = 'dmcts-reference-noti-secret';

export async function startReferenceClient(spec: ReferenceSpec, ctx: StartContext): Promise<Participant> {
  const hub = await UpperTesterHub.start({ host: spec.ixit.harness.host, port: spec.ixit.harness.utPort, role: 'client' });
  const logs = new LogBuffer();
  let encodings: Encoding[] = ['json', 'cbor'];
  const adapter = await startReferenceClientAdapter({
    utUrl: hub.url,
    host: ctx.host,
    ui: spec.ics.features.UI === true,
    log: (line) => logs.add(line),
    makeDevice: (options) => DmDevice.start({ ...options, encodings }),
  });
  await hub.waitForAdapter(spec.ixit.timeouts.readyMs);
  return {
    id: spec.id,
    role: 'client',
    ics: spec.ics,
    ixit: spec.ixit,
    source: spec.source,
    hub,
    description: 'the dmcts reference client, in process',
    preferEncoding: (e) => {
      encodings = e === 'cbor' ? ['cbor', 'json'] : ['json', 'cbor'];
    },
    logs: () => logs.all(),
    stop: async () => {
      await adapter.stop();
      await hub.close();
    },
  };
}

export async function startReferenceServer(spec: ReferenceSpec, ctx: StartContext): Promise<Participant> {
  const hub = await UpperTesterHub.start({ host: spec.ixit.harness.host, port: spec.ixit.harness.utPort, role: 'server' });
  // Two reference servers in one run (a grantor and a grantee) need SrvIDs of their own.
  const srvId = spec.id === 'reference-server' ? 'dmcts-reference-server' : `dmcts-${spec.id}`;
  const logs = new LogBuffer();
  const log = (line: string) => logs.add(line);
  // The proxy first (its target set once the server listens): the server's public URL is the proxy's.
  const proxy = await proxyFor({ dmUrl: 'https://127.0.0.1:1/dm', ca: ctx.pki.ca.certPem }, spec.ixit, ctx);
  const server = await DmServer.start({
    srvId: srvId,
    host: ctx.host,
    tls: { cert: ctx.pki.server.chainPem, key: ctx.pki.server.keyPem },
    ca: ctx.pki.ca.certPem,
    publicUrl: proxy.origin,
    notificationSecret: NOTI_SECRET,
    idleTimeoutMs: 30_000,
    clientAuth: { modes: ['basic', 'digest', 'x509'], required: false, ca: ctx.pki.ca.certPem },
    log,
  });
  // server.url is the public URL (the proxy): the proxy forwards to where the server listens.
  const own = `https://${ctx.host.includes(':') ? `[${ctx.host}]` : ctx.host}:${server.port}`;
  proxy.retarget(own, ctx.pki.ca.certPem);
  const link = await startReferenceServerAdapter({ utUrl: hub.url, server, log });
  await hub.waitForAdapter(spec.ixit.timeouts.readyMs);
  return {
    id: spec.id,
    role: 'server',
    ics: spec.ics,
    ixit: spec.ixit,
    source: spec.source,
    hub,
    description: 'the dmcts reference server, in process (its public URL: the interop proxy)',
    server: {
      srvId: srvId,
      dmUrl: `${own}/dm`,
      ca: ctx.pki.ca.certPem,
      notificationSecret: NOTI_SECRET,
      clientAuth: { modes: ['basic', 'digest', 'x509'], required: false },
    },
    proxy,
    logs: () => logs.all(),
    stop: async () => {
      await link.close();
      await proxy.close();
      await server.stop();
      await hub.close();
    },
  };
}
