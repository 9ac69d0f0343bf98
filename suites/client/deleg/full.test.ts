/**
 * Full delegation (P-DELEG; DM-HLF-023, DM-HLF-025): the grantor loses every right on the target (HPUT,
 * `*`, HGET, DELETE, EXEC, new grants, GET, SUB deliveries, its Package#1 MOS) until it revokes.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import {
  deniedRead,
  grant,
  grantCommand,
  masWithInstance,
  mentions,
  mosLists,
  probe,
  probeResult,
  revoke,
  writeAs,
  writeCommand,
} from '../../../harness/conformance/fixtures/client/delegation.ts';
import { expectDone, expectSc } from '../../../harness/conformance/fixtures/client/status.ts';
import { expectNothingArrives, sameJson } from '../../../harness/conformance/fixtures/verify.ts';

defineCase(
  {
    id: 'DMCTS-C-DELEG-003',
    title: 'Full delegation: the grantor loses every right on the target (HPUT, `*`, HGET, DELETE, EXEC, delegate)',
    requirement:
      'A client MUST take every right on the target from the grantor of a full grant: its explicit HPUT is 403 with nothing sent, its `*` skips the instance, its HGET, DELETE, EXEC and new grants are 403, while the grantee reads and writes (P-DELEG; DM-HLF-023, DM-HLF-025).',
    labels: ['DM-HLF-023', 'DM-HLF-025', 'DM-HLF-013', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'K-ACL', 'P-ACL', 'P-DETAIL'],
    level: 'MUST',
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
    t.check(
      !all.entries.some((e) => e.ClientURI.startsWith(inst)),
      `${a.srvId}'s ${w}/* after its full grant still returns ${inst}: ${JSON.stringify(all.entries)}`,
    );
    expectSc(t, qs[2], 403, `HGET into ${inst}/Name by ${a.srvId} after its full grant`);
    expectSc(t, qs[3], 403, `DELETE of ${inst}/Other by ${a.srvId} after its full grant`);
    expectSc(t, qs[4], 403, `EXEC of ${inst}/Name by ${a.srvId} after its full grant`);
    expectSc(t, qs[5], 403, `a new grant on ${inst} by ${a.srvId} after its full grant`);
    const read = await probe(t, b, inst);
    t.check(
      read.sc === 200 && sameJson(read.entries[0]?.MOData, { Name: 'n0', Other: 'o0' }),
      `the full grantee ${b.srvId} reads sc ${read.sc} ${JSON.stringify(read.entries[0]?.MOData)} from ${inst}: the grantor's refused commands changed it, or the grantee cannot read`,
    );
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
    requirement:
      'A client MUST keep from the grantor of a full grant every value the grantee writes afterwards, by HPUT, HPOST, `*` or Package#1 MOS, and MUST let the grantor revoke the grant, which gives it its rights back and takes them from the grantee (P-DELEG; DM-HLF-023, DM-HLF-025).',
    labels: ['DM-HLF-023', 'DM-HLF-025', 'DM-SECARIZE-001', 'DM-SECARIZE-002'],
    rules: ['P-DELEG', 'K-ACL', 'K-FLOW'],
    level: 'MUST',
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
      t.check(
        results[2].sc === 403 && results[3].sc === 403,
        `${a.srvId}'s explicit HPUT/HPOST of ${inst} answered sc ${results[2].sc} and ${results[3].sc}, not 403`,
      );
      for (const r of results)
        t.check(
          !mentions(r.entries, secret) && !r.entries.some((e) => e.ClientURI.startsWith(inst)),
          `${a.srvId} read ${inst} (or "${secret}") after its full grant: ${JSON.stringify(r.entries)}`,
        );
      t.check(!mosLists(a, w, inst), `${a.srvId}'s Package#1 MOS still lists ${inst} after its full grant`);
    }
    const del = await revoke(t, a, g);
    t.check(del.sc === 200, `DELETE of its full grant ${g} by the grantor ${a.srvId} answered sc ${del.sc}, not 200`);
    const back = await probe(t, a, inst);
    t.check(
      back.sc === 200 && sameJson(back.entries[0]?.MOData, { Name: secrets[0], Other: secrets[1] }),
      `after revoking, ${a.srvId} reads sc ${back.sc} ${JSON.stringify(back.entries[0]?.MOData)}, not the grantee's values`,
    );
    await deniedRead(t, b, inst, `the full grant ${g} was revoked`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-DELEG-005',
    title: "Full delegation: the grantor's GET of the target is 403 or 404 and its `*` returns nothing of it",
    requirement:
      'A client that supports GET MUST answer the grantor of a full grant with 403 or 404 and no data for an explicit GET of the target or of a node the grantee wrote, and skip the target in its wildcard GET (P-DELEG, P-GET; DM-HLF-023, DM-HLF-025).',
    labels: ['DM-HLF-023', 'DM-HLF-025', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'P-GET', 'P-DETAIL'],
    level: 'MUST',
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
    const [explicit, node, all] = await a.run([
      ['GET', inst],
      ['GET', `${inst}/Name`],
      ['GET', `${w}/*`],
    ]);
    for (const [q, what] of [
      [explicit, inst],
      [node, `${inst}/Name`],
    ] as const) {
      const e = expectSc(t, q, [403, 404], `GET of ${what} by ${a.srvId} after its full grant`);
      t.check(!e.Data?.length, `the ${e.sc} to ${a.srvId}'s GET of ${what} carried data: ${JSON.stringify(e.Data)}`);
    }
    const st = expectSc(t, all, 200, `GET of ${w}/* by ${a.srvId}`);
    t.check(
      !st.URI.some((u) => u.startsWith(inst)) && !(st.Data ?? []).some((e) => e.ClientURI.startsWith(inst)) && !mentions(st.Data ?? [], secret),
      `${a.srvId}'s GET ${w}/* returned ${inst} after its full grant: ${JSON.stringify(st)}`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-DELEG-006',
    title: "Full delegation stops the grantor's SUB deliveries of the target",
    requirement:
      'A client that supports SUB MUST NOT deliver to the grantor of a full grant any change of the target, while a subscriber that may read it gets the change (P-DELEG, K-CMD SUB; DM-HLF-023, DM-HLF-025).',
    labels: ['DM-HLF-023', 'DM-HLF-025', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'K-CMD'],
    level: 'MUST',
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
    t.check(
      toB.some((body) => mentions(body.entries, secret)),
      `${b.srvId}'s SUB delivered ${JSON.stringify(toB.map((x) => x.entries))}, not the change (control)`,
    );
    await expectNothingArrives(
      t,
      () => a.received(subA),
      (toA) => `${a.srvId}'s SUB delivered ${toA.length} bodies after its full grant: ${JSON.stringify(toA.map((x) => x.entries))}`,
    );
  },
);
