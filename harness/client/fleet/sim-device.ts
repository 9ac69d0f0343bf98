/**
 * One simulated device of a load: a DevID, a transport (HTTP, or a WebSocket it holds open, P-WS),
 * an encoding, and a kind from the MO mix (fleet-profiles.ts) whose tree it shares read-only until a
 * server changes something — then it gets a tree of its own (copy on first write). It runs one
 * session at a time; over P-WS it takes Package#0 frames, checks their digest, timestamp and SERVER-ID
 * as the reference device does, and opens the server-initiated session they ask for. No listener, no
 * log, no timers of its own beyond the WebSocket's ping: a few hundred bytes plus its connection.
 */
import { checkNotification } from '../../protocol/package0-digest.ts';
import type { RawCommand } from '../../protocol/commands.ts';
import type { Encoding } from '../../protocol/media-types.ts';
import { ALERT, type GenericAlert } from '../../protocol/packages.ts';
import type { HttpSender } from '../../transport/http-client.ts';
import { WsLink } from '../../transport/ws-link.ts';
import type { DeviceTree } from '../../tree/device-tree.ts';
import { serverPrincipal } from '../../tree/principal.ts';
import type { CommandContext } from '../command-context.ts';
import { DefaultRegistry } from '../default-registry.ts';
import { registerDiagnostics } from '../diagnostics-mo.ts';
import { ExecRegistry } from '../exec-registry.ts';
import { SubscriptionRegistry } from '../subscriptions.ts';
import { errorOf, type FleetError } from './fleet-errors.ts';
import type { FleetProfile } from './fleet-profiles.ts';
import { runSimSession, type SimSessionOutcome } from './sim-session.ts';

/** Commands that leave the tree as it is: they run on the kind's shared tree. */
const READ_ONLY = new Set(['GET', 'CONT', 'HPUT', 'HPOST', 'SHOW']);

/** What every device of a fleet shares: the server, the HTTP clients, the kinds' registries, the hooks. */
export interface FleetContext {
  dmUrl: string;
  srvId: string;
  notificationSecret: string;
  encodings: readonly Encoding[];
  /** The HTTP client of the i-th source address. */
  http(index: number): HttpSender;
  ws: { ca?: string; auth?: { scheme: 'basic' | 'digest'; name: string; password: string }; timeoutMs: number; pingMs: number };
  sourceAddress(index: number): string | undefined;
  shared(profile: FleetProfile): Registries;
  onExchange(ms: number, first: boolean): void;
  onSessionStarted(kind: 'client' | 'server'): void;
  onSessionEnded(device: SimDevice, kind: 'client' | 'server', outcome: SimSessionOutcome): void;
  onSessionOpened(device: SimDevice, kind: 'client' | 'server'): void;
  onPackage0(device: SimDevice, accepted: boolean, reason?: string): void;
  onWsOpened(device: SimDevice): void;
  onWsClosed(device: SimDevice, why: string): void;
}

export interface Registries {
  tree: DeviceTree;
  exec: ExecRegistry;
  subscriptions: SubscriptionRegistry;
  defaults: DefaultRegistry;
}

export function registriesOf(tree: DeviceTree): Registries {
  const exec = new ExecRegistry();
  registerDiagnostics(tree, exec);
  // Subscriptions are recorded, never started: a simulated device delivers none.
  return { tree, exec, subscriptions: new SubscriptionRegistry(tree, async () => {}), defaults: new DefaultRegistry() };
}

export class SimDevice {
  private link: WsLink | undefined;
  private own: Registries | undefined;
  private chain: Promise<unknown> = Promise.resolve();
  private lastNotificationId = -1;
  private context: CommandContext | undefined;
  private continuation: ((url: string) => void) | undefined;
  /** Sessions under way or waiting their turn. */
  pending = 0;

  constructor(
    readonly index: number,
    readonly devId: string,
    readonly transport: 'http' | 'ws',
    readonly encoding: Encoding,
    readonly profile: FleetProfile,
    private readonly fleet: FleetContext,
  ) {}

  get wsOpen(): boolean {
    return this.link?.connected ?? false;
  }

