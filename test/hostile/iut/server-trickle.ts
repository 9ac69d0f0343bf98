/** A server that announces a 100,000-byte Package#2 and sends it one byte every 300 ms. */
import { dmListener, serverAdapter, trickle } from './kit.ts';

dmListener((socket) => {
  socket.write('HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oma.dm.request+json\r\nContent-Length: 100000\r\n\r\n{');
  trickle(socket, ' ', 300);
});
await serverAdapter('trickle');
