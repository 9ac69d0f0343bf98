/**
 * Delegation between management authorities on the reference client's DeviceTree (K-ACL, P-ACL,
 * P-DELEG; DM-HLF-013/014/022-026), against an independent model written from the profile
 * (harness/conformance/fixtures/delegation-model.ts — it never imports harness/tree).
 *
 * Generated sequences of grant, revoke, write, delete and read by four server principals over two
 * instances (one created by s1, one by s2). After every step: the Status code is one the model allows;
 * every rights decision (each server on each instance and on each grant instance) equals the model's;
 * each instance holds what the model holds; each grant stores what the model says (Target, Grantee,
 * Rights, Kind, MaxDepth, Priority, Grantor, Prohibited, Parent).
 *
 * A hand-written sequence pins the codes of a known chain (so the model itself is checked too).
 * `DELEG_RUNS=20000` runs the generated properties longer.
 *
 * A second property adds attempts to change a grant in place (DELETE of one of its nodes, HGET of a
 * node or of the whole grant): the profile's grants are immutable — revoke and grant again — or
 * revocation and Prohibited could be escaped by editing a derived grant.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { concreteUri, parseClientUri } from '../../harness/protocol/client-uri.ts';
import { statusOf } from '../../harness/protocol/error-status.ts';
import { DeviceTree } from '../../harness/tree/device-tree.ts';
import { serverPrincipal } from '../../harness/tree/principal.ts';
import { MOID } from '../../harness/tree/standard-mos.ts';
import {
  DelegationModel,
  rightsText,
  sameValue,
  type Expectation,
  type GrantRequest,
  type ModelGrant,
  type TargetRef,
  type Value,
} from '../../harness/conformance/fixtures/delegation-model.ts';

const FREE = 'urn:oma:mo:test-deleg:1.0';
const DELEG = MOID.DELEGATION;
const SERVERS = ['s1', 's2', 's3', 's4'] as const;
const KEYS = ['i1', 'i2'] as const;
const INITIAL: Record<(typeof KEYS)[number], { owner: string; data: { [k: string]: Value } }> = {
  i1: { owner: 's1', data: { Name: 'n1', Other: 'o1', Sub: { A: 'a1' } } },
  i2: { owner: 's2', data: { Name: 'n2', Sub: { A: 'a2', B: 'b2' } } },
};
const PATHS: readonly string[][] = [['Name'], ['Other'], ['Sub'], ['Sub', 'A'], ['Sub', 'B'], ['Nope', 'X']];

type Srv = (typeof SERVERS)[number];
type TargetChoice = (typeof KEYS)[number] | 'missing' | 'malformed' | 'grant';

type Op =
  | {
      op: 'grant';
      /** 'holder': one of the MAs that hold D on the target now (picked by `pick`), so chains grow. */
      by: Srv | 'holder';
      target: TargetChoice;
      pick: number;
      grantee: Srv | '';
      rights: string;
      kind: 'natural' | 'shared' | 'full' | 'sub' | 'bogus';
      maxDepth: number;
      priority: number;
      prohibited: Srv[];
      /** Bend the request to fit what the grantor holds (another grantee, rights within its own, depth within its grant's). */
      fit: boolean;
    }
  | { op: 'revoke'; by: Srv; pick: number }
  /** 'holder': one of the MAs that hold W on the target now, so priorities meet. */
  | { op: 'write'; by: Srv | 'holder'; pick: number; target: (typeof KEYS)[number]; path: string[]; value: Value }
  | { op: 'delete'; by: Srv | 'holder'; pick: number; target: (typeof KEYS)[number]; path: string[] }
  | { op: 'read'; by: Srv; target: (typeof KEYS)[number]; path: string[] }
  | { op: 'readGrant'; by: Srv; pick: number }
  /** Changing a live grant in place (second property only). */
  | { op: 'tamper'; by: Srv; pick: number; how: 'delete' | 'set' | 'replace'; node: string };

