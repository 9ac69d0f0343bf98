/** What a mutant is: a reference peer with one known fault, aimed at one rule, and the cases that must catch it. */
import type { SecureVersion } from 'node:tls';
import type { DmDevice } from '../../harness/client/dm-device.ts';
import type { DmServer } from '../../harness/server/dm-server.ts';
import type { FaultyPolicy } from './faulty-policies.ts';
import type { ProxyHooks } from './faulty-proxy.ts';

/** Where a server mutant with TLS finds its certificate (server.pem, server-key.pem; ca.pem beside them). */
export const MUTANT_TLS_ENV = 'DMCTS_MUTANT_TLS_DIR';

export interface Mutant {
  name: string;
  role: 'client' | 'server';
  /** The profile rule the fault breaks: some case citing it must FAIL. */
  rule: string;
  /** The requirement (seed) label the fault breaks: when set, some case citing it must FAIL too. */
  label?: string;
  /** Case IDs (or prefixes) to run against the mutant: cases of its rule that a faulty peer trips. */
  cases: string[];
  fault: string;
  /** Faults on the wire, between the device and the server. */
  proxy?: ProxyHooks;
  /** Faults in how the reference device is set up. */
  device?: (options: Parameters<typeof DmDevice.start>[0]) => Parameters<typeof DmDevice.start>[0];
  /** Faults in the reference device once started (e.g. a method replaced on the instance). */
  started?: (device: DmDevice) => void;
  /** Faults in the reference server once started (e.g. an operator method replaced on the instance). */
  serverStarted?: (server: DmServer) => void;
  /** The reference device's access policy replaced by a faulty one (test/mutants/faulty-policies.ts). */
  policy?: FaultyPolicy;
  /** The device talks to plain-HTTP servers (always so behind a faulty proxy, which speaks plain HTTP). */
  allowPlain?: boolean;
  /** Environment of the mutant's adapter process (the IXIT adapter env). */
  env?: Record<string, string>;
  /**
   * How a server mutant is set up. `tls`: it serves HTTPS with a certificate of a PKI made for the run
   * (its CA is the IXIT's caFile); `true` as the reference server does (TLS 1.2+), or the options of
   * a faulty TLS front the server sits behind (e.g. TLS versions below 1.2). `clientAuth`: the IXIT
   * says the server authenticates devices by Basic and Digest; `checked` it does, as the reference
   * server does, `unchecked` it never checks (an enrolled device or a wrong password gets in).
   */
  server?: {
    tls?: true | { minVersion?: SecureVersion; maxVersion?: SecureVersion; ciphers?: string };
    clientAuth?: 'checked' | 'unchecked';
  };
}
