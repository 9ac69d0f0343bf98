/** A client that announces a 50,000-byte Package#1, sends 1,000 bytes of it and resets the connection. */
import { clientAdapter, PACKAGE1_HEADERS, tlsTo } from './kit.ts';

await clientAdapter('reset mid-body', (url) => {
  const s = tlsTo(url);
  s.once('secureConnect', () => {
    s.write(`${PACKAGE1_HEADERS(url.host)}Content-Length: 50000\r\n\r\n{"MOS":[${' '.repeat(992)}`, () => setTimeout(() => s.destroy(), 50));
  });
});
