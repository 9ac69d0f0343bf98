/**
 * Local applications (P-LOCAL; DM-HLF-005 interact with MOs, DM-HLF-016 register for changes,
 * DM-HLF-017 be told of them), through the upper tester's client.localApp.* methods.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { writableMoid } from '../../harness/conformance/fixtures/client/client-ixit.ts';
import { expectDone, expectRefused, expectSc } from '../../harness/conformance/fixtures/client/status.ts';
import { miidOf, onlyInstance, readViaHput } from '../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { expectNothing, sameJson } from '../../harness/conformance/fixtures/verify.ts';
import { quiet } from '../../harness/conformance/fixtures/waits.ts';
import { MOID } from '../../harness/protocol/moids.ts';

interface LocalChange {
  moid: string;
  miid: string;
  path: string[];
  op: string;
  by: string;
  value?: unknown;
}

async function register(t: CaseContext, moids: Record<string, string>): Promise<string> {
  const appId = t.uniqueName('app');
  await t.ut('client.localApp.register', { appId, moids });
  return appId;
}

/**
 * A device-made instance of the writable MO that both the harness server (Perm RWE) and a local
 * application may use: the server names a DEFAULT source, the application's first read fetches it
 * (P-LOCAL: an instance fetched for a DEFAULT is device-made).
 */
async function deviceMadeInstance(t: CaseContext, rights: string, data: Record<string, unknown>) {
  const w = writableMoid(t);
  const srv = await HarnessServer.bootstrapped(t);
  const before = await readViaHput(t, srv, [`${w}/*`], `${w} instances`);
  if (before.entries.length > 0) t.inconclusive(`the IUT already has ${w} instances: no DEFAULT fetch can make a device-made one`);
  const content = srv.publish([{ ClientURI: w, MOData: data }]);
  const [def] = await srv.run([['DEFAULT', w, content.url]]);
  if (def.status?.sc !== 200) t.inconclusive(`DEFAULT (the way to a device-made instance) answered sc ${def.status?.sc}`);
  const appId = await register(t, { [w]: rights });
  const read = await t.ut('client.localApp.read', { appId, clientUri: `${w}/*` });
  const entries = (read.entries as Array<{ ClientURI: string }> | undefined) ?? [];
  const [entry] = entries;
  if (read.sc !== 200 || entries.length !== 1 || !entry)
    t.inconclusive(`the local read that fetches the DEFAULT instance answered sc ${String(read.sc)} with ${entries.length} entries`);
  const uri = entry.ClientURI;
  const miid = t.need(miidOf(uri, w), `the local read of ${w}/* named ${JSON.stringify(uri)}, not an instance of ${w} (P-LOCAL)`, 'P');
  return { w, srv, appId, uri, miid };
}

