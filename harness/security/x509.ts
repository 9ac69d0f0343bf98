/**
 * The one door to @peculiar/x509: its tsyringe dependency needs the Reflect metadata API loaded first
 * (x509 issues #57, #116), and it must use Node's WebCrypto. Import x509 from here, never directly.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export { x509 };
