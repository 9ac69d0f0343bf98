/**
 * Access control, the basics (K-ACL, P-ACL; DM-HLF-009 which MOs a server manages, DM-HLF-020 restriction
 * to MO types, DM-HLF-011/-012 several authorities on one client, DM-HLF-018 the server a session goes
 * to): the creator's exclusive rights, Perm rights and MOIDs, each server's own DMAcc account, the
 * session with the server asked for, the Package#1 MOS, another server's UNSUB and SUB.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { writableMoid } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { mosLists } from '../../../harness/conformance/fixtures/client/delegation.ts';
import { dmPosts } from '../../../harness/conformance/fixtures/client/dm-wire.ts';
import { expectDone, expectRefused, expectSc } from '../../../harness/conformance/fixtures/client/status.ts';
import { createInstance, readViaHput, UNLISTED_MOID } from '../../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { expectNothing, expectNothingArrives, sameJson } from '../../../harness/conformance/fixtures/verify.ts';
import { MOID } from '../../../harness/protocol/moids.ts';

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
    title: "An instance one server created is invisible to another server's wildcards",
    requirement: "A client MUST give the creator of an MO instance exclusive rights: another server's wildcard reads skip it (K-ACL, P-ACL; DM-HLF-011).",
    labels: ['DM-HLF-011', 'DM-HLF-012', 'DM-SECARIZE-001'],
    rules: ['K-ACL', 'P-ACL', 'K-ADDR'],
    level: 'MUST',
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const { w, srvA, srvB } = await twoServers(t);
    const mine = await createInstance(t, srvA, w, t.uniqueName('a'), { Name: 'A only', Secretish: 'for A' });
    // The creator reads its own instance through `*` (K-ACL, K-ADDR, K-CMD): the wildcard works, so its silence below means something.
    const seenByA = await readViaHput(t, srvA, [`${w}/*/Name`], `${w}/*/Name as ${srvA.srvId}`, 'K');
    t.check(
      seenByA.entries.some((e) => e.ClientURI === `${mine}/Name`),
      `${srvA.srvId} does not see its own ${mine} (control)`,
      'K',
    );
    // 200 with an empty body for a wildcard matching nothing the server may read is the profile's (P-ACL, P-DETAIL).
    const seenByB = await readViaHput(t, srvB, [`${w}/*`], `${w}/* as ${srvB.srvId}`);
    const leaked = seenByB.entries.filter((e) => e.ClientURI.startsWith(mine));
    t.check(leaked.length === 0, `${srvB.srvId}'s ${w}/* returned ${srvA.srvId}'s instance: ${JSON.stringify(leaked)}`, 'K');
    t.check(
      !seenByB.status.URI.some((u) => u.startsWith(mine)),
      `${srvB.srvId}'s Status names ${srvA.srvId}'s instance (the Status URI contents are P-DETAIL's)`,
      'P',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-ACL-002',
    title: 'Another server addressing the instance explicitly gets 403 and changes nothing',
    requirement:
      "A client MUST answer 403 to another server's HPUT, HPOST, HGET, DELETE or EXEC that names an instance it did not create, send nothing of it, and leave the instance as it was (K-ACL, P-ACL; DM-HLF-011).",
    labels: ['DM-HLF-011', 'DM-HLF-012', 'DM-SECARIZE-001'],
    rules: ['K-ACL', 'P-ACL'],
    level: 'MUST',
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const { w, srvA, srvB } = await twoServers(t);
    const mine = await createInstance(t, srvA, w, t.uniqueName('a'), { Name: 'A only' });
    const overwrite = srvB.publish([{ ClientURI: `${mine}/Name`, MOData: 'B was here' }]);
    const [put, post, hget, del, exec] = await srvB.run([
      ['HPUT', 'auto', mine],
      ['HPOST', 'auto', `${mine}/Name`],
      ['HGET', overwrite.url, `${mine}/Name`],
      ['DELETE', mine],
      ['EXEC', `${mine}/Name`],
    ]);
    // Refused at all, nothing sent, nothing changed: K-ACL; the code 403: P-ACL.
    expectRefused(t, put, 403, `HPUT of ${srvA.srvId}'s ${mine} by ${srvB.srvId}`);
    expectNothing(t, srvB.received(put), `the refused HPUT sent ${srvA.srvId}'s data to ${srvB.srvId}`, 'K');
    expectRefused(t, post, 403, `HPOST of ${srvA.srvId}'s ${mine}/Name by ${srvB.srvId}`);
    expectNothing(t, srvB.received(post), `the refused HPOST sent ${srvA.srvId}'s data to ${srvB.srvId}`, 'K');
    expectRefused(t, hget, 403, `HGET into ${srvA.srvId}'s ${mine}/Name by ${srvB.srvId}`);
    expectRefused(t, del, 403, `DELETE of ${srvA.srvId}'s ${mine} by ${srvB.srvId}`);
    expectRefused(t, exec, 403, `EXEC in ${srvA.srvId}'s ${mine} by ${srvB.srvId}`);
    const read = await readViaHput(t, srvA, [mine], `${mine} as its creator`, 'K');
    t.check(
      sameJson(read.entries[0]?.MOData, { Name: 'A only' }),
      `${mine} changed under another server's refused commands: ${JSON.stringify(read.entries[0]?.MOData)}`,
      'K',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-ACL-003',
    title: 'GET by another server: `*` skips the instance, an explicit GET is 403',
    requirement: "A client that supports GET MUST skip another server's instance in a wildcard GET and answer an explicit GET of it with 403 (K-ACL, P-ACL).",
    labels: ['DM-HLF-011', 'DM-SECARIZE-001'],
    rules: ['K-ACL', 'P-ACL', 'P-GET'],
    level: 'MUST',
    features: ['GET'],
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const { w, srvA, srvB } = await twoServers(t);
    const mine = await createInstance(t, srvA, w, t.uniqueName('a'), { Name: 'A only' });
    const [all, explicit] = await srvB.run([
      ['GET', `${w}/*`],
      ['GET', mine],
    ]);
    // 200 for a wildcard matching nothing readable, data in the Status (P-GET) and its URI contents: the profile's.
    const s = expectSc(t, all, 200, `GET ${w}/* by ${srvB.srvId}`, 'P');
    t.check(
      !(s.Data ?? []).some((e) => e.ClientURI.startsWith(mine)),
      `${srvB.srvId}'s GET ${w}/* returned the data of ${srvA.srvId}'s ${mine}: ${JSON.stringify(s.Data)}`,
      'K',
    );
    t.check(!s.URI.some((u) => u.startsWith(mine)), `${srvB.srvId}'s GET ${w}/* names ${srvA.srvId}'s ${mine} in its Status URI [${s.URI.join(', ')}]`, 'P');
    const e = expectRefused(t, explicit, 403, `GET ${mine} by ${srvB.srvId}`);
    t.check(!e.Data?.length, `the ${e.sc} to ${srvB.srvId}'s GET of ${mine} carried data: ${JSON.stringify(e.Data)}`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-ACL-004',
    title: 'A Perm entry with rights R only forbids creating instances (HGET is 403)',
    requirement:
      "A client MUST answer 403 to an HGET creating an instance of an MO for which the server's Perm entry lacks W, and create nothing (K-ACL, P-ACL; DM-HLF-009, DM-HLF-020).",
    labels: ['DM-HLF-009', 'DM-HLF-020'],
    rules: ['K-ACL', 'P-ACL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const srv = await HarnessServer.bootstrapped(t, { perm: [{ moid: w, rights: 'R' }] });
    const named = `${w}/${t.uniqueName('ro')}`;
    const content = srv.publish([{ ClientURI: w, MOData: { Name: 'not allowed' } }]);
    const namedContent = srv.publish([{ ClientURI: named, MOData: { Name: 'not allowed' } }]);
    const [fresh, byName] = await srv.run([
      ['HGET', content.url],
      ['HGET', namedContent.url, named],
    ]);
    expectSc(t, fresh, 403, `HGET creating a ${w} instance with Perm rights R`);
    expectSc(t, byName, 403, `HGET creating ${named} with Perm rights R`);
    const read = await readViaHput(t, srv, [`${w}/*/Name`], `${w} instances`);
    t.check(!read.entries.some((e) => e.MOData === 'not allowed'), `an instance was created despite the 403: ${JSON.stringify(read.entries)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-ACL-005',
    title: "An MO the server's Perm does not list cannot be created (403) and its wildcards are empty",
    requirement:
      'A client MUST let a server manage only the MOs its DMAcc Perm lists: creating an instance of another MO is 403 (K-ACL, P-ACL; DM-HLF-009, DM-HLF-020).',
    labels: ['DM-HLF-009', 'DM-HLF-020'],
    rules: ['K-ACL', 'P-ACL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const unlisted = UNLISTED_MOID;
    const content = srv.publish([{ ClientURI: unlisted, MOData: { Name: 'not in Perm' } }]);
    const [q] = await srv.run([['HGET', content.url]]);
    // K-ACL: the bootstrap's Perm lists the MOIDs a server may manage, so the create is refused; 403 is P-ACL's code.
    expectRefused(t, q, 403, `HGET creating an instance of ${unlisted}, which the server's Perm does not list`);
    // 200 with nothing for the empty wildcard is the profile's; that nothing was created is K-ACL.
    const read = await readViaHput(t, srv, [`${unlisted}/*`], `${unlisted}/*`);
    t.check(read.entries.length === 0, `${unlisted}/* returned ${JSON.stringify(read.entries)}: the refused HGET created an instance`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-ACL-006',
    title: 'Each server sees only its own DMAcc account',
    requirement: "A client MUST let each server read its own DMAcc account and no other server's (K-ACL, P-ACL; DM-HLF-012, DM-SECARIZE-001).",
    labels: ['DM-HLF-012', 'DM-SECARIZE-001'],
    rules: ['K-ACL', 'P-ACL', 'K-DDF'],
    level: 'MUST',
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const srvA = await HarnessServer.start(t);
    const srvB = await HarnessServer.start(t);
    await srvA.bootstrap([srvB]);
    for (const srv of [srvA, srvB]) {
      // R on its own account and the DMAcc layout (SrvID) are ours (P-ACL, K-DDF clarification).
      const read = await readViaHput(t, srv, [`${MOID.DMACC}/*/SrvID`], `DMAcc as ${srv.srvId}`);
      const ids = read.entries.map((e) => e.MOData);
      const others = [srvA, srvB].filter((o) => o !== srv).map((o) => o.srvId);
      // DMAcc is in no server's Perm, so another server's account is closed to it (K-ACL).
      t.check(!ids.some((id) => others.includes(String(id))), `${srv.srvId} reads another server's DMAcc SrvID: [${ids.join(', ')}]`, 'K');
      t.check(
        sameJson(ids, [srv.srvId]),
        `${srv.srvId} reads the DMAcc SrvIDs [${ids.join(', ')}], not only its own (ours: a server always holds R on its own DMAcc account)`,
        'P',
      );
    }
    const accounts = await readViaHput(t, srvA, [`${MOID.DMACC}/*`], `DMAcc as ${srvA.srvId}`);
    const other = accounts.entries.find((e) => JSON.stringify(e.MOData).includes(srvB.srvId));
    t.check(!other, `${srvA.srvId} read ${srvB.srvId}'s account data: ${JSON.stringify(other)}`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-ACL-007',
    title: 'The client opens the session with the server it is told to',
    requirement:
      "A client with several servers MUST open a client-initiated session with the server chosen for it, at that server's SrvURI (K-FLOW; DM-HLF-018, DM-HLF-012).",
    labels: ['DM-HLF-018', 'DM-HLF-012'],
    rules: ['K-FLOW', 'K-ACL'],
    level: 'MUST',
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const srvA = await HarnessServer.start(t);
    const srvB = await HarnessServer.start(t);
    await srvA.bootstrap([srvB]);
    const [q] = await srvB.run([['HPUT', 'auto', `${MOID.DMACC}/*/SrvID`]]);
    // Reading DMAcc/*/SrvID rests on ours: a server always holds R on its own DMAcc account (P-ACL), the DMAcc layout (K-DDF clarification).
    expectSc(t, q, 200, `HPUT of ${MOID.DMACC}/*/SrvID in the session with ${srvB.srvId} (ours: a server reads its own DMAcc account)`, 'P');
    await expectNothingArrives(t, () => dmPosts(srvA.wire), `the session asked of ${srvB.srvId} went (also) to ${srvA.srvId}`);
    t.check(
      sameJson(
        srvB.received(q)[0]?.entries.map((e) => e.MOData),
        [srvB.srvId],
      ),
      `the session at ${srvB.srvId} ran with another server's rights (read ${JSON.stringify(srvB.received(q)[0]?.entries.map((e) => e.MOData))} under DMAcc/*/SrvID; ours: a server reads its own DMAcc account)`,
      'P',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-ACL-008',
    title: 'Package#1 MOS lists to each server only the instances it may read',
    requirement: "A client MUST NOT list in a server's Package#1 MOS an instance that server may not read (K-ACL, K-FLOW; DM-HLF-011).",
    labels: ['DM-HLF-011', 'DM-SECARIZE-001'],
    rules: ['K-ACL', 'K-FLOW', 'P-ACL'],
    level: 'MUST',
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    // Which instances a Package#1 MOS lists is not stated by K-FLOW (only its shape) nor K-ACL (rights on
    // commands): both checks rest on the profile (P-ACL, the (ours) K-ADDR clarification on MOID//).
    const { w, srvA, srvB } = await twoServers(t);
    const mine = await createInstance(t, srvA, w, t.uniqueName('a'), { Name: 'A only' });
    await srvA.run([['HPUT', 'auto', `${mine}/Name`]]);
    await srvB.run([['HPUT', 'auto', `${w}/*/Name`]]);
    t.check(mosLists(srvA, w, mine), `${srvA.srvId}'s Package#1 MOS does not list its own ${mine} (control)`);
    t.check(!mosLists(srvB, w, mine), `${srvB.srvId}'s Package#1 MOS lists ${srvA.srvId}'s ${mine}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-ACL-009',
    title: "Another server can neither cancel a server's SUB nor subscribe to its instance",
    requirement:
      "A client that supports SUB MUST match UNSUB against the SUBs of the same server only — another server's UNSUB is 404 and the SUB goes on — and MUST answer another server's SUB of an instance it may not read with 403 and deliver it nothing (K-CMD, K-ACL).",
    labels: ['DM-HLF-012', 'DM-SECARIZE-001'],
    rules: ['K-CMD', 'K-ACL'],
    level: 'MUST',
    features: ['SUB'],
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const { w, srvA, srvB } = await twoServers(t);
    const mine = await createInstance(t, srvA, w, t.uniqueName('a'), { Name: 'n0' });
    const [sub] = await srvA.run([['SUB', `${mine}/Name`, 'auto']]);
    expectDone(t, sub, `SUB by ${srvA.srvId}`);
    const [unsub, spy] = await srvB.run([
      ['UNSUB', `${mine}/Name`],
      ['SUB', `${mine}/Name`, 'auto'],
    ]);
    // Another server's UNSUB must not cancel the SUB (K-ACL: a command without the right changes nothing);
    // 404 rests on ours: UNSUB matches the ClientURI text and the server (K-CMD clarification).
    expectRefused(t, unsub, 404, `UNSUB of ${srvA.srvId}'s SUB by ${srvB.srvId}`);
    expectRefused(t, spy, 403, `SUB of ${srvA.srvId}'s ${mine}/Name by ${srvB.srvId}`);
    await srvA.run([['HGET', srvA.publish([{ ClientURI: `${mine}/Name`, MOData: 'n1' }]).url, `${mine}/Name`]]);
    t.step('wait for the delivery of the SUB another server tried to cancel');
    const got = await srvA.bodiesAtLeast(sub, 1);
    t.check(
      got.length > 0,
      `${srvA.srvId}'s SUB delivered nothing for a change of ${mine}/Name after ${srvB.srvId}'s UNSUB: the other server's UNSUB cancelled it`,
      'K',
    );
    // What a delivery carries (the subtree's MO serialization as the change left it) is ours (K-CMD clarification).
    t.check(
      got[0]?.entries[0]?.MOData === 'n1',
      `${srvA.srvId}'s SUB delivered ${JSON.stringify(got.map((b) => b.entries))} after ${srvB.srvId}'s UNSUB, not the change`,
      'P',
    );
    // The delivery to the subscriber came, so one to the refused SUB would have come by now too.
    expectNothing(t, srvB.received(spy), (leaked) => `${srvB.srvId}'s refused SUB got ${leaked.length} deliveries of ${srvA.srvId}'s instance`);
  },
);
