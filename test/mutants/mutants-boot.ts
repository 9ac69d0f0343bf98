/**
 * Mutants of bootstrap (P-BOOT): a reference peer that breaks one P-BOOT duty each — the device lets
 * any server change Auth/Bootstrap, never sends BootstrapComplete, asks for a bootstrap as for an
 * ordinary session, talks to its bootstrap server without its certificate or trusts any bootstrap
 * server, refuses the bootstrap server's accounts, keeps across a factory reset what servers added;
 * the server never records BootstrapComplete, refuses a BootstrapRequest, or bootstraps a device with
 * the account's Perm or trust anchor dropped. Each must FAIL a case citing P-BOOT (and its label).
 */
import type { Account } from '../../harness/client/accounts.ts';
import type { DmDevice } from '../../harness/client/dm-device.ts';
import { ALERT, type GenericAlert } from '../../harness/protocol/packages.ts';
import type { DmServer } from '../../harness/server/dm-server.ts';
import type { EndpointReply, EndpointRequest } from '../../harness/transport/http-endpoint.ts';
import type { Principal } from '../../harness/tree/principal.ts';
import { MOID } from '../../harness/tree/standard-mos.ts';
import type { Mutant } from './mutant.ts';

/** The tree lets every server (and application) change Auth/Bootstrap/*: the check is gone. */
function anyServerChangesAuthBootstrap(device: DmDevice): void {
  (device.tree.policy as { checkChange?: unknown }).checkChange = undefined;
}

type SessionFn = (srvId: string | undefined, alerts: GenericAlert[], reason: string, url?: string) => ReturnType<DmDevice['session']>;

/** Replaces the alerts of every session the device opens (sessions with no alert left are not opened). */
function rewritesSessionAlerts(rewrite: (alerts: GenericAlert[]) => GenericAlert[]): (device: DmDevice) => void {
  return (device) => {
    const session: SessionFn = device.session.bind(device);
    device.session = (srvId, alerts, reason, url) => {
      const kept = rewrite(alerts);
      if (kept.length === 0) return Promise.resolve({ srvId: srvId ?? '', ok: false, packagesSent: 0, commands: 0, reason: 'not sent (mutant)' });
      return session(srvId, kept, reason, url);
    };
  };
}

/** The device talks to its bootstrap server without presenting its certificate (no mutual TLS). */
function bootstrapWithoutCertificate(device: DmDevice): void {
  const d = device as unknown as { accountSecurity: (a: Account) => { cert?: string; key?: string } };
  const security = d.accountSecurity.bind(device);
  d.accountSecurity = (account) => {
    const s = security(account);
    if (!account.bootstrap) return s;
    const { cert: _cert, key: _key, ...rest } = s;
    return rest;
  };
}

/** A bootstrap server may create DMAcc accounts only as its Perm says (none, in the cases): its HGETs are 403. */
function bootstrapServerWithoutRights(device: DmDevice): void {
  const policy = device.tree.policy;
  const mayCreate = policy.mayCreate.bind(policy);
  policy.mayCreate = (p: Principal, moid: string) => (moid === MOID.DMACC && p.kind === 'server' ? false : mayCreate(p, moid));
}

/**
 * Each device the adapter makes (a bootstrap, a factory reset) takes over part of what the one before
 * held: what a factory reset must forget survives it.
 */
function keepsAcrossReset(keep: (from: DmDevice, to: DmDevice) => void): (device: DmDevice) => void {
  let previous: DmDevice | undefined;
  return (device) => {
    if (previous) keep(previous, device);
    previous = device;
  };
}

const keepGrants = keepsAcrossReset((from, to) => {
  for (const grant of from.tree.instancesOf(MOID.DELEGATION)) to.tree.restoreInstance(grant);
});

const keepSubscriptions = keepsAcrossReset((from, to) => {
  for (const sub of from.subscriptions.list()) to.subscriptions.add(sub);
});

const keepAccounts = keepsAcrossReset((from, to) => {
  for (const account of from.tree.instancesOf(MOID.DMACC)) if (!to.tree.instance(MOID.DMACC, account.miid)) to.tree.restoreInstance(account);
});

type BootstrapFn = DmServer['operator']['bootstrap'];
type AccountSpec = Parameters<BootstrapFn>[1][number];

/** The server's bootstrap sends each account changed by `change`. */
function bootstrapsChanged(change: (account: AccountSpec) => AccountSpec): (server: DmServer) => void {
  return (server) => {
    const bootstrap: BootstrapFn = server.operator.bootstrap.bind(server.operator);
    server.operator.bootstrap = (devId, accounts) => bootstrap(devId, accounts.map(change));
  };
}

/** The server refuses (400) every Package#1 that carries BootstrapRequest: a client-initiated bootstrap never happens. */
function refusesBootstrapRequests(server: DmServer): void {
  const s = server as unknown as { route: (req: EndpointRequest) => Promise<EndpointReply> };
  const route = s.route.bind(server);
  s.route = (req) => (req.body.includes(ALERT.BOOTSTRAP_REQUEST) ? Promise.resolve({ status: 400, body: Buffer.from('unknown alert type\n') }) : route(req));
}

/** The server takes BootstrapComplete but keeps no record of it (server.device never lists it). */
function forgetsBootstrapComplete(server: DmServer): void {
  const event = server.registry.event.bind(server.registry);
  server.registry.event = (record, e) => {
    if (e.alert?.AlertType === ALERT.BOOTSTRAP_COMPLETE) return;
    event(record, e);
  };
}

