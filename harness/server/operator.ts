/**
 * The operator's side of the reference server, in process: queue commands for a device and learn
 * their outcome, publish HGET content, open receivers for HPUT/HPOST/SUB, notify a device.
 * A ServerURI parameter written as `auto` is replaced by one the server hosts: a new receiver for
 * HPUT/HPOST/SUB, this command's alert receiver for EXEC.
 */
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import type { RawCommand } from '../protocol/commands.ts';
import type { Encoding } from '../protocol/media-types.ts';
import { MOID } from '../protocol/moids.ts';
import { ALERT, type GenericAlert, type MoSerialization } from '../protocol/packages.ts';
import type { PreferredConType } from '../protocol/package0.ts';
import { fail, ok, type Result } from '../protocol/result.ts';
import { checkCommand } from '../protocol/validate.ts';
import { accountData, type DmAccountSpec } from '../tree/dmacc-data.ts';
import type { DeviceCredentials } from './client-auth.ts';
import type { DeviceRecord, DeviceRegistry } from './device-registry.ts';
import type { NotifyOutcome, Notifier } from './notifier.ts';
import type { QueuedCommand } from './queued-command.ts';
import type { ReceivedBody, ResourceHost } from './resource-host.ts';

export const AUTO = 'auto';

const DELEGATION_MOID = 'urn:oma:mo:oma-dm-delegation:1.0';

export interface OperatorDeps {
  registry: DeviceRegistry;
  resources: ResourceHost;
  notifier: Notifier;
  events: EventEmitter;
  baseUrl: () => string;
  /** Where device credentials are kept (the server's client authenticator). */
  credentials?: { setCredentials(devId: string, creds: DeviceCredentials): Result<void> };
  /** The sender of a Package#0 frame over the device's open WebSocket (P-WS), when it holds one. */
  wsNotify?: (devId: string) => ((bytes: Uint8Array) => boolean) | undefined;
}

export interface QueueOptions {
  /** Send the command as given, without checking it (to test how a device handles bad commands). */
  raw?: boolean;
}

export interface ServerUriPlan {
  /** The receiver created for an `auto` HPUT/HPOST/SUB target. */
  receiverId?: string;
}

/** Applies to every device. */
export const ALL_DEVICES = '*';

export class Operator {
  private readonly standing = new Map<string, RawCommand[]>();

  constructor(private readonly d: OperatorDeps) {}

  /**
   * Standing commands: queued for the device (or every device, `*`) at the start of each of its
   * sessions — a server's management policy, e.g. "read DevInfo in every session".
   */
  setStanding(devId: string, commands: RawCommand[]): Result<void> {
    for (const cmd of commands) {
      const checked = checkCommand(cmd);
      if (!checked.ok) return fail('OPERATOR', `not a valid standing command: ${checked.error.message}`);
    }
    if (commands.length === 0) this.standing.delete(devId);
    else this.standing.set(devId, commands);
    return ok(undefined);
  }

  /** Queues the standing commands that apply to a device whose session starts. */
  applyStanding(record: DeviceRecord): void {
    for (const cmd of [...(this.standing.get(ALL_DEVICES) ?? []), ...(this.standing.get(record.devId) ?? [])]) {
      this.queue(record.devId, cmd, { raw: true });
    }
  }

  devices(): DeviceRecord[] {
    return this.d.registry.all();
  }

  /** Whether the device holds a WebSocket open to this server now (P-WS: its Package#0 goes over it). */
  wsOpen(devId: string): boolean {
    return this.d.wsNotify?.(devId) !== undefined;
  }

  device(devId: string): DeviceRecord | undefined {
    return this.d.registry.get(devId);
  }

  command(id: string): QueuedCommand | undefined {
    return this.d.registry.findCommand(id);
  }

  /** Queues a command; it goes out in the device's next session. */
  queue(devId: string, command: RawCommand, options: QueueOptions = {}): Result<QueuedCommand & ServerUriPlan> {
    if (!devId) return fail('OPERATOR', 'a device ID is needed');
    const id = randomBytes(9).toString('base64url');
    const plan: ServerUriPlan = {};
    const filled = this.fillAuto(command, id, plan);
    if (!options.raw) {
      const checked = checkCommand(filled);
      if (!checked.ok) return fail('OPERATOR', `not a valid command: ${checked.error.message}`);
    }
    const record = this.d.registry.ensure(devId);
    const queued: QueuedCommand & ServerUriPlan = { id, devId, command: filled, state: 'queued', queuedAt: Date.now(), ...plan };
    record.queue.push(queued);
    return ok(queued);
  }

