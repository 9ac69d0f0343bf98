/**
 * The server IUT of `dmcts load --ixit`: started as the IXIT says (a process, a container, the
 * in-process reference server; a remote one is awaited) with its upper-tester adapter connected to a
 * hub of our own, so the load can have it send Package#0s (`server.notify`, one per device) for the
 * fan-out. Where devices reach it comes from the started IUT (the reference one) or the IXIT.
 */
import { readFileSync } from 'node:fs';
import type { Ixit } from '../conformance/ixit.ts';
import { startIut } from '../conformance/iut/start-iut.ts';
import type { IutInstance } from '../conformance/iut/iut-instance.ts';
import { UpperTesterHub } from '../conformance/ut-hub.ts';
import { createTestPki } from '../security/test-pki.ts';
import { UsageError } from './usage-error.ts';

export interface LoadIut {
  server: { dmUrl: string; srvId: string; ca?: string; notificationSecret?: string };
  description: string;
  /** Package#0 to each device through the adapter's server.notify (at most `concurrency` calls at once). */
  notify(devIds: string[], secret: string | undefined): Promise<{ sent: number; failed: number; ms: number; error?: string }>;
  stop(): Promise<void>;
}

const CONCURRENCY = 256;

export async function startLoadIut(ixit: Ixit): Promise<LoadIut> {
  const hub = await UpperTesterHub.start({ host: ixit.harness.host, port: ixit.harness.utPort, role: 'server' });
  let iut: IutInstance | undefined;
  try {
    const pki = await createTestPki({ commonName: 'dmcts load CA', serverHosts: [ixit.harness.host, 'localhost', '127.0.0.1'] });
    iut = await startIut(ixit, hub.url, pki);
    await hub.waitForAdapter(ixit.timeouts.readyMs);
  } catch (error) {
    await iut?.stop().catch(() => undefined);
    await hub.close();
    throw new UsageError(`the server IUT of the IXIT could not be started: ${(error as Error).message}`);
  }
  const s = iut.server ?? ixit.server;
  if (!s) {
    await iut.stop();
    await hub.close();
    throw new UsageError('the IXIT names no server.dmUrl and the IUT did not say where devices reach it: add server.dmUrl and server.srvId');
  }
  const ca = 'ca' in s && s.ca ? s.ca : 'caFile' in s && s.caFile ? readFileSync(s.caFile, 'utf8') : undefined;
  const started = iut;
  return {
    description: started.description,
    server: { dmUrl: s.dmUrl, srvId: s.srvId, ...(ca ? { ca } : {}), ...(s.notificationSecret ? { notificationSecret: s.notificationSecret } : {}) },
    notify: async (devIds, secret) => {
      if (!hub.supports('server.notify'))
        return { sent: 0, failed: devIds.length, ms: 0, error: "the IUT's upper-tester adapter does not offer server.notify" };
      const t0 = performance.now();
      let sent = 0;
      let failed = 0;
      let error: string | undefined;
      let next = 0;
      const worker = async () => {
        while (next < devIds.length) {
          const devId = devIds[next++]!;
          try {
            await hub.call('server.notify', { devId, ...(secret ? { secret } : {}) }, ixit.timeouts.utCallMs);
            sent += 1;
          } catch (e) {
            failed += 1;
            error ??= (e as Error).message;
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(CONCURRENCY, devIds.length) }, worker));
      return { sent, failed, ms: Math.round(performance.now() - t0), ...(error ? { error } : {}) };
    },
    stop: async () => {
      await started.stop().catch(() => undefined);
      await hub.close().catch(() => undefined);
    },
  };
}