  /** Opens the device's WebSocket (P-WS devices); the failure by kind when it could not. */
  async connect(): Promise<FleetError | undefined> {
    if (this.transport !== 'ws') return undefined;
    const f = this.fleet;
    const source = f.sourceAddress(this.index);
    this.link ??= new WsLink({
      dmUrl: f.dmUrl,
      devId: this.devId,
      ...(f.ws.ca ? { ca: f.ws.ca } : {}),
      ...(f.ws.auth ? { auth: f.ws.auth } : {}),
      ...(source ? { localAddress: source } : {}),
      timeoutMs: f.ws.timeoutMs,
      maxFrameBytes: 1024 * 1024,
      pingMs: f.ws.pingMs,
      onNotification: (bytes) => this.onPackage0(bytes),
      onOpen: () => f.onWsOpened(this),
      onClose: (why) => f.onWsClosed(this, why),
    });
    try {
      await this.link.connect();
      return undefined;
    } catch (error) {
      return errorOf(error);
    }
  }

  /** Runs a session (after the one under way, if any). */
  session(kind: 'client' | 'server', notificationId?: number): Promise<SimSessionOutcome> {
    this.pending += 1;
    const run = this.chain.then(() => this.runOne(kind, notificationId));
    this.chain = run.catch(() => undefined);
    return run;
  }

  close(): void {
    this.link?.terminate();
  }

  private async runOne(kind: 'client' | 'server', notificationId?: number): Promise<SimSessionOutcome> {
    const f = this.fleet;
    f.onSessionStarted(kind);
    const alert: GenericAlert = {
      AlertType: kind === 'client' ? ALERT.CLIENT_INITIATED : ALERT.SERVER_INITIATED,
      ...(notificationId !== undefined ? { Data: { NotificationID: notificationId } } : {}),
    };
    let outcome: SimSessionOutcome;
    try {
      outcome = await runSimSession({
        sender: this.link ?? f.http(this.index),
        devId: this.devId,
        url: f.dmUrl,
        package1: { MOS: this.profile.mos, Alert: [alert] },
        encoding: this.encoding,
        encodings: f.encodings,
        contextFor: (command, setContinuation) => this.contextFor(command, setContinuation),
        onExchange: (ms, first) => f.onExchange(ms, first),
        onOpened: () => f.onSessionOpened(this, kind),
      });
    } catch (error) {
      outcome = { ok: false, packages: 0, error: errorOf(error) };
    }
    this.pending -= 1;
    f.onSessionEnded(this, kind, outcome);
    return outcome;
  }

  /** The context commands run in: built once per tree (the kind's shared one, then the device's own), the session's CONT hook swapped in. */
  private contextFor(command: RawCommand, setContinuation: (url: string) => void): CommandContext {
    const f = this.fleet;
    if (!this.own && !READ_ONLY.has(String(command[0]))) {
      this.own = registriesOf(this.profile.build(this.devId));
      this.context = undefined;
    }
    this.continuation = setContinuation;
    this.context ??= {
      ...(this.own ?? f.shared(this.profile)),
      principal: serverPrincipal(f.srvId),
      transfer: { http: f.http(this.index), devId: this.devId, encodings: f.encodings },
      ui: false,
      onShow: () => {},
      // An asynchronous EXEC's result is not reported back: the simulated device has no session queue for it.
      sendAlertLater: () => {},
      setContinuation: (url) => this.continuation?.(url),
      log: () => {},
    };
    return this.context;
  }

  private onPackage0(bytes: Uint8Array): void {
    const f = this.fleet;
    const now = Math.floor(Date.now() / 1000);
    const checked = checkNotification(bytes, {
      secret: f.notificationSecret,
      devId: this.devId,
      now,
      // A simulated device remembers its last NOTIFICATION-ID only (the reference device: 4,096 for 24 h).
      seen: (_server, id) => id === this.lastNotificationId,
    });
    if (!checked.ok) {
      f.onPackage0(this, false, checked.error.message);
      return;
    }
    if (checked.value.serverId !== f.srvId) {
      f.onPackage0(this, false, `Package#0 from "${checked.value.serverId}", not from ${f.srvId}`);
      return;
    }
    const id = checked.value.notificationId;
    if (id !== undefined) this.lastNotificationId = id;
    f.onPackage0(this, true);
    void this.session('server', id);
  }
}
