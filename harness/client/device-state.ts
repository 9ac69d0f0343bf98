/** What a reference device keeps across restarts: its tree, subscriptions and DEFAULT sources. */
import { restoreTree, snapshotTree, type TreeSnapshot } from '../tree/tree-snapshot.ts';
import type { DeviceTree } from '../tree/device-tree.ts';
import type { DefaultSource } from './default-registry.ts';
import type { Subscription } from './subscriptions.ts';
import { writeFileAtomic } from '../core/write-file-atomic.ts';
import { readStateFile } from './state-file.ts';

export const STATE_VERSION = 1;

export interface DeviceState {
  version: typeof STATE_VERSION;
  savedAt: string;
  tree: TreeSnapshot;
  subscriptions: Subscription[];
  defaults: DefaultSource[];
}

export class StateError extends Error {
  readonly code = 'STATE';
}

export function saveDeviceState(path: string, tree: DeviceTree, subscriptions: Subscription[], defaults: DefaultSource[]): void {
  const state: DeviceState = { version: STATE_VERSION, savedAt: new Date().toISOString(), tree: snapshotTree(tree), subscriptions, defaults };
  writeFileAtomic(path, `${JSON.stringify(state)}\n`);
}

/** Loads a state file into the tree; undefined when there is none yet. Throws StateError naming the fix when it is unusable. */
export function loadDeviceState(path: string, tree: DeviceTree): DeviceState | undefined {
  const read = readStateFile(path);
  if (read.kind === 'missing') return undefined;
  const fix = `move ${path} away to start the device from its factory profile`;
  if (read.kind === 'corrupt') throw new StateError(`the state file is unusable: ${read.message}; ${fix}`);
  const state = read.value as Partial<DeviceState>;
  if (state.version !== STATE_VERSION || !state.tree || !Array.isArray(state.tree.instances)) {
    throw new StateError(`${path} is not a dmcts device state file of version ${STATE_VERSION}; ${fix}`);
  }
  try {
    restoreTree(tree, state.tree);
  } catch (error) {
    throw new StateError(`${path}: ${(error as Error).message}; ${fix}`);
  }
  return { version: STATE_VERSION, savedAt: String(state.savedAt), tree: state.tree, subscriptions: state.subscriptions ?? [], defaults: state.defaults ?? [] };
}
