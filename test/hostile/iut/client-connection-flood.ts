/** A client that opens 700 connections to the server at once, each sending half a request line and holding on. */
import { clientAdapter, tlsTo } from './kit.ts';

await clientAdapter('connection flood', (url) => {
  for (let i = 0; i < 700; i++) {
    const s = tlsTo(url);
    s.once('secureConnect', () => s.write(`POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\n`));
  }
});
