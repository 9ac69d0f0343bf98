/**
 * Delegation issued by the server (P-DELEG, K-ACL; DM-HLF-013 delegation, DM-HLF-014 priority,
 * DM-HLF-022 shared, DM-HLF-023 full, DM-HLF-024 sub, DM-HLF-026 restrictions on sub-delegation).
 *
 * Through `server.delegate` the IUT sends the harness device a grant — an HGET of a Delegation MO
 * instance — and reports what became of it in `server.result`. The case checks the grant as the
 * device holds it (Target, Grantee, Rights, Kind, MaxDepth, Prohibited, Priority exactly as asked;
 * Grantor the IUT's SrvID, which the device sets from the session), that server.result says 200 with
 * the grant's URI, and that a grant the device refuses comes back as 403, not as a success.
 *
 * The target is an instance the IUT itself created on the device (by HGET, so it holds D on it) or,
 * for sub-delegation, one another MA created and delegated to the IUT with D — the harness plays that
 * MA on its own device.
 */
import fc from 'fast-check';
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { HarnessDevice, type UtResult } from '../../harness/conformance/fixtures/harness-device.ts';
import { show } from '../../harness/conformance/fixtures/verify.ts';
import { ContentHost } from '../../harness/conformance/fixtures/server/content-host.ts';
import { deliver, type ResultsOf } from '../../harness/conformance/fixtures/server/deliver.ts';
import { DelegationModel } from '../../harness/conformance/fixtures/delegation-model.ts';
import { checkAgainstModel, ModelMismatch } from '../../harness/conformance/fixtures/model-check.ts';
import { CONNMO, DIAGNOSTICS_MOID as DIAG, MOID } from '../../harness/protocol/moids.ts';
import type { Package3, StatusEntry } from '../../harness/protocol/packages.ts';

interface Grant {
  Target: string;
  Grantee: string;
  Rights: string;
  Kind: 'shared' | 'full' | 'sub';
  MaxDepth?: number;
  Prohibited?: string;
  Priority?: number;
}

/**
 * A harness device on which the IUT is to create `${CONNMO}/<fresh MIID>` (HGET with a ClientURI,
 * queued before the grants; it may leave in the same session as them or an earlier one); returns the
 * device and the instance's ClientURI.
 */
async function deviceWithOwnInstance(t: CaseContext) {
  const dev = await HarnessDevice.start(t);
  const host = await ContentHost.start(t);
  const miid = t.uniqueName('inst');
  const uri = `${CONNMO}/${miid}`;
  const content = host.publish([{ ClientURI: uri, MOData: { Name: `made-by-the-iut-${t.seed >>> 0}` } }]);
  const create = await dev.queue(['HGET', content.url, uri]);
  return { dev, uri, miid, create };
}

/** Has the IUT delegate (upper tester server.delegate); returns the command ID. */
async function delegate(t: CaseContext, dev: HarnessDevice, grant: Grant): Promise<string> {
  t.step(`server.delegate ${grant.Kind} ${grant.Rights} on ${grant.Target} to ${grant.Grantee}`);
  const r = await t.ut('server.delegate', { devId: dev.devId, grant });
  return String(r.commandId);
}

/**
 * Runs the device's sessions until every command is delivered (commands queued separately need not
 * share a Package#2 or a session) and returns each command's result. Each session must end well:
 * a public fact (K-FLOW), the only one these cases check — the grants themselves are P-DELEG.
 */
async function runSession<const Ids extends readonly string[]>(t: CaseContext, dev: HarnessDevice, ids: Ids): Promise<ResultsOf<Ids>> {
  return deliver(t, dev, ids, 'the grant');
}

/** The grants the device holds that the IUT made for that grantee. */
function grantsBy(dev: HarnessDevice, grantee: string): Array<[string, Record<string, unknown>]> {
  return [...dev.grants()].filter(([, g]) => g.Grantor === dev.iut.srvId && g.Grantee === grantee);
}

/** The names of a Prohibited list, as a sorted set (the device may store an inherited list in any order). */
const prohibitedSet = (list: unknown): string => (typeof list === 'string' ? [...new Set(list.split(',').map((x) => x.trim()).filter(Boolean))].sort().join(',') : '');

/**
 * How the grant the device holds differs from the one asked for (none: the same). `expected` adds what
 * the device sets itself (Parent; an inherited Prohibited list, compared as a set).
 */