defineCase(
  {
    id: 'DMCTS-C-LOCAL-001',
    title: 'A registered application reads an instance of an MO it registered for',
    requirement: 'A client MUST let a local application read the MO instances its registration allows (P-LOCAL; DM-HLF-005).',
    labels: ['DM-HLF-005'],
    rules: ['P-LOCAL', 'K-ACL'],
    level: 'MUST',
    features: ['LOCALAPI'],
    utMethods: ['client.localApp.register', 'client.localApp.read'],
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const appId = await register(t, { [MOID.DEVINFO]: 'R' });
    const read = await t.ut('client.localApp.read', { appId, clientUri: `${MOID.DEVINFO}//DevID` });
    t.check(read.sc === 200, `the application's read of ${MOID.DEVINFO}//DevID answered sc ${String(read.sc)}, not 200`);
    const entries = (read.entries as Array<{ ClientURI: string; MOData: unknown }> | undefined) ?? [];
    t.check(entries.length === 1 && entries[0]?.MOData === srv.devId, `the application read ${JSON.stringify(entries)}, not DevID "${srv.devId}"`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-LOCAL-002',
    title: 'An application reading an MO it did not register for gets 403',
    requirement:
      "A client MUST refuse (403) a local application's read of an instance of an MO its registration does not list (P-LOCAL, K-ACL; DM-SECARIZE-002).",
    labels: ['DM-HLF-005', 'DM-SECARIZE-002'],
    rules: ['P-LOCAL', 'K-ACL'],
    level: 'MUST',
    features: ['LOCALAPI'],
    utMethods: ['client.localApp.register', 'client.localApp.read'],
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const features = await onlyInstance(t, srv, MOID.FEATURES);
    const appId = await register(t, { [MOID.DEVINFO]: 'R' });
    const read = await t.ut('client.localApp.read', { appId, clientUri: features });
    t.check(read.sc === 403, `the application registered for DevInfo only read ${features}: sc ${String(read.sc)}, not 403`);
    t.check(!(read.entries as unknown[] | undefined)?.length, 'the refused read returned entries');
  },
);

defineCase(
  {
    id: 'DMCTS-C-LOCAL-003',
    title: 'An application that never registered gets 403',
    requirement: 'A client MUST refuse (403) reads by a local application that is not registered (P-LOCAL, K-ACL).',
    labels: ['DM-HLF-005', 'DM-SECARIZE-002'],
    rules: ['P-LOCAL', 'K-ACL'],
    level: 'MUST',
    features: ['LOCALAPI'],
    utMethods: ['client.localApp.read'],
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const devInfo = await onlyInstance(t, srv, MOID.DEVINFO);
    const read = await t.ut('client.localApp.read', { appId: t.uniqueName('stranger'), clientUri: devInfo });
    t.check(read.sc === 403, `an unregistered application read ${devInfo}: sc ${String(read.sc)}, not 403`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-LOCAL-004',
    title: 'A subscribed application is told each change a server makes, once, in order, with the new value',
    requirement:
      'A client MUST tell a local application subscribed to an instance of each change made to it, once, in order, with who made it and the new value (P-LOCAL; DM-HLF-016, DM-HLF-017).',
    labels: ['DM-HLF-016', 'DM-HLF-017', 'DM-HLF-005'],
    rules: ['P-LOCAL'],
    level: 'MUST',
    features: ['LOCALAPI', 'DEFAULT'],
    utMethods: ['client.localApp.register', 'client.localApp.read', 'client.localApp.subscribe', 'client.localApp.changes'],
  },
  async (t: CaseContext) => {
    const { srv, appId, uri, w, miid } = await deviceMadeInstance(t, 'R', { Name: 'v0', Other: 'o0' });
    const sub = await t.ut('client.localApp.subscribe', { appId, moid: w, miid });
    const values = ['v1', 'v2', 'v3'];
    const queued = await srv.run(values.map((v) => ['HGET', srv.publish([{ ClientURI: `${uri}/Name`, MOData: v }]).url, `${uri}/Name`]));
    for (const q of queued) expectSc(t, q, 200, `the server's HGET into ${uri}/Name`);
    await quiet(t);
    const told = await t.ut('client.localApp.changes', { subscriptionId: String(sub.subscriptionId) });
    const changes = t.need(
      Array.isArray(told.changes) ? (told.changes as LocalChange[]) : undefined,
      `client.localApp.changes answered ${JSON.stringify(told)}, no list of changes`,
      'P',
    );
    const named = changes.filter((c) => Array.isArray(c.path) && c.path.join('/') === 'Name');
    t.check(
      sameJson(
        named.map((c) => c.value),
        values,
      ),
      `the application was told Name changes ${JSON.stringify(named.map((c) => c.value))}, not ${JSON.stringify(values)} once each in order`,
    );
    t.check(changes.length === values.length, `the application was told ${changes.length} changes for ${values.length} made: ${JSON.stringify(changes)}`);
    for (const c of changes) {
      t.check(c.miid === miid && c.op === 'replace', `a change told is ${JSON.stringify(c)}, not a replace of ${miid}`);
      t.check(String(c.by ?? '').includes(srv.srvId), `a change told names "${String(c.by)}" as its author, not the server ${srv.srvId}`);
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-LOCAL-005',
    title: 'An application writes only with the W right, and the server sees what it wrote',
    requirement:
      'A client MUST refuse (403) a write by a local application without W and apply a write with W so that servers read the new value (P-LOCAL, K-ACL; DM-HLF-005).',
    labels: ['DM-HLF-005'],
    rules: ['P-LOCAL', 'K-ACL'],
    level: 'MUST',
    features: ['LOCALAPI', 'DEFAULT'],
    utMethods: ['client.localApp.register', 'client.localApp.read', 'client.localApp.write'],
  },
  async (t: CaseContext) => {
    const { srv, appId, uri, w, miid } = await deviceMadeInstance(t, 'RW', { Name: 'v0' });
    const reader = await register(t, { [w]: 'R' });
    const refused = await t.ut('client.localApp.write', { appId: reader, moid: w, miid, path: ['Name'], value: 'by a reader' });
    t.check(refused.sc === 403, `an application with R only wrote ${uri}/Name: sc ${String(refused.sc)}, not 403`);
    const written = await t.ut('client.localApp.write', { appId, moid: w, miid, path: ['Name'], value: 'by the app' });
    t.check(written.sc === 200, `an application with RW could not write ${uri}/Name: sc ${String(written.sc)}`);
    const read = await readViaHput(t, srv, [`${uri}/Name`], 'the node the application wrote');
    t.check(
      read.entries[0]?.MOData === 'by the app',
      `the server reads ${uri}/Name as ${JSON.stringify(read.entries[0]?.MOData)}, not the application's "by the app"`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-LOCAL-006',
    title: "An instance an application creates is the application's alone",
    requirement:
      'A client MUST give a local application that creates an instance exclusive rights on it: servers neither see it in wildcards nor read it (403) (K-ACL, P-ACL, P-LOCAL).',
    labels: ['DM-HLF-005', 'DM-SECARIZE-002'],
    rules: ['K-ACL', 'P-ACL', 'P-LOCAL'],
    level: 'MUST',
    features: ['LOCALAPI'],
    utMethods: ['client.localApp.register', 'client.localApp.write'],
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const srv = await HarnessServer.bootstrapped(t);
    const appId = await register(t, { [w]: 'RW' });
    const miid = t.uniqueName('appmade');
    const made = await t.ut('client.localApp.write', { appId, moid: w, miid, path: [], value: { Name: "the app's own" } });
    if (made.sc !== 200) t.inconclusive(`the application could not create ${w}/${miid}: sc ${String(made.sc)}`);
    const uri = `${w}/${encodeURIComponent(miid)}`;
    // The creator's exclusive rights (K-ACL): the server reads nothing of it; 200 for its empty wildcard and 403 are P-ACL's.
    const all = await readViaHput(t, srv, [`${w}/*`], `${w}/* as the server`);
    t.check(!all.entries.some((e) => e.ClientURI.startsWith(uri)), `the server's ${w}/* returned the application's ${uri}`, 'K');
    const [explicit] = await srv.run([['HPUT', 'auto', uri]]);
    expectRefused(t, explicit, 403, `HPUT of the application's ${uri} by the server`);
    expectNothing(t, srv.received(explicit), `the refused HPUT of the application's ${uri} sent it to the server`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-LOCAL-007',
    title: "A change an application makes reaches a server's SUB",
    requirement: "A client that supports SUB SHOULD deliver to a server's SUB a change a local application made, like any other change (K-CMD, P-LOCAL).",
    labels: ['DM-HLF-005', 'DM-HLF-017'],
    rules: ['K-CMD', 'P-LOCAL'],
    level: 'SHOULD',
    features: ['LOCALAPI', 'DEFAULT', 'SUB'],
    utMethods: ['client.localApp.register', 'client.localApp.read', 'client.localApp.write'],
  },
  async (t: CaseContext) => {
    const { srv, appId, uri, w, miid } = await deviceMadeInstance(t, 'RW', { Name: 'v0' });
    const [sub] = await srv.run([['SUB', `${uri}/Name`, 'auto']]);
    expectDone(t, sub, `SUB ${uri}/Name`);
    const written = await t.ut('client.localApp.write', { appId, moid: w, miid, path: ['Name'], value: 'app change' });
    if (written.sc !== 200) t.fail(`the application's write answered sc ${String(written.sc)}, not 200 (P-LOCAL)`, 'P');
    t.step("wait for the delivery of the application's change");
    const got = await srv.bodiesAtLeast(sub, 1);
    // A SUB delivers a change of what it subscribed to, whoever made it (K-CMD); one PUT per change with the MO serialization as it left it is ours.
    t.check(got.length > 0, `the SUB of ${uri}/Name delivered nothing after a local application changed it`, 'K');
    t.check(
      got.length === 1 && got[0]?.entries[0]?.MOData === 'app change',
      `the SUB delivered ${JSON.stringify(got.map((b) => b.entries))}, not the application's change`,
      'P',
    );
  },
);
