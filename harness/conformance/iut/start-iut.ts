/**
 * Starts the IUT the IXIT describes and returns it; its adapter then connects to the hub. First the
 * IUT logs of earlier runs leave the run's folder (iut-log-files.ts): it holds this run's only.
 */
import type { TestPki } from '../../security/test-pki.ts';
import type { Ixit } from '../ixit.ts';
import type { IutInstance } from './iut-instance.ts';
import { removeEarlierIutLogs } from './iut-log-files.ts';
import { iutRunContext } from './iut-run-context.ts';
import { startProcessIut } from './process-iut.ts';
import { startReferenceIut } from './reference-iut.ts';
import { startContainerIut } from './container-iut.ts';

export async function startIut(ixit: Ixit, utUrl: string, pki: TestPki): Promise<IutInstance> {
  const spec = ixit.adapter;
  const context = iutRunContext(ixit.role);
  if (context.outDir) removeEarlierIutLogs(context.outDir, context.runId);
  switch (spec.kind) {
    case 'reference':
      return startReferenceIut(ixit.role, utUrl, ixit.harness.host, pki, context);
    case 'process':
      return startProcessIut(spec, utUrl, context);
    case 'container':
      return startContainerIut(spec, utUrl, context);
    case 'remote':
      return {
        description: `remote: an adapter already running, told to connect to ${utUrl}`,
        logs: () => [`[dmcts] remote IUT: waiting for its adapter to connect to ${utUrl} (its own logs stay with it)`],
        stop: async () => {},
      };
  }
}
