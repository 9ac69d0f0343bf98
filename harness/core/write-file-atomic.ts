/**
 * Atomic file writing: the new content goes to a temporary file beside the target, is flushed to
 * disk, then renamed over it (and the directory entry flushed), so a crash at any moment leaves
 * either the old file or the new one, never half of either. Used for a device's state file,
 * results.json and the cache of case declarations.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Writes the whole file or nothing; `mode` 0600 (private state) unless told otherwise. `durable`
 * false skips the flushes to disk: the rename still leaves the old file or the new one to any
 * process, only a crash of the machine itself may lose the write (for interim copies a later write
 * replaces).
 */
export function writeFileAtomic(path: string, content: string | Uint8Array, mode = 0o600, durable = true): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  let fd: number | undefined;
  try {
    fd = openSync(tmp, 'w', mode);
    if (typeof content === 'string') writeSync(fd, content);
    else writeSync(fd, content);
    if (durable) fsyncSync(fd);
    closeSync(fd);
    fd = undefined;
    renameSync(tmp, path);
  } catch (error) {
    if (fd !== undefined) closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
  if (!durable) return;
  try {
    const dfd = openSync(dir, 'r');
    try {
      fsyncSync(dfd);
    } finally {
      closeSync(dfd);
    }
  } catch {
    // Some file systems cannot fsync a directory; the rename is still atomic.
  }
}
