/**
 * Generated delegation graphs (P-DELEG, P-ACL): three or four MAs grant, revoke, write, read and list
 * in a generated order over the wire, and every answer is compared with an independent model of
 * P-DELEG (harness/conformance/fixtures/delegation-model.ts); a failing scenario is shrunk.
 */
import fc from 'fast-check';
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { writableMoid } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { authorities, grantMiid, grantsSeen, probe, revoke, tryGrant, writeAs } from '../../../harness/conformance/fixtures/client/delegation.ts';
import { createInstance } from '../../../harness/conformance/fixtures/client/tree-reads.ts';
import { DelegationModel, rightsText, sameValue, type Expectation, type Value } from '../../../harness/conformance/fixtures/delegation-model.ts';
import { checkAgainstModel, ModelMismatch } from '../../../harness/conformance/fixtures/model-check.ts';
import { sameJson } from '../../../harness/conformance/fixtures/verify.ts';

const PATHS: readonly string[][] = [['Name'], ['Other'], ['Sub'], ['Sub', 'A']];

/** The i-th element, which the scenario's own bookkeeping guarantees is there. */
function nth<T>(xs: readonly T[], i: number): T {
  const x = xs[i];
  if (x === undefined) throw new Error(`the scenario looked for element ${i} of a list of ${xs.length}`);
  return x;
}

type WireOp =
  | {
      op: 'grant';
      by: number | 'holder';
      pick: number;
      grantee: number;
      rights: string;
      kind: 'natural' | 'shared' | 'full' | 'sub';
      maxDepth: number;
      priority: number;
      prohibited: number[];
      fit: boolean;
    }
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
      kind: fc.oneof(
        { weight: 6, arbitrary: fc.constant('natural' as const) },
        { weight: 1, arbitrary: fc.constantFrom('shared' as const, 'full' as const, 'sub' as const) },
      ),
      maxDepth: fc.integer({ min: 0, max: 2 }),
      priority: fc.integer({ min: 0, max: 2 }),
      prohibited: fc.oneof({ weight: 3, arbitrary: fc.constant([] as number[]) }, { weight: 1, arbitrary: fc.subarray([0, 1, 2, 3], { maxLength: 1 }) }),
      fit: fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('revoke' as const),
      by: fc.oneof({ weight: 2, arbitrary: fc.constant('grantor' as const) }, { weight: 1, arbitrary: maArb }),
      pick: fc.nat(11),
    }),
  },
  {
    weight: 6,
    arbitrary: fc.record({
      op: fc.constant('write' as const),
      by: fc.oneof({ weight: 3, arbitrary: fc.constant('holder' as const) }, { weight: 1, arbitrary: maArb }),
      pick: fc.nat(11),
      path: fc.nat(PATHS.length - 1),
      value: fc.nat(2),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('read' as const), by: maArb, path: fc.nat(PATHS.length - 1) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('list' as const), by: maArb }) },
);

const scenarioArb = fc.record({ mas: fc.constantFrom(3, 4), ops: fc.array(wireOpArb, { minLength: 4, maxLength: 12 }) });

defineCase(
  {
    id: 'DMCTS-C-DELEG-019',
    title: 'Generated delegation graphs: every grant, revocation, write, read and grant listing answers as P-DELEG says',
    requirement:
      'A client MUST answer every grant, revocation, write and read of three or four MAs, in any order, as the delegation rules give it: the Status code, the data read and the grants each MA sees (P-DELEG, P-ACL, P-DETAIL; DM-HLF-013, DM-HLF-014, DM-HLF-022 to DM-HLF-026).',
    labels: ['DM-HLF-013', 'DM-HLF-014', 'DM-HLF-022', 'DM-HLF-023', 'DM-HLF-024', 'DM-HLF-025', 'DM-HLF-026', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'P-ACL', 'P-DETAIL', 'K-ACL'],
    level: 'MUST',
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
          throw new ModelMismatch(
            `step ${i} (${what}) answered sc ${sc}${extra}, the model allows ${want.codes.join(' or ')}: ${want.why}. Steps: ${log.join(' | ')}. Grants: ${model.describe()}`,
          );
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
              throw new ModelMismatch(
                `step ${i} (${by} read ${path.join('/')}) read ${JSON.stringify(p.entries)}, the model holds ${JSON.stringify(want.value)}. Steps: ${log.join(' | ')}. Grants: ${model.describe()}`,
              );
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
            if (!sameJson(seen, want))
              throw new ModelMismatch(
                `step ${i} (${by} lists the Delegation MO) sees [${seen.join(', ')}], the model [${want.join(', ')}]. Steps: ${log.join(' | ')}. Grants: ${model.describe()}`,
              );
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
      summary: () =>
        `about ${sessions} sessions; outcomes: ${[...tally.entries()]
          .sort()
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')}`,
    });
  },
);