const srvArb = fc.constantFrom(...SERVERS);
const actorArb: fc.Arbitrary<Srv | 'holder'> = fc.oneof({ weight: 1, arbitrary: srvArb }, { weight: 2, arbitrary: fc.constant('holder' as const) });
const keyArb = fc.constantFrom(...KEYS);
const rightsArb = fc.oneof(
  { weight: 30, arbitrary: fc.subarray(['R', 'W', 'E', 'D'], { minLength: 1 }).map((rs) => rs.join('')) },
  { weight: 20, arbitrary: fc.constantFrom('RD', 'RWD', 'RW', 'RWD', 'W') },
  { weight: 1, arbitrary: fc.constantFrom('', 'X', 'rw', 'R W') },
);
const valueArb: fc.Arbitrary<Value> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('v1', 'v2', 'v3') },
  { weight: 1, arbitrary: fc.record({ A: fc.constantFrom('a1', 'x'), B: fc.constantFrom('b', 'y') }) },
);

const grantArb = fc.record({
  op: fc.constant('grant' as const),
  by: actorArb,
  target: fc.oneof(
    { weight: 50, arbitrary: keyArb as fc.Arbitrary<TargetChoice> },
    { weight: 1, arbitrary: fc.constantFrom<TargetChoice>('missing', 'malformed', 'grant') },
  ),
  pick: fc.nat(20),
  grantee: fc.oneof({ weight: 50, arbitrary: srvArb as fc.Arbitrary<Srv | ''> }, { weight: 1, arbitrary: fc.constant('' as const) }),
  rights: rightsArb,
  kind: fc.oneof(
    { weight: 30, arbitrary: fc.constant('natural' as const) },
    { weight: 5, arbitrary: fc.constantFrom('shared' as const, 'full' as const, 'sub' as const) },
    { weight: 1, arbitrary: fc.constant('bogus' as const) },
  ),
  maxDepth: fc.oneof(
    { weight: 40, arbitrary: fc.integer({ min: 0, max: 2 }) },
    { weight: 8, arbitrary: fc.constant(3) },
    { weight: 1, arbitrary: fc.constant(-1) },
  ),
  priority: fc.integer({ min: -1, max: 4 }),
  prohibited: fc.oneof({ weight: 3, arbitrary: fc.constant([] as Srv[]) }, { weight: 1, arbitrary: fc.subarray([...SERVERS], { maxLength: 2 }) }),
  fit: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
});

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 6, arbitrary: grantArb },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('revoke' as const), by: srvArb, pick: fc.nat(20) }) },
  {
    weight: 5,
    arbitrary: fc.record({
      op: fc.constant('write' as const),
      by: actorArb,
      pick: fc.nat(20),
      target: keyArb,
      path: fc.constantFrom(...PATHS),
      value: valueArb,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('delete' as const),
      by: actorArb,
      pick: fc.nat(20),
      target: keyArb,
      path: fc.oneof({ weight: 12, arbitrary: fc.constantFrom(...PATHS) }, { weight: 1, arbitrary: fc.constant([] as string[]) }),
    }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('read' as const), by: srvArb, target: keyArb, path: fc.constantFrom(...PATHS) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('readGrant' as const), by: srvArb, pick: fc.nat(20) }) },
);

const GRANT_NODES = ['Parent', 'Prohibited', 'Grantor', 'MaxDepth', 'Priority', 'Rights', 'Kind', 'Grantee', 'Target'] as const;
const tamperArb: fc.Arbitrary<Op> = fc.record({
  op: fc.constant('tamper' as const),
  by: srvArb,
  pick: fc.nat(20),
  how: fc.constantFrom('delete' as const, 'set' as const, 'replace' as const),
  node: fc.constantFrom(...GRANT_NODES),
});

/** A device knowing the four servers, each allowed to create instances of FREE; i1 made by s1, i2 by s2. */
function setup(): { tree: DeviceTree; model: DelegationModel } {
  const tree = new DeviceTree();
  SERVERS.forEach((s, i) => {
    const made = tree.deviceWrite(MOID.DMACC, String(i + 1), [], { SrvID: s, SrvURI: `https://${s}.example/dm`, Perm: { p: { MOID: FREE, Rights: 'RWE' } } });
    expect(made.ok).toBe(true);
  });
  const model = new DelegationModel(SERVERS);
  for (const key of KEYS) {
    const { owner, data } = INITIAL[key];
    const made = tree.write(serverPrincipal(owner), FREE, key, [], data);
    expect(made.ok).toBe(true);
    model.addInstance(key, owner, data);
  }
  return { tree, model };
}

