/**
 * Malformed grants and kinds (P-DELEG, P-DETAIL): 400, 404 or 403 and no grant made; a first delegation
 * is shared or full, a grantee's is sub.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import {
  deniedRead,
  grant,
  grantCommand,
  grantsSeen,
  masWithInstance,
  refusedGrant,
  type GrantSpec,
} from '../../../harness/conformance/fixtures/client/delegation.ts';
import { expectSc } from '../../../harness/conformance/fixtures/client/status.ts';
import { createInstance } from '../../../harness/conformance/fixtures/client/tree-reads.ts';

defineCase(
  {
    id: 'DMCTS-C-DELEG-015',
    title: 'Malformed grants are 400, a missing Target 404, a Target the server may not delegate 403; none gives anything',
    requirement:
      'A client MUST answer 400 to a grant with an unknown Kind, Rights outside R W E D, no Grantee, a Target that is not an MO instance, a negative MaxDepth or the grantor as grantee; 404 to a Target that does not exist; 403 to a Target the grantor holds no D on; and create no grant for any of them (P-DELEG, P-DETAIL).',
    labels: ['DM-HLF-013', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'P-DETAIL'],
    level: 'MUST',
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
    t.check(
      left.size === 0,
      `${a.srvId} sees grants [${[...left.entries()].map(([m, g]) => `${m}: ${JSON.stringify(g)}`).join('; ')}] after only refused grants`,
    );
    await deniedRead(t, b, inst, 'every grant was refused');
  },
);

defineCase(
  {
    id: 'DMCTS-C-DELEG-016',
    title: "A first delegation is shared or full, a grantee's is sub (400 otherwise)",
    requirement:
      'A client MUST answer 400 to a grant of Kind sub by the creator of the target and to a grant of Kind shared or full by a server that holds D only by a grant, and accept the same grants with the right Kind (P-DELEG).',
    labels: ['DM-HLF-022', 'DM-HLF-023', 'DM-HLF-024'],
    rules: ['P-DELEG', 'P-DETAIL'],
    level: 'MUST',
    features: ['DELEGATION'],
    needs: { accounts: 3 },
  },
  async (t: CaseContext) => {
    const { mas, inst } = await masWithInstance(t, 3);
    const [a, b, c] = mas;
    await refusedGrant(
      t,
      a,
      { target: inst, grantee: b, rights: 'RD', kind: 'sub', maxDepth: 1 },
      400,
      `${a.srvId} created ${inst}: its delegation is first-hand`,
    );
    await grant(t, a, { target: inst, grantee: b, rights: 'RD', kind: 'shared', maxDepth: 1 });
    await refusedGrant(t, b, { target: inst, grantee: c, rights: 'R', kind: 'shared' }, 400, `${b.srvId} holds D by a grant`);
    await refusedGrant(t, b, { target: inst, grantee: c, rights: 'R', kind: 'full' }, 400, `${b.srvId} holds D by a grant`);
    await deniedRead(t, c, inst, 'both grants were refused');
    await grant(t, b, { target: inst, grantee: c, rights: 'R', kind: 'sub' });
  },
);
