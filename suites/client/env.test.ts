/**
 * Execution environments and bearers of the IUT client (P-ENV): the execenv MO lists its environments
 * and tags each managed MO instance with one (DM-HLF-006); a server assigned to one environment
 * manages its instances and holds no right on another's (DM-HLF-006); DMAcc `BearerURI` gives one
 * address per bearer, used for the bearer the device is on (DM-HLF-007), or for the one a Package#0's
 * PREFERRED-CON-TYPE names (DM-HLF-007, K-NOTI); a client-initiated session about an MO instance goes
 * to the server that manages it (DM-HLF-018). Bearer addresses are distinct URLs of one harness
 * server (its DM URL with `?bearer=<name>`); these cases run over HTTP.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { ixitNode, writableMoid } from '../../harness/conformance/fixtures/client/client-ixit.ts';
import { mosLists, probe } from '../../harness/conformance/fixtures/client/delegation.ts';
import {
  bearerPath,
  environments,
  giveBearerUris,
  instanceUri,
  package1Urls,
  READ_EXECENV,
  tagsOf,
  type Bearer,
} from '../../harness/conformance/fixtures/client/env.ts';
import { createInstance, moidPart } from '../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { waitUntil } from '../../harness/conformance/fixtures/waits.ts';
import { MOID } from '../../harness/protocol/moids.ts';
import { PREFERRED_CON_TYPE } from '../../harness/protocol/package0.ts';

/** Asks the IUT for a session and returns the URL its Package#1 came to (FAIL when none came). */
async function sessionUrl(t: CaseContext, srv: HarnessServer, what: string): Promise<string> {
  const before = package1Urls(srv).length;
  await srv.startSession();
  t.step(`wait for the Package#1 of ${what}`);
  await waitUntil(() => package1Urls(srv).length > before, t.ixit.timeouts.sessionMs);
  return t.need(package1Urls(srv)[before], `the IUT sent ${srv.srvId} no Package#1 (${what}) within ${t.ixit.timeouts.sessionMs} ms`, 'K');
}

/** A harness server whose account holds an address per bearer (its Perm lists DMAcc with R W). */
async function serverWithBearers(t: CaseContext): Promise<HarnessServer> {
  const srv = await HarnessServer.bootstrapped(t, { perm: [{ moid: MOID.DMACC, rights: 'RW' }] });
  await giveBearerUris(t, srv);
  // The account's single SrvURI still works: the sessions so far came to the DM URL itself.
  const urls = package1Urls(srv);
  t.check(
    urls.length > 0 && urls.every((u) => u === '/dm'),
    `before BearerURI was written the IUT's Package#1s came to ${urls.join(', ')}, not all to its SrvURI /dm`,
  );
  return srv;
}

async function setBearer(t: CaseContext, bearer: Bearer): Promise<void> {
  t.step(`the IUT is now on ${bearer}`);
  await t.ut('client.setBearer', { bearer });
}

