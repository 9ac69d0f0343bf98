/** A client that sends its Package#1 headers one byte every 200 ms, never finishing them (slowloris). */
import { clientAdapter, tlsTo, trickle } from './kit.ts';

await clientAdapter('slowloris headers', (url) => {
  const s = tlsTo(url);
  s.once('secureConnect', () => {
    s.write(`POST ${url.pathname} HTTP/1.1\r\nHost: ${url.host}\r\nX-Slow: `);
    trickle(s, 'x', 200);
  });
});
