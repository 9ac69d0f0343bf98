/**
 * DeviceTree against a plain-object model (K-TREE, K-ACL, P-ACL, P-DETAIL): sequences of write,
 * create, remove and read, each outcome checked against what the model says the tree must hold and
 * answer; after every step the tree renders exactly the model, each instance's cache validator
 * changes exactly when its content changed, and one change event is emitted per change.
 * Three devices: an MO without definition, DMAcc (definition with mandatory, read-only and secret
 * nodes) and DevInfo (permanent nodes: 405).
 */
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { concreteUri, parseClientUri } from '../../harness/protocol/client-uri.ts';
import { DeviceTree, type TreeChange } from '../../harness/tree/device-tree.ts';
import { serverPrincipal, type Principal } from '../../harness/tree/principal.ts';
import { MOID } from '../../harness/tree/standard-mos.ts';
import { jsonLeafArb } from '../../harness/generators/mo-data.ts';

type Obj = Record<string, unknown>;
type Actor = 'srv1' | 'srv2';

const FREE = 'urn:oma:mo:test-free:1.0';
const NAMES = ['a', 'b', 'c', 'a b', '*'] as const;
const MIIDS = ['1', '2', '3', 'x'] as const;

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Uint8Array);

/** Structural equality of MOData as the tree compares nodes (bytes by content, numbers by value). */
function same(a: unknown, b: unknown): boolean {
  if (a instanceof Uint8Array || b instanceof Uint8Array) return a instanceof Uint8Array && b instanceof Uint8Array && Buffer.compare(a, b) === 0;
  if (isObj(a) || isObj(b)) {
    if (!isObj(a) || !isObj(b)) return false;
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.hasOwn(b, k) && same(a[k], b[k]));
  }
  return a === b;
}

function clone(v: unknown): unknown {
  if (v instanceof Uint8Array) return Uint8Array.from(v);
  if (isObj(v)) return Object.fromEntries(Object.entries(v).map(([k, c]) => [k, clone(c)]));
  return v;
}

function get(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const name of path) {
    if (!isObj(node) || !Object.hasOwn(node, name)) return undefined;
    node = node[name];
  }
  return node;
}

const principal = (actor: Actor): Principal => serverPrincipal(actor);

/** A device whose account for srv1 lets it create instances of `moid` (and so own them). */
function deviceFor(moid: string): DeviceTree {
  const tree = new DeviceTree();
  const made = tree.deviceWrite(MOID.DMACC, 'acct', [], {
    SrvID: 'srv1',
    SrvURI: 'https://srv1.example/dm',
    Perm: { p: { MOID: moid, Rights: 'RW' } },
  });
  expect(made.ok).toBe(true);
  return tree;
}

// ---- operations --------------------------------------------------------------------------------

type Op =
  | { op: 'write'; actor: Actor; miid: string; path: string[]; data: unknown }
  | { op: 'create'; actor: Actor; data: unknown }
  | { op: 'remove'; actor: Actor; miid: string; path: string[] }
  | { op: 'read'; actor: Actor; miid: string; path: string[] }
  /** Writes back what the node holds now (an empty object where there is nothing): must change nothing. */
  | { op: 'rewrite'; actor: Actor; miid: string; path: string[] };

type ConcreteOp = Exclude<Op, { op: 'rewrite' }>;

/** What an operation answers: a status code and, when it changed something, what. */
interface Outcome {
  sc: number;
  created?: boolean;
  uri?: string;
}

interface Step {
  outcome: Outcome;
  /** The instance whose content changed, and the change event it must emit. */
  changed?: { miid: string; op: TreeChange['op']; path: string[] };
}

interface Model {
  moid: string;
  instances: Map<string, Obj>;
  owners: Map<string, Actor>;
  /** The highest numeric MIID ever removed: MIIDs are never handed out twice. */
  removedHighWater: number;
}

