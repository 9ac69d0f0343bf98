/** A server whose Package#2 is an endless chunked body (multi-GB if read), as fast as the socket takes it. */
import { dmListener, pump, serverAdapter } from './kit.ts';

const chunk = `10000\r\n${' '.repeat(0x10000)}\r\n`;
dmListener((socket) => {
  socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oma.dm.request+json\r\nTransfer-Encoding: chunked\r\n\r\n8\r\n{"CMD":[\r\n');
  pump(socket, chunk);
});
await serverAdapter('endless Package#2');