export const BOOT_CLIENT_MUTANTS: Mutant[] = [
  {
    name: 'client-any-server-changes-auth-bootstrap',
    role: 'client',
    rule: 'P-BOOT',
    label: 'DM-SECARIZE-001',
    cases: ['DMCTS-C-BOOT-003'],
    fault: 'lets any server whose Perm gives W on DMAcc add, change or delete Auth/Bootstrap, and delete the bootstrap server’s account',
    started: anyServerChangesAuthBootstrap,
  },
  {
    name: 'client-never-sends-bootstrap-complete',
    role: 'client',
    rule: 'P-BOOT',
    cases: ['DMCTS-C-BOOT-002'],
    fault: 'takes the bootstrap server’s accounts but never sends it BootstrapComplete',
    started: rewritesSessionAlerts((alerts) => alerts.filter((a) => a.AlertType !== ALERT.BOOTSTRAP_COMPLETE)),
  },
  {
    name: 'client-bootstrap-request-as-management',
    role: 'client',
    rule: 'P-BOOT',
    cases: ['DMCTS-C-BOOT-005'],
    fault: 'asked for a bootstrap, opens an ordinary client-initiated session (ClientInitiatedMgmt, no BootstrapRequest)',
    started: rewritesSessionAlerts((alerts) => alerts.map((a) => (a.AlertType === ALERT.BOOTSTRAP_REQUEST ? { ...a, AlertType: ALERT.CLIENT_INITIATED } : a))),
  },
  {
    name: 'client-bootstrap-without-certificate',
    role: 'client',
    rule: 'P-BOOT',
    label: 'DM-SECACATE-001',
    cases: ['DMCTS-C-BOOT-001'],
    fault: 'talks to its bootstrap server without presenting its certificate: the bootstrap is not mutually authenticated',
    started: bootstrapWithoutCertificate,
  },
  {
    name: 'client-trusts-any-bootstrap-server',
    role: 'client',
    rule: 'P-BOOT',
    label: 'DM-HLF-015',
    env: { NODE_TLS_REJECT_UNAUTHORIZED: '0' },
    cases: ['DMCTS-C-BOOT-004'],
    fault: 'does not verify its bootstrap server’s certificate: a server with a certificate from another CA creates accounts',
  },
  {
    name: 'client-bootstrap-server-needs-perm',
    role: 'client',
    rule: 'P-BOOT',
    cases: ['DMCTS-C-BOOT-001'],
    fault: 'refuses (403) the bootstrap server’s HGET of a DMAcc account unless its Perm lists DMAcc',
    started: bootstrapServerWithoutRights,
  },
  {
    name: 'client-factory-reset-keeps-grants',
    role: 'client',
    rule: 'P-BOOT',
    label: 'DM-SECARIZE-002',
    cases: ['DMCTS-C-BOOT-006'],
    fault: 'a factory reset keeps the grants (Delegation MO instances) servers made',
    started: keepGrants,
  },
  {
    name: 'client-factory-reset-keeps-subscriptions',
    role: 'client',
    rule: 'P-BOOT',
    label: 'DM-SECARIZE-002',
    cases: ['DMCTS-C-BOOT-006'],
    fault: 'a factory reset keeps the subscriptions (SUB) servers made',
    started: keepSubscriptions,
  },
  {
    name: 'client-factory-reset-keeps-bootstrapped-accounts',
    role: 'client',
    rule: 'P-BOOT',
    label: 'DM-SECARIZE-002',
    cases: ['DMCTS-C-BOOT-006'],
    fault: 'a factory reset keeps the DMAcc accounts a bootstrap server added',
    started: keepAccounts,
  },
];

export const BOOT_SERVER_MUTANTS: Mutant[] = [
  {
    name: 'server-never-records-bootstrap-complete',
    role: 'server',
    rule: 'P-BOOT',
    cases: ['DMCTS-S-BOOT-002'],
    fault: 'takes the device’s BootstrapComplete alert but never records it (server.device does not list it)',
    server: { tls: true },
    serverStarted: forgetsBootstrapComplete,
  },
  {
    name: 'server-refuses-bootstrap-request',
    role: 'server',
    rule: 'P-BOOT',
    cases: ['DMCTS-S-BOOT-003'],
    fault: 'answers 400 to a Package#1 carrying BootstrapRequest: a device cannot ask it for a bootstrap',
    server: { tls: true },
    serverStarted: refusesBootstrapRequests,
  },
  {
    name: 'server-bootstrap-drops-perm',
    role: 'server',
    rule: 'P-BOOT',
    label: 'DM-HLF-009',
    cases: ['DMCTS-S-BOOT-001'],
    fault: 'bootstraps a device with the account asked for minus its Perm entries (the MOIDs that server may manage)',
    server: { tls: true },
    serverStarted: bootstrapsChanged((a) => ({ ...a, perm: [] })),
  },
  {
    name: 'server-bootstrap-drops-trust-anchor',
    role: 'server',
    rule: 'P-BOOT',
    label: 'DM-SECACATE-001',
    cases: ['DMCTS-S-BOOT-001'],
    fault: 'bootstraps a device with the account asked for minus its trust anchor (Auth/Server): the device cannot authenticate that server',
    server: { tls: true },
    serverStarted: bootstrapsChanged(({ trustAnchorPem: _anchor, ...a }) => a),
  },
];
