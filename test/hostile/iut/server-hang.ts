/** A server whose DM URL accepts connections and requests and never answers. */
import { dmListener, serverAdapter } from './kit.ts';

dmListener(() => undefined);
await serverAdapter('hang');