function grantDifferences(g: Record<string, unknown>, asked: Grant, grantor: string, expected: Record<string, unknown> = {}): string[] {
  const want: Record<string, unknown> = {
    Target: asked.Target,
    Grantee: asked.Grantee,
    Rights: asked.Rights,
    Kind: asked.Kind,
    MaxDepth: asked.MaxDepth ?? 0,
    Priority: asked.Priority ?? 0,
    Grantor: grantor,
    ...(asked.Prohibited ? { Prohibited: asked.Prohibited } : {}),
    ...expected,
  };
  const same = (k: string, v: unknown) => (k === 'Prohibited' ? prohibitedSet(g[k]) === prohibitedSet(v) : g[k] === v);
  // Catches a server that changes, drops or clamps a field of the grant it was asked for (Priority, MaxDepth, Prohibited ...).
  const wrong = Object.entries(want)
    .filter(([k, v]) => !same(k, v))
    .map(([k, v]) => `${k} is ${show(g[k] ?? null)}, not ${show(v)}`);
  const extra = Object.keys(g).filter((k) => !(k in want) && k !== 'Parent' && !(k === 'Prohibited' && prohibitedSet(g[k]) === ''));
  return [...wrong, ...(extra.length ? [`it holds nodes nobody asked for: ${extra.join(', ')}`] : [])];
}

/**
 * FAILs unless the IUT's grant reached the device exactly as asked and server.result reports 200 with
 * its URI. `expected` adds what the device sets itself (Parent, an inherited Prohibited list).
 */
function expectGrant(t: CaseContext, dev: HarnessDevice, r: UtResult, asked: Grant, expected: Record<string, unknown> = {}): string {
  const held = grantsBy(dev, asked.Grantee);
  // Catches a server that sends no grant (or another grantee's), or several.
  const [miid, g] = t.need(held.length === 1 ? held[0] : undefined, `the device holds ${held.length} grants by ${dev.iut.srvId} to ${asked.Grantee}, not 1 (server.result: ${r.state} ${show(r.status)})`);
  const wrong = grantDifferences(g, asked, dev.iut.srvId, expected);
  t.check(wrong.length === 0, `the grant the device holds differs from the one asked for: ${wrong.join('; ')}`);
  // Catches a server that reports a grant other than it is (state, code, URI).
  const uri = `${MOID.DELEGATION}/${miid}`;
  t.check(r.state === 'done' && r.status?.sc === 200, `server.result reports the grant ${r.state} with ${show(r.status)}, not done with sc 200`);
  t.check(r.status?.URI.includes(uri), `server.result names [${(r.status?.URI ?? []).join(', ')}], not the grant ${uri} the device made`);
  return miid;
}

/** FAILs unless server.result reports the device's refusal (403) and the device holds no such grant. */
function expectRefused(t: CaseContext, dev: HarnessDevice, r: UtResult, asked: Grant, why: string): void {
  const held = grantsBy(dev, asked.Grantee);
  // Catches a server that sent another grant than asked (one the device had no reason to refuse).
  t.check(held.length === 0, `the device holds ${held.length} grant(s) by ${dev.iut.srvId} to ${asked.Grantee}, though the grant asked for had to be refused (${why}): the IUT sent another grant (${show(held.map(([, g]) => g))})`);
  // Catches a server that reports a refused grant as done, or loses the device's Status.
  t.check(r.state === 'done' && r.status?.sc === 403, `server.result reports the grant the device refused (${why}) ${r.state} with ${show(r.status)}, not done with sc 403`);
}

/** Fails the case unless the IUT created its instance (a precondition: INCONC otherwise). */
async function created(t: CaseContext, dev: HarnessDevice, createId: string, uri: string): Promise<void> {
  const r = await dev.settle(createId);
  if (r.status?.sc !== 200) t.inconclusive(`precondition: the HGET that makes ${uri} the IUT's instance is ${r.state} with ${show(r.status)}`);
}

const FEATURES = ['DELEGATION'] as const;
const UT = ['server.delegate', 'server.result'];

