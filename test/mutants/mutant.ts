/** What a mutant is: a reference peer with one known fault, aimed at one rule, and the cases that must catch it. */
import type { DmDevice } from '../../harness/client/dm-device.ts';
import type { ProxyHooks } from './faulty-proxy.ts';

export interface Mutant {
  name: string;
  role: 'client' | 'server';
  /** The profile rule the fault breaks: some case citing it must FAIL. */
  rule: string;
  /** Case IDs (or prefixes) to run against the mutant: cases of its rule that a faulty peer trips. */
  cases: string[];
  fault: string;
  /** Faults on the wire, between the device and the server. */
  proxy?: ProxyHooks;
  /** Faults in how the reference device is set up. */
  device?: (options: Parameters<typeof DmDevice.start>[0]) => Parameters<typeof DmDevice.start>[0];
}