function runOp(tree: DeviceTree, moid: string, op: ConcreteOp): { outcome: Outcome; read?: unknown } {
  switch (op.op) {
    case 'write':
    case 'create': {
      const r = op.op === 'write' ? tree.write(principal(op.actor), moid, op.miid, op.path, op.data) : tree.create(principal(op.actor), moid, op.data);
      return { outcome: r.ok ? { sc: 200, created: r.value.created, uri: r.value.uri } : { sc: r.error.sc } };
    }
    case 'remove': {
      const r = tree.remove(principal(op.actor), { moid, miid: op.miid, path: op.path });
      return { outcome: { sc: r.ok ? 200 : r.error.sc } };
    }
    case 'read': {
      const uri = parseClientUri(concreteUri(moid, op.miid, op.path));
      if (!uri.ok) throw new Error(uri.error.message);
      const r = tree.resolve(principal(op.actor), uri.value, 'R');
      if (!r.ok) return { outcome: { sc: r.error.code === 'URI_FORBIDDEN' ? 403 : r.error.code === 'URI_NOT_FOUND' ? 404 : 400 } };
      expect(r.value).toEqual([{ moid, miid: op.miid, path: op.path }]);
      const entry = tree.entry(r.value[0]!);
      if (entry) {
        expect(entry.ClientURI).toBe(concreteUri(moid, op.miid, op.path));
        expect(entry.CV).toBe(tree.cv(moid, op.miid));
      }
      return { outcome: { sc: 200 }, read: entry?.MOData };
    }
  }
}

/**
 * Runs ops on a tree and a model side by side, checking every outcome and the invariants after each.
 * `outside` lists instances of the MO that the model leaves out (they must stay as they are).
 */
function check(
  tree: DeviceTree,
  model: Model,
  ops: readonly Op[],
  predict: (model: Model, op: ConcreteOp) => Step & { read?: unknown },
  render: (data: Obj) => unknown,
  outside: readonly string[] = [],
): void {
  const events: TreeChange[] = [];
  tree.onChange((c) => {
    if (c.moid === model.moid) events.push(c);
  });
  for (const [i, generated] of ops.entries()) {
    const op: ConcreteOp =
      generated.op === 'rewrite' ? { ...generated, op: 'write', data: clone(get(model.instances.get(generated.miid), generated.path) ?? {}) } : generated;
    const where = `step ${i}: ${JSON.stringify(op, (_k, v) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v))}`;
    const cvBefore = new Map([...model.instances.keys()].map((miid) => [miid, tree.cv(model.moid, miid)]));
    events.length = 0;
    const want = predict(model, op);
    const got = runOp(tree, model.moid, op);
    expect(got.outcome, where).toEqual(want.outcome);
    if (op.op === 'read' && want.outcome.sc === 200) expect(got.read, where).toEqual(want.read);
    // The tree holds exactly the model, rendered.
    const held = [...tree.instancesOf(model.moid)].map((inst) => inst.miid).filter((miid) => !outside.includes(miid));
    expect(held.sort(), where).toEqual([...model.instances.keys()].sort());
    for (const [miid, data] of model.instances) {
      expect(tree.entry({ moid: model.moid, miid, path: [] })?.MOData, `${where} (${miid})`).toEqual(render(data));
    }
    // The validator changes exactly for the instance whose content changed; one event per change.
    for (const [miid, before] of cvBefore) {
      const after = tree.cv(model.moid, miid);
      if (want.changed?.miid === miid) expect(after, `${where}: cv of ${miid} must change`).not.toBe(before);
      else expect(after, `${where}: cv of ${miid} must not change`).toBe(before);
    }
    if (want.changed)
      expect(
        events.map((e) => ({ miid: e.miid, op: e.op, path: e.path })),
        where,
      ).toEqual([want.changed]);
    else expect(events, where).toEqual([]);
  }
}

function nextMiid(model: Model): string {
  let max = model.removedHighWater;
  for (const miid of model.instances.keys()) if (/^\d{1,15}$/.test(miid)) max = Math.max(max, Number(miid));
  return String(max + 1);
}

// ---- an MO without definition ----------------------------------------------------------------

/** What a definition-less MO accepts: objects of valid names, leaves of any JSON type or bytes, finite numbers (whole numbers beyond 2^53 are kept as float). */
function validFree(v: unknown): boolean {
  if (Array.isArray(v)) return false;
  if (v instanceof Uint8Array || v === null || typeof v === 'string' || typeof v === 'boolean') return true;
  if (typeof v === 'number') return Number.isFinite(v);
  if (isObj(v)) return Object.entries(v).every(([k, c]) => /^[^/]{1,255}$/.test(k) && validFree(c));
  return false;
}

