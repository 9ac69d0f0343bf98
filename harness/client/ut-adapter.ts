/**
 * The reference client's upper-tester adapter (P-UT): connects to the harness and lets it bootstrap
 * the device, start sessions, ask its bootstrap server for a bootstrap, move it to another network,
 * switch it between HTTP and its WebSocket (P-WS), reset it, see what SHOW displayed, and act as
 * local applications. Each bootstrap and each factory reset builds a fresh device from the accounts
 * of the last client.bootstrap (its factory profile): accounts a bootstrap server added, grants,
 * subscriptions, DEFAULTs and local applications' state are gone (P-BOOT). The adapter is the only
 * part of the reference client a conformance case reaches.
 */
import type { Encoding } from '../protocol/media-types.ts';
import type { BootstrapAccount } from '../protocol/upper-tester.ts';
import { connectUpperTester, type UtLink } from '../transport/ut-link.ts';
import type { TraceSink } from '../transport/trace.ts';
import { BEARER_ADDRESS, isBearer } from './bearer.ts';
import { requestBootstrap, sendBootstrapComplete } from './bootstrap-session.ts';
import { DmDevice } from './dm-device.ts';
import { buildFactoryTree, type ServerAccount } from './factory-profile.ts';
import { LocalApi, type LocalChange } from './local-api.ts';

export interface ReferenceClientAdapterOptions {
  utUrl: string;
  devId?: string;
  /** Where the device listens for Package#0 (loopback). */
  host?: string;
  ui?: boolean;
  encodings?: Encoding[];
  product?: { name: string; version: string };
  log?: (line: string) => void;
  trace?: TraceSink;
  /** Builds the device; mutants replace parts of the reference device here. */
  makeDevice?: (options: Parameters<typeof DmDevice.start>[0]) => Promise<DmDevice>;
  /**
   * Let the device talk to plain-HTTP servers. A product refuses them (P-SEC), and so does this
   * adapter's device unless this is set (the mutants put plain-HTTP proxies in between).
   */
  allowPlain?: boolean;
}

export interface ReferenceClientAdapter {
  link: UtLink;
  device(): DmDevice | undefined;
  stop(): Promise<void>;
}

