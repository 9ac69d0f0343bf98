/**
 * Delegation between management authorities (P-DELEG, K-ACL, P-ACL; DM-HLF-013 delegation,
 * DM-HLF-014 priority, DM-HLF-022 shared, DM-HLF-023 full, DM-HLF-024 sub, DM-HLF-025 confidentiality
 * of full delegation, DM-HLF-026 restrictions on sub-delegation, DM-SECARIZE-001/-002 protection of an
 * MA's data). Each MA is a harness server with its own SrvID and account, all bootstrapped together.
 * A server delegates by HGET of a Delegation MO instance it publishes; the Status URI names the grant;
 * revocation is a DELETE of it. Reads go by HPUT (a client MUST command) unless the case is about GET.
 * The last case drives generated delegation graphs and operations over the wire and compares every
 * answer with an independent model of P-DELEG (harness/conformance/fixtures/delegation-model.ts).
 */
import fc from 'fast-check';
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { writableMoid } from '../../harness/conformance/fixtures/client/client-ixit.ts';
import {
  authorities,
  deniedRead,
  entriesByMiid,
  grant,
  grantCommand,
  grantMiid,
  grantsSeen,
  lastMos,
  masWithInstance,
  mentions,
  mosLists,
  probe,
  probeResult,
  refusedGrant,
  revoke,
  tryGrant,
  valueAs,
  writeAs,
  writeCommand,
  type GrantSpec,
} from '../../harness/conformance/fixtures/client/delegation.ts';
import { expectDone, expectRefused, expectSc } from '../../harness/conformance/fixtures/client/status.ts';
import { createInstance, miidOf } from '../../harness/conformance/fixtures/client/tree-reads.ts';
import { DelegationModel, rightsText, sameValue, type Expectation, type Value } from '../../harness/conformance/fixtures/delegation-model.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { checkAgainstModel, ModelMismatch } from '../../harness/conformance/fixtures/model-check.ts';
import { expectNothingArrives, sameJson } from '../../harness/conformance/fixtures/verify.ts';
import { claims } from '../../harness/conformance/ics.ts';
import type { RawCommand } from '../../harness/protocol/commands.ts';
import { MOID } from '../../harness/protocol/moids.ts';