defineCase(
  {
    id: 'DMCTS-S-DELEG-001',
    title: 'Shared delegation: the device holds the grant exactly as asked, with the server as Grantor',
    requirement: 'A server MUST send the grant it is asked to make — Target, Grantee, Rights, Kind shared, MaxDepth, Prohibited, Priority unchanged — as HGET of a Delegation MO instance, and report the device\'s 200 with the grant\'s URI (P-DELEG; DM-HLF-013, DM-HLF-022).',
    labels: ['DM-HLF-013', 'DM-HLF-022', 'DM-HLF-026'],
    rules: ['P-DELEG', 'K-ACL', 'K-CMD'],
    level: 'MUST',
    role: 'server',
    features: FEATURES,
    utMethods: UT,
  },
  async (t: CaseContext) => {
    const { dev, uri, create } = await deviceWithOwnInstance(t);
    const asked: Grant = { Target: uri, Grantee: t.uniqueName('ma-b'), Rights: 'RW', Kind: 'shared', MaxDepth: 2, Prohibited: `${t.uniqueName('ma-x')},${t.uniqueName('ma-y')}`, Priority: 3 };
    const id = await delegate(t, dev, asked);
    const [r] = await runSession(t, dev, [id]);
    await created(t, dev, create, uri);
    expectGrant(t, dev, r, asked);
  },
);

defineCase(
  {
    id: 'DMCTS-S-DELEG-002',
    title: 'Full delegation: the device holds a full grant as asked, and the server reports it',
    requirement: 'A server MUST send a full grant unchanged (Kind full, the rights asked) and report the device\'s 200 with the grant\'s URI (P-DELEG; DM-HLF-013, DM-HLF-023).',
    labels: ['DM-HLF-013', 'DM-HLF-023'],
    rules: ['P-DELEG', 'K-ACL'],
    level: 'MUST',
    role: 'server',
    features: FEATURES,
    utMethods: UT,
  },
  async (t: CaseContext) => {
    const { dev, uri, create } = await deviceWithOwnInstance(t);
    const asked: Grant = { Target: uri, Grantee: t.uniqueName('ma-b'), Rights: 'RWED', Kind: 'full', MaxDepth: 1 };
    const id = await delegate(t, dev, asked);
    const [r] = await runSession(t, dev, [id]);
    await created(t, dev, create, uri);
    expectGrant(t, dev, r, asked);
  },
);

/** An instance another MA made on the device, and its grant of R W D to the IUT with `maxDepth` further levels. */
function delegatedToIut(t: CaseContext, dev: HarnessDevice, maxDepth: number, priority: number) {
  const root = t.uniqueName('ma-root');
  const miid = t.uniqueName('inst');
  const uri = dev.seedInstance(CONNMO, miid, { Name: 'made-by-another-ma' }, root);
  const parent = dev.seedGrant(root, { Target: uri, Grantee: dev.iut.srvId, Rights: 'RWD', Kind: 'shared', MaxDepth: maxDepth, Priority: priority });
  t.note(`${root} made ${uri} and granted R W D to ${dev.iut.srvId} (MaxDepth ${maxDepth}, Priority ${priority}): grant ${MOID.DELEGATION}/${parent}`);
  return { root, uri, parent };
}

defineCase(
  {
    id: 'DMCTS-S-DELEG-003',
    title: 'Sub delegation: a server holding D by a grant sub-delegates within MaxDepth',
    requirement: 'A server holding D on an instance by a grant MUST be able to sub-delegate it (Kind sub), within the MaxDepth it was given, the grant reaching the device unchanged, and report the device\'s 200 (P-DELEG; DM-HLF-024, DM-HLF-026).',
    labels: ['DM-HLF-024', 'DM-HLF-026', 'DM-HLF-013'],
    rules: ['P-DELEG', 'K-ACL'],
    level: 'MUST',
    role: 'server',
    features: FEATURES,
    utMethods: UT,
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const { uri, parent } = delegatedToIut(t, dev, 2, 5);
    const prohibited = t.uniqueName('ma-z');
    const asked: Grant = { Target: uri, Grantee: t.uniqueName('ma-leaf'), Rights: 'RW', Kind: 'sub', MaxDepth: 1, Prohibited: prohibited, Priority: 4 };
    const id = await delegate(t, dev, asked);
    const [r] = await runSession(t, dev, [id]);
    expectGrant(t, dev, r, asked, { Parent: parent });
  },
);

