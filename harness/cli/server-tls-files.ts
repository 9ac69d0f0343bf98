/**
 * The HTTPS identity of a standalone server: the PEM files given on the command line, or a test CA
 * and server certificate generated once into the state directory and reused on later starts, so
 * devices keep trusting the same CA file.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { X509Certificate } from 'node:crypto';
import { createTestPki } from '../security/test-pki.ts';
import { UsageError } from './usage-error.ts';

export interface ServerTlsFiles {
  cert: string;
  key: string;
  /** The CA devices must trust (PEM), when it is ours. */
  ca?: string;
  caPath?: string;
  generated: boolean;
}

function read(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read the ${what} ${path}: ${(error as Error).message}`);
  }
}

export async function serverTls(options: { cert?: string; key?: string; stateDir: string; hosts: string[] }): Promise<ServerTlsFiles> {
  if (options.cert || options.key) {
    if (!options.cert || !options.key) throw new UsageError('--cert and --key go together (PEM certificate chain and its private key)');
    return { cert: read(options.cert, 'certificate'), key: read(options.key, 'private key'), generated: false };
  }
  const dir = join(options.stateDir, 'tls');
  const caPath = join(dir, 'ca.pem');
  const certPath = join(dir, 'server.pem');
  const keyPath = join(dir, 'server.key');
  if (existsSync(caPath) && existsSync(certPath) && existsSync(keyPath)) {
    const cert = read(certPath, 'certificate');
    const leaf = new X509Certificate(cert);
    const fresh = new Date(leaf.validTo).getTime() > Date.now() + 24 * 3600 * 1000;
    const coversHosts = options.hosts.every((h) => leaf.checkHost(h) !== undefined || leaf.checkIP(h) !== undefined);
    if (fresh && coversHosts) return { cert, key: read(keyPath, 'private key'), ca: read(caPath, 'CA certificate'), caPath, generated: false };
  }
  const pki = await createTestPki({ commonName: 'dmcts test CA', serverHosts: options.hosts, validityDays: 365 });
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(caPath, pki.ca.certPem);
  writeFileSync(certPath, pki.server.chainPem);
  writeFileSync(keyPath, pki.server.keyPem, { mode: 0o600 });
  chmodSync(keyPath, 0o600);
  return { cert: pki.server.chainPem, key: pki.server.keyPem, ca: pki.ca.certPem, caPath, generated: true };
}