  /**
   * Delegates rights on an MO instance of the device to another MA (P-DELEG): the grant is published
   * as content and the device fetches it with HGET (a new Delegation MO instance); the device checks it.
   */
  delegate(devId: string, grant: Record<string, unknown>): Result<QueuedCommand & ServerUriPlan> {
    const content = this.publish([{ ClientURI: DELEGATION_MOID, MOData: grant }]);
    return this.queue(devId, ['HGET', content.url]);
  }

  /**
   * Acts as the device's bootstrap server (P-BOOT): each account is published as the MOData of a DMAcc
   * instance (harness/tree/dmacc-data.ts) and the device fetches it by HGET — a new DMAcc instance —
   * in its next session with this server. The device then sends BootstrapComplete (bootstrapCompletes).
   */
  bootstrap(devId: string, accounts: DmAccountSpec[]): Result<Array<QueuedCommand & ServerUriPlan>> {
    if (accounts.length === 0) return fail('OPERATOR', 'a bootstrap needs at least one DMAcc account to create');
    const queued: Array<QueuedCommand & ServerUriPlan> = [];
    for (const account of accounts) {
      const content = this.publish([{ ClientURI: MOID.DMACC, MOData: accountData(account) }]);
      const q = this.queue(devId, ['HGET', content.url]);
      if (!q.ok) return q;
      queued.push(q.value);
    }
    return ok(queued);
  }

  /** The BootstrapComplete alerts the device sent this server, oldest first (P-BOOT; bounded like its events). */
  bootstrapCompletes(devId: string): GenericAlert[] {
    const events = this.d.registry.get(devId)?.events ?? [];
    return events.flatMap((e) => (e.alert?.AlertType === ALERT.BOOTSTRAP_COMPLETE ? [e.alert] : []));
  }

  /** Resolves when the command is done or lost, or with its current state after the timeout. */
  wait(command: QueuedCommand, timeoutMs: number): Promise<QueuedCommand> {
    if (command.state === 'done' || command.state === 'lost') return Promise.resolve(command);
    return this.waitEvent('done', (c: QueuedCommand) => c.id === command.id, timeoutMs).then(() => command);
  }

  /** Resolves when the asynchronous result of an EXEC arrived, or after the timeout. */
  waitExecResult(command: QueuedCommand, timeoutMs: number): Promise<QueuedCommand> {
    if (command.asyncResult) return Promise.resolve(command);
    return this.waitEvent('exec-result', (c: QueuedCommand) => c.id === command.id, timeoutMs).then(() => command);
  }

  /** Resolves when the device's next session starts (its Package#1 arrives), or false after the timeout. */
  waitForSession(devId: string, timeoutMs: number): Promise<boolean> {
    const before = this.d.registry.get(devId)?.sessions ?? 0;
    return this.waitEvent('session', (id: string) => id === devId && (this.d.registry.get(devId)?.sessions ?? 0) > before, timeoutMs);
  }

  publish(entries: MoSerialization, options: { failWith?: number } = {}): { id: string; url: string } {
    const content = this.d.resources.publish(entries, options);
    return { id: content.id, url: `${this.d.baseUrl()}/content/${content.id}` };
  }

  /**
   * Publishes a large object (P-LO; a firmware image): the file at `path`, served by range at the
   * returned ServerURI with its ETag and Repr-Digest. An HGET of that URL with a ClientURI naming a
   * leaf makes the device download it.
   */
  async publishObject(path: string): Promise<{ id: string; url: string; size: number; digest: string }> {
    const object = await this.d.resources.publishObject(path);
    return { id: object.id, url: `${this.d.baseUrl()}/content/${object.id}`, size: object.size, digest: object.digest };
  }

  receiver(accept?: Encoding[]): { id: string; url: string } {
    const receiver = this.d.resources.createReceiver(accept);
    return { id: receiver.id, url: `${this.d.baseUrl()}/recv/${receiver.id}` };
  }

  received(receiverId: string): ReceivedBody[] {
    return this.d.resources.receiver(receiverId)?.bodies ?? [];
  }

