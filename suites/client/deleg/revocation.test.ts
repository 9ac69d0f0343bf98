/**
 * Revocation and visibility of grants (P-DELEG; DM-HLF-013, DM-SECARIZE-001): revoking a grant removes
 * every grant derived from it; each server sees only the grants where it is grantor or grantee; only the
 * grantor revokes, and nobody else reads, lists or changes a grant.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import {
  deniedRead,
  entriesByMiid,
  grant,
  grantMiid,
  grantsSeen,
  lastMos,
  masWithInstance,
  probeResult,
  revoke,
  valueAs,
} from '../../../harness/conformance/fixtures/client/delegation.ts';
import { expectRefused, expectSc } from '../../../harness/conformance/fixtures/client/status.ts';
import { miidOf } from '../../../harness/conformance/fixtures/client/tree-reads.ts';
import type { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { sameJson } from '../../../harness/conformance/fixtures/verify.ts';
import type { RawCommand } from '../../../harness/protocol/commands.ts';
import { MOID } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-C-DELEG-012',
    title: 'Revoking a grant removes every grant derived from it',
    requirement:
      'A client MUST, when a grantor DELETEs its grant, remove the rights it gave and every grant sub-delegated from it, so that the grantee and its sub-grantees lose access (P-DELEG; DM-HLF-013, DM-HLF-024).',
    labels: ['DM-HLF-013', 'DM-HLF-024', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'K-CMD'],
    level: 'MUST',
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
    requirement:
      'A client that supports GET MUST return to each server, for `urn:oma:mo:oma-dm-delegation:1.0/*`, exactly the grants where it is grantor or grantee, with the Grantor the client set, and answer 403 to an explicit GET of any other grant (P-DELEG, P-GET; DM-HLF-013, DM-SECARIZE-001).',
    labels: ['DM-HLF-013', 'DM-HLF-024', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'P-GET', 'P-DETAIL'],
    level: 'MUST',
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
      t.check(
        sameJson([...seen.keys()].sort(), [...miids].sort()),
        `${srv.srvId} sees grants [${[...seen.keys()].join(', ')}], not [${miids.join(', ')}] (${m1}: ${a.srvId}->${b.srvId}, ${m2}: ${b.srvId}->${c.srvId})`,
      );
      const first = seen.get(m1);
      if (first)
        t.check(
          first.Grantor === a.srvId && first.Grantee === b.srvId && first.Target === inst,
          `${srv.srvId} reads grant ${g1} as ${JSON.stringify(first)}: not Grantor ${a.srvId}, Grantee ${b.srvId}, Target ${inst}`,
        );
      const second = seen.get(m2);
      if (second)
        t.check(
          second.Grantor === b.srvId && second.Grantee === c.srvId,
          `${srv.srvId} reads grant ${g2} as ${JSON.stringify(second)}: not Grantor ${b.srvId}, Grantee ${c.srvId}`,
        );
    }
    for (const srv of [d, c]) {
      const q = await srv.one(['GET', g1]);
      t.check(
        q.status.sc === 403 && !q.status.Data?.length,
        `GET of ${g1} by ${srv.srvId} (neither grantor nor grantee) answered sc ${q.status.sc} with ${JSON.stringify(q.status.Data ?? [])}, not 403 without data`,
      );
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-DELEG-014',
    title: 'Only its grantor can revoke a grant; nobody else reads, lists, changes or deletes it',
    requirement:
      'A client MUST keep a grant from the servers that are neither its grantor nor its grantee (not listed by `*` nor in their Package#1 MOS, HPUT 403), and answer 403 to a DELETE or HGET of it by anyone but its grantor, leaving it in force (P-DELEG, K-ACL; DM-HLF-013, DM-SECARIZE-001, DM-SECARIZE-002).',
    labels: ['DM-HLF-013', 'DM-SECARIZE-001', 'DM-SECARIZE-002'],
    rules: ['P-DELEG', 'K-ACL', 'K-FLOW'],
    level: 'MUST',
    features: ['DELEGATION'],
    needs: { accounts: 3 },
  },
  async (t: CaseContext) => {
    const { mas, inst } = await masWithInstance(t, 3);
    const [a, b, d] = mas;
    const g = await grant(t, a, { target: inst, grantee: b, rights: 'R', kind: 'shared' });
    const miid = grantMiid(g);
    const takeOver = (srv: HarnessServer) =>
      ['HGET', srv.publish([{ ClientURI: g, MOData: { Target: inst, Grantee: d.srvId, Rights: 'RWD', Kind: 'shared' } }]).url, g] as RawCommand;
    const byD = await d.run([['HPUT', 'auto', `${MOID.DELEGATION}/*`], ['HPUT', 'auto', g], ['DELETE', g], takeOver(d)]);
    // d is neither grantor nor grantee: the grant instance the grantor's HGET created is its creator's (K-ACL), so
    // d reads nothing of it and changes nothing; the codes (200 for the empty wildcard, 403) are the profile's.
    const list = probeResult(t, d, byD[0], 'K');
    t.check(
      !list.entries.some((e) => miidOf(e.ClientURI, MOID.DELEGATION) === miid),
      `${d.srvId}'s ${MOID.DELEGATION}/* answered sc ${list.sc} with ${JSON.stringify(list.entries)}: it lists ${a.srvId}'s grant`,
      'K',
    );
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
    t.check(
      data?.Grantee === b.srvId && data?.Rights === 'R',
      `${a.srvId} reads its grant ${g} as ${JSON.stringify(data)} after the others' refused commands, not Grantee ${b.srvId} with Rights R`,
    );
  },
);
