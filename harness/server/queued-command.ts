/** A command the operator queued for a device, and what became of it. */
import type { RawCommand } from '../protocol/commands.ts';
import type { GenericAlert, StatusEntry } from '../protocol/packages.ts';

export type CommandState = 'queued' | 'sent' | 'done' | 'lost';

export interface QueuedCommand {
  id: string;
  devId: string;
  command: RawCommand;
  state: CommandState;
  queuedAt: number;
  sentAt?: number;
  doneAt?: number;
  /** The Status entry the device answered. */
  status?: StatusEntry;
  /** For an asynchronous EXEC: the generic alert that carried its result. */
  asyncResult?: GenericAlert;
  /** Why the command ended without a status (session expired, protocol error). */
  reason?: string;
}
