/**
 * The reference client or server as the IUT, in the test worker's process, reached only through its
 * upper-tester adapter over a real WebSocket and its DM endpoints over real sockets (self-test).
 */
import { startReferenceClientAdapter } from '../../client/ut-adapter.ts';
import { DmServer } from '../../server/dm-server.ts';
import { startReferenceServerAdapter } from '../../server/ut-adapter.ts';
import type { TestPki } from '../../security/test-pki.ts';
import { LogBuffer, type IutInstance } from './iut-instance.ts';
import { iutRunContext, type IutRunContext } from './iut-run-context.ts';

export async function startReferenceIut(
  role: 'client' | 'server',
  utUrl: string,
  host: string,
  pki: TestPki,
  context: IutRunContext = iutRunContext(role),
): Promise<IutInstance> {
  // Its whole log goes beside results.json too, as for process and container IUTs.
  const logs = new LogBuffer(context.logFile, context.runId);
  const log = (line: string) => logs.add(line);
  if (role === 'client') {
    const adapter = await startReferenceClientAdapter({ utUrl, host, log });
    return {
      description: 'the dmcts reference client, in process',
      logs: () => logs.all(),
      logMark: () => logs.mark(),
      logsSince: (m: number) => logs.since(m),
      stop: async () => {
        await adapter.stop();
        logs.closeFile();
      },
    };
  }
  const server = await DmServer.start({
    srvId: 'dmcts-reference-server',
    host,
    tls: { cert: pki.server.chainPem, key: pki.server.keyPem },
    notificationSecret: 'dmcts-reference-noti-secret',
    idleTimeoutMs: 30_000,
    // Devices the operator gave credentials must authenticate; others come in anonymously.
    clientAuth: { modes: ['basic', 'digest', 'x509'], required: false, ca: pki.ca.certPem },
    log,
  });
  const link = await startReferenceServerAdapter({ utUrl, server, log });
  return {
    description: 'the dmcts reference server, in process',
    server: {
      dmUrl: server.dmUrl,
      srvId: 'dmcts-reference-server',
      ca: pki.ca.certPem,
      notificationSecret: 'dmcts-reference-noti-secret',
      clientAuth: { modes: ['basic', 'digest', 'x509'], required: false },
    },
    logs: () => logs.all(),
    logMark: () => logs.mark(),
    logsSince: (m: number) => logs.since(m),
    stop: async () => {
      await link.close();
      await server.stop();
      logs.closeFile();
    },
  };
}
