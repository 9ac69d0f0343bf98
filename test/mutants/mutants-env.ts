/**
 * Mutants of execution environments and bearers (P-ENV; DM-HLF-006, DM-HLF-007, DM-HLF-018): a
 * reference device that breaks one P-ENV duty each. Each must FAIL a case citing P-ENV and its label.
 */
import type { DmDevice } from '../../harness/client/dm-device.ts';
import { ok } from '../../harness/protocol/result.ts';
import type { Mutant } from './mutant.ts';

/** The device tags no managed instance with an environment (the ones made before it started stay tagged). */
function tagsNothing(device: DmDevice): void {
  (device.environments as unknown as { tag: () => void }).tag = () => undefined;
}

export const ENV_CLIENT_MUTANTS: Mutant[] = [
  {
    name: 'client-env-instances-untagged',
    role: 'client',
    rule: 'P-ENV',
    label: 'DM-HLF-006',
    cases: ['DMCTS-C-ENV-001'],
    fault: 'keeps the execenv MO but tags no MO instance a server creates with an environment',
    started: tagsNothing,
  },
  {
    name: 'client-env-not-scoped',
    role: 'client',
    rule: 'P-ENV',
    label: 'DM-HLF-006',
    cases: ['DMCTS-C-ENV-002'],
    fault: "lets every server act on every environment's instances as its Perm says: a server assigned to one environment manages another's",
    started: (device) => {
      device.environments.inScope = () => true;
    },
  },
  {
    name: 'client-env-always-srvuri',
    role: 'client',
    rule: 'P-ENV',
    label: 'DM-HLF-007',
    cases: ['DMCTS-C-ENV-003'],
    fault: 'ignores the DMAcc address per bearer (BearerURI): every session goes to SrvURI whatever bearer the device is on',
    started: (device) => {
      device.bearer.sessionUri = (_tree, account) => account.srvUri;
    },
  },
  {
    name: 'client-env-ignores-preferred-con-type',
    role: 'client',
    rule: 'P-ENV',
    label: 'DM-HLF-007',
    cases: ['DMCTS-C-ENV-004'],
    fault: "ignores a Package#0's PREFERRED-CON-TYPE: the server-initiated session goes to its current bearer's address",
    started: (device) => {
      device.bearer.prefer = () => undefined;
    },
  },
  {
    name: 'client-env-about-first-server',
    role: 'client',
    rule: 'P-ENV',
    label: 'DM-HLF-018',
    cases: ['DMCTS-C-ENV-005'],
    fault: 'opens a session about an MO instance with the first server of its DMAcc, not the one that manages the instance',
    started: (device) => {
      device.environments.serverOf = (_uri, accounts) => ok(accounts[0]?.srvId ?? '');
    },
  },
];

export const ENV_SERVER_MUTANTS: Mutant[] = [
  {
    name: 'server-drops-preferred-con-type',
    role: 'server',
    rule: 'P-ENV',
    label: 'DM-HLF-007',
    cases: ['DMCTS-S-NOTI-006'],
    fault: 'sends every Package#0 without PREFERRED-CON-TYPE, whatever bearer its operator asked for',
    serverStarted: (server) => {
      const notify = server.operator.notify.bind(server.operator);
      server.operator.notify = (devId, options = {}) => {
        const { preferredConType: _dropped, ...rest } = options;
        return notify(devId, rest);
      };
    },
  },
];
