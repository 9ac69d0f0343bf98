/** An adapter whose results have the wrong JSON types (a number for devId, a list for notificationUrl). */
import { adapter } from './kit.ts';

await adapter('client', 'wrong types', {
  'client.bootstrap': () => ({ devId: 42, notificationUrl: ['http://127.0.0.1:1/'] }),
  'client.startSession': () => 'started',
  'client.factoryReset': () => null,
});
