/**
 * The security, management-authority and delegation mutants: the reference device with one faulty
 * rule of its access policy (test/mutants/faulty-policies.ts) or of its security set-up, and the
 * reference server with one security fault. Each names the requirement label it breaks: the mutant
 * check requires a FAIL on a case citing that label as well as its rule. Labels that share a faulty
 * policy get a mutant each, caught by different cases where the suite has them.
 */
import type { DmDevice } from '../../harness/client/dm-device.ts';
import type { DmServer } from '../../harness/server/dm-server.ts';
import { signNotification } from '../../harness/protocol/package0-digest.ts';
import { decodePackage0 } from '../../harness/protocol/package0.ts';
import type { Mutant } from './mutant.ts';
import { isPackage3, type Pkg3 } from './mutants.ts';

/** Package#0 digests are never verified: the device signs what it got with its own secret and checks that. */
function skipDigestCheck(device: DmDevice): void {
  const handle = device.handleNotification.bind(device);
  device.handleNotification = (bytes) => {
    const decoded = decodePackage0(bytes);
    if (!decoded.ok || !decoded.value.digest) return handle(bytes);
    const secret = device.accounts().find((a) => a.srvId === decoded.value.serverId)?.notificationSecret;
    return handle(secret ? signNotification(decoded.value, secret, device.devId) : bytes);
  };
}

/** The server's operator sends every grant it is asked to make rewritten by `alter`. */
function altersGrants(alter: (grant: Record<string, unknown>) => Record<string, unknown>): (server: DmServer) => void {
  return (server) => {
    const delegate = server.operator.delegate.bind(server.operator);
    server.operator.delegate = (devId, grant) => delegate(devId, alter({ ...grant }));
  };
}

/** Node's TLS accepts any server certificate: no chain, validity, name or key-usage check. */
const NO_SERVER_VERIFICATION = { NODE_TLS_REJECT_UNAUTHORIZED: '0' };

