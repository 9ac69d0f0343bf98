/**
 * Generated grants against the model (P-DELEG, K-FLOW, K-ACL): fast-check draws grant requests of
 * every target, kind, depth, priority and prohibited list; each must reach the device as asked, and
 * the IUT must report the device's own answer, which the P-DELEG model predicts.
 */
import fc from 'fast-check';
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { DelegationModel } from '../../../harness/conformance/fixtures/delegation-model.ts';
import type { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { checkAgainstModel, ModelMismatch } from '../../../harness/conformance/fixtures/model-check.ts';
import {
  created,
  delegate,
  deviceWithOwnInstance,
  FEATURES,
  grantDifferences,
  runSession,
  UT,
  type Grant,
} from '../../../harness/conformance/fixtures/server/grants.ts';
import { show } from '../../../harness/conformance/fixtures/verify.ts';
import { CONNMO, DIAGNOSTICS_MOID as DIAG, MOID } from '../../../harness/protocol/moids.ts';
import type { StatusEntry } from '../../../harness/protocol/packages.ts';

/** Each HGET the device received after exchange `from`, with the Status it sent back for it (none when no Package#3 carried one). */
function hgetsAnswered(dev: HarnessDevice, from: number): Array<{ url: string; status?: StatusEntry }> {
  const exchanges = dev.exchanges();
  const out: Array<{ url: string; status?: StatusEntry }> = [];
  exchanges.forEach((e, i) => {
    if (i < from || !e.package2) return;
    const commands = e.package2.CMD.filter((c) => !(c[0] === 'END' && c.length === 1));
    const next = exchanges[i + 1];
    const statuses = next?.kind === 'response' ? (next.sent?.Status ?? []) : [];
    commands.forEach((c, k) => {
      if (c[0] === 'HGET') out.push({ url: String(c[1]), ...(statuses[k] ? { status: statuses[k] } : {}) });
    });
  });
  return out;
}

type TargetPick = 'own' | 'delegated' | 'device-made';

interface GenGrant {
  target: TargetPick;
  /** A fresh MA, or the one the IUT's own grant prohibits. */
  grantee: 'fresh' | 'banned';
  rights: string;
  kind: 'shared' | 'full' | 'sub';
  maxDepth: number;
  priority: number;
  /** How many names the grant's own Prohibited list holds (the banned MA first, then fresh ones). */
  prohibited: number;
  /**
   * Made to fit where it is sent — the kind its target calls for, rights, depth and priority within the
   * IUT's own grant — so that most grants succeed and what follows them (sub grants, a full grant's
   * loss of rights) is exercised; the model judges it all the same.
   */
  fit: boolean;
}

const genGrantArb: fc.Arbitrary<GenGrant> = fc.record({
  target: fc.constantFrom<TargetPick>('own', 'own', 'delegated', 'delegated', 'device-made'),
  grantee: fc.oneof({ weight: 5, arbitrary: fc.constant('fresh' as const) }, { weight: 1, arbitrary: fc.constant('banned' as const) }),
  rights: fc.subarray(['R', 'W', 'E', 'D'], { minLength: 1 }).map((r) => r.join('')),
  kind: fc.constantFrom<GenGrant['kind']>('shared', 'full', 'sub'),
  maxDepth: fc.integer({ min: 0, max: 3 }),
  priority: fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: -3, max: 3 }) },
    { weight: 1, arbitrary: fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }) },
  ),
  prohibited: fc.integer({ min: 0, max: 2 }),
  fit: fc.oneof({ weight: 2, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

/** The grant as sent: `g` itself, or made to fit its target (see GenGrant.fit). */
function fitted(g: GenGrant, root: { rights: string; maxDepth: number; priority: number }): GenGrant {
  if (!g.fit) return g;
  if (g.target === 'own') return { ...g, kind: g.kind === 'sub' ? 'shared' : g.kind };
  if (g.target === 'device-made') return g;
  const rights = [...g.rights].filter((r) => root.rights.includes(r)).join('') || 'R';
  return { ...g, kind: 'sub', rights, maxDepth: Math.min(g.maxDepth, Math.max(0, root.maxDepth - 1)), priority: Math.min(g.priority, root.priority) };
}

const grantScenarioArb = fc.record({
  /** The grant to the IUT on the other MA's instance: its rights (always with D), MaxDepth and Priority. */
  root: fc.record({ rights: fc.constantFrom('RD', 'RWD', 'RWED'), maxDepth: fc.integer({ min: 0, max: 3 }), priority: fc.integer({ min: -2, max: 3 }) }),
  grants: fc.array(genGrantArb, { minLength: 1, maxLength: 4 }),
});

defineCase(
  {
    id: 'DMCTS-S-DELEG-007',
    title: "Generated grants: each reaches the device as asked, and the server reports the device's own answer",
    requirement:
      "A server MUST send every grant it is asked to make unchanged — whatever its target, rights, kind, depth, prohibited MAs and priority — and report for each the device's answer as the device gave it (200 with the grant, or the 400 or 403 P-DELEG gives it), never a success for a refusal (P-DELEG, K-FLOW; DM-HLF-013, -014, -022 to -024, -026).",
    labels: ['DM-HLF-013', 'DM-HLF-014', 'DM-HLF-022', 'DM-HLF-023', 'DM-HLF-024', 'DM-HLF-026'],
    rules: ['P-DELEG', 'K-FLOW', 'K-ACL'],
    level: 'MUST',
    features: FEATURES,
    utMethods: UT,
    timeoutMs: 60_000,
  },
  async (t: CaseContext) => {
    const tally = new Map<string, number>();
    let sessions = 0;
    const scenario = async ({ root, grants }: { root: { rights: string; maxDepth: number; priority: number }; grants: GenGrant[] }): Promise<void> => {
      // The IUT's own instance (it holds R W E D), another MA's instance granted to the IUT, a device-made one.
      const { dev, uri: own, create } = await deviceWithOwnInstance(t);
      await runSession(t, dev, [create]);
      sessions += 1;
      await created(t, dev, create, own);
      const iut = dev.iut.srvId;
      const other = t.uniqueName('ma-root');
      const banned = t.uniqueName('ma-banned');
      const delegated = dev.seedInstance(CONNMO, t.uniqueName('inst'), { Name: 'made-by-another-ma' }, other);
      const rootGrant = {
        Target: delegated,
        Grantee: iut,
        Rights: root.rights,
        Kind: 'shared',
        MaxDepth: root.maxDepth,
        Priority: root.priority,
        Prohibited: banned,
      };
      const parent = dev.seedGrant(other, rootGrant);
      const model = new DelegationModel([iut, other]);
      model.addInstance('own', iut, {});
      model.addInstance('delegated', other, {});
      model.addInstance('device-made', '(the device)', {});
      model
        .expectGrant(other, {
          target: { form: 'instance', key: 'delegated' },
          grantee: iut,
          rights: root.rights,
          kind: 'shared',
          maxDepth: root.maxDepth,
          priority: root.priority,
          prohibited: [banned],
        })
        .commit?.();
      const targets: Record<TargetPick, string> = { own, delegated, 'device-made': `${DIAG}/1` };
      const log = [
        `${other} granted ${root.rights} depth ${root.maxDepth} prio ${root.priority} prohibited ${banned} on ${delegated} to ${iut} (grant ${parent})`,
      ];
      for (const [i, generated] of grants.entries()) {
        const g = fitted(generated, root);
        const grantee = g.grantee === 'banned' ? banned : t.uniqueName('ma-g');
        const prohibited = [banned, t.uniqueName('ma-p'), t.uniqueName('ma-p')].slice(0, g.prohibited);
        const asked: Grant = {
          Target: targets[g.target],
          Grantee: grantee,
          Rights: g.rights,
          Kind: g.kind,
          MaxDepth: g.maxDepth,
          Priority: g.priority,
          ...(prohibited.length ? { Prohibited: prohibited.join(',') } : {}),
        };
        const want = model.expectGrant(iut, {
          target: { form: 'instance', key: g.target },
          grantee,
          rights: g.rights,
          kind: g.kind,
          maxDepth: g.maxDepth,
          priority: g.priority,
          prohibited,
        });
        const what = `step ${i}: ${g.kind} ${g.rights} on the ${g.target} instance to ${g.grantee === 'banned' ? `the banned ${grantee}` : grantee}, depth ${g.maxDepth}, prio ${g.priority}${prohibited.length ? `, prohibited ${prohibited.join(',')}` : ''}`;
        const from = dev.exchanges().length;
        const id = await delegate(t, dev, asked);
        const [r] = await runSession(t, dev, [id]);
        sessions += 1;
        const hgets = hgetsAnswered(dev, from);
        const mismatch = (why: string) => new ModelMismatch(`${what}: ${why}. Before: ${log.join(' | ')}`);
        // Catches a server that sends no grant for a request, or sends it twice.
        const hget = hgets.length === 1 ? hgets[0] : undefined;
        if (!hget) throw mismatch(`the device received ${hgets.length} HGETs in the session, not the one grant`);
        const answer = hget.status;
        if (!answer) throw mismatch("no Package#3 carried the device's answer to the grant");
        const sc = answer.sc;
        tally.set(`${g.kind}:${sc}`, (tally.get(`${g.kind}:${sc}`) ?? 0) + 1);
        // The harness device follows P-DELEG: an answer the model does not give means another grant than asked reached it.
        if (!want.codes.includes(sc))
          throw mismatch(
            `the device answered ${sc} to the grant the IUT sent, where the grant asked for gets ${want.codes.join(' or ')} (${want.why}): the IUT sent another grant`,
          );
        // Catches a server that reports other than what the device answered (a refusal as a success, or the other way round).
        if (r.state !== 'done' || r.status?.sc !== sc) throw mismatch(`server.result reports ${r.state} ${show(r.status)}, but the device answered ${sc}`);
        if (sc === 200) {
          const miid = answer.URI.map((u) => (u.startsWith(`${MOID.DELEGATION}/`) ? u.slice(MOID.DELEGATION.length + 1) : undefined)).find(Boolean);
          const held = miid ? dev.grants().get(miid) : undefined;
          if (!held) throw mismatch(`the device's 200 names no grant it holds (URI [${answer.URI.join(', ')}])`);
          const wrong = grantDifferences(held, asked, iut, {
            Prohibited: [...want.grant!.prohibited].join(','),
            ...(g.target === 'delegated' ? { Parent: parent } : {}),
          });
          if (wrong.length) throw mismatch(`the grant the device holds differs from the one asked for: ${wrong.join('; ')}`);
          if (!r.status.URI.includes(`${MOID.DELEGATION}/${miid}`))
            throw mismatch(`server.result names [${r.status.URI.join(', ')}], not the grant ${MOID.DELEGATION}/${miid}`);
          want.commit?.();
        }
        log.push(`${what} -> ${sc}`);
      }
    };
    await checkAgainstModel(t, grantScenarioArb, scenario, {
      what: 'generated grant requests through the IUT',
      model: "the device's answers under P-DELEG",
      numRuns: 25,
      timeLimitMs: 40_000,
      summary: () =>
        `${sessions} sessions; kind:answer ${[...tally.entries()]
          .sort()
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
    });
  },
);
