/**
 * Mutants of the trust issue (issue 7, "Verdicts a vendor can trust"): faults that went unnoticed
 * against an independent implementation — an asynchronous EXEC answered synchronously without its
 * alert, an IUT server's receivers answering 415 without OMADM-Accept, a wildcard leaking an instance
 * on a single-account device, … Each must FAIL a case citing its rule (and label).
 * Client mutants go in TRUST_CLIENT_MUTANTS, server mutants in TRUST_SERVER_MUTANTS.
 */
import type { DmDevice } from '../../harness/client/dm-device.ts';
import { DEVICE } from '../../harness/tree/principal.ts';
import { MOID } from '../../harness/tree/standard-mos.ts';
import { OMADM_ACCEPT } from '../../harness/protocol/negotiation.ts';
import type { Mutant } from './mutant.ts';

const isPackage2 = (headers: Record<string, string>) => /vnd\.oma\.dm\.request\+/.test(headers['content-type'] ?? '');

/** The device never opens the session that carries an asynchronous EXEC's result (its alert is dropped). */
function dropsAsyncResults(device: DmDevice): void {
  const session = device.session.bind(device);
  device.session = (srvId, alerts, reason, url) =>
    reason === 'asynchronous result' ? Promise.resolve({ srvId: srvId ?? '', ok: true, packagesSent: 0, commands: 0 }) : session(srvId, alerts, reason, url);
}

/**
 * Wildcards (`*`, x-names) and `MOID//` expand over every instance, as the device itself would, when a
 * server reads: the read right is checked only on explicit ClientURIs (a faulty access check that two
 * servers are not needed to see).
 */
function wildcardsIgnoreReadRights(device: DmDevice): void {
  const tree = device.tree;
  const resolve = tree.resolve.bind(tree);
  tree.resolve = (principal, uri, right) => {
    const wildcard = uri.instance !== undefined && (uri.instance.kind !== 'miid' || uri.path.some((s) => s.kind !== 'name'));
    return principal.kind === 'server' && right === 'R' && wildcard ? resolve(DEVICE, uri, right) : resolve(principal, uri, right);
  };
}

export const TRUST_CLIENT_MUTANTS: Mutant[] = [
  // Issue item 9: a wildcard leaking an instance the server may not read, caught on a device that
  // holds a single management account (the ACL/MA cases with two servers catch it too; these do not need them).
  {
    name: 'client-wildcards-ignore-read-rights',
    role: 'client',
    rule: 'K-ACL',
    label: 'DM-SECARIZE-002',
    cases: ['DMCTS-C-ACL-010', 'DMCTS-C-ACL-011'],
    fault:
      "expands `*`, x-names and `MOID//` over every instance when a server reads (a device-made instance its Perm does not list, a local application's instance): only explicit ClientURIs are checked for R",
    started: wildcardsIgnoreReadRights,
  },
  // Issue item 9: the asynchronous EXEC judged on K-CMD alone (202 now, an alert to the ServerURI later
  // in a new session), apart from the alert's P-DETAIL shape (ExecResult, SourceURI, Data {"sc"}).
  {
    name: 'client-exec-with-serveruri-sync-no-alert',
    role: 'client',
    rule: 'K-CMD',
    cases: ['DMCTS-C-CMD-032', 'DMCTS-C-CMD-033'],
    fault: 'runs an EXEC that names a ServerURI synchronously: answers 200 (or its error) at once and never sends the result alert to that ServerURI',
    proxy: {
      // The device sees the EXEC without its ServerURI, so it runs it at once and sends no alert.
      response: (r) => {
        const p = r.dm as { CMD?: unknown[][] };
        if (isPackage2(r.headers) && Array.isArray(p?.CMD)) p.CMD = p.CMD.map((c) => (c[0] === 'EXEC' && c.length === 3 ? c.slice(0, 2) : c));
      },
    },
  },
  {
    name: 'client-exec-202-never-alerts',
    role: 'client',
    rule: 'K-CMD',
    cases: ['DMCTS-C-CMD-032', 'DMCTS-C-CMD-033'],
    fault: 'answers an EXEC with a ServerURI 202 but never opens the session that carries its result',
    started: dropsAsyncResults,
  },
  {
    // Issue item 3: the live IUT checked against its capacity claim.
    name: 'client-keeps-one-account',
    role: 'client',
    rule: 'K-ACL',
    label: 'DM-HLF-012',
    cases: ['DMCTS-C-FEAT-005'],
    fault: 'keeps only the first management account of a bootstrap, though its ICS claims more (capacities.accounts)',
    device: (options) => {
      const accounts = [...options.tree.instancesOf(MOID.DMACC)];
      for (const extra of accounts.slice(1)) options.tree.removeInstance(MOID.DMACC, extra.miid);
      return options;
    },
  },
];

export const TRUST_SERVER_MUTANTS: Mutant[] = [
  {
    name: 'server-receiver-415-without-omadm-accept',
    role: 'server',
    rule: 'K-NEG',
    label: 'DM-IOP-001',
    cases: ['DMCTS-S-NEG-013'],
    fault: 'its own HPUT/HPOST/SUB receivers answer a body they cannot read with 415 but no OMADM-Accept',
    serverStarted: (server) => {
      const receive = server.resources.receive.bind(server.resources);
      server.resources.receive = (id, req) => {
        const reply = receive(id, req);
        if (reply.status !== 415 || !reply.headers) return reply;
        const headers = Object.fromEntries(Object.entries(reply.headers).filter(([name]) => name.toLowerCase() !== OMADM_ACCEPT));
        return { ...reply, headers };
      };
    },
  },
];
