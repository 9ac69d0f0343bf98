/**
 * The IUT server as a bootstrap server (P-BOOT): asked by the upper tester (server.bootstrap), it has
 * a harness device — whose account marks the IUT as its bootstrap server, mutually authenticated —
 * create a DMAcc account by HGET; the device must then hold exactly that account and be able to use
 * it (a session with the management server it names), and the IUT must record the device's
 * BootstrapComplete alert (server.device).
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import type { HarnessDevice } from '../../harness/conformance/fixtures/harness-device.ts';
import { HarnessServer, type BootstrapAccount } from '../../harness/conformance/fixtures/harness-server.ts';
import { startBootstrapTarget } from '../../harness/conformance/fixtures/server/bootstrap-device.ts';
import { sleep } from '../../harness/conformance/fixtures/waits.ts';
import { MOID } from '../../harness/protocol/moids.ts';
import { ALERT } from '../../harness/protocol/packages.ts';

/**
 * Has the IUT bootstrap the harness device with the account of a fresh harness server (the management
 * server): server.bootstrap, then a session of the device with the IUT; returns the device, that
 * server, the account asked for and what server.result says of each HGET.
 */
async function bootstrapByIut(t: CaseContext, how: 'session' | 'request' = 'session') {
  const dev = await startBootstrapTarget(t);
  const mgmt = await HarnessServer.start(t, { srvId: t.uniqueName('dmcts-mgmt') });
  mgmt.devId = dev.devId;
  const wanted: BootstrapAccount = mgmt.account();
  t.step('server.bootstrap: the IUT is to create an account for the management server');
  const r = await t.ut('server.bootstrap', { devId: dev.devId, accounts: [wanted] });
  const ids = Array.isArray(r.commandIds) ? r.commandIds.map(String) : [];
  // 'request': a client-initiated bootstrap, its Package#1 carrying BootstrapRequest (ours).
  const outcome = how === 'request' ? await dev.requestBootstrap() : await dev.session();
  t.note(`the bootstrap session ended ${outcome.ok ? 'well' : `badly: ${outcome.reason ?? outcome.httpStatus}`}`);
  const results = await Promise.all(ids.map((id) => dev.settle(id)));
  return { dev, mgmt, wanted, results };
}

/** The Perm entries of a DMAcc account the device holds, as "MOID Rights" (read locally). */
function permOf(dev: HarnessDevice, miid: string): string[] {
  const entries = dev.local(MOID.DMACC, miid, ['Perm']).children ?? [];
  return entries
    .map(
      (x) => `${String(dev.local(MOID.DMACC, miid, ['Perm', x, 'MOID']).value)} ${String(dev.local(MOID.DMACC, miid, ['Perm', x, 'Rights']).value ?? 'RWE')}`,
    )
    .sort();
}