/** The data a grant instance must store, as the model has it (miids of parents mapped). */
function storedGrant(g: ModelGrant, miidOf: Map<number, string>): Record<string, unknown> {
  return {
    Target: concreteUri(FREE, g.target),
    Grantee: g.grantee,
    Rights: rightsText(g.rights),
    Kind: g.kind,
    MaxDepth: g.maxDepth,
    Priority: g.priority,
    Grantor: g.grantor,
    ...(g.prohibited.size ? { Prohibited: [...g.prohibited].sort().join(',') } : {}),
    ...(g.parent !== undefined ? { Parent: miidOf.get(g.parent) } : {}),
  };
}

function normalizeStored(data: unknown): unknown {
  if (typeof data !== 'object' || data === null) return data;
  const d = { ...(data as Record<string, unknown>) };
  if (typeof d.Prohibited === 'string')
    d.Prohibited = d.Prohibited.split(',')
      .map((s) => s.trim())
      .filter(Boolean)
      .sort()
      .join(',');
  return d;
}

interface Run {
  tree: DeviceTree;
  model: DelegationModel;
  /** Model grant id -> MIID in the tree; every id ever created, in order. */
  miidOf: Map<number, string>;
  created: number[];
}

function pickGrant(run: Run, pick: number): number | undefined {
  return run.created.length ? run.created[pick % run.created.length] : undefined;
}

function read(tree: DeviceTree, by: Srv, uri: string): { sc: number; data?: unknown } {
  const parsed = parseClientUri(uri);
  if (!parsed.ok) throw new Error(`test bug: ${uri}: ${parsed.error.message}`);
  const r = tree.resolve(serverPrincipal(by), parsed.value, 'R');
  if (!r.ok) return { sc: statusOf(r.error.code) };
  return { sc: 200, data: tree.entry(r.value[0]!)?.MOData };
}

/** The MA an op's 'holder' stands for: one holding the right on the target now (s1 when none does). */
function actor(model: DelegationModel, by: Srv | 'holder', pick: number, key: string | undefined, right: 'D' | 'W'): Srv {
  if (by !== 'holder') return by;
  const holders = key ? SERVERS.filter((s) => model.rights(s, key).has(right)) : [];
  return holders.length ? holders[pick % holders.length]! : 's1';
}

