/**
 * The reference DM client (a device): its tree, the servers of its DMAcc, and the sessions it runs
 * with them — client-initiated when told to, server-initiated on an accepted Package#0, and a new
 * session carrying the result of each asynchronous EXEC. One session runs at a time; the tree is
 * persisted atomically after every change when a state file is set.
 */
import { createHash } from 'node:crypto';
import { NOTIFICATION_MEDIA_TYPE, essence, type Encoding } from '../protocol/media-types.ts';
import { checkNotification } from '../protocol/package0-digest.ts';
import { decodePackage0 } from '../protocol/package0.ts';
import { NotificationIdMemory } from '../protocol/notification-id-memory.ts';
import { ALERT, type GenericAlert, type MosEntry, type MoEntry } from '../protocol/packages.ts';
import { HttpClient, type HttpClientOptions, type HttpRequest, type HttpResponse, type HttpSender, type HttpStream } from '../transport/http-client.ts';
import { startEndpoint, type Endpoint, type EndpointReply } from '../transport/http-endpoint.ts';
import type { ExchangeTimeouts } from '../transport/exchange-timeouts.ts';
import type { TraceSink } from '../transport/trace.ts';
import { WsLink } from '../transport/ws-link.ts';
import type { DeviceTree } from '../tree/device-tree.ts';
import { serverPrincipal } from '../tree/principal.ts';
import { MOID } from '../tree/standard-mos.ts';
import { accountsOf, type Account } from './accounts.ts';
import { BearerChoice } from './bearer.ts';
import type { CommandContext } from './command-context.ts';
import { DefaultRegistry } from './default-registry.ts';
import { loadDeviceState, saveDeviceState } from './device-state.ts';
import { registerDiagnostics } from './diagnostics-mo.ts';
import { registerScomo } from './scomo-agent.ts';
import { registerFumo } from './fumo-update.ts';
import { ExecEnvironments } from './exec-env.ts';
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
  /**
   * Client certificate chain and key (PEM) for mutual TLS: presented to servers whose DMAcc account
   * names no client authentication, and to X509 accounts that carry no certificate of their own.
   */
  cert?: string;
  key?: string;
  /**
   * Refuse plain HTTP (P-SEC): a session whose URL is http:// aborts before anything is sent, a
   * command whose target is http:// gets 502. Default false (library use); the reference client's
   * upper-tester adapter sets it.
   */
  requireTls?: boolean;
  /** Leave from this local address (127.0.0.2 looks like another network). */
  localAddress?: string;
  /** Open sessions at this URL instead of the DMAcc SrvURI, like a hosts-file entry. */
  sessionUrl?: string;
  /** Persist the state here (atomic writes). */
  statePath?: string;
  /** Listen for Package#0 over HTTP on this loopback address. */
  notification?: { host: string; port?: number };
  timeoutMs?: number;
  /** Bounds on each HTTP exchange with a server (harness/transport/exchange-timeouts.ts; default from timeoutMs). */
  exchange?: Partial<ExchangeTimeouts>;
  /** The largest Package#2 or fetched MO serialization read (default the HTTP client's, 16 MiB). */
  maxBodyBytes?: number;
  /** Accept-Encoding for Package#2 (default "gzip, br"; "" for none). */
  acceptEncoding?: string;
  /**
   * P-WS: the device holds a WebSocket open to each server of its DMAcc (`wss://<server>/dm`), takes
   * Package#0 over it, and runs its sessions over it (a device behind NAT: give no `notification`).
   * `pingMs`: the keep-alive ping interval (default 30 s); `retryMs`: the first wait before
   * reopening a dropped connection, doubled up to 30 s.
   */
  ws?: { pingMs?: number; retryMs?: number };
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
  /** P-ENV: the device's bearer and the bearers Package#0s asked for, which pick each session's address (harness/client/bearer.ts). */
  readonly bearer = new BearerChoice();
  /** P-ENV: the execution environments, the tags of the managed instances, each server's scope (harness/client/exec-env.ts). */
  readonly environments: ExecEnvironments;
  private http: HttpClient;
  private localAddress: string | undefined;
  /** One HTTP client per DMAcc account security (trust anchor, certificate, credentials), by a hash of it. */
  private accountClients = new Map<string, HttpClient>();
  private chain: Promise<unknown> = Promise.resolve();
  private notificationEndpoint: Endpoint | undefined;
  private readonly notificationIds = new NotificationIdMemory();
  private persistTimer: NodeJS.Timeout | undefined;
  private readonly log: (line: string) => void;
  private stopped = false;
  /** Aborted by stop(): a session under way gives up resending a Package#3 instead of waiting to. */
  private readonly stopping = new AbortController();
  /** The WebSocket of each server (P-WS), by SrvID, with its reopening timer. */
  private readonly wsLinks = new Map<string, { link: WsLink; retry?: NodeJS.Timeout; waitMs: number }>();
  /** The transport a case or the upper tester chose for every server (useTransport). */
  private transportOverride: 'http' | 'ws' | undefined;

  private constructor(
    readonly tree: DeviceTree,
    private readonly options: DmDeviceOptions,
  ) {
    this.log = options.log ?? (() => {});
    this.localAddress = options.localAddress;
    this.http = this.newHttp(options.localAddress);
    this.subscriptions = new SubscriptionRegistry(tree, (sub, entries) => this.deliverSubscription(sub.serverUri, sub.clientUri, entries, sub.srvId));
    registerDiagnostics(tree, this.exec);
    registerScomo(tree, this.exec, { transfer: () => ({ http: this.http, devId: this.devId, encodings: this.encodings }), log: (l) => this.log(l) });
    registerFumo(tree, this.exec, { transfer: () => ({ http: this.http, devId: this.devId, encodings: this.encodings }), log: (l) => this.log(l) });
    this.environments = ExecEnvironments.attach(tree);
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
    for (const account of device.accounts()) if (device.usesWs(account)) void device.wsOpen(account).catch(() => undefined);
    if (options.notification) {
      device.notificationEndpoint = await startEndpoint(
        {
          host: options.notification.host,
          port: options.notification.port ?? 0,
          maxBodyBytes: 64 * 1024,
          side: 'client',
          ...(options.exchange ? { timeouts: options.exchange } : {}),
          ...(options.trace ? { trace: options.trace } : {}),
        },
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
    const oldAccounts = [...this.accountClients.values()];
    this.localAddress = localAddress;
    this.http = this.newHttp(localAddress);
    this.accountClients = new Map();
    void old.close();
    for (const c of oldAccounts) void c.close();
    // The WebSockets of the old network are gone: each is opened again from the new address.
    for (const [srvId, entry] of [...this.wsLinks]) {
      entry.link.terminate();
      this.wsLinks.delete(srvId);
      if (entry.retry) clearTimeout(entry.retry);
      const account = this.accounts().find((a) => a.srvId === srvId);
      if (account) void this.wsOpen(account).catch(() => undefined);
    }
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
    this.bearer.prefer(account.srvId, decoded.value.preferredConType);
    const alert = this.sessionAlert(ALERT.SERVER_INITIATED, id === undefined ? undefined : { NotificationID: id });
    this.log(`Package#0 ${id ?? ''} from ${serverId} accepted: opening a server-initiated session`);
    return { accepted: true, session: this.session(account.srvId, [alert], 'server-initiated') };
  }

  /** A Package#0 that came as a frame over one of the device's WebSockets (P-WS): taken as over HTTP. */
  takeWsPackage0(bytes: Uint8Array): void {
    this.handleNotification(bytes);
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
    this.stopping.abort();
    if (options.abort) {
      await this.http.destroy();
      for (const c of this.accountClients.values()) await c.destroy();
    }
    await this.idle().catch(() => undefined);
    this.subscriptions.stop();
    if (this.persistTimer) {
      clearTimeout(this.persistTimer);
      this.persistNow();
    }
    await this.notificationEndpoint?.close();
    for (const entry of this.wsLinks.values()) {
      if (entry.retry) clearTimeout(entry.retry);
      if (options.abort) entry.link.terminate();
      else entry.link.close();
    }
    this.wsLinks.clear();
    if (!options.abort) {
      await this.http.close();
      for (const c of this.accountClients.values()) await c.close();
    }
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
      const outcome: SessionOutcome = {
        srvId: srvId ?? '',
        ok: false,
        packagesSent: 0,
        commands: 0,
        reason: srvId ? `no DMAcc account for server "${srvId}"` : 'the device has no DMAcc account',
      };
      this.log(outcome.reason!);
      return outcome;
    }
    this.tree.deviceWrite(MOID.SESSIONINFO, '1', ['CBT'], new Date().toISOString());
    this.tree.deviceWrite(MOID.SESSIONINFO, '1', ['Reason'], reason);
    const overWs = this.usesWs(account) && !url;
    // A wss:// SrvURI stands for its https:// twin (P-WS): the session's URLs are those (CONT URIs are the server's).
    const sessionUrl = url ?? this.options.sessionUrl ?? httpTwinOf(this.bearer.sessionUri(this.tree, account));
    if (this.options.requireTls && !/^https:/i.test(sessionUrl)) {
      // P-SEC: nothing goes to a server over plain HTTP, not even the Package#1.
      return this.finish({
        srvId: account.srvId,
        ok: false,
        packagesSent: 0,
        commands: 0,
        reason: `session with ${account.srvId} refused: ${sessionUrl} is plain HTTP and this device talks to servers over HTTPS only`,
      });
    }
    const principal = serverPrincipal(account.srvId);
    // Read the HTTP client at each use, not once: a device that moves network mid-session (moveTo)
    // goes on from its new address in the same session (P-SESSION, DM-HLF-008). The session's own
    // packages use the account's client (its trust anchor and credentials); so do command targets on
    // the origin of the session, other targets the device's general client.
    const device = this;
    const origins = new Set([originOf(httpTwinOf(account.srvUri)), originOf(sessionUrl)]);
    const transfer: TransferContext = {
      http: this.router(account, origins),
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
    if (overWs) {
      try {
        await this.wsOpen(account);
      } catch (error) {
        return this.finish({
          srvId: account.srvId,
          ok: false,
          packagesSent: 0,
          commands: 0,
          reason: `session with ${account.srvId} not opened: ${(error as Error).message}`,
        });
      }
    }
    const outcome = await runSession({
      get http() {
        // Over P-WS the session's packages go as frames (a session moving network reopens the link).
        // Read at each package: a device that moves network, or between HTTP and its WebSocket, goes on in the same session.
        return !url && device.usesWs(account) ? device.wsEntry(account).link : device.accountHttp(account);
      },
      devId: this.devId,
      srvId: account.srvId,
      url: sessionUrl,
      package1: { MOS: this.mosFor(account.srvId), Alert: alerts },
      encoding: this.encodings[0] ?? 'json',
      encodings: this.encodings,
      ...(this.options.acceptEncoding !== undefined ? { acceptEncoding: this.options.acceptEncoding } : {}),
      context,
      log: this.log,
      signal: this.stopping.signal,
    });
    return this.finish(outcome);
  }

  private finish(outcome: SessionOutcome): SessionOutcome {
    if (!outcome.ok && outcome.packagesSent === 0 && outcome.reason) this.log(outcome.reason);
    this.tree.deviceWrite(MOID.SESSIONINFO, '1', ['LastSessionResult'], outcome.ok ? '200' : String(outcome.httpStatus ?? 'aborted'));
    this.schedulePersist();
    this.sessionsRun.push(outcome);
    if (this.sessionsRun.length > 100) this.sessionsRun.shift();
    return outcome;
  }

  /**
   * The WebSocket to an account's server (P-WS), opened if it is not open: TLS and credentials as the
   * account's HTTP client has them. A connection that drops is opened again after a wait that doubles
   * up to 30 s, so Package#0 can reach the device again.
   */
  private async wsOpen(account: Account): Promise<WsLink> {
    const current = this.wsEntry(account);
    if (!current.link.connected) {
      try {
        await current.link.connect();
      } catch (error) {
        this.log(`WebSocket to ${account.srvId} not opened: ${(error as Error).message}`);
        if (!this.stopped && !current.retry) {
          current.retry = setTimeout(() => {
            current.retry = undefined;
            void this.wsOpen(account).catch(() => undefined);
          }, current.waitMs);
          current.retry.unref();
          current.waitMs = Math.min(current.waitMs * 2, 30_000);
        }
        throw error;
      }
    }
    return current.link;
  }

  /** The WebSocket link to an account's server (P-WS), made (not opened) when there is none. */
  private wsEntry(account: Account): { link: WsLink; retry?: NodeJS.Timeout; waitMs: number } {
    let entry = this.wsLinks.get(account.srvId);
    if (!entry) {
      const o = this.options;
      const { ca, cert, key, auth } = this.accountSecurity(account);
      const retryMs = o.ws?.retryMs ?? 1_000;
      const created: { link: WsLink; retry?: NodeJS.Timeout; waitMs: number } = {
        waitMs: retryMs,
        link: new WsLink({
          dmUrl: o.sessionUrl ?? httpTwinOf(account.srvUri),
          devId: this.devId,
          ...(ca ? { ca } : {}),
          ...(cert && key ? { cert, key } : {}),
          ...(auth ? { auth } : {}),
          ...(this.localAddress ? { localAddress: this.localAddress } : {}),
          ...(o.requireTls ? { requireTls: true } : {}),
          timeoutMs: o.timeoutMs ?? 15_000,
          maxFrameBytes: o.maxBodyBytes ?? 16 * 1024 * 1024,
          pingMs: o.ws?.pingMs ?? this.dmaccPingMs(account) ?? 30_000,
          ...(o.trace ? { trace: o.trace } : {}),
          onNotification: (bytes) => this.takeWsPackage0(bytes),
          onOpen: () => {
            created.waitMs = retryMs;
            this.log(`WebSocket open to ${account.srvId} (${created.link.url})`);
          },
          onClose: (why) => {
            this.log(`WebSocket to ${account.srvId} ${why}`);
            if (this.stopped || this.wsLinks.get(account.srvId) !== created) return;
            created.retry = setTimeout(() => {
              created.retry = undefined;
              void this.wsOpen(account).catch(() => undefined);
            }, created.waitMs);
            created.retry.unref();
            created.waitMs = Math.min(created.waitMs * 2, 30_000);
          },
        }),
      };
      entry = created;
      this.wsLinks.set(account.srvId, entry);
    }
    return entry;
  }

  /**
   * From now on the device reaches its servers over this transport (the upper tester's or a case's
   * choice; a session under way goes on over it): 'ws' its WebSocket (P-WS), 'http' HTTP(S), a wss://
   * SrvURI by its https:// twin. Undefined: as its DMAcc and options say.
   */
  useTransport(transport: 'http' | 'ws' | undefined): void {
    this.transportOverride = transport;
    this.log(`transport: ${transport ?? 'as the DMAcc says'}`);
    if (transport !== 'ws') return;
    for (const account of this.accounts()) void this.wsOpen(account).catch(() => undefined);
  }

  /**
   * Whether the device reaches that server over P-WS: its DMAcc SrvURI is a wss:// (or, on loopback,
   * ws://) URI, or the device was told to use WebSockets for every server (`ws`).
   */
  private usesWs(account: Account): boolean {
    if (this.transportOverride) return this.transportOverride === 'ws';
    return /^wss?:\/\//i.test(account.srvUri) || this.options.ws !== undefined;
  }

  /** The account's DMAcc Push/Ping (seconds, 1 to 3600), the keep-alive interval of its WebSocket (P-WS), in ms. */
  private dmaccPingMs(account: Account): number | undefined {
    const node = this.tree.instance(MOID.DMACC, account.miid)?.root.children.get('Push');
    const ping = node?.kind === 'interior' ? node.children.get('Ping') : undefined;
    const seconds = ping?.kind === 'leaf' ? Number(ping.value) : Number.NaN;
    return Number.isInteger(seconds) && seconds >= 1 && seconds <= 3600 ? seconds * 1000 : undefined;
  }

  /** Whether the device holds its WebSocket to that server open now (P-WS). */
  wsOpenTo(srvId: string): boolean {
    return this.wsLinks.get(srvId)?.link.connected ?? false;
  }

  /**
   * The HTTP client of an account (P-SEC): TLS against the account's trust anchor (DMAcc
   * Auth/Server/Data; the device's `ca` when it has none), its client certificate when the account
   * says X509 (the account's own, else the device's), Basic/Digest credentials when it says so.
   */
  private accountHttp(account: Account): HttpClient {
    const { ca, cert, key, auth } = this.accountSecurity(account);
    const id = createHash('sha256')
      .update(JSON.stringify([account.srvId, ca ?? null, cert ?? null, key ?? null, auth ?? null]))
      .digest('base64url');
    let client = this.accountClients.get(id);
    if (!client) {
      client = new HttpClient({
        ...this.httpOptions(this.localAddress),
        ...(ca ? { ca } : {}),
        ...(cert && key ? { cert, key } : {}),
        ...(auth ? { auth } : {}),
      });
      this.accountClients.set(id, client);
    }
    return client;
  }

  /** How the device authenticates the account's server and itself to it (trust anchor, certificate, credentials). */
  private accountSecurity(account: Account): {
    ca?: string;
    cert?: string;
    key?: string;
    auth?: { scheme: 'basic' | 'digest'; name: string; password: string };
  } {
    const o = this.options;
    const c = account.clientAuth;
    const ca = account.trustAnchorPem ?? o.ca;
    const cert = c === undefined ? o.cert : c.type === 'x509' ? (c.certPem ?? o.cert) : undefined;
    const key = c === undefined ? o.key : c.type === 'x509' ? (c.certPem ? c.secret : o.key) : undefined;
    const auth = c && c.type !== 'x509' && c.secret ? { scheme: c.type, name: c.name ?? this.devId, password: c.secret } : undefined;
    return { ...(ca ? { ca } : {}), ...(cert ? { cert } : {}), ...(key ? { key } : {}), ...(auth ? { auth } : {}) };
  }

  /** Targets on these origins go through the account's client, others through the device's. */
  private router(account: Account, origins: ReadonlySet<string>): HttpSender {
    return {
      send: (req: HttpRequest): Promise<HttpResponse> => (origins.has(originOf(req.url)) ? this.accountHttp(account) : this.http).send(req),
      open: (req: HttpRequest): Promise<HttpStream> => (origins.has(originOf(req.url)) ? this.accountHttp(account) : this.http).open(req),
    };
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

  private async deliverSubscription(serverUri: string, clientUri: string, entries: MoEntry[], srvId?: string): Promise<void> {
    if (this.stopped) return;
    const account = srvId === undefined ? undefined : this.accounts().find((a) => a.srvId === srvId);
    const http: HttpSender = account ? this.router(account, new Set([originOf(httpTwinOf(account.srvUri))])) : this.http;
    const sent = await pushMo({ http, devId: this.devId, encodings: this.encodings }, 'PUT', serverUri, entries);
    this.log(`SUB ${clientUri} -> ${serverUri}: ${sent.sc === 200 ? 'delivered' : `failed (${'reason' in sent ? sent.reason : sent.sc})`}`);
  }

  private newHttp(localAddress: string | undefined): HttpClient {
    const o = this.options;
    return new HttpClient({
      ...this.httpOptions(localAddress),
      ...(o.ca ? { ca: o.ca } : {}),
      ...(o.cert ? { cert: o.cert } : {}),
      ...(o.key ? { key: o.key } : {}),
    });
  }

  private httpOptions(localAddress: string | undefined): HttpClientOptions {
    const o = this.options;
    return {
      side: 'client',
      ...(localAddress ? { localAddress } : {}),
      ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}),
      ...(o.exchange ? { exchange: o.exchange } : {}),
      ...(o.maxBodyBytes ? { maxBodyBytes: o.maxBodyBytes } : {}),
      ...(o.trace ? { trace: o.trace } : {}),
      ...(o.requireTls ? { requireTls: true } : {}),
    };
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

/** The http(s):// URL a ws(s):// SrvURI stands for (P-WS: the WebSocket is the DM URL's twin); others unchanged. */
function httpTwinOf(url: string): string {
  return url.replace(/^ws(s?):\/\//i, 'http$1://');
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return '';
  }
}
