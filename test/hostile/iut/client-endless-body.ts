/** A client whose Package#1 is an endless chunked body, as fast as the socket takes it. */
import { clientAdapter, PACKAGE1_HEADERS, pump, tlsTo } from './kit.ts';

const chunk = `4000\r\n${' '.repeat(0x4000)}\r\n`;
await clientAdapter('endless body', (url) => {
  const s = tlsTo(url);
  s.once('secureConnect', () => {
    s.write(`${PACKAGE1_HEADERS(url.host)}Transfer-Encoding: chunked\r\n\r\n4000\r\n{"MOS":[${' '.repeat(0x4000 - 8)}\r\n`);
    pump(s, chunk);
  });
});
