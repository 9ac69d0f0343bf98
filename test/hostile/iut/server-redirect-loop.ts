/** A server that answers every request 302 to its own DM URL. */
import { args, dmListener, serverAdapter } from './kit.ts';

dmListener((socket, head) => {
  const path = /^[A-Z]+ (\S+)/.exec(head)?.[1] ?? '/dm';
  socket.end(`HTTP/1.1 302 Found\r\nLocation: http://127.0.0.1:${args.port}${path}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
});
await serverAdapter('redirect loop');
