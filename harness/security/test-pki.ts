/**
 * Per-run test PKI: a CA plus leaf certificates for the reference DM server
 * and client, and the deliberately broken certificates negative tests need.
 *
 * Built with @peculiar/x509 on Node's WebCrypto; ECDSA P-256 with SHA-256.
 * Everything lives in memory. Key material is never logged.
 */
import { createHash, webcrypto } from 'node:crypto';
import { isIP } from 'node:net';
import { x509 } from './x509.ts';

type CryptoKey = webcrypto.CryptoKey;

const EC_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;
const DAY_MS = 24 * 60 * 60 * 1000;
/** Backdate notBefore a little so small clock differences never matter. */
const BACKDATE_MS = 5 * 60 * 1000;

export const DEFAULT_SERVER_HOSTS: readonly string[] = Object.freeze(['localhost', '127.0.0.1', '127.0.0.2', '127.0.0.3', '::1']);

/** A certificate and its private key, both PEM. */
export type Credential = {
  /** The certificate alone (PEM). */
  readonly certPem: string;
  /** PKCS#8 private key (PEM, "BEGIN PRIVATE KEY"). Never log this. */
  readonly keyPem: string;
  /** Leaf followed by its issuer's certificate (just the leaf when self-signed). */
  readonly chainPem: string;
  /** Lowercase hex SHA-256 of the DER certificate, no separators. */
  readonly fingerprintSha256: string;
};

export type ExtendedKeyUsageName = 'serverAuth' | 'clientAuth';

export type KeyUsageName = 'digitalSignature' | 'nonRepudiation' | 'keyEncipherment' | 'dataEncipherment' | 'keyAgreement' | 'keyCertSign' | 'cRLSign';

/** What to issue. Defaults make a good certificate; the flags make bad ones. */
export type CertSpec = {
  /** 'server': EKU serverAuth, SAN = hosts. 'client': EKU clientAuth. */
  readonly kind: 'server' | 'client';
  /** Subject CN. Default: first host for a server, 'dmcts-client' for a client. */
  readonly commonName?: string;
  /**
   * SAN entries; DNS names and IP addresses are told apart automatically.
   * Default for a server: the PKI's serverHosts. Default for a client: none.
   * Pass names the client will not dial (e.g. ['wrong.example']) for a wrong-host cert.
   */
  readonly hosts?: readonly string[];
  /** Override the EKU (e.g. ['clientAuth'] on a server cert); [] omits the extension. */
  readonly extendedKeyUsage?: readonly ExtendedKeyUsageName[];
  /** Override the KeyUsage (default ['digitalSignature'], critical). */
  readonly keyUsage?: readonly KeyUsageName[];
  /** Validity in days from now. Default: the PKI's validityDays. */
  readonly validityDays?: number;
  /** notAfter in the past (valid from 30 days ago to 1 day ago). */
  readonly expired?: boolean;
  /** notBefore in the future (valid from 1 day from now). */
  readonly notYetValid?: boolean;
  /**
   * Who signs: 'ca' (this PKI's CA, default), 'self' (self-signed, i.e. an
   * unknown issuer) or another CA credential, e.g. `otherPki.ca`.
   */
  readonly issuer?: 'ca' | 'self' | Credential;
};

export type TestPki = {
  readonly ca: Credential;
  /** Server certificate for serverHosts, signed by `ca`. */
  readonly server: Credential;
  issue(spec: CertSpec): Promise<Credential>;
};

export type CreateTestPkiOptions = {
  /** CA subject CN. Default 'dmcts test CA'. */
  readonly commonName?: string;
  readonly serverHosts?: readonly string[];
  /** Validity of the CA and of issued certificates. Default 7 days. */
  readonly validityDays?: number;
};

type KeyPair = { publicKey: CryptoKey; privateKey: CryptoKey };

type Signer = {
  readonly cert: x509.X509Certificate;
  readonly certPem: string;
  readonly privateKey: CryptoKey;
};

export async function createTestPki(options: CreateTestPkiOptions = {}): Promise<TestPki> {
  const validityDays = options.validityDays ?? 7;
  if (!(validityDays > 0)) throw new RangeError('validityDays must be positive');
  const serverHosts = [...(options.serverHosts ?? DEFAULT_SERVER_HOSTS)];
  if (serverHosts.length === 0) throw new RangeError('serverHosts must not be empty');

  const caKeys = await generateKeys();
  const now = Date.now();
  const caCert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: dn(options.commonName ?? 'dmcts test CA'),
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + validityDays * DAY_MS),
    signingAlgorithm: SIGNING_ALGORITHM,
    keys: caKeys,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });
  const caCertPem = caCert.toString('pem');
  const ca: Credential = await credentialOf(caCert, caKeys.privateKey, [caCertPem]);
  const signer: Signer = { cert: caCert, certPem: caCertPem, privateKey: caKeys.privateKey };

  const issue = (spec: CertSpec): Promise<Credential> => issueLeaf(spec, signer, serverHosts, validityDays);

  const server = await issue({ kind: 'server' });
  return Object.freeze({ ca, server, issue });
}