export async function startReferenceClientAdapter(options: ReferenceClientAdapterOptions): Promise<ReferenceClientAdapter> {
  const devId = options.devId ?? 'dmcts-reference-device';
  const make = options.makeDevice ?? ((o) => DmDevice.start(o));
  let device: DmDevice | undefined;
  let local: LocalApi | undefined;
  let profile: BootstrapAccount[] = [];
  const subscriptions = new Map<string, LocalChange[]>();
  let nextSub = 1;

  // One (re)build at a time: a bootstrap that arrives while another is still stopping the old
  // device waits for it, so the last bootstrap always wins.
  let building: Promise<unknown> = Promise.resolve();
  const build = (accounts: BootstrapAccount[]): Promise<DmDevice> => {
    const next = building.then(() => rebuild(accounts));
    building = next.catch(() => undefined);
    return next;
  };
  const rebuild = async (accounts: BootstrapAccount[]) => {
    await device?.stop({ abort: true });
    subscriptions.clear();
    const servers: ServerAccount[] = accounts.map((a) => ({
      srvId: a.srvId,
      srvUri: a.srvUri,
      perm: a.perm,
      ...(a.notificationSecret ? { notificationSecret: a.notificationSecret } : {}),
      ...(a.trustAnchorPem ? { trustAnchorPem: a.trustAnchorPem } : {}),
      ...(a.clientAuth ? { clientAuth: a.clientAuth } : {}),
      ...(a.clientCertPem ? { clientCertPem: a.clientCertPem } : {}),
      ...(a.clientKeyPem ? { clientKeyPem: a.clientKeyPem } : {}),
      ...(a.bootstrap ? { bootstrap: true } : {}),
    }));
    // Each account's trust anchor guards that server's sessions; together they are also the device's
    // general trust store (command targets on other origins).
    const ca = accounts
      .map((a) => a.trustAnchorPem)
      .filter((p): p is string => !!p)
      .join('\n');
    device = await make({
      tree: buildFactoryTree({ devId, servers, ui: options.ui ?? true, ...(options.encodings ? { encodings: options.encodings } : {}) }),
      ui: options.ui ?? true,
      ...(options.encodings ? { encodings: options.encodings } : {}),
      ...(ca ? { ca } : {}),
      requireTls: !options.allowPlain,
      notification: { host: options.host ?? '127.0.0.1' },
      ...(options.log ? { log: options.log } : {}),
      ...(options.trace ? { trace: options.trace } : {}),
    });
    // P-BOOT: a bootstrap server that changed DMAcc accounts gets BootstrapComplete in a new session.
    sendBootstrapComplete(device, options.log);
    local = new LocalApi(device);
    return device;
  };
  const need = () => {
    if (!device || !local) throw new Error('the device has not been bootstrapped yet (call client.bootstrap first)');
    return { device, local };
  };

  const link = await connectUpperTester({
    url: options.utUrl,
    role: 'client',
    product: options.product ?? { name: 'dmcts reference client', version: '0.1.0' },
    ...(options.log ? { log: options.log } : {}),
    handlers: {
      'client.bootstrap': async (p: { servers: BootstrapAccount[] }) => {
        profile = p.servers;
        const d = await build(profile);
        return { devId: d.devId, ...(d.notificationUrl ? { notificationUrl: d.notificationUrl } : {}) };
      },
      'client.startSession': (p: { srvId?: string; about?: string }) => {
        const { device: d } = need();
        // P-ENV: a session about an MO instance goes to the server that manages it, whatever srvId says.
        const managing = p.about === undefined ? undefined : d.environments.serverOf(p.about, d.accounts());
        if (managing && !managing.ok) throw new Error(managing.error.message);
        const srvId = managing?.value ?? p.srvId;
        if (!srvId || !d.accounts().some((a) => a.srvId === srvId)) throw new Error(`no DMAcc account for ${srvId}`);
        void d.clientInitiated(srvId);
        return { srvId };
      },
      'client.setBearer': (p: { bearer: string }) => {
        const d = need().device;
        if (!isBearer(p.bearer)) throw new Error(`unknown bearer ${p.bearer}`);
        d.bearer.current = p.bearer;
        d.moveTo(BEARER_ADDRESS[p.bearer]);
        return { localAddress: BEARER_ADDRESS[p.bearer] };
      },
      'client.setEnvironment': (p: { srvId: string; env: string }) => {
        const d = need().device;
        if (!d.accounts().some((a) => a.srvId === p.srvId)) throw new Error(`no DMAcc account for ${p.srvId}`);
        d.environments.assign(p.srvId, p.env);
        return {};
      },
      'client.bootstrapFrom': (p: { srvId?: string }) => {
        // Throws (the call fails naming why) when the device has no such bootstrap server.
        void requestBootstrap(need().device, p.srvId).catch(() => undefined);
        return {};
      },
      'client.factoryReset': async () => {
        await build(profile);
        return {};
      },
      'client.moveNetwork': (p: { localAddress: string }) => {
        need().device.moveTo(p.localAddress);
        return {};
      },
      'client.useTransport': (p: { transport: 'http' | 'ws' }) => {
        if (p.transport !== 'http' && p.transport !== 'ws') throw new Error(`unknown transport ${String(p.transport)}: 'http' or 'ws'`);
        need().device.useTransport(p.transport);
        return {};
      },
      'client.shown': () => ({ urls: [...need().device.shown] }),
      'client.localApp.register': (p: { appId: string; moids: Record<string, string> }) => {
        need().local.register(p.appId, p.moids);
        return {};
      },
      'client.localApp.read': async (p: { appId: string; clientUri: string }) => {
        const r = await need().local.read(p.appId, p.clientUri);
        return r.ok ? { sc: 200, entries: r.value } : { sc: r.error.sc };
      },
      'client.localApp.write': (p: { appId: string; moid: string; miid: string; path: string[]; value: unknown }) => {
        const r = need().device.tree.write({ kind: 'app', id: p.appId }, p.moid, p.miid, p.path, p.value);
        return { sc: r.ok ? 200 : r.error.sc };
      },
      'client.localApp.subscribe': (p: { appId: string; moid: string; miid: string }) => {
        const id = String(nextSub++);
        const changes: LocalChange[] = [];
        const r = need().local.subscribe(p.appId, p.moid, p.miid, (c) => changes.push(c));
        if (!r.ok) throw new Error(r.error.message);
        subscriptions.set(id, changes);
        return { subscriptionId: id };
      },
      'client.localApp.changes': (p: { subscriptionId: string }) => {
        const changes = subscriptions.get(p.subscriptionId);
        if (!changes) throw new Error(`no subscription ${p.subscriptionId}`);
        return {
          changes: changes.map((c) => ({
            moid: c.moid,
            miid: c.miid,
            path: c.path,
            op: c.op,
            by: c.by.kind === 'device' ? 'device' : `${c.by.kind}:${c.by.id}`,
            ...(c.value !== undefined && !(c.value instanceof Uint8Array) ? { value: c.value } : {}),
          })),
        };
      },
    },
  });
  return {
    link,
    device: () => device,
    stop: async () => {
      await link.close();
      await device?.stop();
    },
  };
}
