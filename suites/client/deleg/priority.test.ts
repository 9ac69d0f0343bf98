/**
 * Priority between grantees (P-DELEG, P-DETAIL; DM-HLF-014): a lower-priority MA cannot overwrite what a
 * higher one wrote (409); equal or higher priority can.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { grant, masWithInstance, valueAs, writeAs } from '../../../harness/conformance/fixtures/client/delegation.ts';
import type { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';

defineCase(
  {
    id: 'DMCTS-C-DELEG-011',
    title: 'Priority: a lower-priority MA cannot overwrite what a higher one wrote (409); higher or equal can',
    requirement:
      'A client MUST answer 409 to a write by an MA to a node last written by an MA of higher priority on that instance, leaving the value, and let equal or higher priority writes succeed (P-DELEG, P-DETAIL; DM-HLF-014).',
    labels: ['DM-HLF-014', 'DM-HLF-022'],
    rules: ['P-DELEG', 'P-DETAIL'],
    level: 'MUST',
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
      t.check(
        now === expected[node],
        `${inst}/${node} holds ${JSON.stringify(now)} after ${srv.srvId}'s write of "${value}" (sc ${s.sc}), not ${JSON.stringify(expected[node])}`,
      );
    }
  },
);
