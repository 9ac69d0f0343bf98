/** A client that announces a 100,000-byte Package#1 and sends it one byte every 300 ms (never idle long, never done). */
import { clientAdapter, PACKAGE1_HEADERS, tlsTo, trickle } from './kit.ts';

await clientAdapter('trickle body', (url) => {
  const s = tlsTo(url);
  s.once('secureConnect', () => {
    s.write(`${PACKAGE1_HEADERS(url.host)}Content-Length: 100000\r\n\r\n{`);
    trickle(s, ' ', 300);
  });
});