function predictFree(model: Model, op: ConcreteOp): Step & { read?: unknown } {
  const uriOf = (miid: string, path: readonly string[]) => concreteUri(model.moid, miid, path);
  if (op.op === 'create') {
    if (op.actor !== 'srv1') return { outcome: { sc: 403 } };
    if (!isObj(op.data) || !validFree(op.data)) return { outcome: { sc: 400 } };
    const miid = nextMiid(model);
    model.instances.set(miid, clone(op.data) as Obj);
    model.owners.set(miid, op.actor);
    return { outcome: { sc: 200, created: true, uri: uriOf(miid, []) }, changed: { miid, op: 'create', path: [] } };
  }
  const inst = model.instances.get(op.miid);
  if (op.op === 'read') {
    if (!inst) return { outcome: { sc: 404 } };
    if (model.owners.get(op.miid) !== op.actor) return { outcome: { sc: 403 } };
    const node = get(inst, op.path);
    return node === undefined ? { outcome: { sc: 404 } } : { outcome: { sc: 200 }, read: node };
  }
  if (op.op === 'remove') {
    if (!inst) return { outcome: { sc: 404 } };
    if (model.owners.get(op.miid) !== op.actor) return { outcome: { sc: 403 } };
    if (op.path.length === 0) {
      model.instances.delete(op.miid);
      if (/^\d{1,15}$/.test(op.miid)) model.removedHighWater = Math.max(model.removedHighWater, Number(op.miid));
      model.owners.delete(op.miid);
      return { outcome: { sc: 200 }, changed: { miid: op.miid, op: 'delete', path: [] } };
    }
    const parent = get(inst, op.path.slice(0, -1));
    const name = op.path[op.path.length - 1]!;
    if (!isObj(parent) || !Object.hasOwn(parent, name)) return { outcome: { sc: 404 } };
    delete parent[name];
    return { outcome: { sc: 200 }, changed: { miid: op.miid, op: 'delete', path: op.path } };
  }
  // write
  if (!inst) {
    if (op.path.length > 0) return { outcome: { sc: 404 } };
    if (op.actor !== 'srv1') return { outcome: { sc: 403 } };
    if (!isObj(op.data) || !validFree(op.data)) return { outcome: { sc: 400 } };
    model.instances.set(op.miid, clone(op.data) as Obj);
    model.owners.set(op.miid, op.actor);
    return { outcome: { sc: 200, created: true, uri: uriOf(op.miid, []) }, changed: { miid: op.miid, op: 'create', path: [] } };
  }
  if (model.owners.get(op.miid) !== op.actor) return { outcome: { sc: 403 } };
  if (op.path.length === 0) {
    if (!isObj(op.data) || !validFree(op.data)) return { outcome: { sc: 400 } };
    if (same(inst, op.data)) return { outcome: { sc: 200, created: false, uri: uriOf(op.miid, []) } };
    model.instances.set(op.miid, clone(op.data) as Obj);
    return { outcome: { sc: 200, created: false, uri: uriOf(op.miid, []) }, changed: { miid: op.miid, op: 'replace', path: [] } };
  }
  const parent = get(inst, op.path.slice(0, -1));
  if (!isObj(parent)) return { outcome: { sc: 404 } };
  if (!validFree(op.data)) return { outcome: { sc: 400 } };
  const name = op.path[op.path.length - 1]!;
  const existed = Object.hasOwn(parent, name);
  if (existed && same(parent[name], op.data)) return { outcome: { sc: 200, created: false, uri: uriOf(op.miid, op.path) } };
  parent[name] = clone(op.data);
  return {
    outcome: { sc: 200, created: !existed, uri: uriOf(op.miid, op.path) },
    changed: { miid: op.miid, op: existed ? 'replace' : 'create', path: op.path },
  };
}

