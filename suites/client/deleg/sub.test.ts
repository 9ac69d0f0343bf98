/**
 * Sub-delegation and its restrictions (P-DELEG; DM-HLF-024, DM-HLF-026): never wider than the grantor's
 * own rights, MaxDepth levels and no more, Prohibited MAs refused however far down the chain.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { deniedRead, grant, masWithInstance, refusedGrant, valueAs, writeAs } from '../../../harness/conformance/fixtures/client/delegation.ts';

defineCase(
  {
    id: 'DMCTS-C-DELEG-007',
    title: 'Sub delegation: a grantee holding R D delegates R to a third MA, never wider than its own rights',
    requirement:
      'A client MUST let a grantee that holds D sub-delegate within its own rights (the new grantee then reads), and answer 403 to a sub-grant wider than the grantor holds and to a sub-grant by a grantee without D (P-DELEG; DM-HLF-024, DM-HLF-013).',
    labels: ['DM-HLF-024', 'DM-HLF-013'],
    rules: ['P-DELEG', 'P-ACL'],
    level: 'MUST',
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
    requirement:
      "A client MUST answer 403 to a sub-grant by a grantee whose grant allows no further level (MaxDepth exhausted), and to a sub-grant whose MaxDepth exceeds the levels its grantor's grant leaves (P-DELEG; DM-HLF-024, DM-HLF-026).",
    labels: ['DM-HLF-024', 'DM-HLF-026'],
    rules: ['P-DELEG'],
    level: 'MUST',
    features: ['DELEGATION'],
    needs: { accounts: 4 },
  },
  async (t: CaseContext) => {
    const { mas, inst } = await masWithInstance(t, 4);
    const [a, b, c, d] = mas;
    await grant(t, a, { target: inst, grantee: b, rights: 'RD', kind: 'shared', maxDepth: 1 });
    await refusedGrant(
      t,
      b,
      { target: inst, grantee: c, rights: 'RD', kind: 'sub', maxDepth: 1 },
      403,
      `${b.srvId}'s grant (MaxDepth 1) leaves 0 further levels, not 1`,
    );
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
    requirement:
      'A client MUST allow exactly MaxDepth further levels of sub-delegation below a grant, each level lowering what remains by one, and refuse the level beyond with 403 (P-DELEG; DM-HLF-026, DM-HLF-024).',
    labels: ['DM-HLF-026', 'DM-HLF-024'],
    rules: ['P-DELEG'],
    level: 'MUST',
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
    await refusedGrant(
      t,
      d,
      { target: inst, grantee: e, rights: 'R', kind: 'sub', maxDepth: 0 },
      403,
      `${a.srvId}'s MaxDepth 2 allows two levels below ${b.srvId}: ${c.srvId} and ${d.srvId}`,
    );
    await deniedRead(t, e, inst, `the fourth level was refused`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-DELEG-010',
    title: 'Prohibited MAs never receive the rights further down the chain, however deep',
    requirement:
      'A client MUST answer 403 to any sub-grant, at any level below a grant, whose grantee that grant lists as Prohibited, while other grantees may receive it (P-DELEG; DM-HLF-026, DM-HLF-024).',
    labels: ['DM-HLF-026', 'DM-HLF-024'],
    rules: ['P-DELEG'],
    level: 'MUST',
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