defineCase(
  {
    id: 'DMCTS-S-DELEG-004',
    title: 'A grant on a device-made instance is refused by the device, and the server reports 403',
    requirement: 'A server MUST report a grant the device refuses — here on a device-made instance, on which no server holds D — as the device\'s 403 in its result, not as a success (P-DELEG, P-ACL; DM-HLF-013).',
    labels: ['DM-HLF-013', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'P-ACL', 'K-FLOW'],
    level: 'MUST',
    role: 'server',
    features: FEATURES,
    utMethods: UT,
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const asked: Grant = { Target: `${DIAG}/1`, Grantee: t.uniqueName('ma-b'), Rights: 'RW', Kind: 'shared' };
    const id = await delegate(t, dev, asked);
    const [r] = await runSession(t, dev, [id]);
    expectRefused(t, dev, r, asked, `${DIAG}/1 is device-made: no server holds D on it`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-DELEG-005',
    title: 'A sub grant beyond MaxDepth is refused (403 reported); one within it in the same session succeeds',
    requirement: 'A server MUST report a sub grant the device refuses for exceeding the MaxDepth the server was given as 403, and the next grant of the same session, within it, as 200 — each result its own (P-DELEG; DM-HLF-024, DM-HLF-026).',
    labels: ['DM-HLF-024', 'DM-HLF-026'],
    rules: ['P-DELEG', 'K-FLOW'],
    level: 'MUST',
    role: 'server',
    features: FEATURES,
    utMethods: UT,
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const { uri, parent } = delegatedToIut(t, dev, 1, 0);
    const beyond: Grant = { Target: uri, Grantee: t.uniqueName('ma-deep'), Rights: 'R', Kind: 'sub', MaxDepth: 1 };
    const within: Grant = { Target: uri, Grantee: t.uniqueName('ma-leaf'), Rights: 'R', Kind: 'sub', MaxDepth: 0 };
    const [r1, r2] = await runSession(t, dev, [await delegate(t, dev, beyond), await delegate(t, dev, within)]);
    expectRefused(t, dev, r1, beyond, 'MaxDepth 1 exceeds the 0 further levels the IUT\'s grant allows');
    expectGrant(t, dev, r2, within, { Parent: parent });
  },
);

defineCase(
  {
    id: 'DMCTS-S-DELEG-006',
    title: 'Priority passes through unchanged: negative, zero and large priorities',
    requirement: 'A server MUST send the Priority it is asked to give a grant unchanged — negative and large values included — so the device can rank the management authorities (P-DELEG; DM-HLF-014).',
    labels: ['DM-HLF-014', 'DM-HLF-013', 'DM-HLF-022'],
    rules: ['P-DELEG'],
    level: 'MUST',
    role: 'server',
    features: FEATURES,
    utMethods: UT,
  },
  async (t: CaseContext) => {
    const { dev, uri, create } = await deviceWithOwnInstance(t);
    const [negative, large] = fc.sample(fc.tuple(fc.integer({ min: -1_000_000, max: -1 }), fc.integer({ min: 1_000, max: 2_000_000_000 })), { seed: t.seed, numRuns: 1 })[0]!;
    const asked: Grant[] = [negative, 0, large].map((p, i) => ({ Target: uri, Grantee: t.uniqueName(`ma-p${i}`), Rights: 'R', Kind: 'shared', Priority: p }));
    const ids: string[] = [];
    for (const g of asked) ids.push(await delegate(t, dev, g));
    const results = await runSession(t, dev, ids);
    await created(t, dev, create, uri);
    asked.forEach((g, i) => expectGrant(t, dev, results[i]!, g));
  },
);

// ---- generated grants against the model ---------------------------------------------------------

/** Each HGET the device received after exchange `from`, with the Status it sent back for it (none when no Package#3 carried one). */
function hgetsAnswered(dev: HarnessDevice, from: number): Array<{ url: string; status?: StatusEntry }> {
  const exchanges = dev.exchanges();
  const out: Array<{ url: string; status?: StatusEntry }> = [];
  exchanges.forEach((e, i) => {
    if (i < from || !e.package2) return;
    const commands = e.package2.CMD.filter((c) => !(c[0] === 'END' && c.length === 1));
    const next = exchanges[i + 1];
    const statuses = next?.kind === 'response' ? ((next.sent as Package3 | undefined)?.Status ?? []) : [];
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
  priority: fc.oneof({ weight: 3, arbitrary: fc.integer({ min: -3, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: -2_000_000_000, max: 2_000_000_000 }) }),
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
    title: 'Generated grants: each reaches the device as asked, and the server reports the device\'s own answer',
    requirement: 'A server MUST send every grant it is asked to make unchanged — whatever its target, rights, kind, depth, prohibited MAs and priority — and report for each the device\'s answer as the device gave it (200 with the grant, or the 400 or 403 P-DELEG gives it), never a success for a refusal (P-DELEG, K-FLOW; DM-HLF-013, -014, -022 to -024, -026).',
    labels: ['DM-HLF-013', 'DM-HLF-014', 'DM-HLF-022', 'DM-HLF-023', 'DM-HLF-024', 'DM-HLF-026'],
    rules: ['P-DELEG', 'K-FLOW', 'K-ACL'],
    level: 'MUST',
    role: 'server',
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
      const rootGrant = { Target: delegated, Grantee: iut, Rights: root.rights, Kind: 'shared', MaxDepth: root.maxDepth, Priority: root.priority, Prohibited: banned };
      const parent = dev.seedGrant(other, rootGrant);
      const model = new DelegationModel([iut, other]);
      model.addInstance('own', iut, {});
      model.addInstance('delegated', other, {});
      model.addInstance('device-made', '(the device)', {});
      model.expectGrant(other, { target: { form: 'instance', key: 'delegated' }, grantee: iut, rights: root.rights, kind: 'shared', maxDepth: root.maxDepth, priority: root.priority, prohibited: [banned] }).commit?.();
      const targets: Record<TargetPick, string> = { own, delegated, 'device-made': `${DIAG}/1` };
      const log = [`${other} granted ${root.rights} depth ${root.maxDepth} prio ${root.priority} prohibited ${banned} on ${delegated} to ${iut} (grant ${parent})`];
      for (const [i, generated] of grants.entries()) {
        const g = fitted(generated, root);
        const grantee = g.grantee === 'banned' ? banned : t.uniqueName('ma-g');
        const prohibited = [banned, t.uniqueName('ma-p'), t.uniqueName('ma-p')].slice(0, g.prohibited);
        const asked: Grant = { Target: targets[g.target], Grantee: grantee, Rights: g.rights, Kind: g.kind, MaxDepth: g.maxDepth, Priority: g.priority, ...(prohibited.length ? { Prohibited: prohibited.join(',') } : {}) };
        const want = model.expectGrant(iut, { target: { form: 'instance', key: g.target }, grantee, rights: g.rights, kind: g.kind, maxDepth: g.maxDepth, priority: g.priority, prohibited });
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
        if (!answer) throw mismatch('no Package#3 carried the device\'s answer to the grant');
        const sc = answer.sc;
        tally.set(`${g.kind}:${sc}`, (tally.get(`${g.kind}:${sc}`) ?? 0) + 1);
        // The harness device follows P-DELEG: an answer the model does not give means another grant than asked reached it.
        if (!want.codes.includes(sc)) throw mismatch(`the device answered ${sc} to the grant the IUT sent, where the grant asked for gets ${want.codes.join(' or ')} (${want.why}): the IUT sent another grant`);
        // Catches a server that reports other than what the device answered (a refusal as a success, or the other way round).
        if (r.state !== 'done' || r.status?.sc !== sc) throw mismatch(`server.result reports ${r.state} ${show(r.status)}, but the device answered ${sc}`);
        if (sc === 200) {
          const miid = answer.URI.map((u) => (u.startsWith(`${MOID.DELEGATION}/`) ? u.slice(MOID.DELEGATION.length + 1) : undefined)).find(Boolean);
          const held = miid ? dev.grants().get(miid) : undefined;
          if (!held) throw mismatch(`the device's 200 names no grant it holds (URI [${answer.URI.join(', ')}])`);
          const wrong = grantDifferences(held, asked, iut, { Prohibited: [...want.grant!.prohibited].join(','), ...(g.target === 'delegated' ? { Parent: parent } : {}) });
          if (wrong.length) throw mismatch(`the grant the device holds differs from the one asked for: ${wrong.join('; ')}`);
          if (!r.status.URI.includes(`${MOID.DELEGATION}/${miid}`)) throw mismatch(`server.result names [${r.status.URI.join(', ')}], not the grant ${MOID.DELEGATION}/${miid}`);
          want.commit?.();
        }
        log.push(`${what} -> ${sc}`);
      }
    };
    await checkAgainstModel(t, grantScenarioArb, scenario, {
      what: 'generated grant requests through the IUT',
      model: 'the device\'s answers under P-DELEG',
      numRuns: 25,
      timeLimitMs: 40_000,
      summary: () => `${sessions} sessions; kind:answer ${[...tally.entries()].sort().map(([k, v]) => `${k} ${v}`).join(', ')}`,
    });
  },
);