const nameArb = fc.constantFrom(...NAMES);
const pathArb = fc.oneof(
  { weight: 2, arbitrary: fc.constant<string[]>([]) },
  { weight: 4, arbitrary: fc.array(nameArb, { minLength: 1, maxLength: 1 }) },
  { weight: 3, arbitrary: fc.array(nameArb, { minLength: 2, maxLength: 2 }) },
  { weight: 1, arbitrary: fc.array(nameArb, { minLength: 3, maxLength: 3 }) },
);
const freeLeafArb = fc.oneof({ weight: 5, arbitrary: jsonLeafArb() }, { weight: 1, arbitrary: fc.uint8Array({ maxLength: 6 }) });
const freeObjArb: fc.Arbitrary<Obj> = fc.letrec<{ node: Obj }>((tie) => ({
  node: fc.dictionary(nameArb, fc.oneof({ weight: 3, arbitrary: freeLeafArb }, { weight: 1, arbitrary: tie('node') }), {
    maxKeys: 3,
    noNullPrototype: true,
    depthIdentifier: 'free',
  }),
})).node;
/** Mostly valid data, sometimes what a definition-less MO must refuse. */
const freeDataArb = fc.oneof(
  { weight: 6, arbitrary: freeObjArb },
  { weight: 3, arbitrary: freeLeafArb },
  { weight: 1, arbitrary: fc.constantFrom<unknown>([1, 2], { 'a/b': 1 }, { '': 1 }, { a: { b: [] } }, 2 ** 60, { a: -(2 ** 53) }) },
);
const actorArb = fc.constantFrom<Actor>('srv1', 'srv1', 'srv1', 'srv2');

/** Sequences start by making instances 1 and 2, so that later steps find something to act on. */
const freeSeedArb: fc.Arbitrary<Op[]> = fc.tuple(freeObjArb, freeObjArb).map(([a, b]): Op[] => [
  { op: 'write', actor: 'srv1', miid: '1', path: [], data: a },
  { op: 'write', actor: 'srv1', miid: '2', path: [], data: b },
]);

const freeOpArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({ op: fc.constant('write' as const), actor: actorArb, miid: fc.constantFrom(...MIIDS), path: pathArb, data: freeDataArb }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('create' as const), actor: actorArb, data: freeDataArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), actor: actorArb, miid: fc.constantFrom(...MIIDS), path: pathArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('read' as const), actor: actorArb, miid: fc.constantFrom(...MIIDS), path: pathArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rewrite' as const), actor: actorArb, miid: fc.constantFrom(...MIIDS), path: pathArb }) },
);

// ---- DMAcc ------------------------------------------------------------------------------------

/** The DMAcc definition as the model sees it (K-DDF node list; P-ACL secrets). */
type Spec =
  | { kind: 'leaf'; mandatory?: boolean; readOnly?: boolean; secret?: boolean }
  | { kind: 'node'; mandatory?: boolean; children?: Record<string, Spec>; each?: Spec; open?: boolean };

const chr = (o: { mandatory?: boolean; readOnly?: boolean; secret?: boolean } = {}): Spec => ({ kind: 'leaf', ...o });
const DMACC_SPEC: Spec = {
  kind: 'node',
  children: {
    SrvID: chr({ mandatory: true, readOnly: true }),
    SrvURI: chr({ mandatory: true }),
    Name: chr(),
    Perm: { kind: 'node', each: { kind: 'node', children: { MOID: chr({ mandatory: true }), Rights: chr() } } },
    Auth: { kind: 'node', each: { kind: 'node', children: { Type: chr(), Name: chr(), Secret: chr({ secret: true }), Data: chr() } } },
    Push: { kind: 'node', children: { Ping: chr(), URI: chr() } },
    Ext: { kind: 'node', open: true },
  },
};

/** The spec of a child; 'any' below an open node (no definition applies: the definition-less rules). */
function childSpec(spec: Spec | 'any', name: string): Spec | 'any' | undefined {
  if (spec === 'any') return 'any';
  if (spec.kind !== 'node') return undefined;
  return spec.children?.[name] ?? spec.each ?? (spec.open ? 'any' : undefined);
}

function specAt(path: readonly string[]): Spec | 'any' | undefined {
  let spec: Spec | 'any' | undefined = DMACC_SPEC;
  for (const name of path) {
    if (spec === undefined) return undefined;
    spec = childSpec(spec, name);
  }
  return spec;
}

