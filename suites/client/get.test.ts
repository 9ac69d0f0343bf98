/** GET (K-CMD SHOULD, P-GET, P-SEL): data in the Status entry, selection, cache validators. */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { withWritableMo } from '../../harness/conformance/fixtures/client/client-ixit.ts';
import { expectDone, expectRefused, expectSc } from '../../harness/conformance/fixtures/client/status.ts';
import { carries, createInstance, instanceUri } from '../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { expectUris, sameJson } from '../../harness/conformance/fixtures/verify.ts';
import { MOID } from '../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-C-GET-001',
    title: 'GET of DevInfo returns its data in the Status entry',
    requirement: 'A client that supports GET SHOULD answer it with sc 200, the concrete URIs and the data as an MO serialization in the Status entry (P-GET).',
    labels: ['DM-HLF-004'],
    rules: ['K-CMD', 'P-GET', 'K-DDF'],
    level: 'SHOULD',
    perTransport: true,
    features: ['GET'],
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const get = await srv.one(['GET', `${MOID.DEVINFO}//`]);
    t.check(get.status.sc >= 200 && get.status.sc <= 299, `GET ${MOID.DEVINFO}// answered sc ${get.status.sc}: the IUT did not carry it out (not a 2xx)`, 'K');
    t.check(get.status.sc === 200, `GET ${MOID.DEVINFO}// answered sc ${get.status.sc}, not 200`);
    // Where GET data travels (the Status entry) is P-GET's; that DevInfo holds the device's DevID is K-DDF.
    const entry = t.need(get.status.Data?.[0], 'the Status entry of GET carries no Data');
    t.check(
      carries(get.status.Data ?? [], srv.devId),
      `the DevInfo data the GET returned does not hold the device's DevID "${srv.devId}": ${JSON.stringify(get.status.Data)}`,
      'K',
    );
    t.check(instanceUri(MOID.DEVINFO).test(entry.ClientURI), `the Data entry's ClientURI "${entry.ClientURI}" does not name a DevInfo instance`);
    const data = entry.MOData as Record<string, unknown> | null;
    t.check(data && typeof data === 'object', 'the DevInfo MOData is not an object of its nodes');
    // A failed profile check lets the case go on: MOData may still be null here (the IUT's).
    t.check(data?.DevID === srv.devId, `DevInfo DevID is ${JSON.stringify(data?.DevID)}, but the device said its DevID is ${srv.devId}`);
    t.check(get.status.URI.includes(entry.ClientURI), 'the Status URI list does not name the instance the data came from');
  },
);

defineCase(
  {
    id: 'DMCTS-C-GET-002',
    title: 'GET with cv= of an unchanged instance is 304 without data',
    requirement: 'A client that supports cache validators MUST answer a GET whose cv= matches the unchanged instance with sc 304 and no data (K-ADDR, P-SEL).',
    labels: ['DM-HLF-004'],
    rules: ['K-ADDR', 'P-SEL', 'P-DETAIL'],
    level: 'MUST',
    perTransport: true,
    features: ['GET', 'CACHE'],
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const first = await srv.one(['GET', `${MOID.DEVINFO}//`]);
    const entry = first.status.Data?.[0];
    // Getting the CV at all goes through P-GET (data in the Status entry); cv= → 304 and no data is K-ADDR.
    if (!entry?.CV) t.fail('the GET data carries no cache validator (CV) to repeat the query with');
    const again = await srv.one(['GET', `${entry.ClientURI}?cv=${encodeURIComponent(entry.CV)}`]);
    t.check(again.status.sc === 304, `GET with the current cv= answered sc ${again.status.sc}, not 304`, 'K');
    t.check(!again.status.Data || again.status.Data.length === 0, 'a 304 carried data anyway', 'K');
  },
);

