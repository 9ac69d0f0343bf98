/** A server that announces a 10,000-byte Package#2, sends 500 bytes of it and resets the connection. */
import { dmListener, serverAdapter } from './kit.ts';

dmListener((socket) => {
  socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/vnd.oma.dm.request+json\r\nContent-Length: 10000\r\n\r\n{"CMD":[${' '.repeat(492)}`, () =>
    setTimeout(() => socket.resetAndDestroy(), 50),
  );
});
await serverAdapter('reset mid-body');