/** buildSubtree's verdict on `data` for a node of `spec` now holding `existing`: first fault in document order. */
function verdict(spec: Spec | 'any', data: unknown, existing: unknown): 200 | 400 | 405 {
  if (spec === 'any') return validFree(data) ? 200 : 400;
  if (Array.isArray(data)) return 400;
  if (spec.kind === 'node') {
    if (!isObj(data)) return 400;
    for (const [name, value] of Object.entries(data)) {
      if (!/^[^/]{1,255}$/.test(name)) return 400;
      const c = childSpec(spec, name);
      if (c === undefined) return 400;
      const v = verdict(c, value, isObj(existing) ? existing[name] : undefined);
      if (v !== 200) return v;
    }
    for (const [name, c] of Object.entries(spec.children ?? {})) if (c.mandatory && !Object.hasOwn(data, name)) return 400;
    return 200;
  }
  if (typeof data !== 'string') return 400;
  if (existing !== undefined && !(existing === data) && spec.readOnly) return 405;
  return 200;
}

/** What a read shows: everything but Auth/<x>/Secret. */
function renderDmacc(data: Obj): Obj {
  const out = clone(data) as Obj;
  const auth = out.Auth;
  if (isObj(auth)) for (const entry of Object.values(auth)) if (isObj(entry)) delete entry.Secret;
  return out;
}

function predictDmacc(model: Model, op: ConcreteOp): Step & { read?: unknown } {
  const uriOf = (miid: string, path: readonly string[]) => concreteUri(model.moid, miid, path);
  if (op.op === 'create') {
    const v = verdict(DMACC_SPEC, op.data, undefined);
    if (v !== 200) return { outcome: { sc: v } };
    const miid = nextMiid(model);
    model.instances.set(miid, clone(op.data) as Obj);
    model.owners.set(miid, op.actor);
    return { outcome: { sc: 200, created: true, uri: uriOf(miid, []) }, changed: { miid, op: 'create', path: [] } };
  }
  const inst = model.instances.get(op.miid);
  if (op.op === 'read') {
    if (!inst) return { outcome: { sc: 404 } };
    const node = get(inst, op.path);
    if (node === undefined) return { outcome: { sc: 404 } };
    const secret = op.path.length === 3 && op.path[0] === 'Auth' && op.path[2] === 'Secret';
    return { outcome: { sc: 200 }, read: secret ? undefined : op.path.length === 0 ? renderDmacc(inst) : get(renderDmacc(inst), op.path) };
  }
  if (op.op === 'remove') {
    if (!inst) return { outcome: { sc: 404 } };
    if (op.path.length === 0) {
      model.instances.delete(op.miid);
      if (/^\d{1,15}$/.test(op.miid)) model.removedHighWater = Math.max(model.removedHighWater, Number(op.miid));
      return { outcome: { sc: 200 }, changed: { miid: op.miid, op: 'delete', path: [] } };
    }
    const parent = get(inst, op.path.slice(0, -1));
    const name = op.path[op.path.length - 1]!;
    if (!isObj(parent) || !Object.hasOwn(parent, name)) return { outcome: { sc: 404 } };
    // A mandatory node the definition names (not a <x> entry) cannot be deleted.
    const parentSpec = specAt(op.path.slice(0, -1));
    const named = parentSpec !== undefined && parentSpec !== 'any' && parentSpec.kind === 'node' ? parentSpec.children?.[name] : undefined;
    if (named?.mandatory) return { outcome: { sc: 405 } };
    delete parent[name];
    return { outcome: { sc: 200 }, changed: { miid: op.miid, op: 'delete', path: op.path } };
  }
  if (!inst) {
    if (op.path.length > 0) return { outcome: { sc: 404 } };
    const v = verdict(DMACC_SPEC, op.data, undefined);
    if (v !== 200) return { outcome: { sc: v } };
    model.instances.set(op.miid, clone(op.data) as Obj);
    model.owners.set(op.miid, op.actor);
    return { outcome: { sc: 200, created: true, uri: uriOf(op.miid, []) }, changed: { miid: op.miid, op: 'create', path: [] } };
  }
  if (op.path.length === 0) {
    const v = verdict(DMACC_SPEC, op.data, inst);
    if (v !== 200) return { outcome: { sc: v } };
    if (same(inst, op.data)) return { outcome: { sc: 200, created: false, uri: uriOf(op.miid, []) } };
    model.instances.set(op.miid, clone(op.data) as Obj);
    return { outcome: { sc: 200, created: false, uri: uriOf(op.miid, []) }, changed: { miid: op.miid, op: 'replace', path: [] } };
  }
  const parent = get(inst, op.path.slice(0, -1));
  if (!isObj(parent)) return { outcome: { sc: 404 } };
  const spec = specAt(op.path);
  if (spec === undefined) return { outcome: { sc: 400 } };
  const name = op.path[op.path.length - 1]!;
  const existed = Object.hasOwn(parent, name);
  const v = verdict(spec, op.data, parent[name]);
  if (v !== 200) return { outcome: { sc: v } };
  if (existed && same(parent[name], op.data)) return { outcome: { sc: 200, created: false, uri: uriOf(op.miid, op.path) } };
  parent[name] = clone(op.data);
  return {
    outcome: { sc: 200, created: !existed, uri: uriOf(op.miid, op.path) },
    changed: { miid: op.miid, op: existed ? 'replace' : 'create', path: op.path },
  };
}

