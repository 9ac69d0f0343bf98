/**
 * Bootstrap of the IUT client (P-BOOT; K-DDF lists the bootstrap kinds, K-FLOW the BootstrapComplete
 * alert): a harness server the IUT's factory profile marks as its bootstrap server (DMAcc
 * `Auth/Bootstrap`, mutual TLS: the IUT presents a certificate naming its DevID, the server's chain is
 * checked against the account's trust anchor) creates a management account by HGET of a DMAcc
 * instance — after a Package#0 (server-initiated) or when the IUT asks (client-initiated) — and the
 * IUT then talks to that server and sends BootstrapComplete; no other server changes
 * `Auth/Bootstrap/*`; a bootstrap server that fails authentication creates nothing; a factory reset
 * forgets the accounts, grants and subscriptions servers added.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { accountOffer, accountSrvIds, alertsTo, sameDevId, startBootstrapServer } from '../../harness/conformance/fixtures/client/bootstrap.ts';
import { writableMoid } from '../../harness/conformance/fixtures/client/client-ixit.ts';
import { otherCa } from '../../harness/conformance/fixtures/client/credentials.ts';
import { grant, grantsSeen, writeCommand } from '../../harness/conformance/fixtures/client/delegation.ts';
import { dmPosts } from '../../harness/conformance/fixtures/client/dm-wire.ts';
import { package1Count } from '../../harness/conformance/fixtures/client/sessions.ts';
import { TlsFront } from '../../harness/conformance/fixtures/client/tls-front.ts';
import { createInstance } from '../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { quiet, waitUntil } from '../../harness/conformance/fixtures/waits.ts';
import { MOID } from '../../harness/protocol/moids.ts';
import { ALERT } from '../../harness/protocol/packages.ts';

/** A bootstrap server the IUT's factory profile holds alone, and a management server it does not know yet. */
async function bootstrapAndManager(t: CaseContext): Promise<{ boot: HarnessServer; mgmt: HarnessServer }> {
  const boot = await startBootstrapServer(t);
  const devId = boot.devId;
  const mgmt = await HarnessServer.start(t, { srvId: t.uniqueName('dmcts-mgmt') });
  t.step(`factory profile: only the bootstrap server ${boot.srvId}`);
  await boot.bootstrap();
  sameDevId(t, boot, devId);
  mgmt.devId = devId;
  return { boot, mgmt };
}

const dmacc = (miid: string, ...path: string[]) => [MOID.DMACC, miid, ...path].join('/');

