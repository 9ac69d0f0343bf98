/**
 * The reference DM client (a device): its tree, the servers of its DMAcc, and the sessions it runs
 * with them — client-initiated when told to, server-initiated on an accepted Package#0, and a new
 * session carrying the result of each asynchronous EXEC. One session runs at a time; the tree is
 * persisted atomically after every change when a state file is set.
 */
import { NOTIFICATION_MEDIA_TYPE, essence, type Encoding } from '../protocol/media-types.ts';
import { checkNotification } from '../protocol/package0-digest.ts';
import { decodePackage0 } from '../protocol/package0.ts';
import { NotificationIdMemory } from '../protocol/notification-id-memory.ts';
import { ALERT, type GenericAlert, type MosEntry, type MoEntry } from '../protocol/packages.ts';
import { HttpClient } from '../transport/http-client.ts';
import { startEndpoint, type Endpoint, type EndpointReply } from '../transport/http-endpoint.ts';
import type { TraceSink } from '../transport/trace.ts';
import type { DeviceTree } from '../tree/device-tree.ts';
import { serverPrincipal } from '../tree/principal.ts';
import { MOID } from '../tree/standard-mos.ts';
import { accountsOf, type Account } from './accounts.ts';
import type { CommandContext } from './command-context.ts';
import { DefaultRegistry } from './default-registry.ts';
import { loadDeviceState, saveDeviceState } from './device-state.ts';
import { registerDiagnostics } from './diagnostics-mo.ts';
import { ExecRegistry } from './exec-registry.ts';
import { pushMo, type TransferContext } from './mo-transfer.ts';
import { runSession, type SessionOutcome } from './session-runner.ts';
import { SubscriptionRegistry } from './subscriptions.ts';

export interface DmDeviceOptions {
  /** The factory tree; replaced by the state file's when one exists. */
  tree: DeviceTree;
  encodings?: Encoding[];
  /** The device has a UI (SHOW works; features UI=true). */
  ui?: boolean;
  /** Trust anchor (PEM) for HTTPS servers. */
  ca?: string;
  /** Client certificate chain and key (PEM) for mutual TLS. */
  cert?: string;
  key?: string;
  /** Leave from this local address (127.0.0.2 looks like another network). */
  localAddress?: string;
  /** Open sessions at this URL instead of the DMAcc SrvURI, like a hosts-file entry. */
  sessionUrl?: string;
  /** Persist the state here (atomic writes). */
  statePath?: string;
  /** Listen for Package#0 over HTTP on this loopback address. */
  notification?: { host: string; port?: number };
  timeoutMs?: number;
  /** Accept-Encoding for Package#2 (default "gzip, br"; "" for none). */
  acceptEncoding?: string;
  trace?: TraceSink;
  log?: (line: string) => void;
}

export interface NotificationOutcome {
  accepted: boolean;
  reason?: string;
  session?: Promise<SessionOutcome>;
}

export class DmDevice {
  readonly exec = new ExecRegistry();
  readonly defaults = new DefaultRegistry();
  readonly subscriptions: SubscriptionRegistry;
  readonly shown: string[] = [];
  readonly sessionsRun: SessionOutcome[] = [];
  private http: HttpClient;
  private chain: Promise<unknown> = Promise.resolve();
  private notificationEndpoint: Endpoint | undefined;
  private readonly notificationIds = new NotificationIdMemory();
  private persistTimer: NodeJS.Timeout | undefined;
  private readonly log: (line: string) => void;
  private stopped = false;

  private constructor(
    readonly tree: DeviceTree,
    private readonly options: DmDeviceOptions,
  ) {
    this.log = options.log ?? (() => {});
    this.http = this.newHttp(options.localAddress);
    this.subscriptions = new SubscriptionRegistry(tree, (sub, entries) => this.deliverSubscription(sub.serverUri, sub.clientUri, entries));
    registerDiagnostics(tree, this.exec);
  }

  static async start(options: DmDeviceOptions): Promise<DmDevice> {
    const device = new DmDevice(options.tree, options);
    if (options.statePath) {
      const state = loadDeviceState(options.statePath, options.tree);
      if (state) {
        for (const sub of state.subscriptions) device.subscriptions.add(sub);
        for (const d of state.defaults) device.defaults.set(d);
        device.log(`state restored from ${options.statePath} (saved ${state.savedAt})`);
      }
      device.tree.onChange(() => device.schedulePersist());
      device.persistNow();
    }
    device.subscriptions.start();
    if (options.notification) {
      device.notificationEndpoint = await startEndpoint(
        { host: options.notification.host, port: options.notification.port ?? 0, maxBodyBytes: 64 * 1024, side: 'client', ...(options.trace ? { trace: options.trace } : {}) },
        async (req) => device.onNotificationRequest(req.method, req.headers['content-type'], req.body),
      );
    }
    return device;
  }