const textArb = fc.constantFrom('x', 'y', 'RWE', 'R', 'https://a.example/dm');
const entryNameArb = fc.constantFrom('k1', 'k2');
const permEntryArb = fc.record(
  { MOID: fc.constantFrom(MOID.DEVINFO, FREE), Rights: fc.constantFrom('R', 'RW') },
  { requiredKeys: ['MOID'], noNullPrototype: true },
);
const authEntryArb = fc.record(
  { Type: fc.constantFrom('Basic', 'Noti'), Name: textArb, Secret: textArb, Data: textArb },
  { requiredKeys: [], noNullPrototype: true },
);
const dmaccDataArb: fc.Arbitrary<Obj> = fc.record(
  {
    SrvID: fc.constantFrom('srvA', 'srvB'),
    SrvURI: textArb,
    Name: textArb,
    Perm: fc.dictionary(entryNameArb, permEntryArb, { maxKeys: 2, noNullPrototype: true }),
    Auth: fc.dictionary(entryNameArb, authEntryArb, { maxKeys: 2, noNullPrototype: true }),
    Push: fc.record({ Ping: fc.constantFrom('30', '60'), URI: textArb }, { requiredKeys: [], noNullPrototype: true }),
    Ext: fc.dictionary(fc.constantFrom('v', 'w'), freeLeafArb, { maxKeys: 2, noNullPrototype: true }),
  },
  { requiredKeys: ['SrvID', 'SrvURI'], noNullPrototype: true },
);
/** Whole accounts, mostly valid, sometimes missing a mandatory node, with a wrong type or an unknown node. */
const dmaccRootArb = fc.oneof(
  { weight: 5, arbitrary: dmaccDataArb },
  { weight: 1, arbitrary: dmaccDataArb.map(({ SrvID: _, ...rest }) => rest) },
  { weight: 1, arbitrary: dmaccDataArb.map((d) => ({ ...d, SrvURI: 8080 })) },
  { weight: 1, arbitrary: dmaccDataArb.map((d) => ({ ...d, Bogus: 'x' })) },
);
/** Writes below the root: each path with data that fits it, or does not. */
const nodeWrite = (path: fc.Arbitrary<string[]>, data: fc.Arbitrary<unknown>) => fc.record({ path, data }, { noNullPrototype: true });
const dmaccNodeWriteArb: fc.Arbitrary<{ path: string[]; data: unknown }> = fc.oneof(
  nodeWrite(
    fc.constantFrom<string[]>(['Name'], ['SrvURI'], ['SrvID'], ['Push', 'Ping'], ['Bogus']),
    fc.oneof<fc.Arbitrary<unknown>[]>(textArb, fc.constant(7)),
  ),
  nodeWrite(
    entryNameArb.map((k) => ['Auth', k, 'Secret']),
    textArb,
  ),
  nodeWrite(
    entryNameArb.map((k) => ['Auth', k]),
    authEntryArb,
  ),
  nodeWrite(
    entryNameArb.map((k) => ['Perm', k]),
    fc.oneof<fc.Arbitrary<unknown>[]>(permEntryArb, fc.constant({ Rights: 'R' })),
  ),
  nodeWrite(
    entryNameArb.map((k) => ['Perm', k, 'Rights']),
    textArb,
  ),
  nodeWrite(fc.constant(['Perm']), fc.dictionary(entryNameArb, permEntryArb, { maxKeys: 2, noNullPrototype: true })),
  nodeWrite(fc.constant(['Push']), fc.constant({})),
  nodeWrite(fc.constantFrom<string[]>(['Ext', 'v'], ['Ext', 'v', 'deep']), freeDataArb),
);
const dmaccPathArb = fc.constantFrom<string[]>(
  [],
  ['Name'],
  ['SrvID'],
  ['SrvURI'],
  ['Perm'],
  ['Perm', 'k1'],
  ['Perm', 'k1', 'MOID'],
  ['Perm', 'k2', 'Rights'],
  ['Auth'],
  ['Auth', 'k1'],
  ['Auth', 'k1', 'Secret'],
  ['Push', 'Ping'],
  ['Ext'],
  ['Ext', 'v'],
);
const dmaccMiidArb = fc.constantFrom('1', '2', '3');

