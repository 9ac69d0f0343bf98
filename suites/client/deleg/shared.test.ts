/**
 * Shared delegation (P-DELEG, K-ACL; DM-HLF-013, DM-HLF-022): the grantee reads and writes the instance
 * while the grantor keeps its rights; a grantee without D neither delegates further nor revokes. Each MA
 * is a harness server, all bootstrapped together; how a grant is made (an HGET of a Delegation MO
 * instance) and read: fixtures/client/delegation.ts.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import {
  deniedRead,
  grant,
  lastMos,
  masWithInstance,
  mosLists,
  refusedGrant,
  revoke,
  valueAs,
  writeAs,
} from '../../../harness/conformance/fixtures/client/delegation.ts';
import { miidOf } from '../../../harness/conformance/fixtures/client/tree-reads.ts';
import { MOID } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-C-DELEG-001',
    title: 'Shared delegation: the grantee reads and writes the instance, the grantor still does too',
    requirement:
      'A client MUST give the grantee of a shared grant of R and W the right to read and write the target instance while the grantor keeps its own rights (P-DELEG; DM-HLF-013, DM-HLF-022).',
    labels: ['DM-HLF-013', 'DM-HLF-022', 'DM-HLF-012'],
    rules: ['P-DELEG', 'K-ACL', 'P-ACL'],
    level: 'MUST',
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
    requirement:
      "A client MUST refuse with 403 a grant by a server that holds no D on the target, and a grantee's DELETE of the grant it received, leaving the grant in force (P-DELEG, K-ACL; DM-HLF-013, DM-HLF-022).",
    labels: ['DM-HLF-013', 'DM-HLF-022', 'DM-HLF-024'],
    rules: ['P-DELEG', 'K-ACL', 'P-ACL'],
    level: 'MUST',
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