defineCase(
  {
    id: 'DMCTS-C-ENV-001',
    title: 'The execenv MO lists the execution environments, and an MO instance a server creates is tagged with exactly one of them',
    requirement:
      "A client MUST keep one instance of urn:oma:mo:oma-dm-execenv:1.0 per execution environment, readable by a server whose Perm lists it, and tag every managed MO instance with one environment: the instance's ClientURI in that environment's MOs leaf (P-ENV, ours).",
    labels: ['DM-HLF-006'],
    rules: ['P-ENV'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const srv = await HarnessServer.bootstrapped(t, { perm: [READ_EXECENV] });
    const before = await environments(t, srv);
    t.check(
      before.length >= 2,
      `the execenv MO has ${before.length} instance(s) (${before.map((e) => e.id).join(', ')}): not one per environment of a device with several`,
    );
    for (const env of before) t.check(typeof env.name === 'string' && env.name !== '', `execenv instance ${env.id} has no Name (${JSON.stringify(env.name)})`);
    const uri = await createInstance(t, srv, w, t.uniqueName('env'), { Name: 'env-tagged' });
    const after = await environments(t, srv);
    const tags = tagsOf(after, uri);
    // Catches a client whose instances carry no environment tag, or several.
    t.check(
      tags.length === 1,
      `the instance ${uri} the server created is listed in the MOs of ${tags.length} environments (${tags.join(', ') || 'none'}), not exactly 1`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-ENV-002',
    title: 'A server assigned to one execution environment manages its instances and holds no right on the instances of another',
    requirement:
      'A client MUST let a server assigned to an execution environment act only on the managed MO instances tagged with that environment (403 on those of another, even where its Perm lists their MO; its Package#1 MOS leaves them out), and MUST tag an instance that server creates with its environment (P-ENV, ours; P-ACL).',
    labels: ['DM-HLF-006'],
    rules: ['P-ENV', 'P-ACL'],
    level: 'MUST',
    utMethods: ['client.setEnvironment'],
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const node = ixitNode(t, 'execNode');
    const target = instanceUri(node, moidPart(node));
    const a = await HarnessServer.start(t, { srvId: t.uniqueName('dmcts-env-a'), perm: [READ_EXECENV] });
    const b = await HarnessServer.start(t, { srvId: t.uniqueName('dmcts-env-b'), perm: [READ_EXECENV] });
    await a.bootstrap([b]);
    const envs = await environments(t, a);
    const home = t.need(
      tagsOf(envs, target)[0],
      `the device-made instance ${target} (the IXIT's execNode) is tagged with no environment: no environment's MOs lists it`,
    );
    const other = t.need(
      envs.find((e) => e.id !== home)?.id,
      `the execenv MO has no environment but ${home} (${envs.map((e) => e.id).join(', ')}): there is no other to assign a server to`,
    );
    await t.ut('client.setEnvironment', { srvId: a.srvId, env: home });
    await t.ut('client.setEnvironment', { srvId: b.srvId, env: other });
    const mine = await probe(t, a, target);
    if (mine.sc !== 200) t.inconclusive(`${a.srvId}, assigned to ${home} where ${target} is, could not read it (HPUT sc ${mine.sc}): its Perm lists its MO`);
    const theirs = await probe(t, b, target);
    // Catches a client that lets a server of another environment manage the instance (Perm alone).
    t.check(theirs.sc === 403, `HPUT of ${target} (environment ${home}) by ${b.srvId}, assigned to ${other}, answered sc ${theirs.sc}, not 403`);
    t.check(!mosLists(b, moidPart(node), target), `the Package#1 MOS of ${b.srvId}'s session (environment ${other}) lists ${target} of environment ${home}`);
    const made = await createInstance(t, b, w, t.uniqueName('env-b'), { Name: 'made-in-other' });
    const tags = tagsOf(await environments(t, a), made);
    t.check(
      tags.length === 1 && tags[0] === other,
      `the instance ${made} that ${b.srvId} (environment ${other}) created is tagged [${tags.join(', ')}], not [${other}]`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-ENV-003',
    title: 'The IUT opens its sessions at the DMAcc address of the bearer it is on',
    requirement:
      'A client whose DMAcc account holds one address per bearer (BearerURI/Cellular, WLAN, Wireline) MUST open a session at the address of the bearer it is on, and at SrvURI while the account holds none (P-ENV, ours).',
    labels: ['DM-HLF-007'],
    rules: ['P-ENV'],
    level: 'MUST',
    utMethods: ['client.setBearer'],
  },
  async (t: CaseContext) => {
    const srv = await serverWithBearers(t);
    for (const bearer of ['wlan', 'cellular', 'wireline'] as const) {
      await setBearer(t, bearer);
      const url = await sessionUrl(t, srv, `a session on ${bearer}`);
      // Catches a client that keeps using SrvURI, or another bearer's address.
      t.check(url === bearerPath(bearer), `on ${bearer} the IUT opened its session at ${url}, not at that bearer's address ${bearerPath(bearer)}`);
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-ENV-004',
    title: "A Package#0's PREFERRED-CON-TYPE makes the IUT open the server-initiated session at that bearer's address",
    requirement:
      "A client MUST open the server-initiated session a Package#0 asks for at the DMAcc address of the bearer its PREFERRED-CON-TYPE names, and its next sessions again at its own bearer's (P-ENV, ours; K-NOTI: the option).",
    labels: ['DM-HLF-007'],
    rules: ['P-ENV', 'K-NOTI'],
    level: 'MUST',
    features: ['NOTIFICATION'],
    utMethods: ['client.setBearer'],
  },
  async (t: CaseContext) => {
    const srv = await serverWithBearers(t);
    await setBearer(t, 'wlan');
    const before = package1Urls(srv).length;
    t.step('notify the IUT, PREFERRED-CON-TYPE cellular');
    const sent = await srv.notifyPreferring(PREFERRED_CON_TYPE.CELLULAR);
    if (!sent.ok) t.inconclusive(`the harness server could not notify the IUT: ${sent.error.message}`);
    t.step('wait for the Package#1 of the server-initiated session');
    await waitUntil(() => package1Urls(srv).length > before, t.ixit.timeouts.sessionMs);
    // A valid Package#0 opens a session (K-NOTI); where it goes is P-ENV.
    const url = t.need(package1Urls(srv)[before], `the IUT opened no session within ${t.ixit.timeouts.sessionMs} ms of a valid Package#0`, 'K');
    // Catches a client that ignores PREFERRED-CON-TYPE.
    t.check(
      url === bearerPath('cellular'),
      `the session a Package#0 with PREFERRED-CON-TYPE 1 (cellular) asked for came to ${url}, not ${bearerPath('cellular')}`,
    );
    const next = await sessionUrl(t, srv, 'the next client-initiated session');
    t.check(next === bearerPath('wlan'), `the next session, on wlan again, came to ${next}, not ${bearerPath('wlan')}: the preference outlived its session`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-ENV-005',
    title: 'A client-initiated session about an MO instance goes to the server that manages it',
    requirement:
      'A client asked for a session about an MO instance MUST open it with the server that manages that instance (its creator), not another server of its DMAcc (P-ENV, ours; DM-HLF-018).',
    labels: ['DM-HLF-018'],
    rules: ['P-ENV'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const a = await HarnessServer.start(t, { srvId: t.uniqueName('dmcts-about-a') });
    const b = await HarnessServer.start(t, { srvId: t.uniqueName('dmcts-about-b') });
    await a.bootstrap([b]);
    const ofA = await createInstance(t, a, w, t.uniqueName('about-a'), { Name: 'of-a' });
    const ofB = await createInstance(t, b, w, t.uniqueName('about-b'), { Name: 'of-b' });
    for (const [uri, manager, other] of [
      [ofB, b, a],
      [ofA, a, b],
    ] as const) {
      const counts = [package1Urls(manager).length, package1Urls(other).length] as const;
      await manager.startSessionAbout(uri);
      t.step(`wait for a session about ${uri}`);
      const came = await waitUntil(() => package1Urls(manager).length > counts[0] || package1Urls(other).length > counts[1], t.ixit.timeouts.sessionMs);
      // Catches a client that opens the session with another server (the first of its DMAcc, or the one named).
      t.check(package1Urls(other).length === counts[1], `the session about ${uri}, which ${manager.srvId} created, went to ${other.srvId}`);
      t.check(
        came && package1Urls(manager).length > counts[0],
        `the IUT opened no session with ${manager.srvId} about ${uri}, which it created, within ${t.ixit.timeouts.sessionMs} ms`,
      );
    }
  },
);