const dmaccSeedArb: fc.Arbitrary<Op[]> = fc.tuple(dmaccDataArb, dmaccDataArb).map(([a, b]): Op[] => [
  { op: 'write', actor: 'srv1', miid: '1', path: [], data: a },
  { op: 'create', actor: 'srv1', data: b },
]);

const dmaccOpArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 2, arbitrary: fc.tuple(dmaccMiidArb, dmaccRootArb).map(([miid, data]): Op => ({ op: 'write', actor: 'srv1', miid, path: [], data })) },
  { weight: 5, arbitrary: fc.tuple(dmaccMiidArb, dmaccNodeWriteArb).map(([miid, w]): Op => ({ op: 'write', actor: 'srv1', miid, ...w })) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('create' as const), actor: fc.constant<Actor>('srv1'), data: dmaccRootArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('remove' as const), actor: fc.constant<Actor>('srv1'), miid: dmaccMiidArb, path: dmaccPathArb }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('read' as const), actor: fc.constant<Actor>('srv1'), miid: dmaccMiidArb, path: dmaccPathArb }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('rewrite' as const), actor: fc.constant<Actor>('srv1'), miid: dmaccMiidArb, path: dmaccPathArb }) },
);

// ---- DevInfo ----------------------------------------------------------------------------------

const bench = JSON.parse(readFileSync(join(import.meta.dirname, '../../bench/b1-device-tree.json'), 'utf8')) as Record<string, Record<string, Obj>>;
const DEVINFO_DATA = bench[MOID.DEVINFO]!['1']!;
const OPERATOR = 'dm.operator.example';

function benchDevice(): DeviceTree {
  const tree = new DeviceTree();
  for (const [moid, instances] of Object.entries(bench)) {
    for (const [miid, data] of Object.entries(instances)) expect(tree.deviceWrite(moid, miid, [], data).ok).toBe(true);
  }
  return tree;
}

type DevInfoOp = { op: 'write'; path: string[]; data: unknown } | { op: 'remove'; path: string[] };

const devInfoLeafArb = fc.constantFrom(...Object.keys(DEVINFO_DATA));
const devInfoWrite = (path: fc.Arbitrary<string[]>, data: fc.Arbitrary<unknown>): fc.Arbitrary<DevInfoOp> =>
  fc.record({ path, data }).map(({ path: p, data: d }): DevInfoOp => ({ op: 'write', path: p, data: d }));
const devInfoRemove = (path: fc.Arbitrary<string[]>): fc.Arbitrary<DevInfoOp> => path.map((p): DevInfoOp => ({ op: 'remove', path: p }));
const devInfoOpArb: fc.Arbitrary<DevInfoOp> = fc.oneof(
  devInfoWrite(
    devInfoLeafArb.map((k) => [k]),
    fc.oneof<fc.Arbitrary<unknown>[]>(
      devInfoLeafArb.map((k) => DEVINFO_DATA[k]),
      fc.constant('changed'),
    ),
  ),
  devInfoWrite(
    fc.constant([]),
    fc.oneof<fc.Arbitrary<unknown>[]>(
      fc.constant(DEVINFO_DATA),
      devInfoLeafArb.map((k) => ({ ...DEVINFO_DATA, [k]: 'changed' })),
      devInfoLeafArb.map((k) => Object.fromEntries(Object.entries(DEVINFO_DATA).filter(([n]) => n !== k))),
    ),
  ),
  devInfoRemove(
    fc.oneof(
      fc.constant<string[]>([]),
      devInfoLeafArb.map((k) => [k]),
    ),
  ),
  devInfoWrite(fc.constant(['Ext']), fc.dictionary(fc.constantFrom('fw', 'hw'), fc.constantFrom('1', '2'), { maxKeys: 2, noNullPrototype: true })),
  devInfoRemove(fc.constant(['Ext'])),
);

