/** The recording proxy the run puts in front of each server participant (recording-proxy.ts). */
import type { TestPki } from '../../security/test-pki.ts';
import type { Ixit } from '../ixit.ts';
import { startRecordingProxy, type RecordingProxy } from './recording-proxy.ts';

export interface StartContext {
  pki: TestPki;
  host: string;
  log: (line: string) => void;
}

/** The recording proxy in front of a server: TLS with the run's PKI when the server speaks HTTPS (P-SEC), plain HTTP when it does. */
export function proxyFor(server: { dmUrl: string; ca?: string }, ixit: Ixit, ctx: StartContext): Promise<RecordingProxy> {
  const secure = server.dmUrl.startsWith('https:');
  return startRecordingProxy({
    host: ctx.host,
    ...(secure ? { tls: { cert: ctx.pki.server.chainPem, key: ctx.pki.server.keyPem } } : {}),
    target: new URL(server.dmUrl).origin,
    ...(server.ca ? { targetCa: server.ca } : {}),
    maxBodyBytes: 1024 * 1024,
    timeouts: { headersMs: ixit.timeouts.headersMs, bodyIdleMs: ixit.timeouts.bodyIdleMs, exchangeMs: ixit.timeouts.exchangeMs },
  });
}