export const SECURITY_MUTANTS: Mutant[] = [
  // ---- client: management authorities (Perm, ownership) ------------------------------------
  {
    name: 'client-ignores-perm-create',
    role: 'client',
    rule: 'K-ACL',
    label: 'DM-HLF-009',
    policy: 'ignores-perm',
    cases: ['DMCTS-C-ACL-005', 'DMCTS-C-MA-005'],
    fault: 'lets every server create instances of any MO, whatever its Perm lists',
  },
  {
    name: 'client-ignores-perm-access',
    role: 'client',
    rule: 'P-ACL',
    label: 'DM-HLF-020',
    policy: 'ignores-perm',
    cases: ['DMCTS-C-MA-006', 'DMCTS-C-MA-007'],
    fault: 'opens device-made instances to every server (R W E), whatever its Perm gives',
  },
  {
    name: 'client-shares-owned-instances',
    role: 'client',
    rule: 'K-ACL',
    label: 'DM-HLF-011',
    policy: 'shares-owned-instances',
    cases: ['DMCTS-C-MA-003', 'DMCTS-C-ACL-003'],
    fault: 'lets every server read and write an instance another server created',
  },
  {
    name: 'client-mas-see-each-other',
    role: 'client',
    rule: 'P-ACL',
    label: 'DM-HLF-012',
    policy: 'shares-owned-instances',
    cases: ['DMCTS-C-MA-004', 'DMCTS-C-ACL-002'],
    fault: "lists and writes one MA's instances to the others (Package#1 MOS, explicit writes)",
  },
  {
    name: 'client-reads-unchecked',
    role: 'client',
    rule: 'K-ACL',
    label: 'DM-SECARIZE-001',
    policy: 'reads-unchecked',
    cases: ['DMCTS-C-MA-002', 'DMCTS-C-ACL-001'],
    fault: 'never checks the read right: every server reads every instance',
  },
  {
    name: 'client-reads-unchecked-sub',
    role: 'client',
    rule: 'K-ACL',
    label: 'DM-SECARIZE-001',
    policy: 'reads-unchecked',
    cases: ['DMCTS-C-ACL-009'],
    fault: 'never checks the read right: another server subscribes to (and HPOSTs) an instance it may not read',
  },
  {
    name: 'client-reads-unchecked-devinfo',
    role: 'client',
    rule: 'K-ACL',
    label: 'DM-SECARIZE-002',
    policy: 'reads-unchecked',
    cases: ['DMCTS-C-MA-006', 'DMCTS-C-DELEG-004'],
    fault: 'never checks the read right: DevInfo goes to a server whose Perm does not list it, a full grantor reads on',
  },
  // ---- client: delegation ------------------------------------------------------------------
  {
    name: 'client-ignores-grants',
    role: 'client',
    rule: 'P-DELEG',
    label: 'DM-HLF-013',
    policy: 'ignores-grants',
    cases: ['DMCTS-C-DELEG-007'],
    fault: 'stores grants but gives their grantees nothing',
  },
  {
    name: 'client-ignores-shared-grants',
    role: 'client',
    rule: 'P-DELEG',
    label: 'DM-HLF-022',
    policy: 'ignores-grants',
    cases: ['DMCTS-C-DELEG-001'],
    fault: 'stores a shared grant but its grantee cannot read or write the target',
  },
  {
    name: 'client-full-keeps-grantor',
    role: 'client',
    rule: 'P-DELEG',
    label: 'DM-HLF-023',
    policy: 'full-keeps-grantor',
    cases: ['DMCTS-C-DELEG-003'],
    fault: 'leaves the grantor of a full grant all its rights on the target',
  },
  {
    name: 'client-full-grantor-reads',
    role: 'client',
    rule: 'P-DELEG',
    label: 'DM-HLF-025',
    policy: 'full-keeps-grantor',
    cases: ['DMCTS-C-DELEG-004', 'DMCTS-C-DELEG-005'],
    fault: 'lets the grantor of a full grant read what the grantee writes after',
  },
  {
    name: 'client-refuses-sub-delegation',
    role: 'client',
    rule: 'P-DELEG',
    label: 'DM-HLF-024',
    policy: 'refuses-sub-delegation',
    cases: ['DMCTS-C-DELEG-007'],
    fault: 'refuses every sub delegation, even by a grantee holding D',
  },
  {
    name: 'client-ignores-restrictions',
    role: 'client',
    rule: 'P-DELEG',
    label: 'DM-HLF-026',
    policy: 'ignores-restrictions',
    cases: ['DMCTS-C-DELEG-008', 'DMCTS-C-DELEG-010'],
    fault: 'does not enforce MaxDepth nor Prohibited on sub delegations',
  },
  {
    name: 'client-ignores-priority',
    role: 'client',
    rule: 'P-DELEG',
    label: 'DM-HLF-014',
    policy: 'ignores-priority',
    cases: ['DMCTS-C-DELEG-011'],
    fault: 'lets a lower-priority MA overwrite what a higher one wrote (never 409)',
  },
  {
    name: 'client-no-revocation-cascade',
    role: 'client',
    rule: 'P-DELEG',
    label: 'DM-HLF-024',
    policy: 'no-revocation-cascade',
    cases: ['DMCTS-C-DELEG-012'],
    fault: 'revoking a grant leaves the sub-grants derived from it in force',
  },
  // ---- client: security ---------------------------------------------------------------------
  {
    name: 'client-trusts-any-server',
    role: 'client',
    rule: 'P-SEC',
    label: 'DM-HLF-015',
    env: NO_SERVER_VERIFICATION,
    cases: ['DMCTS-C-SEC-002', 'DMCTS-C-SEC-003'],
    fault: 'does not verify the server certificate (expired, another host): runs what any server sends',
  },
  {
    name: 'client-no-server-authentication',
    role: 'client',
    rule: 'K-SEC',
    label: 'DM-SECACATE-001',
    env: NO_SERVER_VERIFICATION,
    cases: ['DMCTS-C-SEC-001', 'DMCTS-C-SEC-007'],
    fault: "does not authenticate the server: a certificate from another CA, or not the account's trust anchor, is taken",
  },
  {
    name: 'client-allows-plain-http',
    role: 'client',
    rule: 'P-SEC',
    label: 'DM-SECCONF-001',
    allowPlain: true,
    cases: ['DMCTS-C-SEC-008'],
    fault: 'talks DM (DevID, credentials) in clear to a plain-HTTP SrvURI',
  },
  {
    name: 'client-skips-noti-digest',
    role: 'client',
    rule: 'K-NOTI',
    label: 'DM-DI-001',
    started: skipDigestCheck,
    cases: ['DMCTS-C-SEC-013', 'DMCTS-C-NOTI-002'],
    fault: 'acts on a Package#0 without verifying its SHA256-DIGEST',
  },
  // ---- server: security ---------------------------------------------------------------------
  {
    name: 'server-accepts-any-credentials',
    role: 'server',
    rule: 'K-SEC',
    label: 'DM-SECACATE-001',
    server: { tls: true, clientAuth: 'unchecked' },
    cases: ['DMCTS-S-SEC-002', 'DMCTS-S-SEC-003'],
    fault: 'takes device credentials but never checks them (a wrong password or none gets the session)',
  },
  {
    name: 'server-accepts-tls11',
    role: 'server',
    rule: 'P-SEC',
    label: 'DM-SECCONF-001',
    server: { tls: { minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }, clientAuth: 'checked' },
    cases: ['DMCTS-S-SEC-009'],
    fault: 'completes TLS 1.0 and 1.1 handshakes',
  },
  // ---- server: delegation ------------------------------------------------------------------
  {
    name: 'server-grant-priority-clamped',
    role: 'server',
    rule: 'P-DELEG',
    label: 'DM-HLF-014',
    serverStarted: altersGrants((g) => ({ ...g, ...(typeof g.Priority === 'number' ? { Priority: Math.min(100, Math.max(0, g.Priority)) } : {}) })),
    cases: ['DMCTS-S-DELEG-006'],
    fault: 'clamps the Priority of the grants it sends to 0..100',
  },
  {
    name: 'server-grant-restrictions-dropped',
    role: 'server',
    rule: 'P-DELEG',
    label: 'DM-HLF-026',
    serverStarted: altersGrants(({ MaxDepth: _depth, Prohibited: _prohibited, ...g }) => g),
    cases: ['DMCTS-S-DELEG-001', 'DMCTS-S-DELEG-005'],
    fault: 'leaves MaxDepth and Prohibited out of the grants it sends',
  },
  {
    name: 'server-full-grant-as-shared',
    role: 'server',
    rule: 'P-DELEG',
    label: 'DM-HLF-023',
    serverStarted: altersGrants((g) => (g.Kind === 'full' ? { ...g, Kind: 'shared' } : g)),
    cases: ['DMCTS-S-DELEG-002'],
    fault: 'sends a full grant as a shared one (the grantor keeps its rights)',
  },
  {
    name: 'server-sub-grant-as-shared',
    role: 'server',
    rule: 'P-DELEG',
    label: 'DM-HLF-024',
    serverStarted: altersGrants((g) => (g.Kind === 'sub' ? { ...g, Kind: 'shared' } : g)),
    cases: ['DMCTS-S-DELEG-003'],
    fault: 'sends a sub grant as a shared one, which a grantee may not make',
  },
  {
    name: 'server-grant-refusals-reported-done',
    role: 'server',
    rule: 'P-DELEG',
    label: 'DM-HLF-013',
    proxy: {
      request: (m) => {
        if (isPackage3(m.headers)) for (const s of (m.dm as Pkg3).Status ?? []) if (s.sc === 403) s.sc = 200;
      },
    },
    cases: ['DMCTS-S-DELEG-004', 'DMCTS-S-DELEG-005'],
    fault: 'records a grant the device refused (403) as done with 200',
  },
  {
    name: 'server-grant-prohibited-trimmed',
    role: 'server',
    rule: 'P-DELEG',
    label: 'DM-HLF-026',
    serverStarted: altersGrants((g) => (typeof g.Prohibited === 'string' ? { ...g, Prohibited: g.Prohibited.split(',')[0]! } : g)),
    // Only the generated case: it proves DMCTS-S-DELEG-007 fails on a fault it alone is given.
    cases: ['DMCTS-S-DELEG-007'],
    fault: 'sends only the first MA of a Prohibited list',
  },
];
