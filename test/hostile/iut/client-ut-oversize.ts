/** An adapter that answers client.bootstrap with a 5 MiB message. */
import { adapter } from './kit.ts';

await adapter('client', 'oversize answer', {
  'client.bootstrap': () => ({ devId: 'd'.repeat(5 * 1024 * 1024) }),
  'client.startSession': () => ({}),
  'client.factoryReset': () => ({}),
});
