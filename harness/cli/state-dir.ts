/** Where the standalone peers keep their files unless told otherwise: ./.dmcts-state (ignored by git). */
import { resolve } from 'node:path';

export const DEFAULT_STATE_DIR = '.dmcts-state';

export function serverStateDir(dir?: string): string {
  return resolve(dir ?? `${DEFAULT_STATE_DIR}/server`);
}

export function deviceStatePath(devId: string, file?: string): string {
  return resolve(file ?? `${DEFAULT_STATE_DIR}/device-${devId.replace(/[^A-Za-z0-9._-]/g, '_')}.json`);
}
