/** A server that answers every Package#1 200 with a Package#2 media type and 4 KiB of random bytes. */
import { randomBytes } from 'node:crypto';
import { dmListener, serverAdapter } from './kit.ts';

dmListener((socket) => {
  const body = randomBytes(4096);
  socket.end(
    Buffer.concat([
      Buffer.from(`HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oma.dm.request+json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`),
      body,
    ]),
  );
});
await serverAdapter('garbage');