async function issueLeaf(spec: CertSpec, pkiSigner: Signer, serverHosts: readonly string[], defaultValidityDays: number): Promise<Credential> {
  if (spec.expired && spec.notYetValid) {
    throw new RangeError('a certificate cannot be both expired and not yet valid');
  }
  const keys = await generateKeys();
  const hosts = spec.hosts ?? (spec.kind === 'server' ? serverHosts : []);
  const commonName = spec.commonName ?? (spec.kind === 'server' ? (hosts[0] ?? 'dmcts-server') : 'dmcts-client');
  const { notBefore, notAfter } = validity(spec, defaultValidityDays);

  const issuerSpec = spec.issuer ?? 'ca';
  const signer: Signer | undefined = issuerSpec === 'ca' ? pkiSigner : issuerSpec === 'self' ? undefined : await signerFromCredential(issuerSpec);

  const eku = spec.extendedKeyUsage ?? [spec.kind === 'server' ? 'serverAuth' : 'clientAuth'];
  const keyUsage = spec.keyUsage ?? ['digitalSignature'];

  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(keyUsageFlags(keyUsage), true),
    await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    await x509.AuthorityKeyIdentifierExtension.create(signer ? signer.cert.publicKey : keys.publicKey),
  ];
  if (eku.length > 0) {
    extensions.push(
      new x509.ExtendedKeyUsageExtension(
        eku.map((u) => x509.ExtendedKeyUsage[u]),
        false,
      ),
    );
  }
  if (hosts.length > 0) {
    extensions.push(new x509.SubjectAlternativeNameExtension(hosts.map(generalName), false));
  }

  const common = {
    serialNumber: randomSerial(),
    notBefore,
    notAfter,
    signingAlgorithm: SIGNING_ALGORITHM,
    extensions,
  };
  const cert = signer
    ? await x509.X509CertificateGenerator.create({
        ...common,
        subject: dn(commonName),
        issuer: signer.cert.subject,
        publicKey: keys.publicKey,
        signingKey: signer.privateKey,
      })
    : await x509.X509CertificateGenerator.createSelfSigned({
        ...common,
        name: dn(commonName),
        keys,
      });

  const certPem = cert.toString('pem');
  return credentialOf(cert, keys.privateKey, signer ? [certPem, signer.certPem] : [certPem]);
}

function validity(spec: CertSpec, defaultValidityDays: number): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  if (spec.expired) {
    return { notBefore: new Date(now - 30 * DAY_MS), notAfter: new Date(now - DAY_MS) };
  }
  const days = spec.validityDays ?? defaultValidityDays;
  if (!(days > 0)) throw new RangeError('validityDays must be positive');
  if (spec.notYetValid) {
    return { notBefore: new Date(now + DAY_MS), notAfter: new Date(now + DAY_MS + days * DAY_MS) };
  }
  return { notBefore: new Date(now - BACKDATE_MS), notAfter: new Date(now + days * DAY_MS) };
}

async function signerFromCredential(issuer: Credential): Promise<Signer> {
  const cert = new x509.X509Certificate(issuer.certPem);
  const privateKey = await importPrivateKey(issuer.keyPem);
  return { cert, certPem: cert.toString('pem'), privateKey };
}

async function generateKeys(): Promise<KeyPair> {
  return webcrypto.subtle.generateKey(EC_ALGORITHM, true, ['sign', 'verify']);
}

async function importPrivateKey(keyPem: string): Promise<CryptoKey> {
  const der = x509.PemConverter.decodeFirst(keyPem);
  return webcrypto.subtle.importKey('pkcs8', der, EC_ALGORITHM, true, ['sign']);
}

async function credentialOf(cert: x509.X509Certificate, privateKey: CryptoKey, chain: readonly string[]): Promise<Credential> {
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', privateKey);
  const keyPem = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
  return Object.freeze({
    certPem: ensureTrailingNewline(cert.toString('pem')),
    keyPem: ensureTrailingNewline(keyPem),
    chainPem: chain.map(ensureTrailingNewline).join(''),
    fingerprintSha256: createHash('sha256').update(new Uint8Array(cert.rawData)).digest('hex'),
  });
}

function ensureTrailingNewline(pem: string): string {
  const normalized = pem.replace(/\r\n/g, '\n');
  return normalized.endsWith('\n') ? normalized : `${normalized}\n`;
}

function generalName(host: string): x509.JsonGeneralName {
  return { type: isIP(host) === 0 ? 'dns' : 'ip', value: host };
}

function keyUsageFlags(usages: readonly KeyUsageName[]): x509.KeyUsageFlags {
  let flags = 0;
  for (const u of usages) flags |= x509.KeyUsageFlags[u];
  return flags as x509.KeyUsageFlags;
}

/** Distinguished name string with the CN escaped for RFC 4514. */
function dn(commonName: string): string {
  const escaped = commonName
    .replace(/[\\,+"<>;=]/g, (c) => `\\${c}`)
    .replace(/^[ #]/, (c) => `\\${c}`)
    .replace(/ $/, '\\ ');
  return `CN=${escaped}`;
}

/** 16 random bytes, positive and minimally encoded (first byte 0x40..0x7f). */
function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = ((bytes[0] ?? 0) & 0x3f) | 0x40;
  return Buffer.from(bytes).toString('hex');
}