  get devId(): string {
    const inst = this.tree.instancesOf(MOID.DEVINFO)[Symbol.iterator]().next().value;
    const node = inst?.root.children.get('DevID');
    return node?.kind === 'leaf' && typeof node.value === 'string' ? node.value : 'unknown';
  }

  /** The HTTP client the device leaves from now (it changes when the device moves network). */
  get httpClient(): HttpClient {
    return this.http;
  }

  get encodings(): Encoding[] {
    return this.options.encodings ?? ['json', 'cbor'];
  }

  /** Where this device takes Package#0 over HTTP, when it listens. */
  get notificationUrl(): string | undefined {
    return this.notificationEndpoint ? `${this.notificationEndpoint.url}/notify` : undefined;
  }

  accounts(): Account[] {
    return accountsOf(this.tree);
  }

  /** Opens a client-initiated session with a server of the DMAcc (the first one by default). */
  clientInitiated(srvId?: string): Promise<SessionOutcome> {
    return this.session(srvId, [this.sessionAlert(ALERT.CLIENT_INITIATED)], 'client-initiated');
  }

  /** A device that moved to another network leaves from a new local address from now on. */
  moveTo(localAddress: string | undefined): void {
    const old = this.http;
    this.http = this.newHttp(localAddress);
    void old.close();
    this.log(`network changed: now leaving from ${localAddress ?? 'the default address'}`);
  }

  /** Takes a Package#0; on acceptance opens the server-initiated session it asks for. */
  handleNotification(bytes: Uint8Array): NotificationOutcome {
    const decoded = decodePackage0(bytes);
    if (!decoded.ok) return this.ignored(`undecodable Package#0: ${decoded.error.message}`);
    const serverId = decoded.value.serverId;
    const account = this.accounts().find((a) => a.srvId === serverId);
    if (!serverId || !account) return this.ignored(`Package#0 from "${serverId ?? '(no SERVER-ID)'}", which is not a server of this device's DMAcc`);
    const now = Math.floor(Date.now() / 1000);
    const checked = checkNotification(bytes, {
      secret: account.notificationSecret ?? '',
      devId: this.devId,
      now,
      seen: this.notificationIds.seenAt(now),
    });
    if (!checked.ok) return this.ignored(`Package#0 from ${serverId}: ${checked.error.message}`);
    const id = checked.value.notificationId;
    if (id !== undefined) this.notificationIds.remember(serverId, id, now);
    const alert = this.sessionAlert(ALERT.SERVER_INITIATED, id === undefined ? undefined : { NotificationID: id });
    this.log(`Package#0 ${id ?? ''} from ${serverId} accepted: opening a server-initiated session`);
    return { accepted: true, session: this.session(account.srvId, [alert], 'server-initiated') };
  }

  /** Resolves when every session and subscription delivery started so far is over. */
  async idle(): Promise<void> {
    await this.chain;
    await this.subscriptions.idle();
    await this.chain;
  }

