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
import { show } from '../../harness/conformance/fixtures/server/checks.ts';
import { ContentHost } from '../../harness/conformance/fixtures/server/content-host.ts';
import { CONNMO, DIAG } from '../../harness/conformance/fixtures/server/raw-dm.ts';

const DELEGATION = 'urn:oma:mo:oma-dm-delegation:1.0';

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
 * A harness device on which the IUT created `${CONNMO}/<fresh MIID>` (HGET with a ClientURI, in the
 * same session as the grants queued after it); returns the device and the instance's ClientURI.
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

/** Runs the device's session and returns each command's result (FAIL when the session failed). */
async function runSession(t: CaseContext, dev: HarnessDevice, ids: string[]): Promise<UtResult[]> {
  const outcome = await dev.session();
  t.check(outcome.ok, `the session that carries the grant failed: ${outcome.httpStatus ? `HTTP ${outcome.httpStatus}` : outcome.reason}`);
  const out: UtResult[] = [];
  for (const id of ids) out.push(await dev.settle(id));
  return out;
}

/** The grants the device holds that the IUT made for that grantee. */
function grantsBy(dev: HarnessDevice, grantee: string): Array<[string, Record<string, unknown>]> {
  return [...dev.grants()].filter(([, g]) => g.Grantor === dev.iut.srvId && g.Grantee === grantee);
}

/**
 * FAILs unless the IUT's grant reached the device exactly as asked and server.result reports 200 with
 * its URI. `expected` adds what the device sets itself (Parent, an inherited Prohibited list).
 */
function expectGrant(t: CaseContext, dev: HarnessDevice, r: UtResult, asked: Grant, expected: Record<string, unknown> = {}): string {
  const held = grantsBy(dev, asked.Grantee);
  // Catches a server that sends no grant (or another grantee's), or several.
  t.check(held.length === 1, `the device holds ${held.length} grants by ${dev.iut.srvId} to ${asked.Grantee}, not 1 (server.result: ${r.state} ${show(r.status)})`);
  const [miid, g] = held[0]!;
  const want: Record<string, unknown> = {
    Target: asked.Target,
    Grantee: asked.Grantee,
    Rights: asked.Rights,
    Kind: asked.Kind,
    MaxDepth: asked.MaxDepth ?? 0,
    Priority: asked.Priority ?? 0,
    Grantor: dev.iut.srvId,
    ...(asked.Prohibited ? { Prohibited: asked.Prohibited } : {}),
    ...expected,
  };
  // Catches a server that changes, drops or clamps a field of the grant it was asked for (Priority, MaxDepth, Prohibited ...).
  const wrong = Object.entries(want).filter(([k, v]) => g[k] !== v);
  t.check(wrong.length === 0, `the grant the device holds differs from the one asked for: ${wrong.map(([k, v]) => `${k} is ${show(g[k] ?? null)}, not ${show(v)}`).join('; ')}`);
  const extra = Object.keys(g).filter((k) => !(k in want) && k !== 'Parent');
  t.check(extra.length === 0, `the grant holds nodes nobody asked for: ${extra.join(', ')}`);
  // Catches a server that reports a grant other than it is (state, code, URI).
  const uri = `${DELEGATION}/${miid}`;
  t.check(r.state === 'done' && r.status?.sc === 200, `server.result reports the grant ${r.state} with ${show(r.status)}, not done with sc 200`);
  t.check(r.status.URI.includes(uri), `server.result names [${r.status.URI.join(', ')}], not the grant ${uri} the device made`);
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
    expectGrant(t, dev, r!, asked);
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
    expectGrant(t, dev, r!, asked);
  },
);

/** An instance another MA made on the device, and its grant of R W D to the IUT with `maxDepth` further levels. */
function delegatedToIut(t: CaseContext, dev: HarnessDevice, maxDepth: number, priority: number) {
  const root = t.uniqueName('ma-root');
  const miid = t.uniqueName('inst');
  const uri = dev.seedInstance(CONNMO, miid, { Name: 'made-by-another-ma' }, root);
  const parent = dev.seedGrant(root, { Target: uri, Grantee: dev.iut.srvId, Rights: 'RWD', Kind: 'shared', MaxDepth: maxDepth, Priority: priority });
  t.note(`${root} made ${uri} and granted R W D to ${dev.iut.srvId} (MaxDepth ${maxDepth}, Priority ${priority}): grant ${DELEGATION}/${parent}`);
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
    expectGrant(t, dev, r!, asked, { Parent: parent });
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
    expectRefused(t, dev, r!, asked, `${DIAG}/1 is device-made: no server holds D on it`);
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
    const ids = [await delegate(t, dev, beyond), await delegate(t, dev, within)];
    const [r1, r2] = await runSession(t, dev, ids);
    expectRefused(t, dev, r1!, beyond, 'MaxDepth 1 exceeds the 0 further levels the IUT\'s grant allows');
    expectGrant(t, dev, r2!, within, { Parent: parent });
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