// ---- more of P-GET (K-ADDR resolution as GET sees it) ----------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-GET-003',
    title: 'GET of an unknown instance or node is 404 with the ClientURI as sent',
    requirement: 'A client that supports GET SHOULD answer 404, naming the ClientURI as sent, for an instance or node that does not exist (P-GET, P-DETAIL).',
    labels: ['DM-HLF-004'],
    rules: ['K-CMD', 'P-GET', 'P-DETAIL'],
    level: 'SHOULD',
    perTransport: true,
    features: ['GET'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('g'), { Name: 'here' });
    const noInstance = `${w}/${t.uniqueName('absent')}`;
    const noNode = `${uri}/NoSuchNode`;
    const [a, b] = await srv.run([
      ['GET', noInstance],
      ['GET', noNode],
    ]);
    // Nothing to read: not carried out and no data (K); 404 and the Status URI are P-DETAIL's.
    const sa = expectRefused(t, a, 404, `GET ${noInstance}`);
    const sb = expectRefused(t, b, 404, `GET ${noNode}`);
    expectUris(t, sa.URI, [noInstance], 'the 404 Status');
    expectUris(t, sb.URI, [noNode], 'the 404 Status');
    t.check(!sa.Data?.length && !sb.Data?.length, 'a 404 Status carried data', 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-GET-004',
    title: 'GET with a wildcard matching nothing is 200 with empty URI and Data',
    requirement: 'A client that supports GET SHOULD answer a wildcard that matches nothing with 200 and empty URI and Data (P-DETAIL).',
    labels: ['DM-HLF-004'],
    rules: ['K-ADDR', 'P-GET', 'P-DETAIL'],
    level: 'SHOULD',
    perTransport: true,
    features: ['GET'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    await createInstance(t, srv, w, t.uniqueName('g'), { Name: 'here' });
    const [q] = await srv.run([['GET', `${w}/*/ZzNoSuchNode`]]);
    // 200 for a wildcard matching nothing is P-DETAIL's; that it returns no data is K-ADDR.
    const s = expectSc(t, q, 200, `GET ${w}/*/ZzNoSuchNode`);
    t.check(!s.Data?.length, `the Status carries data ${JSON.stringify(s.Data)} for a wildcard that matches nothing`, 'K');
    t.check(s.URI.length === 0, `the Status names [${s.URI.join(', ')}] for a wildcard that matches nothing`);
    t.check(Array.isArray(s.Data) && s.Data.length === 0, `the Status Data is ${JSON.stringify(s.Data)}, not []`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-GET-005',
    title: 'GET of MOID// with two instances is 400',
    requirement: 'A client that supports GET SHOULD answer 400 to a ClientURI with an empty mo-inst when two instances are visible (K-ADDR, P-DETAIL).',
    labels: ['DM-HLF-011'],
    rules: ['K-ADDR', 'P-GET', 'P-DETAIL'],
    level: 'SHOULD',
    perTransport: true,
    features: ['GET'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    await createInstance(t, srv, w, t.uniqueName('one'), { Name: 'one' });
    await createInstance(t, srv, w, t.uniqueName('two'), { Name: 'two' });
    const [q] = await srv.run([['GET', `${w}//Name`]]);
    // K-ADDR: MOID// with two instances does not resolve; 400 is P-DETAIL's.
    expectRefused(t, q, 400, `GET ${w}//Name with two instances`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-GET-006',
    title: 'GET over several instances returns one entry per node with concrete ClientURIs equal to the Status URIs',
    requirement:
      'A client that supports GET SHOULD return one MO serialization entry per resolved node, each with its concrete ClientURI, and list the same URIs in the Status (P-GET, K-TREE).',
    labels: ['DM-HLF-004', 'DM-HLF-011'],
    rules: ['P-GET', 'K-ADDR', 'K-TREE'],
    level: 'SHOULD',
    perTransport: true,
    features: ['GET'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const a = await createInstance(t, srv, w, t.uniqueName('a'), { Name: 'alpha', Other: 1 });
    const b = await createInstance(t, srv, w, t.uniqueName('b'), { Name: 'beta', Other: 2 });
    const [q] = await srv.run([['GET', `${w}/*/Name`]]);
    const s = expectDone(t, q, `GET ${w}/*/Name`);
    const data = s.Data ?? [];
    // K-ADDR: `*` reaches both instances; entry per node, concrete ClientURIs and the Status URIs are ours.
    t.check(carries(data, 'alpha') && carries(data, 'beta'), `GET ${w}/*/Name returned ${JSON.stringify(data)}: not the Name of both instances`, 'K');
    t.check(
      sameJson(
        data.map((e) => e.ClientURI),
        s.URI,
      ),
      `the Data ClientURIs [${data.map((e) => e.ClientURI).join(', ')}] differ from the Status URIs [${s.URI.join(', ')}]`,
    );
    const byUri = new Map(data.map((e) => [e.ClientURI, e.MOData]));
    t.check(
      byUri.get(`${a}/Name`) === 'alpha' && byUri.get(`${b}/Name`) === 'beta',
      `the GET data is ${JSON.stringify(data)}: ${a}/Name = alpha and ${b}/Name = beta expected`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-GET-007',
    title: 'GET of a leaf returns its value as the MOData',
    requirement: 'A client that supports GET SHOULD give, for a leaf, its value itself as MOData (K-TREE, P-GET).',
    labels: ['DM-HLF-004'],
    rules: ['P-GET', 'K-TREE'],
    level: 'SHOULD',
    perTransport: true,
    features: ['GET'],
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const [q] = await srv.run([['GET', `${MOID.DEVINFO}//DevID`]]);
    const s = expectDone(t, q, `GET ${MOID.DEVINFO}//DevID`);
    const entry = t.need(s.Data?.[0], 'the GET of DevID carries no Data');
    t.check(carries(s.Data ?? [], srv.devId), `the GET of DevID returned ${JSON.stringify(s.Data)}, not the device's DevID "${srv.devId}"`, 'K');
    t.check(instanceUri(MOID.DEVINFO, 'DevID').test(entry.ClientURI), `the entry's ClientURI "${entry.ClientURI}" is not the concrete DevID URI`);
    t.check(entry.MOData === srv.devId, `the DevID MOData is ${JSON.stringify(entry.MOData)}, not "${srv.devId}"`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-GET-008',
    title: 'GET data carries a cache validator when the client claims CACHE',
    requirement: "A client that claims cache validators MUST give each GET data entry its instance's CV (K-ADDR, P-SEL, P-DETAIL).",
    labels: ['DM-HLF-004'],
    rules: ['K-ADDR', 'P-SEL', 'P-DETAIL'],
    level: 'MUST',
    perTransport: true,
    features: ['GET', 'CACHE'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('cv'), { Name: 'cv', Sub: { A: 1 } });
    const [whole, leaf] = await srv.run([
      ['GET', uri],
      ['GET', `${uri}/Sub/A`],
    ]);
    const cv1 = expectDone(t, whole, `GET ${uri}`).Data?.[0]?.CV;
    const cv2 = expectDone(t, leaf, `GET ${uri}/Sub/A`).Data?.[0]?.CV;
    t.check(typeof cv1 === 'string' && cv1.length > 0, `GET ${uri} data carries CV ${JSON.stringify(cv1)}`);
    t.check(
      cv2 === cv1,
      `the CV of a node of the instance (${JSON.stringify(cv2)}) differs from the instance's (${JSON.stringify(cv1)}): the validator is per instance`,
    );
  },
);