  nextBody(receiverId: string, timeoutMs: number): Promise<ReceivedBody | undefined> {
    return this.d.resources.nextBody(receiverId, timeoutMs);
  }

  /**
   * Sets (replaces) the credentials a device authenticates with (P-SEC): a name and password for
   * Basic and Digest, and/or that it authenticates by its X.509 certificate. `{}` forgets them.
   */
  setCredentials(devId: string, creds: DeviceCredentials): Result<void> {
    if (!this.d.credentials) return fail('OPERATOR', 'this server keeps no device credentials');
    return this.d.credentials.setCredentials(devId, creds);
  }

  setNotificationTarget(devId: string, target: { url?: string; secret?: string }): void {
    const record = this.d.registry.ensure(devId);
    if (target.url) {
      record.notificationUrl = target.url;
      record.notificationUrlPinned = true;
    }
    if (target.secret) record.notificationSecret = target.secret;
  }

  /** Sends a Package#0 so the device opens a server-initiated session. */
  async notify(
    devId: string,
    options: { reqMos?: boolean; preferredConType?: PreferredConType; url?: string; secret?: string; wsOnly?: boolean } = {},
  ): Promise<Result<NotifyOutcome>> {
    const record = this.d.registry.ensure(devId);
    const ws = options.url ? undefined : this.d.wsNotify?.(devId);
    // wsOnly: the device is behind NAT; no connection is ever opened to it, whatever URL it reported.
    if (options.wsOnly && !ws)
      return fail('NOTIFY_NO_WS', `${devId} holds no WebSocket open to this server (P-WS): a device behind NAT cannot be notified otherwise`);
    const url = options.wsOnly ? undefined : (options.url ?? record.notificationUrl);
    const secret = options.secret ?? record.notificationSecret;
    if (!url && !ws)
      return fail(
        'NOTIFY_NO_URL',
        `no notification URL is known for ${devId} and it holds no WebSocket open (P-WS): the device reports a URL in its session alert's SourceURI, or give it (--url)`,
      );
    if (!secret)
      return fail(
        'NOTIFY_NO_SECRET',
        `no notification secret is known for ${devId}: give the device's Auth/Noti/Secret (--secret, or the server's --noti-secret)`,
      );
    const outcome = await this.d.notifier.notify({
      devId,
      ...(url ? { url } : {}),
      ...(ws ? { ws } : {}),
      secret,
      ...(options.reqMos !== undefined ? { reqMos: options.reqMos } : {}),
      ...(options.preferredConType !== undefined ? { preferredConType: options.preferredConType } : {}),
    });
    this.d.registry.event(record, {
      kind: 'notification',
      detail: outcome.ok
        ? `Package#0 ${outcome.value.notificationId} -> ${outcome.value.via === 'ws' ? "the device's WebSocket" : `HTTP ${outcome.value.httpStatus}`}`
        : outcome.error.message,
    });
    return outcome;
  }

  private fillAuto(command: RawCommand, id: string, plan: ServerUriPlan): RawCommand {
    const [name, ...params] = command;
    const base = this.d.baseUrl();
    const replace = (i: number, value: string) => {
      const copy = [...params];
      copy[i] = value;
      return [name, ...copy] as RawCommand;
    };
    if ((name === 'HPUT' || name === 'HPOST') && params[0] === AUTO) {
      const r = this.receiver();
      plan.receiverId = r.id;
      return replace(0, r.url);
    }
    if (name === 'SUB' && params[1] === AUTO) {
      const r = this.receiver();
      plan.receiverId = r.id;
      return replace(1, r.url);
    }
    if (name === 'EXEC' && params[1] === AUTO) return replace(1, `${base}/dm/alert/${id}`);
    return command;
  }

  private waitEvent<A extends unknown[]>(event: string, match: (...args: A) => boolean, timeoutMs: number): Promise<boolean> {
    return new Promise((resolve) => {
      const listener = (...args: unknown[]) => {
        if (!match(...(args as A))) return;
        cleanup();
        resolve(true);
      };
      const timer = setTimeout(() => {
        cleanup();
        resolve(false);
      }, timeoutMs);
      const cleanup = () => {
        clearTimeout(timer);
        this.d.events.off(event, listener);
      };
      this.d.events.on(event, listener);
    });
  }
}
