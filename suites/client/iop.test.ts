/**
 * Interoperability with other remote-management protocols (P-MAP, K-TREE; DM-IOP-003): the MOs a
 * client reports (DevInfo, DMAcc, ConnMO, FUMO when claimed) translate to the LwM2M objects and the
 * TR-181 parameters of the P-MAP tables and back unchanged; and a bridge — the harness as a DM 2.0
 * server writing ConnMO instances computed from LwM2M instances — reads back what gives the same
 * LwM2M (and TR-181) view. What the tables cannot carry is listed in the evidence, never dropped.
 */
import fc from 'fast-check';
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { writableMoid } from '../../harness/conformance/fixtures/client/client-ixit.ts';
import {
  type DmTreeData,
  describeUnmapped,
  fromLwm2m,
  type Lwm2mBinding,
  type Lwm2mInstance,
  lwm2mRoundTrip,
  mappingVersions,
  readMos,
  resourcesByMiid,
  type RoundTrip,
  toLwm2m,
  toTr181,
  tr181RoundTrip,
} from '../../harness/conformance/fixtures/client/iop-mapping.ts';
import { createInstance } from '../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { sameJson } from '../../harness/conformance/fixtures/verify.ts';
import { claims } from '../../harness/conformance/ics.ts';
import { FUMO_MOID } from '../../harness/protocol/fumo.ts';
import { CONNMO, MOID } from '../../harness/protocol/moids.ts';

/** A ConnMO profile of the B.1 device tree (bench/b1-device-tree.json): text, int and bool nodes. */
const B1_PROFILE = {
  Name: 'profile-1',
  Bearer: 'cellular',
  APN: 'iot1.operator.example',
  Proxy: 'proxy1.operator.example',
  Port: 8081,
  Auth: 'PAP',
  MTU: 1421,
  Roaming: false,
  Priority: 1,
  Enabled: true,
};

/** Checks one round trip: no mapped node of the wrong format, nothing lost on the way back, the data unchanged. */
function checkRoundTrip(t: CaseContext, view: string, rt: RoundTrip): void {
  t.note(`${view}: not carried (the P-MAP table's reasons):\n${describeUnmapped(rt.unmapped)}`);
  const misfits = rt.unmapped.filter((u) => u.kind === 'value');
  t.check(
    misfits.length === 0,
    `nodes the ${view} mapping carries came with a value of another format than the one it maps (a changed type?):\n${describeUnmapped(misfits)}`,
  );
  t.check(rt.lost.length === 0, `the way back from ${view} lost: ${describeUnmapped(rt.lost)}`);
  t.check(sameJson(rt.back, rt.expected), `DM -> ${view} -> DM gave ${JSON.stringify(rt.back)}, not the mapped data ${JSON.stringify(rt.expected)}`);
}

defineCase(
  {
    id: 'DMCTS-C-IOP-001',
    title: 'The MOs a client reports translate to LwM2M and TR-181 and back unchanged, each mapped node in its format',
    requirement:
      'A client SHOULD report DevInfo, DMAcc, ConnMO (and FUMO) so that their data translates to the LwM2M objects and TR-181 parameters of the P-MAP tables and back unchanged, each node those tables carry in the format they map (P-MAP, K-TREE; DM-IOP-003).',
    labels: ['DM-IOP-003'],
    rules: ['P-MAP', 'K-TREE'],
    level: 'SHOULD',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const fumo = claims(t.ics, 'FUMO');
    const w = writableMoid(t);
    const srv = await HarnessServer.bootstrapped(t, { perm: [{ moid: CONNMO, rights: 'RWE' }, ...(fumo ? [{ moid: FUMO_MOID, rights: 'R' }] : [])] });
    t.note(`P-MAP tables: LwM2M ${mappingVersions().lwm2m}, TR-181 ${mappingVersions().tr181}`);
    // The B.1 tree's ConnMO profile, where the client keeps ConnMO writable (its IXIT says so).
    if (w === CONNMO) {
      t.step('create a B.1 ConnMO profile');
      await createInstance(t, srv, CONNMO, t.uniqueName('b1'), B1_PROFILE, 'K');
    } else t.note(`the IXIT's writable MO is ${w}, not ConnMO: only the ConnMO instances the client has are read`);
    t.step('read DevInfo, DMAcc, ConnMO and FUMO');
    const data: DmTreeData = await readMos(t, srv, [MOID.DEVINFO, MOID.DMACC, CONNMO, ...(fumo ? [FUMO_MOID] : [])]);
    t.note(`read over the wire: ${JSON.stringify(data)}`);
    const devInfo = Object.keys(data[MOID.DEVINFO] ?? {});
    t.need(devInfo.length > 0 ? devInfo : undefined, 'HPUT of DevInfo/* sent no DevInfo instance');
    const lwm2m = lwm2mRoundTrip(data);
    t.note(`LwM2M: ${lwm2m.instances.length} object instances, ${lwm2m.senmlCborBytes} bytes as SenML-CBOR`);
    checkRoundTrip(t, 'LwM2M', lwm2m);
    const tr181 = tr181RoundTrip(data);
    t.note(`TR-181: ${Object.keys(tr181.params).length} parameters`);
    checkRoundTrip(t, 'TR-181', tr181);
  },
);