function step(run: Run, generated: Op): { want: Expectation; sc: number; note?: string } {
  const { tree, model } = run;
  const op = concrete(model, generated);
  const p = serverPrincipal(op.by);
  switch (op.op) {
    case 'grant': {
      let target: TargetRef;
      let targetUri: string;
      if (op.target === 'missing') [target, targetUri] = [{ form: 'missing' }, concreteUri(FREE, 'nope')];
      else if (op.target === 'malformed') [target, targetUri] = [{ form: 'malformed' }, op.pick % 2 ? FREE : concreteUri(FREE, 'i1', ['Name'])];
      else if (op.target === 'grant') {
        const id = pickGrant(run, op.pick);
        [target, targetUri] =
          id === undefined ? [{ form: 'missing' }, concreteUri(DELEG, '999')] : [{ form: 'grant', id }, concreteUri(DELEG, run.miidOf.get(id)!)];
      } else [target, targetUri] = [{ form: 'instance', key: op.target }, concreteUri(FREE, op.target)];
      const kind = op.kind === 'natural' ? (target.form === 'instance' ? model.naturalKind(op.by, target.key) : 'shared') : op.kind;
      const req: GrantRequest = {
        target,
        grantee: op.grantee,
        rights: op.rights,
        kind,
        maxDepth: op.maxDepth,
        priority: op.priority,
        prohibited: op.prohibited,
      };
      const want = model.expectGrant(op.by, req);
      const r = tree.create(p, DELEG, {
        Target: targetUri,
        Grantee: op.grantee,
        Rights: op.rights,
        Kind: kind,
        MaxDepth: op.maxDepth,
        Priority: op.priority,
        ...(op.prohibited.length ? { Prohibited: op.prohibited.join(',') } : {}),
      });
      if (r.ok && want.grant && want.codes.includes(200)) {
        const miid = decodeURIComponent(r.value.uri.slice(DELEG.length + 1));
        // The client may give a new grant the MIID of a revoked one: the old ID then names the new grant.
        const clash = run.created.filter((id) => run.miidOf.get(id) === miid);
        const live = clash.find((id) => model.grants.has(id));
        if (live !== undefined) return { want: { codes: [200], why: `a new grant must not reuse the MIID ${miid} of live grant #${live}` }, sc: -1 };
        run.created = run.created.filter((id) => !clash.includes(id));
        run.miidOf.set(want.grant.id, miid);
        run.created.push(want.grant.id);
      }
      return { want, sc: r.ok ? 200 : r.error.sc, ...(r.ok ? {} : { note: r.error.message }) };
    }
    case 'revoke': {
      const id = pickGrant(run, op.pick);
      if (id === undefined) return { want: { codes: [404], why: 'no grant yet' }, sc: 404 };
      const want = model.expectRevoke(op.by, id);
      const r = tree.remove(p, { moid: DELEG, miid: run.miidOf.get(id)!, path: [] });
      return { want, sc: r.ok ? 200 : r.error.sc, ...(r.ok ? {} : { note: r.error.message }) };
    }
    case 'write': {
      const want = model.expectWrite(op.by, op.target, op.path, op.value);
      const r = tree.write(p, FREE, op.target, op.path, op.value);
      return { want, sc: r.ok ? 200 : r.error.sc, ...(r.ok ? {} : { note: r.error.message }) };
    }
    case 'delete': {
      const want = model.expectDelete(op.by, op.target, op.path);
      const r = tree.remove(p, { moid: FREE, miid: op.target, path: op.path });
      return { want, sc: r.ok ? 200 : r.error.sc, ...(r.ok ? {} : { note: r.error.message }) };
    }
    case 'read': {
      const want = model.expectRead(op.by, op.target, op.path);
      const got = read(tree, op.by, concreteUri(FREE, op.target, op.path));
      if (got.sc === 200 && want.codes.includes(200) && !sameValue(got.data, want.value)) {
        return { want: { codes: [200], why: `read must give ${JSON.stringify(want.value)}` }, sc: -1, note: `read ${JSON.stringify(got.data)}` };
      }
      return { want, sc: got.sc };
    }
    case 'readGrant': {
      const id = pickGrant(run, op.pick);
      if (id === undefined) return { want: { codes: [404], why: 'no grant yet' }, sc: 404 };
      const g = model.grants.get(id);
      const want: Expectation = !g
        ? { codes: [404], why: `grant #${id} is gone` }
        : model.grantInstanceRights(op.by, id).has('R')
          ? { codes: [200], why: `${op.by} is grantor or grantee of #${id}` }
          : { codes: [403], why: `${op.by} is neither grantor nor grantee of #${id}` };
      const got = read(tree, op.by, concreteUri(DELEG, run.miidOf.get(id)!));
      if (got.sc === 200 && g && !sameValue(normalizeStored(got.data), storedGrant(g, run.miidOf))) {
        return {
          want: { codes: [200], why: `grant must read ${JSON.stringify(storedGrant(g, run.miidOf))}` },
          sc: -1,
          note: `read ${JSON.stringify(got.data)}`,
        };
      }
      return { want, sc: got.sc };
    }
    case 'tamper': {
      const id = pickGrant(run, op.pick);
      if (id === undefined) return { want: { codes: [404], why: 'no grant yet' }, sc: 404 };
      const g = model.grants.get(id);
      const miid = run.miidOf.get(id)!;
      const want: Expectation = !g
        ? op.how === 'replace'
          ? { codes: [400], why: `grant #${id} is gone: an HGET at its MIID asks for a new grant, and an empty one is malformed` }
          : { codes: [404], why: `grant #${id} is gone` }
        : g.grantor === op.by
          ? { codes: [400, 403, 405], why: `a grant is immutable: ${op.by} may revoke #${id}, not change it` }
          : { codes: [403], why: `${op.by} is not the grantor of #${id}` };
      let r: ReturnType<typeof tree.remove> | ReturnType<typeof tree.write>;
      if (op.how === 'delete') r = tree.remove(p, { moid: DELEG, miid, path: [op.node] });
      else if (op.how === 'set') r = tree.write(p, DELEG, miid, [op.node], op.node === 'MaxDepth' || op.node === 'Priority' ? 9 : 's4');
      else {
        const current = (tree.entry({ moid: DELEG, miid, path: [] })?.MOData ?? {}) as Record<string, unknown>;
        const { [op.node]: _dropped, ...rest } = current;
        r = tree.write(p, DELEG, miid, [], rest);
      }
      // A refused change whose sc is 404 on a live grant means the node was absent: still nothing changed.
      if (!r.ok && r.error.sc === 404 && g) return { want: { codes: [404], why: 'absent node' }, sc: 404 };
      return { want, sc: r.ok ? 200 : r.error.sc, ...(r.ok ? {} : { note: r.error.message }) };
    }
  }
}

