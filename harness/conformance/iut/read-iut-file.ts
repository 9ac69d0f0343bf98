/**
 * Reads a file the IUT may write (the IXIT's server.caFile, written as the IUT starts) without trusting
 * its size: no more than `maxBytes` is read, and a larger file is an error naming it and the limit.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { bytesText } from '../../transport/bytes-text.ts';

export function readIutFile(path: string, what: string, maxBytes: number): string {
  const fd = openSync(path, 'r');
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
