/** A server whose Package#2 is 64 KiB of gzip that inflates to 64 MiB. */
import { gzipSync } from 'node:zlib';
import { dmListener, serverAdapter } from './kit.ts';

const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024, 0x20), { level: 9 });
dmListener((socket) => {
  socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oma.dm.request+json\r\nContent-Encoding: gzip\r\nContent-Length: ${bomb.length}\r\n\r\n`);
  socket.end(bomb);
});
await serverAdapter('gzip bomb');
