/**
 * Reads a file the IUT may write (the IXIT's server.caFile, written as the IUT starts) without trusting
 * its size: no more than `maxBytes` is read, and a larger file is an error naming it and the limit.
 * One that is not there is an error naming it, where a relative path was taken from, and the fix.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { bytesText } from '../../transport/bytes-text.ts';

export function readIutFile(path: string, what: string, maxBytes: number): string {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    const why =
      code === 'ENOENT'
        ? "does not exist (a relative path in an IXIT is taken from the IXIT file's directory; an IUT that writes the file must have done so by its ut.hello)"
        : `cannot be read (${code})`;
    throw new Error(`${what} ${path} ${why}; fix: correct ${what}`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new Error(`${what} ${path} is not a regular file`);
    const buffer = Buffer.alloc(maxBytes + 1);
    let size = 0;
    for (let n = -1; n !== 0 && size <= maxBytes; size += n) n = readSync(fd, buffer, size, buffer.length - size, null);
    if (size > maxBytes) throw new Error(`${what} ${path} is larger than ${bytesText(maxBytes)}: it is not read`);
    return buffer.subarray(0, size).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
