/** A client that sends 64 KiB of random bytes over TLS instead of an HTTP request, then holds the connection. */
import { randomBytes } from 'node:crypto';
import { clientAdapter, tlsTo } from './kit.ts';

await clientAdapter('garbage', (url) => {
  const s = tlsTo(url);
  s.once('secureConnect', () => s.write(Buffer.concat([Buffer.from([0x00, 0xff, 0x13, 0x37]), randomBytes(64 * 1024)])));
});