defineCase(
  {
    id: 'DMCTS-S-BOOT-001',
    title: 'As bootstrap server the IUT creates on the device the DMAcc account it was asked for, and the device can use it',
    requirement:
      "A server acting as a device's bootstrap server MUST, over mutually authenticated TLS, have the device create by HGET the DMAcc account it was asked for — its SrvID, SrvURI, Perm and trust anchor — so the device then opens sessions with that management server, and MUST report the device's answer (P-BOOT; K-DDF server-initiated bootstrap; K-ACL: bootstrap lists the MOIDs a server may manage).",
    labels: ['DM-SECACATE-001', 'DM-HLF-009'],
    rules: ['K-DDF', 'K-ACL', 'P-BOOT'],
    level: 'MUST',
    utMethods: ['server.bootstrap'],
  },
  async (t: CaseContext) => {
    const { dev, mgmt, wanted, results } = await bootstrapByIut(t);
    t.check(results.length === 1, `server.bootstrap of one account gave ${results.length} command IDs, not 1`);
    // Catches a server that sends no account, or another one than it was asked for.
    const account = t.need(
      dev.accounts().find((a) => a.srvId === wanted.srvId),
      `after the bootstrap session the device holds no DMAcc account for ${wanted.srvId} (accounts: ${dev
        .accounts()
        .map((a) => a.srvId)
        .join(', ')})`,
    );
    t.check(account.srvUri === wanted.srvUri, `the account for ${wanted.srvId} has SrvURI ${account.srvUri}, not ${wanted.srvUri}`);
    const perm = permOf(dev, account.miid);
    const asked = wanted.perm.map((p) => `${p.moid} ${p.rights ?? 'RWE'}`).sort();
    t.check(JSON.stringify(perm) === JSON.stringify(asked), `the account's Perm is [${perm.join('; ')}], not [${asked.join('; ')}] as asked`);
    // The management server is authenticated by the trust anchor the account carries (Auth/Server/Data, P-SEC).
    const anchor = dev.local(MOID.DMACC, account.miid, ['Auth', 'Server', 'Data']).value;
    t.check(
      anchor === wanted.trustAnchorPem,
      `the account's trust anchor (Auth/Server/Data) is ${anchor === undefined ? 'missing' : 'another certificate'}, not the one asked for: the device cannot authenticate ${wanted.srvId}`,
    );
    const r = results[0];
    t.check(
      r?.state === 'done' && r.status?.sc === 200,
      `server.result of the bootstrap HGET says ${r?.state}${r?.status ? ` sc ${r.status.sc}` : ''}, not done with the device's 200`,
    );
    // The device uses the account: a session with the management server, whose Perm lets it read DevInfo.
    const q = mgmt.queue(['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]);
    const session = await dev.sessionWith(wanted.srvId);
    await mgmt.waitFor(q);
    t.check(
      q.status?.sc === 200,
      `the device's session with ${wanted.srvId}, whose account the IUT created, did not serve an HPUT of DevInfo (${session.ok ? `sc ${q.status?.sc ?? q.state}` : (session.reason ?? session.httpStatus)})`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-S-BOOT-002',
    title: "As bootstrap server the IUT records the device's BootstrapComplete alert",
    requirement:
      'A server acting as bootstrap server MUST record the BootstrapComplete alert the device sends it in a new session after the bootstrap, and show it to its operator (server.device) (P-BOOT; K-FLOW names the alert).',
    labels: [],
    rules: ['K-FLOW', 'P-BOOT'],
    level: 'MUST',
    utMethods: ['server.bootstrap'],
  },
  async (t: CaseContext) => {
    const { dev, wanted } = await bootstrapByIut(t);
    if (!dev.accounts().some((a) => a.srvId === wanted.srvId))
      t.inconclusive(`the IUT did not create the account it was asked for (DMCTS-S-BOOT-001 judges that): there was no bootstrap to complete`);
    await dev.idle('the session carrying BootstrapComplete');
    const sent = dev
      .exchanges()
      .some((e) => e.kind === 'initiation' && e.response !== undefined && (e.sent?.Alert ?? []).some((a) => a.AlertType === ALERT.BOOTSTRAP_COMPLETE));
    if (!sent) t.inconclusive('the harness device did not get its BootstrapComplete answered by the IUT (see the wire)');
    t.step('wait for server.device to list BootstrapComplete');
    let alerts: string[] = [];
    const deadline = Date.now() + 2_000;
    for (;;) {
      alerts = (await dev.info()).alerts.map((a) => String((a as { AlertType?: unknown }).AlertType));
      if (alerts.includes(ALERT.BOOTSTRAP_COMPLETE) || Date.now() >= deadline) break;
      await sleep(50);
    }
    // Catches a server that takes the alert but does not record it.
    t.check(alerts.includes(ALERT.BOOTSTRAP_COMPLETE), `server.device lists the alerts [${alerts.join(', ')}], not ${ALERT.BOOTSTRAP_COMPLETE}`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-BOOT-003',
    title: 'As bootstrap server the IUT answers a client-initiated bootstrap (BootstrapRequest) with the account it was asked to create',
    requirement:
      'A server acting as bootstrap server MUST serve a session whose Package#1 carries the urn:oma:at:dm:2.0:BootstrapRequest alert (ours) and send in it the DMAcc account it was asked to create, so the device holds it (P-BOOT; K-DDF client-initiated bootstrap).',
    labels: [],
    rules: ['K-DDF', 'P-BOOT'],
    level: 'MUST',
    utMethods: ['server.bootstrap'],
  },
  async (t: CaseContext) => {
    const { dev, wanted, results } = await bootstrapByIut(t, 'request');
    const asked = dev.exchanges().find((e) => e.kind === 'initiation' && (e.sent?.Alert ?? []).some((a) => a.AlertType === ALERT.BOOTSTRAP_REQUEST));
    if (!asked) t.inconclusive('the harness device sent no Package#1 carrying BootstrapRequest (see the wire)');
    // Catches a server that refuses, or answers with nothing, a session asking for a bootstrap.
    t.check(
      asked.response?.status === 200,
      `the IUT answered the Package#1 carrying BootstrapRequest with HTTP ${asked.response?.status ?? 'nothing'}, not 200`,
    );
    t.check(
      dev.accounts().some((a) => a.srvId === wanted.srvId && a.srvUri === wanted.srvUri),
      `after the client-initiated bootstrap the device holds no account for ${wanted.srvId} at ${wanted.srvUri} (accounts: ${dev
        .accounts()
        .map((a) => a.srvId)
        .join(', ')})`,
    );
    const r = results[0];
    t.check(
      r?.state === 'done' && r.status?.sc === 200,
      `server.result of the bootstrap HGET says ${r?.state}${r?.status ? ` sc ${r.status.sc}` : ''}, not done with the device's 200`,
    );
  },
);