// ---- shared delegation --------------------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-DELEG-001',
    title: 'Shared delegation: the grantee reads and writes the instance, the grantor still does too',
    requirement: 'A client MUST give the grantee of a shared grant of R and W the right to read and write the target instance while the grantor keeps its own rights (P-DELEG; DM-HLF-013, DM-HLF-022).',
    labels: ['DM-HLF-013', 'DM-HLF-022', 'DM-HLF-012'],
    rules: ['P-DELEG', 'K-ACL', 'P-ACL'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION'],
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const { w, mas, inst } = await masWithInstance(t, 2);
    const [a, b] = mas;
    // Before any grant the instance is its creator's alone (K-ACL).
    await deniedRead(t, b, inst, 'before any grant (control)', 'K');
    const g = await grant(t, a, { target: inst, grantee: b, rights: 'RW', kind: 'shared' });
    t.check(miidOf(g, MOID.DELEGATION) !== undefined, `the grant's Status URI ${g} is not an instance of ${MOID.DELEGATION}`);
    const first = await valueAs(t, b, `${inst}/Name`);
    t.check(first === 'n0', `${b.srvId} reads ${JSON.stringify(first)} from ${inst}/Name after the grant, not "n0"`);
    t.check(mosLists(b, w, inst), `${b.srvId}'s Package#1 MOS after the grant lists [${lastMos(b, w).join(', ')}], not ${inst}`);
    const byB = await writeAs(t, b, `${inst}/Name`, 'written by B');
    t.check(byB.sc === 200, `HGET into ${inst}/Name by the grantee ${b.srvId} answered sc ${byB.sc}, not 200`);
    const seenByA = await valueAs(t, a, `${inst}/Name`);
    t.check(seenByA === 'written by B', `the grantor ${a.srvId} reads ${JSON.stringify(seenByA)} from ${inst}/Name, not the grantee's "written by B"`);
    const byA = await writeAs(t, a, `${inst}/Other`, 'written by A');
    t.check(byA.sc === 200, `HGET into ${inst}/Other by the grantor ${a.srvId} after a shared grant answered sc ${byA.sc}, not 200`);
    const seenByB = await valueAs(t, b, `${inst}/Other`);
    t.check(seenByB === 'written by A', `${b.srvId} reads ${JSON.stringify(seenByB)} from ${inst}/Other, not the grantor's "written by A"`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-DELEG-002',
    title: 'A grantee without D cannot delegate further (403) nor revoke the grant it holds',
    requirement: 'A client MUST refuse with 403 a grant by a server that holds no D on the target, and a grantee\'s DELETE of the grant it received, leaving the grant in force (P-DELEG, K-ACL; DM-HLF-013, DM-HLF-022).',
    labels: ['DM-HLF-013', 'DM-HLF-022', 'DM-HLF-024'],
    rules: ['P-DELEG', 'K-ACL', 'P-ACL'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION'],
    needs: { accounts: 3 },
  },
  async (t: CaseContext) => {
    const { mas, inst } = await masWithInstance(t, 3);
    const [a, b, c] = mas;
    const g = await grant(t, a, { target: inst, grantee: b, rights: 'RW', kind: 'shared', maxDepth: 2 });
    await refusedGrant(t, b, { target: inst, grantee: c, rights: 'R', kind: 'sub' }, 403, `${b.srvId} holds R W on ${inst}, no D`);
    await deniedRead(t, c, inst, `${b.srvId}'s refused grant gave ${c.srvId} nothing`);
    const del = await revoke(t, b, g);
    t.check(del.sc === 403, `DELETE of ${a.srvId}'s grant ${g} by its grantee ${b.srvId} answered sc ${del.sc}, not 403`);
    const still = await valueAs(t, b, `${inst}/Name`);
    t.check(still === 'n0', `${b.srvId} reads ${JSON.stringify(still)} from ${inst}/Name after its refused DELETE of the grant, not "n0"`);
  },
);

// ---- full delegation ----------------------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-DELEG-003',
    title: 'Full delegation: the grantor loses every right on the target (HPUT, `*`, HGET, DELETE, EXEC, delegate)',
    requirement: 'A client MUST take every right on the target from the grantor of a full grant: its explicit HPUT is 403 with nothing sent, its `*` skips the instance, its HGET, DELETE, EXEC and new grants are 403, while the grantee reads and writes (P-DELEG; DM-HLF-023, DM-HLF-025).',
    labels: ['DM-HLF-023', 'DM-HLF-025', 'DM-HLF-013', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'K-ACL', 'P-ACL', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION'],
    needs: { accounts: 3 },
  },
  async (t: CaseContext) => {
    const { w, mas, inst } = await masWithInstance(t, 3);
    const [a, b, c] = mas;
    const g = await grant(t, a, { target: inst, grantee: b, rights: 'RWD', kind: 'full' });
    const qs = await a.run([
      ['HPUT', 'auto', inst],
      ['HPUT', 'auto', `${w}/*`],
      writeCommand(a, `${inst}/Name`, 'A after full'),
      ['DELETE', `${inst}/Other`],
      ['EXEC', `${inst}/Name`],
      grantCommand(a, { target: inst, grantee: c, rights: 'R', kind: 'shared' }),
    ]);
    const explicit = probeResult(t, a, qs[0]);
    t.check(explicit.sc === 403, `HPUT of ${inst} by ${a.srvId} after its full grant answered sc ${explicit.sc}, not 403`);
    const all = probeResult(t, a, qs[1]);
    t.check(all.sc === 200, `HPUT of ${w}/* by ${a.srvId} answered sc ${all.sc}, not 200`);
    t.check(!all.entries.some((e) => e.ClientURI.startsWith(inst)), `${a.srvId}'s ${w}/* after its full grant still returns ${inst}: ${JSON.stringify(all.entries)}`);
    expectSc(t, qs[2], 403, `HGET into ${inst}/Name by ${a.srvId} after its full grant`);
    expectSc(t, qs[3], 403, `DELETE of ${inst}/Other by ${a.srvId} after its full grant`);
    expectSc(t, qs[4], 403, `EXEC of ${inst}/Name by ${a.srvId} after its full grant`);
    expectSc(t, qs[5], 403, `a new grant on ${inst} by ${a.srvId} after its full grant`);
    const read = await probe(t, b, inst);
    t.check(read.sc === 200 && sameJson(read.entries[0]?.MOData, { Name: 'n0', Other: 'o0' }), `the full grantee ${b.srvId} reads sc ${read.sc} ${JSON.stringify(read.entries[0]?.MOData)} from ${inst}: the grantor's refused commands changed it, or the grantee cannot read`);
    const wrote = await writeAs(t, b, `${inst}/Name`, 'B owns it now');
    t.check(wrote.sc === 200, `HGET into ${inst}/Name by the full grantee ${b.srvId} answered sc ${wrote.sc}, not 200`);
    await deniedRead(t, c, inst, `${a.srvId}'s grant to ${c.srvId} was refused`);
    const own = await probe(t, a, g);
    t.check(own.sc === 200 && own.entries.length === 1, `the grantor ${a.srvId} cannot read its own grant ${g} (sc ${own.sc}): it could not revoke it`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-DELEG-004',
    title: 'Full delegation: the grantor reads nothing the grantee writes later, until it revokes',
    requirement: 'A client MUST keep from the grantor of a full grant every value the grantee writes afterwards, by HPUT, HPOST, `*` or Package#1 MOS, and MUST let the grantor revoke the grant, which gives it its rights back and takes them from the grantee (P-DELEG; DM-HLF-023, DM-HLF-025).',
    labels: ['DM-HLF-023', 'DM-HLF-025', 'DM-SECARIZE-001', 'DM-SECARIZE-002'],
    rules: ['P-DELEG', 'K-ACL', 'K-FLOW'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION'],
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const { w, mas, inst } = await masWithInstance(t, 2);
    const [a, b] = mas;
    const g = await grant(t, a, { target: inst, grantee: b, rights: 'RW', kind: 'full' });
    const secrets = [`secret-1-${t.seed >>> 0}`, `secret-2-${t.seed >>> 0}`];
    for (const [i, secret] of secrets.entries()) {
      const s = await writeAs(t, b, `${inst}/${i === 0 ? 'Name' : 'Other'}`, secret);
      t.check(s.sc === 200, `HGET of ${secret} by the full grantee ${b.srvId} answered sc ${s.sc}, not 200`);
      const qs = await a.run([
        ['HPUT', 'auto', `${w}/*`],
        ['HPOST', 'auto', `${w}/*/Name`],
        ['HPUT', 'auto', `${inst}/Name`],
        ['HPOST', 'auto', `${inst}/Other`],
      ]);
      const [wildPut, wildPost, namePut, otherPost] = qs;
      const results = [probeResult(t, a, wildPut), probeResult(t, a, wildPost), probeResult(t, a, namePut), probeResult(t, a, otherPost)] as const;
      t.check(results[0].sc === 200 && results[1].sc === 200, `${a.srvId}'s wildcard reads answered sc ${results[0].sc} and ${results[1].sc}, not 200`);
      t.check(results[2].sc === 403 && results[3].sc === 403, `${a.srvId}'s explicit HPUT/HPOST of ${inst} answered sc ${results[2].sc} and ${results[3].sc}, not 403`);
      for (const r of results) t.check(!mentions(r.entries, secret) && !r.entries.some((e) => e.ClientURI.startsWith(inst)), `${a.srvId} read ${inst} (or "${secret}") after its full grant: ${JSON.stringify(r.entries)}`);
      t.check(!mosLists(a, w, inst), `${a.srvId}'s Package#1 MOS still lists ${inst} after its full grant`);
    }
    const del = await revoke(t, a, g);
    t.check(del.sc === 200, `DELETE of its full grant ${g} by the grantor ${a.srvId} answered sc ${del.sc}, not 200`);
    const back = await probe(t, a, inst);
    t.check(back.sc === 200 && sameJson(back.entries[0]?.MOData, { Name: secrets[0], Other: secrets[1] }), `after revoking, ${a.srvId} reads sc ${back.sc} ${JSON.stringify(back.entries[0]?.MOData)}, not the grantee's values`);
    await deniedRead(t, b, inst, `the full grant ${g} was revoked`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-DELEG-005',
    title: 'Full delegation: the grantor\'s GET of the target is 403 or 404 and its `*` returns nothing of it',
    requirement: 'A client that supports GET MUST answer the grantor of a full grant with 403 or 404 and no data for an explicit GET of the target or of a node the grantee wrote, and skip the target in its wildcard GET (P-DELEG, P-GET; DM-HLF-023, DM-HLF-025).',
    labels: ['DM-HLF-023', 'DM-HLF-025', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'P-GET', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION', 'GET'],
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const { w, mas, inst } = await masWithInstance(t, 2);
    const [a, b] = mas;
    await grant(t, a, { target: inst, grantee: b, rights: 'RW', kind: 'full' });
    const secret = `written after the full grant ${t.seed >>> 0}`;
    const s = await writeAs(t, b, `${inst}/Name`, secret);
    t.check(s.sc === 200, `HGET by the full grantee ${b.srvId} answered sc ${s.sc}, not 200`);
    const [explicit, node, all] = await a.run([['GET', inst], ['GET', `${inst}/Name`], ['GET', `${w}/*`]]);
    for (const [q, what] of [[explicit, inst], [node, `${inst}/Name`]] as const) {
      const e = expectSc(t, q, [403, 404], `GET of ${what} by ${a.srvId} after its full grant`);
      t.check(!e.Data?.length, `the ${e.sc} to ${a.srvId}'s GET of ${what} carried data: ${JSON.stringify(e.Data)}`);
    }
    const st = expectSc(t, all, 200, `GET of ${w}/* by ${a.srvId}`);
    t.check(!st.URI.some((u) => u.startsWith(inst)) && !(st.Data ?? []).some((e) => e.ClientURI.startsWith(inst)) && !mentions(st.Data ?? [], secret), `${a.srvId}'s GET ${w}/* returned ${inst} after its full grant: ${JSON.stringify(st)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-DELEG-006',
    title: 'Full delegation stops the grantor\'s SUB deliveries of the target',
    requirement: 'A client that supports SUB MUST NOT deliver to the grantor of a full grant any change of the target, while a subscriber that may read it gets the change (P-DELEG, K-CMD SUB; DM-HLF-023, DM-HLF-025).',
    labels: ['DM-HLF-023', 'DM-HLF-025', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'K-CMD'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION', 'SUB'],
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const { mas, inst } = await masWithInstance(t, 2);
    const [a, b] = mas;
    const [subA] = await a.run([['SUB', `${inst}/Name`, 'auto']]);
    expectDone(t, subA, `SUB of ${inst}/Name by its creator ${a.srvId} (before any grant)`);
    await grant(t, a, { target: inst, grantee: b, rights: 'RW', kind: 'full' });
    const [subB] = await b.run([['SUB', `${inst}/Name`, 'auto']]);
    expectSc(t, subB, 200, `SUB of ${inst}/Name by the full grantee ${b.srvId}`);
    const secret = `changed after the full grant ${t.seed >>> 0}`;
    const s = await writeAs(t, b, `${inst}/Name`, secret);
    t.check(s.sc === 200, `HGET by the full grantee ${b.srvId} answered sc ${s.sc}, not 200`);
    t.step(`wait for ${b.srvId}'s delivery of the change (control)`);
    const toB = await b.bodiesAtLeast(subB, 1);
    t.check(toB.some((body) => mentions(body.entries, secret)), `${b.srvId}'s SUB delivered ${JSON.stringify(toB.map((x) => x.entries))}, not the change (control)`);
    await expectNothingArrives(t, () => a.received(subA), (toA) => `${a.srvId}'s SUB delivered ${toA.length} bodies after its full grant: ${JSON.stringify(toA.map((x) => x.entries))}`);
  },
);

// ---- sub delegation and its restrictions -------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-DELEG-007',
    title: 'Sub delegation: a grantee holding R D delegates R to a third MA, never wider than its own rights',
    requirement: 'A client MUST let a grantee that holds D sub-delegate within its own rights (the new grantee then reads), and answer 403 to a sub-grant wider than the grantor holds and to a sub-grant by a grantee without D (P-DELEG; DM-HLF-024, DM-HLF-013).',
    labels: ['DM-HLF-024', 'DM-HLF-013'],
    rules: ['P-DELEG', 'P-ACL'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION'],
    needs: { accounts: 4 },
  },
  async (t: CaseContext) => {
    const { mas, inst } = await masWithInstance(t, 4);
    const [a, b, c, d] = mas;
    await grant(t, a, { target: inst, grantee: b, rights: 'RD', kind: 'shared', maxDepth: 1 });
    await refusedGrant(t, b, { target: inst, grantee: c, rights: 'RW', kind: 'sub' }, 403, `${b.srvId} holds R D, not W`);
    await grant(t, b, { target: inst, grantee: c, rights: 'R', kind: 'sub' });
    const seen = await valueAs(t, c, `${inst}/Name`);
    t.check(seen === 'n0', `the sub-grantee ${c.srvId} reads ${JSON.stringify(seen)} from ${inst}/Name, not "n0"`);
    const w = await writeAs(t, c, `${inst}/Name`, 'C cannot write');
    t.check(w.sc === 403, `HGET into ${inst}/Name by ${c.srvId}, granted R only, answered sc ${w.sc}, not 403`);
    await refusedGrant(t, c, { target: inst, grantee: d, rights: 'R', kind: 'sub' }, 403, `${c.srvId} holds R only (and its grant allows no further level)`);
    await deniedRead(t, d, inst, `${c.srvId}'s grant to ${d.srvId} was refused`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-DELEG-008',
    title: 'Sub delegation: a grant with MaxDepth 0 cannot be passed on, and no sub-grant may allow more levels than remain',
    requirement: 'A client MUST answer 403 to a sub-grant by a grantee whose grant allows no further level (MaxDepth exhausted), and to a sub-grant whose MaxDepth exceeds the levels its grantor\'s grant leaves (P-DELEG; DM-HLF-024, DM-HLF-026).',
    labels: ['DM-HLF-024', 'DM-HLF-026'],
    rules: ['P-DELEG'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION'],
    needs: { accounts: 4 },
  },
  async (t: CaseContext) => {
    const { mas, inst } = await masWithInstance(t, 4);
    const [a, b, c, d] = mas;
    await grant(t, a, { target: inst, grantee: b, rights: 'RD', kind: 'shared', maxDepth: 1 });
    await refusedGrant(t, b, { target: inst, grantee: c, rights: 'RD', kind: 'sub', maxDepth: 1 }, 403, `${b.srvId}'s grant (MaxDepth 1) leaves 0 further levels, not 1`);
    await grant(t, b, { target: inst, grantee: c, rights: 'RD', kind: 'sub', maxDepth: 0 });
    const seen = await valueAs(t, c, `${inst}/Name`);
    t.check(seen === 'n0', `${c.srvId} reads ${JSON.stringify(seen)} from ${inst}/Name, not "n0"`);
    await refusedGrant(t, c, { target: inst, grantee: d, rights: 'R', kind: 'sub', maxDepth: 0 }, 403, `${c.srvId} holds D but its grant has MaxDepth 0`);
    await deniedRead(t, d, inst, `${c.srvId}'s grant to ${d.srvId} was refused`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-DELEG-009',
    title: 'MaxDepth counts levels: A->B (2) -> C (1) -> D (0) works, D cannot go on',
    requirement: 'A client MUST allow exactly MaxDepth further levels of sub-delegation below a grant, each level lowering what remains by one, and refuse the level beyond with 403 (P-DELEG; DM-HLF-026, DM-HLF-024).',
    labels: ['DM-HLF-026', 'DM-HLF-024'],
    rules: ['P-DELEG'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION'],
    needs: { accounts: 5 },
  },
  async (t: CaseContext) => {
    const { mas, inst } = await masWithInstance(t, 5);
    const [a, b, c, d, e] = mas;
    await grant(t, a, { target: inst, grantee: b, rights: 'RD', kind: 'shared', maxDepth: 2 });
    await grant(t, b, { target: inst, grantee: c, rights: 'RD', kind: 'sub', maxDepth: 1 });
    await grant(t, c, { target: inst, grantee: d, rights: 'RD', kind: 'sub', maxDepth: 0 });
    const seen = await valueAs(t, d, `${inst}/Name`);
    t.check(seen === 'n0', `${d.srvId}, three levels down, reads ${JSON.stringify(seen)} from ${inst}/Name, not "n0"`);
    await refusedGrant(t, d, { target: inst, grantee: e, rights: 'R', kind: 'sub', maxDepth: 0 }, 403, `${a.srvId}'s MaxDepth 2 allows two levels below ${b.srvId}: ${c.srvId} and ${d.srvId}`);
    await deniedRead(t, e, inst, `the fourth level was refused`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-DELEG-010',
    title: 'Prohibited MAs never receive the rights further down the chain, however deep',
    requirement: 'A client MUST answer 403 to any sub-grant, at any level below a grant, whose grantee that grant lists as Prohibited, while other grantees may receive it (P-DELEG; DM-HLF-026, DM-HLF-024).',
    labels: ['DM-HLF-026', 'DM-HLF-024'],
    rules: ['P-DELEG'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION'],
    needs: { accounts: 5 },
  },
  async (t: CaseContext) => {
    const { mas, inst } = await masWithInstance(t, 5);
    const [a, b, c, d, x] = mas;
    await grant(t, a, { target: inst, grantee: b, rights: 'RD', kind: 'shared', maxDepth: 2, prohibited: [x] });
    await refusedGrant(t, b, { target: inst, grantee: x, rights: 'R', kind: 'sub' }, 403, `${a.srvId} lists ${x.srvId} as Prohibited`);
    await grant(t, b, { target: inst, grantee: c, rights: 'RD', kind: 'sub', maxDepth: 1 });
    await refusedGrant(t, c, { target: inst, grantee: x, rights: 'R', kind: 'sub' }, 403, `${x.srvId} is Prohibited by ${a.srvId}'s grant up the chain`);
    await grant(t, c, { target: inst, grantee: d, rights: 'R', kind: 'sub' });
    await deniedRead(t, x, inst, `every grant to the prohibited ${x.srvId} was refused`);
    const seen = await valueAs(t, d, `${inst}/Name`);
    t.check(seen === 'n0', `${d.srvId} (not prohibited) reads ${JSON.stringify(seen)}, not "n0" (control)`);
  },
);

// ---- priority -----------------------------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-DELEG-011',
    title: 'Priority: a lower-priority MA cannot overwrite what a higher one wrote (409); higher or equal can',
    requirement: 'A client MUST answer 409 to a write by an MA to a node last written by an MA of higher priority on that instance, leaving the value, and let equal or higher priority writes succeed (P-DELEG, P-DETAIL; DM-HLF-014).',
    labels: ['DM-HLF-014', 'DM-HLF-022'],
    rules: ['P-DELEG', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION'],
    needs: { accounts: 4 },
  },
  async (t: CaseContext) => {
    const { mas, inst } = await masWithInstance(t, 4);
    const [a, low, high, peer] = mas;
    await grant(t, a, { target: inst, grantee: low, rights: 'RW', kind: 'shared', priority: 1 });
    await grant(t, a, { target: inst, grantee: high, rights: 'RW', kind: 'shared', priority: 5 });
    await grant(t, a, { target: inst, grantee: peer, rights: 'RW', kind: 'shared', priority: 5 });
    const steps: Array<[HarnessServer, string, string, number, string]> = [
      [high, 'Name', 'high-1', 200, 'nobody wrote Name yet'],
      [low, 'Name', 'low-1', 409, `${high.srvId} (priority 5) last wrote Name, ${low.srvId} has 1`],
      [low, 'Other', 'low-2', 200, 'nobody of higher priority wrote Other'],
      [high, 'Other', 'high-2', 200, `${high.srvId} (5) overwrites ${low.srvId} (1)`],
      [peer, 'Name', 'peer-1', 200, `${peer.srvId} and ${high.srvId} have equal priority 5`],
      [high, 'Name', 'high-3', 200, 'equal priority'],
      [low, 'Other', 'low-3', 409, `${high.srvId} (5) last wrote Other`],
    ];
    const expected: Record<string, string> = { Name: 'n0', Other: 'o0' };
    for (const [srv, node, value, sc, why] of steps) {
      const s = await writeAs(t, srv, `${inst}/${node}`, value);
      t.check(s.sc === sc, `HGET of "${value}" into ${inst}/${node} by ${srv.srvId} answered sc ${s.sc}, not ${sc} (${why})`);
      if (sc === 200) expected[node] = value;
      const now = await valueAs(t, a, `${inst}/${node}`);
      t.check(now === expected[node], `${inst}/${node} holds ${JSON.stringify(now)} after ${srv.srvId}'s write of "${value}" (sc ${s.sc}), not ${JSON.stringify(expected[node])}`);
    }
  },
);

// ---- revocation and visibility ------------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-DELEG-012',
    title: 'Revoking a grant removes every grant derived from it',
    requirement: 'A client MUST, when a grantor DELETEs its grant, remove the rights it gave and every grant sub-delegated from it, so that the grantee and its sub-grantees lose access (P-DELEG; DM-HLF-013, DM-HLF-024).',
    labels: ['DM-HLF-013', 'DM-HLF-024', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'K-CMD'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION'],
    needs: { accounts: 3 },
  },
  async (t: CaseContext) => {
    const { mas, inst } = await masWithInstance(t, 3);
    const [a, b, c] = mas;
    const g1 = await grant(t, a, { target: inst, grantee: b, rights: 'RD', kind: 'shared', maxDepth: 1 });
    const g2 = await grant(t, b, { target: inst, grantee: c, rights: 'R', kind: 'sub' });
    const seen = await valueAs(t, c, `${inst}/Name`);
    t.check(seen === 'n0', `the sub-grantee ${c.srvId} reads ${JSON.stringify(seen)} before the revocation, not "n0" (control)`);
    const del = await revoke(t, a, g1);
    t.check(del.sc === 200, `DELETE of ${g1} by its grantor ${a.srvId} answered sc ${del.sc}, not 200`);
    await deniedRead(t, b, inst, `${a.srvId} revoked ${b.srvId}'s grant ${g1}`);
    await deniedRead(t, c, inst, `${c.srvId}'s grant ${g2} derives from the revoked ${g1}`);
    const left = await grantsSeen(t, c);
    t.check(left.size === 0, `${c.srvId} still sees grants [${[...left.keys()].join(', ')}] after the revocation of ${g1}`);
    const again = await revoke(t, b, g2);
    t.check(again.sc === 404, `DELETE of the derived grant ${g2} by ${b.srvId} answered sc ${again.sc}, not 404 (it must be gone)`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-DELEG-013',
    title: 'GET of the Delegation MO shows each server only the grants where it is grantor or grantee',
    requirement: 'A client that supports GET MUST return to each server, for `urn:oma:mo:oma-dm-delegation:1.0/*`, exactly the grants where it is grantor or grantee, with the Grantor the client set, and answer 403 to an explicit GET of any other grant (P-DELEG, P-GET; DM-HLF-013, DM-SECARIZE-001).',
    labels: ['DM-HLF-013', 'DM-HLF-024', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'P-GET', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION', 'GET'],
    needs: { accounts: 4 },
  },
  async (t: CaseContext) => {
    const { mas, inst } = await masWithInstance(t, 4);
    const [a, b, c, d] = mas;
    const g1 = await grant(t, a, { target: inst, grantee: b, rights: 'RD', kind: 'shared', maxDepth: 1 });
    const g2 = await grant(t, b, { target: inst, grantee: c, rights: 'R', kind: 'sub' });
    const m1 = grantMiid(g1);
    const m2 = grantMiid(g2);
    const want = new Map<HarnessServer, string[]>([
      [a, [m1]],
      [b, [m1, m2]],
      [c, [m2]],
      [d, []],
    ]);
    for (const [srv, miids] of want) {
      const q = await srv.one(['GET', `${MOID.DELEGATION}/*`]);
      t.check(q.status.sc === 200, `GET ${MOID.DELEGATION}/* by ${srv.srvId} answered sc ${q.status.sc}, not 200`);
      const seen = entriesByMiid(q.status.Data ?? [], MOID.DELEGATION);
      t.check(sameJson([...seen.keys()].sort(), [...miids].sort()), `${srv.srvId} sees grants [${[...seen.keys()].join(', ')}], not [${miids.join(', ')}] (${m1}: ${a.srvId}->${b.srvId}, ${m2}: ${b.srvId}->${c.srvId})`);
      const first = seen.get(m1);
      if (first) t.check(first.Grantor === a.srvId && first.Grantee === b.srvId && first.Target === inst, `${srv.srvId} reads grant ${g1} as ${JSON.stringify(first)}: not Grantor ${a.srvId}, Grantee ${b.srvId}, Target ${inst}`);
      const second = seen.get(m2);
      if (second) t.check(second.Grantor === b.srvId && second.Grantee === c.srvId, `${srv.srvId} reads grant ${g2} as ${JSON.stringify(second)}: not Grantor ${b.srvId}, Grantee ${c.srvId}`);
    }
    for (const srv of [d, c]) {
      const q = await srv.one(['GET', g1]);
      t.check(q.status.sc === 403 && !q.status.Data?.length, `GET of ${g1} by ${srv.srvId} (neither grantor nor grantee) answered sc ${q.status.sc} with ${JSON.stringify(q.status.Data ?? [])}, not 403 without data`);
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-DELEG-014',
    title: 'Only its grantor can revoke a grant; nobody else reads, lists, changes or deletes it',
    requirement: 'A client MUST keep a grant from the servers that are neither its grantor nor its grantee (not listed by `*` nor in their Package#1 MOS, HPUT 403), and answer 403 to a DELETE or HGET of it by anyone but its grantor, leaving it in force (P-DELEG, K-ACL; DM-HLF-013, DM-SECARIZE-001, DM-SECARIZE-002).',
    labels: ['DM-HLF-013', 'DM-SECARIZE-001', 'DM-SECARIZE-002'],
    rules: ['P-DELEG', 'K-ACL', 'K-FLOW'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION'],
    needs: { accounts: 3 },
  },
  async (t: CaseContext) => {
    const { mas, inst } = await masWithInstance(t, 3);
    const [a, b, d] = mas;
    const g = await grant(t, a, { target: inst, grantee: b, rights: 'R', kind: 'shared' });
    const miid = grantMiid(g);
    const takeOver = (srv: HarnessServer) => ['HGET', srv.publish([{ ClientURI: g, MOData: { Target: inst, Grantee: d.srvId, Rights: 'RWD', Kind: 'shared' } }]).url, g] as RawCommand;
    const byD = await d.run([['HPUT', 'auto', `${MOID.DELEGATION}/*`], ['HPUT', 'auto', g], ['DELETE', g], takeOver(d)]);
    // d is neither grantor nor grantee: the grant instance the grantor's HGET created is its creator's (K-ACL), so
    // d reads nothing of it and changes nothing; the codes (200 for the empty wildcard, 403) are the profile's.
    const list = probeResult(t, d, byD[0], 'K');
    t.check(!list.entries.some((e) => miidOf(e.ClientURI, MOID.DELEGATION) === miid), `${d.srvId}'s ${MOID.DELEGATION}/* answered sc ${list.sc} with ${JSON.stringify(list.entries)}: it lists ${a.srvId}'s grant`, 'K');
    t.check(list.sc === 200, `${d.srvId}'s ${MOID.DELEGATION}/* answered sc ${list.sc}, not 200`, 'P');
    expectRefused(t, byD[1], 403, `HPUT of ${g} by ${d.srvId}`);
    t.check(probeResult(t, d, byD[1], 'K').sc === 403, `HPUT of ${g} by ${d.srvId} answered sc ${byD[1].status?.sc}, not 403`, 'P');
    expectRefused(t, byD[2], 403, `DELETE of ${g} by ${d.srvId}`);
    expectRefused(t, byD[3], 403, `HGET replacing ${g} by ${d.srvId}`);
    t.check(!lastMos(d, MOID.DELEGATION).includes(miid), `${d.srvId}'s Package#1 MOS lists the grant ${g}`);
    const byB = await b.run([['DELETE', g], takeOver(b)]);
    expectSc(t, byB[0], 403, `DELETE of ${g} by its grantee ${b.srvId}`);
    expectSc(t, byB[1], 403, `HGET replacing ${g} by its grantee ${b.srvId}`);
    t.check(lastMos(b, MOID.DELEGATION).includes(miid), `the grantee ${b.srvId}'s Package#1 MOS does not list its grant ${g} (it may read it)`);
    const still = await valueAs(t, b, `${inst}/Name`);
    t.check(still === 'n0', `${b.srvId} reads ${JSON.stringify(still)} from ${inst}/Name after the refused commands on its grant, not "n0"`);
    await deniedRead(t, d, inst, `the refused HGET must not have given ${d.srvId} the grant`, 'K');
    const mine = await grantsSeen(t, a);
    const data = mine.get(miid);
    t.check(data?.Grantee === b.srvId && data?.Rights === 'R', `${a.srvId} reads its grant ${g} as ${JSON.stringify(data)} after the others' refused commands, not Grantee ${b.srvId} with Rights R`);
  },
);

// ---- malformed grants and kinds -----------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-DELEG-015',
    title: 'Malformed grants are 400, a missing Target 404, a Target the server may not delegate 403; none gives anything',
    requirement: 'A client MUST answer 400 to a grant with an unknown Kind, Rights outside R W E D, no Grantee, a Target that is not an MO instance, a negative MaxDepth or the grantor as grantee; 404 to a Target that does not exist; 403 to a Target the grantor holds no D on; and create no grant for any of them (P-DELEG, P-DETAIL).',
    labels: ['DM-HLF-013', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION'],
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const { w, mas, inst } = await masWithInstance(t, 2);
    const [a, b] = mas;
    const other = await createInstance(t, b, w, t.uniqueName('other'), { Name: 'of B' });
    const ok: GrantSpec = { target: inst, grantee: b, rights: 'R', kind: 'shared' };
    const cases: Array<[string, GrantSpec, number]> = [
      ['Kind "lend"', { ...ok, kind: 'lend' }, 400],
      ['Rights "X"', { ...ok, rights: 'X' }, 400],
      ['empty Rights', { ...ok, rights: '' }, 400],
      ['no Grantee', { ...ok, grantee: '' }, 400],
      ['a Target that is only an MOID', { ...ok, target: w }, 400],
      ['a Target that is a node', { ...ok, target: `${inst}/Name` }, 400],
      ['MaxDepth -1', { ...ok, maxDepth: -1 }, 400],
      ['the grantor as Grantee', { ...ok, grantee: a }, 400],
      ['a Target that does not exist', { ...ok, target: `${w}/${t.uniqueName('none')}` }, 404],
      [`${b.srvId}'s instance as Target`, { ...ok, target: other, grantee: b }, 403],
    ];
    const results = await a.runEach(cases, ([, spec]) => grantCommand(a, spec));
    for (const [[what, , sc], q] of results) expectSc(t, q, sc, `a grant with ${what}`);
    const left = await grantsSeen(t, a);
    t.check(left.size === 0, `${a.srvId} sees grants [${[...left.entries()].map(([m, g]) => `${m}: ${JSON.stringify(g)}`).join('; ')}] after only refused grants`);
    await deniedRead(t, b, inst, 'every grant was refused');
  },
);

defineCase(
  {
    id: 'DMCTS-C-DELEG-016',
    title: 'A first delegation is shared or full, a grantee\'s is sub (400 otherwise)',
    requirement: 'A client MUST answer 400 to a grant of Kind sub by the creator of the target and to a grant of Kind shared or full by a server that holds D only by a grant, and accept the same grants with the right Kind (P-DELEG).',
    labels: ['DM-HLF-022', 'DM-HLF-023', 'DM-HLF-024'],
    rules: ['P-DELEG', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION'],
    needs: { accounts: 3 },
  },
  async (t: CaseContext) => {
    const { mas, inst } = await masWithInstance(t, 3);
    const [a, b, c] = mas;
    await refusedGrant(t, a, { target: inst, grantee: b, rights: 'RD', kind: 'sub', maxDepth: 1 }, 400, `${a.srvId} created ${inst}: its delegation is first-hand`);
    await grant(t, a, { target: inst, grantee: b, rights: 'RD', kind: 'shared', maxDepth: 1 });
    await refusedGrant(t, b, { target: inst, grantee: c, rights: 'R', kind: 'shared' }, 400, `${b.srvId} holds D by a grant`);
    await refusedGrant(t, b, { target: inst, grantee: c, rights: 'R', kind: 'full' }, 400, `${b.srvId} holds D by a grant`);
    await deniedRead(t, c, inst, 'both grants were refused');
    await grant(t, b, { target: inst, grantee: c, rights: 'R', kind: 'sub' });
  },
);

// ---- protection across commands -----------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-DELEG-017',
    title: 'A delegated instance stays closed to unauthorized servers for every reading and writing command',
    requirement: 'A client MUST answer 403 to a server without rights on an MA\'s instance for GET, HPUT and HPOST (nothing sent), SUB (nothing delivered), HGET, DELETE and EXEC, and to a read-only grantee for HGET, DELETE and EXEC, changing nothing (P-DELEG, K-ACL, P-ACL; DM-SECARIZE-001, DM-SECARIZE-002).',
    labels: ['DM-SECARIZE-001', 'DM-SECARIZE-002', 'DM-HLF-022', 'DM-HLF-012'],
    rules: ['P-DELEG', 'K-ACL', 'P-ACL', 'K-CMD'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION'],
    needs: { accounts: 3 },
  },
  async (t: CaseContext) => {
    const { mas, inst } = await masWithInstance(t, 3, { Name: 'n0', Other: 'o0' });
    const [a, b, d] = mas;
    await grant(t, a, { target: inst, grantee: b, rights: 'R', kind: 'shared' });
    const get = claims(t.ics, 'GET');
    const sub = claims(t.ics, 'SUB');
    if (!get) t.note('the ICS does not claim GET: GET is left out');
    if (!sub) t.note('the ICS does not claim SUB: SUB is left out');
    const writes = (srv: HarnessServer): RawCommand[] => [writeCommand(srv, `${inst}/Name`, `by ${srv.srvId}`), ['DELETE', `${inst}/Other`], ['EXEC', `${inst}/Name`]];
    const reads: RawCommand[] = [['HPUT', 'auto', inst], ['HPOST', 'auto', `${inst}/Name`], ...(get ? [['GET', inst] as RawCommand] : []), ...(sub ? [['SUB', `${inst}/Name`, 'auto'] as RawCommand] : [])];
    const byD = await d.run([...reads, ...writes(d)]);
    // d holds no grant: the instance is its creator's (K-ACL), so every command of d is refused and reads and
    // changes nothing (K); the code 403 is P-ACL's.
    byD.forEach((q) => {
      const name = String(q.command[0]);
      const s = expectRefused(t, q, 403, `${name} of ${inst} by ${d.srvId} (no rights)`);
      if (name === 'HPUT' || name === 'HPOST') probeResult(t, d, q, 'K');
      else t.check(!s.Data?.length, `the ${s.sc} to ${d.srvId}'s ${name} carried data`, 'K');
    });
    const byB = await b.run([['HPUT', 'auto', inst], ...writes(b)]);
    t.check(probeResult(t, b, byB[0]).sc === 200, `HPUT of ${inst} by the read-only grantee ${b.srvId} answered sc ${byB[0].status?.sc}, not 200 (control)`);
    byB.slice(1).forEach((q) => expectSc(t, q, 403, `${String(q.command[0])} of ${inst} by the read-only grantee ${b.srvId}`));
    // The creator still writes and reads its instance after a shared grant (P-DELEG keeps its rights).
    const s = await writeAs(t, a, `${inst}/Name`, 'changed by A');
    t.check(s.sc === 200, `HGET into ${inst}/Name by its creator ${a.srvId} answered sc ${s.sc}, not 200`);
    const read = await probe(t, a, inst);
    t.check(sameJson(read.entries[0]?.MOData, { Name: 'changed by A', Other: 'o0' }), `${inst} reads ${JSON.stringify(read.entries[0]?.MOData)}: the refused commands changed it`);
    if (sub) {
      const subQ = byD.find((q) => q.command[0] === 'SUB');
      if (!subQ) throw new Error('the SUB this case queued is missing from its run');
      await expectNothingArrives(t, () => d.received(subQ), (got) => `${d.srvId}'s refused SUB delivered ${JSON.stringify(got.map((x) => x.entries))}`, 'K');
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-DELEG-018',
    title: 'A grant cannot be edited: a middle MA cannot free its sub-grant from revocation or from Prohibited',
    requirement: 'A client MUST keep a sub-grant derived from its parent and bound by the Prohibited MAs up the chain whatever its grantor does to it (grants are revoked, never changed): revoking the parent still removes it and a prohibited MA still gets 403 (P-DELEG; DM-HLF-026, DM-HLF-013).',
    labels: ['DM-HLF-026', 'DM-HLF-013', 'DM-HLF-024', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'K-TREE'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION'],
    needs: { accounts: 4 },
  },
  async (t: CaseContext) => {
    const { mas, inst } = await masWithInstance(t, 4);
    const [a, b, c, x] = mas;
    const g1 = await grant(t, a, { target: inst, grantee: b, rights: 'RD', kind: 'shared', maxDepth: 2, prohibited: [x] });
    const g2 = await grant(t, b, { target: inst, grantee: c, rights: 'RD', kind: 'sub', maxDepth: 1 });
    const before = (await grantsSeen(t, b)).get(grantMiid(g2)) ?? {};
    const stripped = Object.fromEntries(Object.entries(before).filter(([k]) => k !== 'Parent' && k !== 'Prohibited'));
    const edits = await b.run([
      ['DELETE', `${g2}/Parent`],
      ['DELETE', `${g2}/Prohibited`],
      ['HGET', b.publish([{ ClientURI: g2, MOData: stripped }]).url, g2],
    ]);
    t.note(`${b.srvId}'s edits of its grant ${g2} answered ${edits.map((q) => `${String(q.command[0])} ${q.status?.sc ?? q.state}`).join(', ')}`);
    const after = (await grantsSeen(t, b)).get(grantMiid(g2));
    t.note(`${g2} reads ${JSON.stringify(after)} after the edits (before: ${JSON.stringify(before)})`);
    await refusedGrant(t, c, { target: inst, grantee: x, rights: 'R', kind: 'sub' }, 403, `${x.srvId} is Prohibited by ${a.srvId}'s grant ${g1}, up the chain of ${g2}`);
    await deniedRead(t, x, inst, `${x.srvId} is prohibited`);
    const del = await revoke(t, a, g1);
    t.check(del.sc === 200, `DELETE of ${g1} by its grantor ${a.srvId} answered sc ${del.sc}, not 200`);
    await deniedRead(t, c, inst, `${c.srvId}'s grant ${g2} derives from the revoked ${g1}, whatever ${b.srvId} did to it`);
  },
);

// ---- generated delegation graphs against the model ----------------------------------------------

const PATHS: readonly string[][] = [['Name'], ['Other'], ['Sub'], ['Sub', 'A']];

/** The i-th element, which the scenario's own bookkeeping guarantees is there. */
function nth<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`the scenario looked for element ${i} of a list of ${xs.length}`);
  return x;
}

type WireOp =
  | { op: 'grant'; by: number | 'holder'; pick: number; grantee: number; rights: string; kind: 'natural' | 'shared' | 'full' | 'sub'; maxDepth: number; priority: number; prohibited: number[]; fit: boolean }
  | { op: 'revoke'; by: number | 'grantor'; pick: number }
  | { op: 'write'; by: number | 'holder'; pick: number; path: number; value: number }
  | { op: 'read'; by: number; path: number }
  | { op: 'list'; by: number };

const maArb = fc.integer({ min: 0, max: 3 });
const wireOpArb: fc.Arbitrary<WireOp> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('grant' as const),
      by: fc.oneof({ weight: 3, arbitrary: fc.constant('holder' as const) }, { weight: 1, arbitrary: maArb }),
      pick: fc.nat(11),
      grantee: maArb,
      rights: fc.constantFrom('R', 'RW', 'RD', 'RWD', 'W', 'RWED'),
      kind: fc.oneof({ weight: 6, arbitrary: fc.constant('natural' as const) }, { weight: 1, arbitrary: fc.constantFrom('shared' as const, 'full' as const, 'sub' as const) }),
      maxDepth: fc.integer({ min: 0, max: 2 }),
      priority: fc.integer({ min: 0, max: 2 }),
      prohibited: fc.oneof({ weight: 3, arbitrary: fc.constant([] as number[]) }, { weight: 1, arbitrary: fc.subarray([0, 1, 2, 3], { maxLength: 1 }) }),
      fit: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('revoke' as const), by: fc.oneof({ weight: 2, arbitrary: fc.constant('grantor' as const) }, { weight: 1, arbitrary: maArb }), pick: fc.nat(11) }) },
  { weight: 6, arbitrary: fc.record({ op: fc.constant('write' as const), by: fc.oneof({ weight: 3, arbitrary: fc.constant('holder' as const) }, { weight: 1, arbitrary: maArb }), pick: fc.nat(11), path: fc.nat(PATHS.length - 1), value: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('read' as const), by: maArb, path: fc.nat(PATHS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('list' as const), by: maArb }) },
);
const scenarioArb = fc.record({ mas: fc.constantFrom(3, 4), ops: fc.array(wireOpArb, { minLength: 4, maxLength: 12 }) });

defineCase(
  {
    id: 'DMCTS-C-DELEG-019',
    title: 'Generated delegation graphs: every grant, revocation, write, read and grant listing answers as P-DELEG says',
    requirement: 'A client MUST answer every grant, revocation, write and read of three or four MAs, in any order, as the delegation rules give it: the Status code, the data read and the grants each MA sees (P-DELEG, P-ACL, P-DETAIL; DM-HLF-013, DM-HLF-014, DM-HLF-022 to DM-HLF-026).',
    labels: ['DM-HLF-013', 'DM-HLF-014', 'DM-HLF-022', 'DM-HLF-023', 'DM-HLF-024', 'DM-HLF-025', 'DM-HLF-026', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'P-ACL', 'P-DETAIL', 'K-ACL'],
    level: 'MUST',
    role: 'client',
    features: ['DELEGATION'],
    needs: { accounts: 4 },
    timeoutMs: 60_000,
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const all = await authorities(t, 4);
    const ids = all.map((s) => s.srvId);
    let sessions = 0;
    const tally = new Map<string, number>();

    const scenario = async ({ mas: n, ops }: { mas: number; ops: WireOp[] }): Promise<void> => {
      const mas = all.slice(0, n);
      const [creator] = all;
      const name = (i: number) => nth(ids, i % n);
      const srvOf = (id: string) => {
        const srv = mas.find((s) => s.srvId === id);
        if (!srv) throw new Error(`the scenario names ${id}, not one of its MAs`);
        return srv;
      };
      await creator.bootstrap(mas.slice(1));
      const initial: { [k: string]: Value } = { Name: 'n0', Other: 'o0', Sub: { A: 'a0' } };
      const inst = await createInstance(t, creator, w, t.uniqueName('gen'), initial);
      sessions += 1;
      const model = new DelegationModel(mas.map((s) => s.srvId));
      model.addInstance('x', creator.srvId, initial);
      const uriOf = new Map<number, string>();
      const uriFor = (id: number) => {
        const uri = uriOf.get(id);
        if (uri === undefined) throw new Error(`grant #${id} has no URI: the scenario lost track of it`);
        return uri;
      };
      let created: number[] = [];
      const log: string[] = [];
      const holders = (right: 'D' | 'W') => mas.map((s) => s.srvId).filter((id) => model.rights(id, 'x').has(right));
      const judge = (i: number, what: string, want: Expectation, sc: number, extra = '') => {
        log.push(`${what} -> ${sc}`);
        const key = `${what.split(' ')[1]}:${sc}`;
        tally.set(key, (tally.get(key) ?? 0) + 1);
        if (!want.codes.includes(sc)) {
          throw new ModelMismatch(`step ${i} (${what}) answered sc ${sc}${extra}, the model allows ${want.codes.join(' or ')}: ${want.why}. Steps: ${log.join(' | ')}. Grants: ${model.describe()}`);
        }
        if (sc === 200) want.commit?.();
      };
      for (const [i, op] of ops.entries()) {
        sessions += 1;
        switch (op.op) {
          case 'grant': {
            const hs = holders('D');
            const by = op.by === 'holder' ? (hs.length ? nth(hs, op.pick % hs.length) : creator.srvId) : name(op.by);
            let grantee = name(op.grantee);
            let rights = op.rights;
            let maxDepth = op.maxDepth;
            if (op.fit) {
              if (grantee === by) grantee = name(ids.indexOf(by) + 1 + (op.pick % (n - 1)));
              const own = model.rights(by, 'x');
              rights = [...rights].filter((r) => own.has(r as never)).join('') || rightsText(own) || rights;
              const parent = model.instances.get('x')?.owner === by ? undefined : model.parentFor(by, 'x');
              if (parent) maxDepth = Math.min(maxDepth, Math.max(0, parent.maxDepth - 1));
            }
            const kind = op.kind === 'natural' ? model.naturalKind(by, 'x') : op.kind;
            const prohibited = op.prohibited.map(name);
            const want = model.expectGrant(by, { target: { form: 'instance', key: 'x' }, grantee, rights, kind, maxDepth, priority: op.priority, prohibited });
            const r = await tryGrant(t, srvOf(by), { target: inst, grantee, rights, kind, maxDepth, priority: op.priority, prohibited });
            const what = `${by} grant ${rights} ${kind} depth ${maxDepth} prio ${op.priority}${prohibited.length ? ` prohibited ${prohibited.join(',')}` : ''} to ${grantee}`;
            if (r.status.sc === 200 && want.grant) {
              if (!r.uri) throw new ModelMismatch(`step ${i} (${what}): the 200 names no grant instance: [${r.status.URI.join(', ')}]`);
              const clash = created.filter((id) => uriOf.get(id) === r.uri);
              const live = clash.find((id) => model.grants.has(id));
              if (live !== undefined) throw new ModelMismatch(`step ${i} (${what}): the new grant ${r.uri} reuses the URI of live grant #${live}`);
              created = created.filter((id) => !clash.includes(id));
              uriOf.set(want.grant.id, r.uri);
              created.push(want.grant.id);
            }
            judge(i, what, want, r.status.sc);
            break;
          }
          case 'revoke': {
            if (created.length === 0) {
              log.push('revoke: no grant yet');
              sessions -= 1;
              break;
            }
            const id = nth(created, op.pick % created.length);
            const by = op.by === 'grantor' ? (model.grants.get(id)?.grantor ?? creator.srvId) : name(op.by);
            const want = model.expectRevoke(by, id);
            const s = await revoke(t, srvOf(by), uriFor(id));
            judge(i, `${by} revoke #${id} ${uriFor(id)}`, want, s.sc);
            break;
          }
          case 'write': {
            const hs = holders('W');
            const by = op.by === 'holder' ? (hs.length ? nth(hs, op.pick % hs.length) : creator.srvId) : name(op.by);
            const path = nth(PATHS, op.path);
            const text = `${by.split('-')[1] ?? by}-${i}-${op.value}`;
            const value: Value = path.length === 1 && path[0] === 'Sub' ? { A: text, B: text } : text;
            const want = model.expectWrite(by, 'x', path, value);
            const s = await writeAs(t, srvOf(by), `${inst}/${path.join('/')}`, value);
            judge(i, `${by} write ${path.join('/')}=${JSON.stringify(value)}`, want, s.sc);
            break;
          }
          case 'read': {
            const by = name(op.by);
            const path = nth(PATHS, op.path);
            const want = model.expectRead(by, 'x', path);
            const p = await probe(t, srvOf(by), `${inst}/${path.join('/')}`);
            const got = p.entries[0]?.MOData;
            if (p.sc === 200 && want.codes.includes(200) && (p.entries.length !== 1 || !sameValue(got, want.value))) {
              throw new ModelMismatch(`step ${i} (${by} read ${path.join('/')}) read ${JSON.stringify(p.entries)}, the model holds ${JSON.stringify(want.value)}. Steps: ${log.join(' | ')}. Grants: ${model.describe()}`);
            }
            judge(i, `${by} read ${path.join('/')}`, want, p.sc, p.sc === 200 ? ` ${JSON.stringify(got)}` : '');
            break;
          }
          case 'list': {
            const by = name(op.by);
            const seen = [...(await grantsSeen(t, srvOf(by))).keys()].sort();
            const want = model
              .visibleGrants(by)
              .map((g) => grantMiid(uriFor(g.id)))
              .sort();
            log.push(`${by} list -> [${seen.join(',')}]`);
            tally.set('list', (tally.get('list') ?? 0) + 1);
            if (!sameJson(seen, want)) throw new ModelMismatch(`step ${i} (${by} lists the Delegation MO) sees [${seen.join(', ')}], the model [${want.join(', ')}]. Steps: ${log.join(' | ')}. Grants: ${model.describe()}`);
            break;
          }
        }
      }
    };

    await checkAgainstModel(t, scenarioArb, scenario, {
      what: 'generated delegation scenarios',
      model: `the P-DELEG model (MAs ${ids.join(', ')})`,
      numRuns: 40,
      timeLimitMs: 40_000,
      summary: () => `about ${sessions} sessions; outcomes: ${[...tally.entries()].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`,
    });
  },
);