// ---- properties --------------------------------------------------------------------------------

describe('DeviceTree against a model', () => {
  it('an MO without definition holds what was written, to its owner only', () => {
    fc.assert(
      fc.property(freeSeedArb, fc.array(freeOpArb, { minLength: 1, maxLength: 25 }), (seed, ops) => {
        const model: Model = { moid: FREE, instances: new Map(), owners: new Map(), removedHighWater: 0 };
        check(deviceFor(FREE), model, [...seed, ...ops], predictFree, (d) => d);
      }),
      { numRuns: 150 },
    );
  });

  it('DMAcc: mandatory nodes, read-only SrvID (405), unknown nodes (400), secrets written but never read', () => {
    fc.assert(
      fc.property(dmaccSeedArb, fc.array(dmaccOpArb, { minLength: 1, maxLength: 25 }), (seed, ops) => {
        const model: Model = { moid: MOID.DMACC, instances: new Map(), owners: new Map(), removedHighWater: 0 };
        const tree = deviceFor(MOID.DMACC);
        // The device-made account 'acct' stays out of the model and must stay as it is.
        const acct = tree.entry({ moid: MOID.DMACC, miid: 'acct', path: [] });
        const acctCv = tree.cv(MOID.DMACC, 'acct');
        check(tree, model, [...seed, ...ops], predictDmacc, renderDmacc, ['acct']);
        expect(tree.entry({ moid: MOID.DMACC, miid: 'acct', path: [] })).toEqual(acct);
        expect(tree.cv(MOID.DMACC, 'acct')).toBe(acctCv);
      }),
      { numRuns: 150 },
    );
  });

  it('DevInfo: a server with RWE still gets 405 for every permanent node, and only Ext changes', () => {
    fc.assert(
      fc.property(fc.array(devInfoOpArb, { minLength: 1, maxLength: 15 }), (ops) => {
        const tree = benchDevice();
        const server = serverPrincipal(OPERATOR);
        let ext: Obj | undefined;
        for (const op of ops) {
          const before = tree.cv(MOID.DEVINFO, '1');
          const r =
            op.op === 'write' ? tree.write(server, MOID.DEVINFO, '1', op.path, op.data) : tree.remove(server, { moid: MOID.DEVINFO, miid: '1', path: op.path });
          const sc = r.ok ? 200 : r.error.sc;
          let want: number;
          let changed = false;
          if (op.path[0] === 'Ext') {
            want = op.op === 'remove' && ext === undefined ? 404 : 200;
            const next = op.op === 'write' ? (op.data as Obj) : undefined;
            changed = !same(next, ext);
            ext = next;
          } else if (op.op === 'remove') want = 405;
          else if (op.path.length > 0) want = same(op.data, get(DEVINFO_DATA, op.path)) ? 200 : 405;
          else {
            // A new root: any permanent leaf changed or left out is 405; Ext (dynamic) follows the data.
            const data = op.data as Obj;
            const leafChanged = Object.keys(DEVINFO_DATA).some((k) => !same(data[k], DEVINFO_DATA[k]));
            want = leafChanged ? 405 : 200;
            if (!leafChanged) {
              const next = data.Ext as Obj | undefined;
              changed = !same(next, ext);
              ext = next;
            }
          }
          expect({ op, sc }).toEqual({ op, sc: want });
          expect(tree.cv(MOID.DEVINFO, '1') !== before, `cv change for ${JSON.stringify(op)}`).toBe(changed);
          expect(tree.entry({ moid: MOID.DEVINFO, miid: '1', path: [] })?.MOData).toEqual(ext === undefined ? DEVINFO_DATA : { ...DEVINFO_DATA, Ext: ext });
        }
      }),
      { numRuns: 100 },
    );
  });
});