  /**
   * Stops the device once its sessions and deliveries are over; with `abort`, at once: whatever is
   * under way fails (a factory reset or a re-bootstrap does not wait for a stuck session).
   */
  async stop(options: { abort?: boolean } = {}): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (options.abort) await this.http.destroy();
    await this.idle().catch(() => undefined);
    this.subscriptions.stop();
    if (this.persistTimer) {
      clearTimeout(this.persistTimer);
      this.persistNow();
    }
    await this.notificationEndpoint?.close();
    if (!options.abort) await this.http.close();
  }

  /** Runs a session with one server; sessions are serialized. */
  session(srvId: string | undefined, alerts: GenericAlert[], reason: string, url?: string): Promise<SessionOutcome> {
    const run = this.chain.then(() => this.runOne(srvId, alerts, reason, url));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async runOne(srvId: string | undefined, alerts: GenericAlert[], reason: string, url?: string): Promise<SessionOutcome> {
    const account = srvId ? this.accounts().find((a) => a.srvId === srvId) : this.accounts()[0];
    if (!account) {
      const outcome: SessionOutcome = { srvId: srvId ?? '', ok: false, packagesSent: 0, commands: 0, reason: srvId ? `no DMAcc account for server "${srvId}"` : 'the device has no DMAcc account' };
      this.log(outcome.reason!);
      return outcome;
    }
    this.tree.deviceWrite(MOID.SESSIONINFO, '1', ['CBT'], new Date().toISOString());
    this.tree.deviceWrite(MOID.SESSIONINFO, '1', ['Reason'], reason);
    const principal = serverPrincipal(account.srvId);
    // Read `http` at each use, not once: a device that moves network mid-session (moveTo) goes on
    // from its new address in the same session (P-SESSION, DM-HLF-008).
    const device = this;
    const transfer: TransferContext = {
      get http() {
        return device.http;
      },
      devId: this.devId,
      encodings: this.encodings,
    };
    const context: Omit<CommandContext, 'setContinuation'> = {
      tree: this.tree,
      principal,
      transfer,
      exec: this.exec,
      subscriptions: this.subscriptions,
      defaults: this.defaults,
      ui: this.options.ui ?? false,
      onShow: (u) => {
        this.shown.push(u);
        this.log(`SHOW: displaying ${u}`);
      },
      sendAlertLater: (alert, serverUri) => void this.session(account.srvId, [alert], 'asynchronous result', serverUri),
      log: (line) => this.log(`  ${line}`),
    };
    const outcome = await runSession({
      get http() {
        return device.http;
      },
      devId: this.devId,
      srvId: account.srvId,
      url: url ?? this.options.sessionUrl ?? account.srvUri,
      package1: { MOS: this.mosFor(account.srvId), Alert: alerts },
      encoding: this.encodings[0] ?? 'json',
      encodings: this.encodings,
      ...(this.options.acceptEncoding !== undefined ? { acceptEncoding: this.options.acceptEncoding } : {}),
      context,
      log: this.log,
    });
    this.tree.deviceWrite(MOID.SESSIONINFO, '1', ['LastSessionResult'], outcome.ok ? '200' : String(outcome.httpStatus ?? 'aborted'));
    this.schedulePersist();
    this.sessionsRun.push(outcome);
    if (this.sessionsRun.length > 100) this.sessionsRun.shift();
    return outcome;
  }

  /** Package#1 MOS: the MOs and instances this server may read. */
  private mosFor(srvId: string): MosEntry[] {
    const principal = serverPrincipal(srvId);
    const out: MosEntry[] = [];
    for (const moid of this.tree.moids()) {
      const miids = [...this.tree.instancesOf(moid)].filter((i) => this.tree.has(principal, i, 'R')).map((i) => i.miid);
      if (miids.length === 0) continue;
      const ddf = this.tree.definition(moid)?.ddf;
      out.push({ MOID: moid, MIID: miids, ...(ddf ? { DDF: ddf } : {}) });
    }
    return out;
  }

  private sessionAlert(type: string, data?: unknown): GenericAlert {
    const source = this.notificationUrl;
    return { AlertType: type, ...(source ? { SourceURI: source } : {}), ...(data !== undefined ? { Data: data } : {}) };
  }

  private ignored(reason: string): NotificationOutcome {
    this.log(`ignored: ${reason}`);
    return { accepted: false, reason };
  }

  private onNotificationRequest(method: string, contentType: string | undefined, body: Buffer): EndpointReply {
    if (method !== 'POST') return { status: 405, headers: { allow: 'POST' } };
    if (essence(contentType) !== NOTIFICATION_MEDIA_TYPE) {
      return { status: 415, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from(`Package#0 is sent as ${NOTIFICATION_MEDIA_TYPE}\n`) };
    }
    const outcome = this.handleNotification(body);
    // An ignored notification gets no detail back: the sender learns nothing it could use.
    return { status: outcome.accepted ? 202 : 204 };
  }

  private async deliverSubscription(serverUri: string, clientUri: string, entries: MoEntry[]): Promise<void> {
    if (this.stopped) return;
    const sent = await pushMo({ http: this.http, devId: this.devId, encodings: this.encodings }, 'PUT', serverUri, entries);
    this.log(`SUB ${clientUri} -> ${serverUri}: ${sent.sc === 200 ? 'delivered' : `failed (${'reason' in sent ? sent.reason : sent.sc})`}`);
  }

  private newHttp(localAddress: string | undefined): HttpClient {
    const o = this.options;
    return new HttpClient({
      side: 'client',
      ...(o.ca ? { ca: o.ca } : {}),
      ...(o.cert ? { cert: o.cert } : {}),
      ...(o.key ? { key: o.key } : {}),
      ...(localAddress ? { localAddress } : {}),
      ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
      ...(o.trace ? { trace: o.trace } : {}),
    });
  }

  private schedulePersist(): void {
    if (!this.options.statePath || this.persistTimer) return;
    this.persistTimer = setTimeout(() => {
      this.persistTimer = undefined;
      this.persistNow();
    }, 20);
  }

  private persistNow(): void {
    if (!this.options.statePath) return;
    try {
      saveDeviceState(this.options.statePath, this.tree, this.subscriptions.list(), this.defaults.list());
    } catch (error) {
      this.log(`could not save the state to ${this.options.statePath}: ${(error as Error).message}`);
    }
  }
}
