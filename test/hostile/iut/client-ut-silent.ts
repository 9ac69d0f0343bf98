/** An adapter that says hello, offering the client methods, and never answers a call. */
import { adapter } from './kit.ts';

const never = () => new Promise<never>(() => {});
await adapter('client', 'silent adapter', { 'client.bootstrap': never, 'client.startSession': never, 'client.factoryReset': never });
