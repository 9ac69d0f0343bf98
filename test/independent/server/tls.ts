// The server's HTTPS identity: a test CA and a certificate for the DM URL's host, made once per start
// with @peculiar/x509 (which needs the reflect-metadata polyfill loaded first).
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isIP } from 'node:net';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

function pemKey(der: ArrayBuffer): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN PRIVATE KEY-----\n${b64}\n-----END PRIVATE KEY-----\n`;
}

export interface TlsIdentity {
  caPem: string;
  certPem: string;
  keyPem: string;
}

export async function makeTlsIdentity(host: string, caFile: string): Promise<TlsIdentity> {
  const subtle = webcrypto.subtle;
  const caKeys = (await subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const notBefore = new Date(now - 3600_000);
  const notAfter = new Date(now + 30 * 24 * 3600_000);
  const ca = await x509.X509CertificateGenerator.createSelfSigned({
    name: 'CN=Acme independent DM server test CA',
    keys: caKeys,
    signingAlgorithm: alg,
    notBefore,
    notAfter,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  const keys = (await subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const san = isIP(host) ? { type: 'ip' as const, value: host } : { type: 'dns' as const, value: host };
  const leaf = await x509.X509CertificateGenerator.create({
    subject: `CN=${host}`,
    issuer: ca.subject,
    publicKey: keys.publicKey,
    signingKey: caKeys.privateKey,
    signingAlgorithm: alg,
    notBefore,
    notAfter,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension([san]),
    ],
  });
  const id: TlsIdentity = {
    caPem: ca.toString('pem'),
    certPem: `${leaf.toString('pem')}\n${ca.toString('pem')}`,
    keyPem: pemKey(await subtle.exportKey('pkcs8', keys.privateKey)),
  };
  mkdirSync(dirname(caFile), { recursive: true });
  writeFileSync(caFile, id.caPem);
  return id;
}