/** LwM2M APN connection profiles (object 11) from the case's seed: Profile name, APN, Enable status, Authentication Type. */
function apnProfiles(seed: number, count: number): Lwm2mInstance[] {
  const text = fc.stringMatching(/^[a-z][a-z0-9.-]{0,15}$/);
  const profile = fc.record({ name: text, apn: text, enabled: fc.boolean(), auth: fc.integer({ min: 0, max: 3 }) });
  return fc.sample(profile, { seed, numRuns: count }).map((p, instance) => ({
    object: 11,
    instance,
    resources: [
      { id: 0, type: 'String', value: p.name },
      { id: 1, type: 'String', value: p.apn },
      { id: 3, type: 'Boolean', value: p.enabled },
      { id: 4, type: 'Integer', value: p.auth },
    ],
  }));
}

defineCase(
  {
    id: 'DMCTS-C-IOP-002',
    title: 'A DM 2.0 server bridging LwM2M writes ConnMO from LwM2M instances and reads back the same LwM2M and TR-181 view',
    requirement:
      'A client SHOULD keep the values a server writes into ConnMO with their formats, so that a server bridging LwM2M (object 11) and TR-181 reads back the LwM2M instances and TR-181 parameters it wrote (P-MAP, K-TREE; DM-IOP-003).',
    labels: ['DM-IOP-003'],
    rules: ['P-MAP', 'K-TREE'],
    level: 'SHOULD',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    if (w !== CONNMO) t.notApplicable(`the bridge writes ConnMO; the IXIT's writable MO is ${w}`);
    const srv = await HarnessServer.bootstrapped(t, { perm: [{ moid: CONNMO, rights: 'RWE' }] });
    const start = apnProfiles(t.seed, 2);
    const bindings: Lwm2mBinding[] = start.map((inst) => ({
      object: inst.object,
      instance: inst.instance,
      moid: CONNMO,
      miid: t.uniqueName(`apn${inst.instance}`),
    }));
    const fromLwm2mData = fromLwm2m(start, bindings);
    t.check(fromLwm2mData.unmapped.length === 0, `the LwM2M instances do not all map to ConnMO (a harness fault): ${describeUnmapped(fromLwm2mData.unmapped)}`);
    // Beside what LwM2M carries, the TR-181 side's proxy (an int node): Device.Cellular.AccessPoint.{i}.ProxyPort.
    const written: DmTreeData = { [CONNMO]: {} };
    for (const [i, b] of bindings.entries()) {
      written[CONNMO]![b.miid] = { ...(fromLwm2mData.data[CONNMO]?.[b.miid] as Record<string, unknown>), Proxy: `proxy${i}.bridge.example`, Port: 8080 + i };
    }
    t.note(`LwM2M instances: ${JSON.stringify(start)}\nwritten as ConnMO: ${JSON.stringify(written)}`);
    const uris: string[] = [];
    for (const b of bindings) {
      t.step(`create ${CONNMO}/${b.miid} from /11/${b.instance}`);
      uris.push(await createInstance(t, srv, CONNMO, b.miid, written[CONNMO]![b.miid] as Record<string, unknown>, 'K'));
    }
    t.step('read the ConnMO instances back');
    const all = await readMos(t, srv, [CONNMO]);
    const read: DmTreeData = {
      [CONNMO]: Object.fromEntries(bindings.filter((b) => all[CONNMO]?.[b.miid] !== undefined).map((b) => [b.miid, all[CONNMO]![b.miid]])),
    };
    t.check(
      Object.keys(read[CONNMO]!).length === bindings.length,
      `of ${uris.join(', ')} the client reported ${Object.keys(read[CONNMO]!).length} instance(s)`,
      'K',
    );
    t.note(`read back: ${JSON.stringify(read)}`);
    const lwm2m = toLwm2m(read);
    const want = resourcesByMiid(start, bindings);
    const got = resourcesByMiid(lwm2m.instances, lwm2m.bindings);
    for (const b of bindings) {
      t.check(
        sameJson(got.get(b.miid), want.get(b.miid)),
        `the LwM2M view of ${CONNMO}/${b.miid} as read back is ${JSON.stringify(got.get(b.miid))}, not the /11/${b.instance} it was written from ${JSON.stringify(want.get(b.miid))}; not carried: ${describeUnmapped(lwm2m.unmapped.filter((u) => u.uri.includes(b.miid)))}`,
      );
    }
    const tr181Want = toTr181(written).params;
    const tr181Got = toTr181(read).params;
    t.check(
      sameJson(tr181Got, tr181Want),
      `the TR-181 view of what was read back ${JSON.stringify(tr181Got)} is not that of what was written ${JSON.stringify(tr181Want)}; not carried: ${describeUnmapped(toTr181(read).unmapped.filter((u) => u.kind === 'value'))}`,
    );
  },
);
