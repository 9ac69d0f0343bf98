/** What a command executor may use: the tree, who is acting, the network, and the device's registries. */
import type { Command } from '../protocol/commands.ts';
import type { GenericAlert, StatusEntry } from '../protocol/packages.ts';
import type { DeviceTree } from '../tree/device-tree.ts';
import type { Principal } from '../tree/principal.ts';
import type { DefaultRegistry } from './default-registry.ts';
import type { ExecRegistry } from './exec-registry.ts';
import type { TransferContext } from './mo-transfer.ts';
import type { SubscriptionRegistry } from './subscriptions.ts';

export interface CommandContext {
  tree: DeviceTree;
  /** The server whose session this is. */
  principal: Principal & { kind: 'server' };
  transfer: TransferContext;
  exec: ExecRegistry;
  subscriptions: SubscriptionRegistry;
  defaults: DefaultRegistry;
  /** Whether the device has a UI to SHOW a URL on (its features MO says UI). */
  ui: boolean;
  onShow: (url: string) => void;
  /** Deliver an alert in the Package#1 of a new session to that ServerURI (asynchronous EXEC). */
  sendAlertLater: (alert: GenericAlert, serverUri: string) => void;
  /** CONT: where later Package#3s of this session go. */
  setContinuation: (url: string) => void;
  log: (line: string) => void;
}

export type CommandExecutor<C extends Command> = (command: C, ctx: CommandContext) => Promise<StatusEntry>;