defineCase(
  {
    id: 'DMCTS-C-BOOT-001',
    title: 'Server-initiated bootstrap: the bootstrap server creates a management account, and the IUT then opens sessions with that server',
    requirement:
      'A client MUST, in a session its bootstrap server opened by Package#0 over mutually authenticated TLS, create the DMAcc account that server sends by HGET, and then open sessions with the management server it names (P-BOOT; K-DDF server-initiated bootstrap).',
    labels: ['DM-SECACATE-001', 'DM-HLF-015'],
    rules: ['K-DDF', 'P-BOOT', 'P-SEC'],
    level: 'MUST',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { boot, mgmt } = await bootstrapAndManager(t);
    const q = boot.queue(accountOffer(boot, mgmt.account()).command);
    t.step(`the bootstrap server ${boot.srvId} notifies the IUT (server-initiated bootstrap)`);
    const sent = await boot.notify();
    if (!sent.ok) t.inconclusive(`the bootstrap server could not send the IUT a Package#0: ${sent.error.message}`);
    await boot.settle([q]);
    // Catches a client that refuses, or does not run, the bootstrap server's HGET of a DMAcc account.
    t.check(q.status?.sc === 200, `the bootstrap server's HGET of a DMAcc account for ${mgmt.srvId} answered sc ${q.status?.sc}, not 200`);
    t.check(
      (q.status?.URI ?? []).some((u) => u.startsWith(`${MOID.DMACC}/`)),
      `the Status of that HGET names no ${MOID.DMACC} instance (URI [${(q.status?.URI ?? []).join(', ')}])`,
    );
    if (q.status?.sc !== 200) return;
    // The new account is usable: its SrvURI, trust anchor and Perm (DevInfo R) work.
    const [read] = await mgmt.run([['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]]);
    t.check(read.status?.sc === 200, `HPUT of DevInfo DevID by ${mgmt.srvId}, whose account the bootstrap created, answered sc ${read.status?.sc}, not 200`);
    const sentDevId = mgmt.received(read).flatMap((b) => b.entries)[0]?.MOData;
    t.check(sentDevId === mgmt.devId, `${mgmt.srvId} received DevID ${JSON.stringify(sentDevId)}, not ${mgmt.devId}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-BOOT-002',
    title: 'After a bootstrap session the IUT sends BootstrapComplete to its bootstrap server, in a new session',
    requirement:
      'A client MUST end a bootstrap with the BootstrapComplete generic alert, sent in the Package#1 of a new session with the bootstrap server once the session in which that server changed its DMAcc accounts is over (P-BOOT, ours; K-FLOW names the alert).',
    labels: [],
    rules: ['K-FLOW', 'P-BOOT'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { boot, mgmt } = await bootstrapAndManager(t);
    const before = package1Count(boot);
    const [q] = await boot.run([accountOffer(boot, mgmt.account()).command]);
    if (q.status?.sc !== 200)
      t.inconclusive(`the bootstrap (HGET of a DMAcc account) answered sc ${q.status?.sc}: there was no bootstrap to complete (DMCTS-C-BOOT-001 judges it)`);
    t.step('wait for BootstrapComplete at the bootstrap server');
    const complete = () => alertsTo(boot).find((a) => a.alert.AlertType === ALERT.BOOTSTRAP_COMPLETE);
    await waitUntil(() => complete() !== undefined, t.ixit.timeouts.sessionMs);
    const seen = alertsTo(boot)
      .map((a) => a.alert.AlertType)
      .join(', ');
    // Catches a client that never sends BootstrapComplete.
    const found = t.need(
      complete(),
      `the IUT sent its bootstrap server no ${ALERT.BOOTSTRAP_COMPLETE} alert within ${t.ixit.timeouts.sessionMs} ms of the bootstrap (alerts seen: ${seen || 'none'})`,
    );
    t.check(
      found.package1 > before,
      `BootstrapComplete came in the Package#1 of the bootstrap session itself, before the bootstrap server's HGET, not in a new session after it`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-BOOT-003',
    title: 'A server that is not the bootstrap server gets 403 changing Auth/Bootstrap of any DMAcc account, and nothing changes',
    requirement:
      "A client MUST refuse (403) a server other than its bootstrap server that adds, changes or deletes a DMAcc account's Auth/Bootstrap, or deletes the bootstrap server's account, even when that server's Perm lets it change DMAcc accounts, and MUST leave them as they were (P-BOOT; P-ACL).",
    labels: ['DM-SECARIZE-001', 'DM-SECARIZE-002'],
    rules: ['K-ACL', 'P-ACL', 'P-BOOT'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const boot = await startBootstrapServer(t);
    const devId = boot.devId;
    const ma = await HarnessServer.start(t, { srvId: t.uniqueName('dmcts-ma'), perm: [{ moid: MOID.DMACC, rights: 'RW' }] });
    await boot.bootstrap([ma]);
    sameDevId(t, boot, devId);
    const ids = await accountSrvIds(t, ma, 'find the two accounts');
    const miidOf = (srvId: string) => [...(ids ?? [])].find(([, id]) => id === srvId)?.[0];
    const bootMiid = miidOf(boot.srvId);
    const maMiid = miidOf(ma.srvId);
    if (bootMiid === undefined || maMiid === undefined)
      t.inconclusive(`${ma.srvId}, whose Perm lists DMAcc with R W, could not read the SrvIDs of both accounts (read: ${JSON.stringify([...(ids ?? [])])})`);
    const [control, ...changes] = await ma.run([
      writeCommand(ma, dmacc(maMiid, 'Name'), `renamed-${t.seed >>> 0}`),
      writeCommand(ma, dmacc(maMiid, 'Auth', 'Bootstrap'), { Type: 'Bootstrap' }),
      writeCommand(ma, dmacc(bootMiid, 'Auth', 'Bootstrap'), { Type: 'X509' }),
      ['DELETE', dmacc(bootMiid, 'Auth', 'Bootstrap')],
      ['DELETE', dmacc(bootMiid)],
    ]);
    if (control.status?.sc !== 200)
      t.inconclusive(
        `${ma.srvId} could not change its own account's Name (sc ${control.status?.sc}) though its Perm lists DMAcc with W: its refusals below would show nothing of Auth/Bootstrap`,
      );
    const what = [
      'make itself a bootstrap server (HGET of its Auth/Bootstrap)',
      "change the bootstrap server's Auth/Bootstrap",
      "delete the bootstrap server's Auth/Bootstrap",
      "delete the bootstrap server's account",
    ];
    changes.forEach((q, i) => {
      // Catches a client that lets any server with W on DMAcc change Auth/Bootstrap.
      t.check(q.status?.sc === 403, `${ma.srvId}'s attempt to ${what[i]} answered sc ${q.status?.sc ?? q.state}, not 403`);
    });
    const [own, theirs] = await ma.run([
      ['HPUT', 'auto', dmacc(maMiid, 'Auth', 'Bootstrap')],
      ['HPUT', 'auto', dmacc(bootMiid, 'Auth', 'Bootstrap')],
    ]);
    t.check(own.status?.sc === 404, `after the refusals ${ma.srvId}'s account has an Auth/Bootstrap (HPUT answered sc ${own.status?.sc}, not 404)`);
    t.check(
      theirs.status?.sc === 200,
      `after the refusals the bootstrap server's Auth/Bootstrap is gone or unreadable (HPUT answered sc ${theirs.status?.sc}, not 200)`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-BOOT-004',
    title: 'A bootstrap server whose certificate does not chain to the account’s trust anchor creates no account',
    requirement:
      "A client MUST refuse the TLS connection to a bootstrap server whose certificate does not chain to its account's trust anchor and MUST NOT create the DMAcc account it offers (K-SEC; P-BOOT: a bootstrap server is authenticated mutually).",
    labels: ['DM-SECACATE-001', 'DM-HLF-015'],
    rules: ['K-SEC', 'P-SEC', 'P-BOOT'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const other = await otherCa([t.ixit.harness.host, 'localhost', '127.0.0.1']);
    const front = await TlsFront.start(t, { name: 'TLS front (bootstrap server certificate from another CA)', credential: other.server });
    const boot = await startBootstrapServer(t, { publicUrl: front.url, requireDeviceCert: false });
    const devId = boot.devId;
    front.upstream = boot.address;
    const mgmt = await HarnessServer.start(t, { srvId: t.uniqueName('dmcts-mgmt') });
    await boot.bootstrap();
    sameDevId(t, boot, devId);
    const offer = accountOffer(boot, mgmt.account());
    const q = boot.queue(offer.command);
    const before = front.connections;
    await boot.startSession();
    t.step('wait for the IUT’s attempt to reach its bootstrap server');
    await waitUntil(() => (front.connections > before && front.open === 0) || package1Count(boot) > 0, t.ixit.timeouts.sessionMs);
    await quiet(t);
    t.note(`the front saw ${front.connections - before} connection(s); errors: ${front.errors.join(' | ') || 'none'}`);
    const posts = dmPosts(boot.wire);
    // Catches a client that does not authenticate its bootstrap server (K-SEC: security rests on TLS).
    t.check(posts.length === 0, `the IUT sent ${posts.length} DM package(s) to a bootstrap server whose certificate is from another CA`, 'K');
    t.check(front.applicationBytes === 0, `the IUT sent ${front.applicationBytes} bytes of application data to that server`, 'K');
    t.check(
      q.state === 'queued' && offer.content.fetches() === 0,
      `its HGET of a DMAcc account was ${q.state}, its content fetched ${offer.content.fetches()} times`,
      'K',
    );
    boot.withdraw([q]);
    front.setTls({});
    const ids = await accountSrvIds(t, boot, 'control, the front now presenting the genuine certificate');
    if (ids === undefined) t.inconclusive('the control read through the genuine bootstrap server did not answer 200');
    t.check(![...ids.values()].includes(mgmt.srvId), `the IUT holds an account for ${mgmt.srvId}, which only the refused bootstrap server offered`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-BOOT-005',
    title: 'Client-initiated bootstrap: the IUT opens a session with its bootstrap server carrying BootstrapRequest, and takes the account it is given',
    requirement:
      'A client asked for a bootstrap MUST open a session with its bootstrap server whose Package#1 carries the urn:oma:at:dm:2.0:BootstrapRequest alert (ours), and create the DMAcc account that server sends by HGET (P-BOOT; K-DDF client-initiated bootstrap).',
    labels: [],
    rules: ['K-DDF', 'P-BOOT'],
    level: 'MUST',
    utMethods: ['client.bootstrapFrom'],
  },
  async (t: CaseContext) => {
    const { boot, mgmt } = await bootstrapAndManager(t);
    const before = package1Count(boot);
    const q = boot.queue(accountOffer(boot, mgmt.account()).command);
    t.step('ask the IUT for a client-initiated bootstrap (client.bootstrapFrom)');
    await t.ut('client.bootstrapFrom', { srvId: boot.srvId });
    await boot.settle([q]);
    const p1 = dmPosts(boot.wire).filter((p) => p.kind === 'package1')[before];
    const alerts = (p1?.package1?.Alert ?? []).map((a) => a.AlertType);
    // Catches a client that opens an ordinary management session instead of asking for a bootstrap.
    t.check(
      alerts.includes(ALERT.BOOTSTRAP_REQUEST),
      `the Package#1 of the client-initiated bootstrap carried [${alerts.join(', ')}], not ${ALERT.BOOTSTRAP_REQUEST}`,
    );
    t.check(q.status?.sc === 200, `the bootstrap server's HGET of a DMAcc account for ${mgmt.srvId} answered sc ${q.status?.sc}, not 200`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-BOOT-006',
    title: 'A factory reset forgets the accounts, instances, grants and subscriptions servers added, and keeps the factory accounts',
    requirement:
      'A client MUST, on a factory reset, return to its factory profile: the DMAcc accounts a bootstrap server added, the instances servers created, every grant and every subscription are gone, the factory accounts remain (P-BOOT; K-CMD: UNSUB without a matching SUB is 404).',
    labels: ['DM-SECARIZE-002'],
    rules: ['K-CMD', 'P-DELEG', 'P-BOOT'],
    level: 'MUST',
    features: ['DELEGATION', 'SUB'],
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const boot = await startBootstrapServer(t);
    const devId = boot.devId;
    const ma = await HarnessServer.start(t, { srvId: t.uniqueName('dmcts-ma') });
    const mgmt = await HarnessServer.start(t, { srvId: t.uniqueName('dmcts-mgmt') });
    await boot.bootstrap([ma]);
    sameDevId(t, boot, devId);
    // What servers add to the factory profile: an account (the bootstrap server), an instance, a grant on it, a SUB of it.
    const [made] = await boot.run([accountOffer(boot, mgmt.account()).command]);
    if (made.status?.sc !== 200) t.inconclusive(`the bootstrap server's HGET of a DMAcc account answered sc ${made.status?.sc}: nothing to forget`);
    const uri = await createInstance(t, ma, w, t.uniqueName('reset'), { Name: `reset-${t.seed >>> 0}` });
    await grant(t, ma, { target: uri, grantee: mgmt.srvId, rights: 'R', kind: 'shared' });
    const [sub] = await ma.run([['SUB', uri, 'auto']]);
    if (sub.status?.sc !== 200) t.inconclusive(`SUB of ${uri} answered sc ${sub.status?.sc}: no subscription to forget`);
    t.step('factory reset (client.factoryReset)');
    await t.ut('client.factoryReset');
    const ids = t.need(
      await accountSrvIds(t, boot, 'after the factory reset'),
      `the bootstrap server of the factory profile could not read the accounts after the factory reset`,
    );
    const srvIds = [...ids.values()];
    // Catches a client whose factory reset keeps what a bootstrap server added.
    t.check(
      !srvIds.includes(mgmt.srvId),
      `the account of ${mgmt.srvId}, added by the bootstrap server, survived the factory reset (accounts: ${srvIds.join(', ')})`,
    );
    t.check(
      srvIds.includes(boot.srvId) && srvIds.includes(ma.srvId),
      `the factory accounts of ${boot.srvId} and ${ma.srvId} are not both there after the reset (accounts: ${srvIds.join(', ')})`,
    );
    const grants = await grantsSeen(t, ma);
    // Catches a client whose factory reset keeps grants.
    t.check(grants.size === 0, `${ma.srvId} still sees ${grants.size} grant(s) after the factory reset (${[...grants.keys()].join(', ')})`);
    const [unsub, read] = await ma.run([
      ['UNSUB', uri],
      ['HPUT', 'auto', uri],
    ]);
    // Catches a client whose factory reset keeps subscriptions (an UNSUB without a matching SUB is 404, K-CMD).
    t.check(unsub.status?.sc === 404, `UNSUB of ${uri} after the factory reset answered sc ${unsub.status?.sc}, not 404: the SUB survived it`);
    t.check(read.status?.sc === 404, `${uri}, created by ${ma.srvId}, is still there after the factory reset (HPUT answered sc ${read.status?.sc}, not 404)`);
  },
);
