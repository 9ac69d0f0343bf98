/**
 * What the scenarios of one pair share: the client and the server, the harness's ServerURI host,
 * the DevID the client's bootstrap gave, the recording proxy in front of the client's notification
 * URL, and how to (re)bootstrap the client with an account for the server through the proxy —
 * over HTTPS or the WebSocket binding, with or without device credentials.
 */
import type { BootstrapAccount } from '../../protocol/upper-tester.ts';
import { CONNMO, MOID } from '../../protocol/moids.ts';
import type { TestPki } from '../../security/test-pki.ts';
import type { CellRun } from './cell-run.ts';
import { proxiedDmUrl, type Participant } from './participant.ts';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.ts';
import type { ServerUriHost } from './serveruri-host.ts';

export interface PairContext {
  client: Participant;
  server: Participant;
  host: string;
  pki: TestPki;
  uris: ServerUriHost;
  devId: string;
  notificationUrl?: string;
  notiProxy?: RecordingProxy;
  /** Notes every cell of the pair carries (how the pair was set up). */
  notes: string[];
  /** The run's other servers (a second management authority for the delegation scenario). */
  otherServers: Participant[];
  /** Work several cells share (the command rounds), run once. */
  memo: Map<string, Promise<unknown>>;
}

/** The MOIDs the server may manage on the client: DevInfo, ConnMO and those the client's IXIT names. */
export function permFor(client: Participant): BootstrapAccount['perm'] {
  const c = client.ixit.client ?? {};
  const moids = new Set<string>([MOID.DEVINFO, CONNMO]);
  for (const node of [c.execNode, c.asyncExecNode, c.failingExecNode]) if (node) moids.add(node.split('/')[0]!);
  if (c.writableMoid) moids.add(c.writableMoid);
  return [...moids].map((moid) => ({ moid, rights: 'RWE' }));
}

/** The client's account for the server: its DM URL through the proxy, the run's CA (the proxy's) and the server's own as trust anchors. */
export function accountFor(
  pair: Pick<PairContext, 'client' | 'server' | 'pki'>,
  extra: Partial<BootstrapAccount> = {},
  transport: 'http' | 'ws' = 'http',
): BootstrapAccount {
  const s = pair.server.server!;
  const anchors = [pair.pki.ca.certPem, ...(s.ca && s.ca !== pair.pki.ca.certPem ? [s.ca] : [])].join('\n');
  return {
    srvId: s.srvId,
    srvUri: proxiedDmUrl(pair.server, transport),
    perm: permFor(pair.client),
    ...(s.notificationSecret ? { notificationSecret: s.notificationSecret } : {}),
    ...(pair.server.proxy!.origin.startsWith('https') ? { trustAnchorPem: anchors } : {}),
    ...extra,
  };
}

/** Bootstraps the client with an account for the server (or several accounts); keeps its DevID and puts a recording proxy in front of its notification URL. */
export async function bootstrapClient(cell: CellRun, account: BootstrapAccount | BootstrapAccount[]): Promise<void> {
  const pair = cell.pair;
  const r = await cell.need('client', 'client.bootstrap', { servers: Array.isArray(account) ? account : [account] });
  pair.devId = String(r.devId);
  const url = typeof r.notificationUrl === 'string' && r.notificationUrl ? r.notificationUrl : undefined;
  if (url !== pair.notificationUrl) {
    await pair.notiProxy?.close();
    pair.notiProxy = undefined;
    pair.notificationUrl = url;
    if (url) {
      const target = new URL(url);
      const t = pair.client.ixit.timeouts;
      pair.notiProxy = await startRecordingProxy({
        host: pair.host,
        ...(target.protocol === 'https:' ? { tls: { cert: pair.pki.server.chainPem, key: pair.pki.server.keyPem } } : {}),
        target: target.origin,
        targetCa: pair.pki.ca.certPem,
        maxBodyBytes: 64 * 1024,
        timeouts: { headersMs: t.headersMs, bodyIdleMs: t.bodyIdleMs, exchangeMs: t.exchangeMs },
      });
    }
  }
}

/** The client's notification URL as the server is told it: through the notification proxy. */
export function proxiedNotificationUrl(pair: PairContext): string | undefined {
  if (!pair.notificationUrl || !pair.notiProxy) return undefined;
  const u = new URL(pair.notificationUrl);
  return `${pair.notiProxy.origin}${u.pathname}${u.search}`;
}