type ConcreteOp = Op & { by: Srv };

function concrete(model: DelegationModel, op: Op): ConcreteOp {
  if (op.op === 'grant') {
    const key = KEYS.includes(op.target as never) ? op.target : undefined;
    const by = actor(model, op.by, op.pick, key, 'D');
    if (!op.fit || !key) return { ...op, by };
    const own = model.rights(by, key);
    const grantee = op.grantee === by ? SERVERS[(SERVERS.indexOf(by) + 1 + (op.pick % 3)) % SERVERS.length]! : op.grantee;
    const within = [...op.rights].filter((r) => own.has(r as never)).join('');
    const parent = model.instances.get(key)?.owner === by ? undefined : model.parentFor(by, key);
    const maxDepth = parent ? Math.min(op.maxDepth, Math.max(0, parent.maxDepth - 1)) : op.maxDepth;
    return { ...op, by, grantee, rights: within || rightsText(own) || op.rights, maxDepth };
  }
  if (op.op === 'write' || op.op === 'delete') return { ...op, by: actor(model, op.by, op.pick, op.target, 'W') };
  return op as ConcreteOp;
}

/** Every rights decision and every stored value equals the model's. */
function invariants(run: Run): string | undefined {
  const { tree, model } = run;
  const held = [...tree.instancesOf(FREE)].map((i) => i.miid).sort();
  const expected = [...model.instances.keys()].sort();
  if (held.join('|') !== expected.join('|')) return `the tree holds instances [${held.join(', ')}], the model [${expected.join(', ')}]`;
  for (const key of expected) {
    const inst = tree.instance(FREE, key)!;
    const data = tree.entry({ moid: FREE, miid: key, path: [] })?.MOData;
    if (!sameValue(data, model.instances.get(key)!.root))
      return `${key} holds ${JSON.stringify(data)}, the model ${JSON.stringify(model.instances.get(key)!.root)}`;
    for (const s of SERVERS) {
      const got = rightsText(tree.policy.rightsOn(serverPrincipal(s), inst));
      const want = rightsText(model.rights(s, key));
      if (got !== want) return `rights of ${s} on ${key}: tree ${got || 'none'}, model ${want || 'none'}`;
    }
  }
  const liveMiids = [...model.grants.keys()].map((id) => run.miidOf.get(id)!).sort();
  const treeMiids = [...tree.instancesOf(DELEG)].map((i) => i.miid).sort();
  if (treeMiids.join('|') !== liveMiids.join('|')) return `the tree holds grants [${treeMiids.join(', ')}], the model [${liveMiids.join(', ')}]`;
  for (const g of model.grants.values()) {
    const miid = run.miidOf.get(g.id)!;
    const inst = tree.instance(DELEG, miid)!;
    const stored = normalizeStored(tree.entry({ moid: DELEG, miid, path: [] })?.MOData);
    const want = storedGrant(g, run.miidOf);
    if (!sameValue(stored, want)) return `grant #${g.id} (${miid}) stores ${JSON.stringify(stored)}, the model ${JSON.stringify(want)}`;
    for (const s of SERVERS) {
      const got = rightsText(tree.policy.rightsOn(serverPrincipal(s), inst));
      const wantRights = rightsText(model.grantInstanceRights(s, g.id));
      if (got !== wantRights) return `rights of ${s} on grant #${g.id}: tree ${got || 'none'}, model ${wantRights || 'none'}`;
    }
  }
  return undefined;
}

