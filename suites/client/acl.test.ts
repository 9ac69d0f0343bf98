/**
 * Access control, the basics (K-ACL, P-ACL; DM-HLF-009 which MOs a server manages, DM-HLF-020
 * restriction to MO types, DM-HLF-011/-012 several authorities on one client, DM-HLF-018 the server a
 * session goes to): two harness servers bootstrapped together on the IUT.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import {
  bodiesAtLeast,
  createInstance,
  DMACC,
  expectSc,
  freshName,
  jsonEqual,
  miidOf,
  publish,
  readViaHput,
  SETTLE_MS,
  sleep,
  writableMoid,
} from '../../harness/conformance/fixtures/client/client-case.ts';
import { dmPosts } from '../../harness/conformance/fixtures/client/dm-wire.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';

/** Two harness servers, both with the default Perm (the writable MO with RWE), bootstrapped together. */
async function twoServers(t: CaseContext) {
  const w = writableMoid(t);
  const srvA = await HarnessServer.start(t);
  const srvB = await HarnessServer.start(t);
  await srvA.bootstrap([srvB]);
  return { w, srvA, srvB };
}

defineCase(
  {
    id: 'DMCTS-C-ACL-001',
    title: 'An instance one server created is invisible to another server\'s wildcards',
    requirement: 'A client MUST give the creator of an MO instance exclusive rights: another server\'s wildcard reads skip it (K-ACL, P-ACL; DM-HLF-011).',
    labels: ['DM-HLF-011', 'DM-HLF-012', 'DM-SECARIZE-001'],
    rules: ['K-ACL', 'P-ACL', 'K-ADDR'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { w, srvA, srvB } = await twoServers(t);
    const mine = await createInstance(t, srvA, w, freshName(t, 'a'), { Name: 'A only', Secretish: 'for A' });
    const seenByA = await readViaHput(t, srvA, [`${w}/*/Name`], `${w}/*/Name as ${srvA.srvId}`);
    t.check(seenByA.entries.some((e) => e.ClientURI === `${mine}/Name`), `${srvA.srvId} does not see its own ${mine} (control)`);
    const seenByB = await readViaHput(t, srvB, [`${w}/*`], `${w}/* as ${srvB.srvId}`);
    const leaked = seenByB.entries.filter((e) => e.ClientURI.startsWith(mine));
    t.check(leaked.length === 0, `${srvB.srvId}'s ${w}/* returned ${srvA.srvId}'s instance: ${JSON.stringify(leaked)}`);
    t.check(!seenByB.status.URI.some((u) => u.startsWith(mine)), `${srvB.srvId}'s Status names ${srvA.srvId}'s instance`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-ACL-002',
    title: 'Another server addressing the instance explicitly gets 403 and changes nothing',
    requirement: 'A client MUST answer 403 to another server\'s HPUT, HPOST, HGET, DELETE or EXEC that names an instance it did not create, send nothing of it, and leave the instance as it was (K-ACL, P-ACL; DM-HLF-011).',
    labels: ['DM-HLF-011', 'DM-HLF-012', 'DM-SECARIZE-001'],
    rules: ['K-ACL', 'P-ACL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { w, srvA, srvB } = await twoServers(t);
    const mine = await createInstance(t, srvA, w, freshName(t, 'a'), { Name: 'A only' });
    const overwrite = publish(srvB, [{ ClientURI: `${mine}/Name`, MOData: 'B was here' }]);
    const [put, post, hget, del, exec] = await srvB.run([
      ['HPUT', 'auto', mine],
      ['HPOST', 'auto', `${mine}/Name`],
      ['HGET', overwrite.url, `${mine}/Name`],
      ['DELETE', mine],
      ['EXEC', `${mine}/Name`],
    ]);
    expectSc(t, put!, 403, `HPUT of ${srvA.srvId}'s ${mine} by ${srvB.srvId}`);
    t.check(srvB.server.operator.received(put!.receiverId!).length === 0, `the refused HPUT sent ${srvA.srvId}'s data to ${srvB.srvId}`);
    expectSc(t, post!, 403, `HPOST of ${srvA.srvId}'s ${mine}/Name by ${srvB.srvId}`);
    t.check(srvB.server.operator.received(post!.receiverId!).length === 0, `the refused HPOST sent ${srvA.srvId}'s data to ${srvB.srvId}`);
    expectSc(t, hget!, 403, `HGET into ${srvA.srvId}'s ${mine}/Name by ${srvB.srvId}`);
    expectSc(t, del!, 403, `DELETE of ${srvA.srvId}'s ${mine} by ${srvB.srvId}`);
    expectSc(t, exec!, 403, `EXEC in ${srvA.srvId}'s ${mine} by ${srvB.srvId}`);
    const read = await readViaHput(t, srvA, [mine], `${mine} as its creator`);
    t.check(jsonEqual(read.entries[0]?.MOData, { Name: 'A only' }), `${mine} changed under another server's refused commands: ${JSON.stringify(read.entries[0]?.MOData)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-ACL-003',
    title: 'GET by another server: `*` skips the instance, an explicit GET is 403',
    requirement: 'A client that supports GET MUST skip another server\'s instance in a wildcard GET and answer an explicit GET of it with 403 (K-ACL, P-ACL).',
    labels: ['DM-HLF-011', 'DM-SECARIZE-001'],
    rules: ['K-ACL', 'P-ACL', 'P-GET'],
    level: 'MUST',
    role: 'client',
    features: ['GET'],
  },
  async (t: CaseContext) => {
    const { w, srvA, srvB } = await twoServers(t);
    const mine = await createInstance(t, srvA, w, freshName(t, 'a'), { Name: 'A only' });
    const [all, explicit] = await srvB.run([['GET', `${w}/*`], ['GET', mine]]);
    const s = expectSc(t, all!, 200, `GET ${w}/* by ${srvB.srvId}`);
    t.check(!s.URI.some((u) => u.startsWith(mine)) && !(s.Data ?? []).some((e) => e.ClientURI.startsWith(mine)), `${srvB.srvId}'s GET ${w}/* returned ${srvA.srvId}'s ${mine}`);
    const e = expectSc(t, explicit!, 403, `GET ${mine} by ${srvB.srvId}`);
    t.check(!e.Data?.length, 'the 403 carried data');
  },
);

defineCase(
  {
    id: 'DMCTS-C-ACL-004',
    title: 'A Perm entry with rights R only forbids creating instances (HGET is 403)',
    requirement: 'A client MUST answer 403 to an HGET creating an instance of an MO for which the server\'s Perm entry lacks W, and create nothing (K-ACL, P-ACL; DM-HLF-009, DM-HLF-020).',
    labels: ['DM-HLF-009', 'DM-HLF-020'],
    rules: ['K-ACL', 'P-ACL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const srv = await HarnessServer.start(t, { perm: [{ moid: w, rights: 'R' }] });
    await srv.bootstrap();
    const named = `${w}/${freshName(t, 'ro')}`;
    const content = publish(srv, [{ ClientURI: w, MOData: { Name: 'not allowed' } }]);
    const namedContent = publish(srv, [{ ClientURI: named, MOData: { Name: 'not allowed' } }]);
    const [fresh, byName] = await srv.run([['HGET', content.url], ['HGET', namedContent.url, named]]);
    expectSc(t, fresh!, 403, `HGET creating a ${w} instance with Perm rights R`);
    expectSc(t, byName!, 403, `HGET creating ${named} with Perm rights R`);
    const read = await readViaHput(t, srv, [`${w}/*/Name`], `${w} instances`);
    t.check(!read.entries.some((e) => e.MOData === 'not allowed'), `an instance was created despite the 403: ${JSON.stringify(read.entries)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-ACL-005',
    title: 'An MO the server\'s Perm does not list cannot be created (403) and its wildcards are empty',
    requirement: 'A client MUST let a server manage only the MOs its DMAcc Perm lists: creating an instance of another MO is 403 (K-ACL, P-ACL; DM-HLF-009, DM-HLF-020).',
    labels: ['DM-HLF-009', 'DM-HLF-020'],
    rules: ['K-ACL', 'P-ACL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.start(t);
    await srv.bootstrap();
    const unlisted = 'urn:oma:mo:dmcts-unlisted:1.0';
    const content = publish(srv, [{ ClientURI: unlisted, MOData: { Name: 'not in Perm' } }]);
    const [q] = await srv.run([['HGET', content.url]]);
    expectSc(t, q!, 403, `HGET creating an instance of ${unlisted}, which the server's Perm does not list`);
    const read = await readViaHput(t, srv, [`${unlisted}/*`], `${unlisted}/*`);
    t.check(read.entries.length === 0, `${unlisted}/* returned ${JSON.stringify(read.entries)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-ACL-006',
    title: 'Each server sees only its own DMAcc account',
    requirement: 'A client MUST let each server read its own DMAcc account and no other server\'s (K-ACL, P-ACL; DM-HLF-012, DM-SECARIZE-001).',
    labels: ['DM-HLF-012', 'DM-SECARIZE-001'],
    rules: ['K-ACL', 'P-ACL', 'K-DDF'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srvA = await HarnessServer.start(t);
    const srvB = await HarnessServer.start(t);
    await srvA.bootstrap([srvB]);
    for (const srv of [srvA, srvB]) {
      const read = await readViaHput(t, srv, [`${DMACC}/*/SrvID`], `DMAcc as ${srv.srvId}`);
      const ids = read.entries.map((e) => e.MOData);
      t.check(jsonEqual(ids, [srv.srvId]), `${srv.srvId} reads the DMAcc SrvIDs [${ids.join(', ')}], not only its own`);
    }
    const accounts = await readViaHput(t, srvA, [`${DMACC}/*`], `DMAcc as ${srvA.srvId}`);
    const other = accounts.entries.find((e) => JSON.stringify(e.MOData).includes(srvB.srvId));
    t.check(!other, `${srvA.srvId} read ${srvB.srvId}'s account data: ${JSON.stringify(other)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-ACL-007',
    title: 'The client opens the session with the server it is told to',
    requirement: 'A client with several servers MUST open a client-initiated session with the server chosen for it, at that server\'s SrvURI (K-FLOW; DM-HLF-018, DM-HLF-012).',
    labels: ['DM-HLF-018', 'DM-HLF-012'],
    rules: ['K-FLOW', 'K-ACL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srvA = await HarnessServer.start(t);
    const srvB = await HarnessServer.start(t);
    await srvA.bootstrap([srvB]);
    const [q] = await srvB.run([['HPUT', 'auto', `${DMACC}/*/SrvID`]]);
    expectSc(t, q!, 200, `HPUT in the session with ${srvB.srvId}`);
    await sleep(SETTLE_MS);
    t.check(dmPosts(srvA.wire).length === 0, `the session asked of ${srvB.srvId} went (also) to ${srvA.srvId}`);
    t.check(jsonEqual(srvB.server.operator.received(q!.receiverId!)[0]?.entries.map((e) => e.MOData), [srvB.srvId]), `the session at ${srvB.srvId} ran with another server's rights`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-ACL-008',
    title: 'Package#1 MOS lists to each server only the instances it may read',
    requirement: 'A client MUST NOT list in a server\'s Package#1 MOS an instance that server may not read (K-ACL, K-FLOW; DM-HLF-011).',
    labels: ['DM-HLF-011', 'DM-SECARIZE-001'],
    rules: ['K-ACL', 'K-FLOW', 'P-ACL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { w, srvA, srvB } = await twoServers(t);
    const mine = await createInstance(t, srvA, w, freshName(t, 'a'), { Name: 'A only' });
    const miid = miidOf(mine, w)!;
    await srvA.run([['HPUT', 'auto', `${mine}/Name`]]);
    await srvB.run([['HPUT', 'auto', `${w}/*/Name`]]);
    const lastMos = (srv: HarnessServer) => dmPosts(srv.wire).filter((p) => p.kind === 'package1').at(-1)?.package1?.MOS ?? [];
    const miidsFor = (srv: HarnessServer) => lastMos(srv).filter((m) => m.MOID.toLowerCase() === w.toLowerCase()).flatMap((m) => m.MIID);
    t.check(miidsFor(srvA).includes(miid), `${srvA.srvId}'s Package#1 MOS does not list its own ${mine} (control)`);
    t.check(!miidsFor(srvB).includes(miid), `${srvB.srvId}'s Package#1 MOS lists ${srvA.srvId}'s ${mine}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-ACL-009',
    title: 'Another server can neither cancel a server\'s SUB nor subscribe to its instance',
    requirement: 'A client that supports SUB MUST match UNSUB against the SUBs of the same server only — another server\'s UNSUB is 404 and the SUB goes on — and MUST answer another server\'s SUB of an instance it may not read with 403 and deliver it nothing (K-CMD, K-ACL).',
    labels: ['DM-HLF-012', 'DM-SECARIZE-001'],
    rules: ['K-CMD', 'K-ACL'],
    level: 'MUST',
    role: 'client',
    features: ['SUB'],
  },
  async (t: CaseContext) => {
    const { w, srvA, srvB } = await twoServers(t);
    const mine = await createInstance(t, srvA, w, freshName(t, 'a'), { Name: 'n0' });
    const [sub] = await srvA.run([['SUB', `${mine}/Name`, 'auto']]);
    expectSc(t, sub!, 200, `SUB by ${srvA.srvId}`);
    const [unsub, spy] = await srvB.run([['UNSUB', `${mine}/Name`], ['SUB', `${mine}/Name`, 'auto']]);
    expectSc(t, unsub!, 404, `UNSUB of ${srvA.srvId}'s SUB by ${srvB.srvId}`);
    expectSc(t, spy!, 403, `SUB of ${srvA.srvId}'s ${mine}/Name by ${srvB.srvId}`);
    await srvA.run([['HGET', publish(srvA, [{ ClientURI: `${mine}/Name`, MOData: 'n1' }]).url, `${mine}/Name`]]);
    t.step('wait for the delivery of the SUB another server tried to cancel');
    const got = await bodiesAtLeast(t, srvA, sub!.receiverId!, 1);
    t.check(got[0]?.entries[0]?.MOData === 'n1', `${srvA.srvId}'s SUB delivered ${JSON.stringify(got.map((b) => b.entries))} after ${srvB.srvId}'s UNSUB, not the change`);
    // The delivery to the subscriber came, so one to the refused SUB would have come by now too.
    const leaked = spy!.receiverId ? srvB.server.operator.received(spy!.receiverId).length : 0;
    t.check(leaked === 0, `${srvB.srvId}'s refused SUB got ${leaked} deliveries of ${srvA.srvId}'s instance`);
  },
);
