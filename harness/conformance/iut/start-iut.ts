/** Starts the IUT the IXIT describes and returns it; its adapter then connects to the hub. */
import type { TestPki } from '../../security/test-pki.ts';
import type { Ixit } from '../ixit.ts';
import type { IutInstance } from './iut-instance.ts';
import { iutRunContext } from './iut-run-context.ts';
import { startProcessIut } from './process-iut.ts';
import { startReferenceIut } from './reference-iut.ts';
import { startContainerIut } from './container-iut.ts';

export async function startIut(ixit: Ixit, utUrl: string, pki: TestPki): Promise<IutInstance> {
  const spec = ixit.adapter;
  switch (spec.kind) {
    case 'reference':
      return startReferenceIut(ixit.role, utUrl, ixit.harness.host, pki);
    case 'process':
      return startProcessIut(spec, utUrl, iutRunContext(ixit.role));
    case 'container':
      return startContainerIut(spec, utUrl, iutRunContext(ixit.role));
    case 'remote':
      return {
        description: `remote: an adapter already running, told to connect to ${utUrl}`,
        logs: () => [`[dmcts] remote IUT: waiting for its adapter to connect to ${utUrl} (its own logs stay with it)`],
        stop: async () => {},
      };
  }
}
