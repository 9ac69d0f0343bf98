/** A server whose answer is a status line followed by header lines without end. */
import { dmListener, pump, serverAdapter } from './kit.ts';

dmListener((socket) => {
  socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oma.dm.request+json\r\n');
  pump(socket, `X-Junk: ${'j'.repeat(1000)}\r\n`);
});
await serverAdapter('endless headers');