/** Runs the ops on a fresh tree and model; `expected` (hand-written sequences) pins each step's code too. */
function runOps(ops: readonly Op[], expected?: readonly number[]): void {
  const { tree, model } = setup();
  const run: Run = { tree, model, miidOf: new Map(), created: [] };
  for (const [i, op] of ops.entries()) {
    const before = model.describe();
    const { want, sc, note } = step(run, op);
    const where = `step ${i} ${JSON.stringify(concrete(model, op))} (grants before: ${before})`;
    if (expected && expected[i] !== sc)
      throw new Error(
        `${where}: answered ${sc}${note ? ` (${note})` : ''}, the hand-written expectation is ${expected[i]} (the model allows ${want.codes.join(' or ')}: ${want.why})`,
      );
    if (!want.codes.includes(sc))
      throw new Error(`${where}: answered ${sc}${note ? ` (${note})` : ''}, the model allows ${want.codes.join(' or ')}: ${want.why}`);
    if (sc === 200) want.commit?.();
    const broken = invariants(run);
    if (broken) throw new Error(`${where}: after it, ${broken} (grants now: ${model.describe()})`);
  }
}

describe('delegation on the DeviceTree against an independent P-DELEG model', () => {
  it('grant, revoke, write, delete and read by four MAs: every outcome and rights decision as the model says', () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40, size: 'medium' }), (ops) => runOps(ops)),
      { numRuns: Number(process.env.DELEG_RUNS ?? 600) },
    );
  });

  it('hand-written chains: sub-delegation depth, prohibited, full, priority and revocation cascade', () => {
    const chain: Op[] = [
      { op: 'grant', by: 's1', target: 'i1', pick: 0, grantee: 's2', rights: 'RWD', kind: 'shared', maxDepth: 2, priority: 3, prohibited: ['s4'], fit: false },
      { op: 'grant', by: 's2', target: 'i1', pick: 0, grantee: 's4', rights: 'R', kind: 'sub', maxDepth: 0, priority: 0, prohibited: [], fit: false },
      { op: 'grant', by: 's2', target: 'i1', pick: 0, grantee: 's3', rights: 'RWD', kind: 'sub', maxDepth: 1, priority: 1, prohibited: [], fit: false },
      { op: 'grant', by: 's3', target: 'i1', pick: 0, grantee: 's4', rights: 'R', kind: 'sub', maxDepth: 0, priority: 0, prohibited: [], fit: false },
      { op: 'write', by: 's2', pick: 0, target: 'i1', path: ['Name'], value: 'v2' },
      { op: 'write', by: 's3', pick: 0, target: 'i1', path: ['Name'], value: 'v3' },
      { op: 'write', by: 's1', pick: 0, target: 'i1', path: ['Sub', 'A'], value: 'v1' },
      { op: 'grant', by: 's1', target: 'i1', pick: 0, grantee: 's4', rights: 'R', kind: 'full', maxDepth: 0, priority: 0, prohibited: [], fit: false },
      { op: 'read', by: 's1', target: 'i1', path: ['Name'] },
      { op: 'revoke', by: 's2', pick: 0 },
      { op: 'revoke', by: 's1', pick: 0 },
      { op: 'read', by: 's3', target: 'i1', path: ['Name'] },
      { op: 'revoke', by: 's1', pick: 2 },
      { op: 'write', by: 's1', pick: 0, target: 'i1', path: ['Name'], value: 'v1' },
      { op: 'delete', by: 's1', pick: 0, target: 'i1', path: [] },
      { op: 'readGrant', by: 's2', pick: 0 },
    ];
    // s2->s4: prohibited by s1's grant (403); s3->s4: inherited (403); s3 (priority 1) over s2 (3): 409;
    // s1 after its full grant: 403; s2 revoking s1's grant: 403; s1 revoking it takes s3's derived grant
    // along (s3 then 403); revoking the full grant gives s1 back its rights; s3, no grant left, has priority 0.
    runOps(chain, [200, 403, 200, 403, 200, 409, 200, 200, 403, 403, 200, 403, 200, 200, 200, 404]);
  });

  it('a grant cannot be changed in place (only revoked), so revocation and Prohibited cannot be escaped', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 6, arbitrary: opArb }, { weight: 1, arbitrary: tamperArb }), { minLength: 1, maxLength: 40, size: 'medium' }),
        (ops) => runOps(ops),
      ),
      { numRuns: 600 },
    );
  });
});
