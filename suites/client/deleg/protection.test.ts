/**
 * Protection across commands (P-DELEG, K-ACL; DM-SECARIZE-001/-002): a delegated instance stays closed
 * to servers without rights for every reading and writing command, and a grant cannot be edited to
 * escape revocation or the Prohibited MAs up its chain.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import {
  deniedRead,
  grant,
  grantMiid,
  grantsSeen,
  masWithInstance,
  probe,
  probeResult,
  refusedGrant,
  revoke,
  writeAs,
  writeCommand,
} from '../../../harness/conformance/fixtures/client/delegation.ts';
import { expectRefused, expectSc } from '../../../harness/conformance/fixtures/client/status.ts';
import type { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { expectNothingArrives, sameJson } from '../../../harness/conformance/fixtures/verify.ts';
import { claims } from '../../../harness/conformance/ics.ts';
import type { RawCommand } from '../../../harness/protocol/commands.ts';

defineCase(
  {
    id: 'DMCTS-C-DELEG-017',
    title: 'A delegated instance stays closed to unauthorized servers for every reading and writing command',
    requirement:
      "A client MUST answer 403 to a server without rights on an MA's instance for GET, HPUT and HPOST (nothing sent), SUB (nothing delivered), HGET, DELETE and EXEC, and to a read-only grantee for HGET, DELETE and EXEC, changing nothing (P-DELEG, K-ACL, P-ACL; DM-SECARIZE-001, DM-SECARIZE-002).",
    labels: ['DM-SECARIZE-001', 'DM-SECARIZE-002', 'DM-HLF-022', 'DM-HLF-012'],
    rules: ['P-DELEG', 'K-ACL', 'P-ACL', 'K-CMD'],
    level: 'MUST',
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
    const writes = (srv: HarnessServer): RawCommand[] => [
      writeCommand(srv, `${inst}/Name`, `by ${srv.srvId}`),
      ['DELETE', `${inst}/Other`],
      ['EXEC', `${inst}/Name`],
    ];
    const reads: RawCommand[] = [
      ['HPUT', 'auto', inst],
      ['HPOST', 'auto', `${inst}/Name`],
      ...(get ? [['GET', inst] as RawCommand] : []),
      ...(sub ? [['SUB', `${inst}/Name`, 'auto'] as RawCommand] : []),
    ];
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
    for (const q of byB.slice(1)) expectSc(t, q, 403, `${String(q.command[0])} of ${inst} by the read-only grantee ${b.srvId}`);
    // The creator still writes and reads its instance after a shared grant (P-DELEG keeps its rights).
    const s = await writeAs(t, a, `${inst}/Name`, 'changed by A');
    t.check(s.sc === 200, `HGET into ${inst}/Name by its creator ${a.srvId} answered sc ${s.sc}, not 200`);
    const read = await probe(t, a, inst);
    t.check(
      sameJson(read.entries[0]?.MOData, { Name: 'changed by A', Other: 'o0' }),
      `${inst} reads ${JSON.stringify(read.entries[0]?.MOData)}: the refused commands changed it`,
    );
    if (sub) {
      const subQ = byD.find((q) => q.command[0] === 'SUB');
      if (!subQ) throw new Error('the SUB this case queued is missing from its run');
      await expectNothingArrives(
        t,
        () => d.received(subQ),
        (got) => `${d.srvId}'s refused SUB delivered ${JSON.stringify(got.map((x) => x.entries))}`,
        'K',
      );
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-DELEG-018',
    title: 'A grant cannot be edited: a middle MA cannot free its sub-grant from revocation or from Prohibited',
    requirement:
      'A client MUST keep a sub-grant derived from its parent and bound by the Prohibited MAs up the chain whatever its grantor does to it (grants are revoked, never changed): revoking the parent still removes it and a prohibited MA still gets 403 (P-DELEG; DM-HLF-026, DM-HLF-013).',
    labels: ['DM-HLF-026', 'DM-HLF-013', 'DM-HLF-024', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'K-TREE'],
    level: 'MUST',
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
    await refusedGrant(
      t,
      c,
      { target: inst, grantee: x, rights: 'R', kind: 'sub' },
      403,
      `${x.srvId} is Prohibited by ${a.srvId}'s grant ${g1}, up the chain of ${g2}`,
    );
    await deniedRead(t, x, inst, `${x.srvId} is prohibited`);
    const del = await revoke(t, a, g1);
    t.check(del.sc === 200, `DELETE of ${g1} by its grantor ${a.srvId} answered sc ${del.sc}, not 200`);
    await deniedRead(t, c, inst, `${c.srvId}'s grant ${g2} derives from the revoked ${g1}, whatever ${b.srvId} did to it`);
  },
);
