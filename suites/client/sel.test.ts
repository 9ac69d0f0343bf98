/** Efficient retrieval (P-SEL, P-DETAIL, DM-HLF-004): cv= cache validators, depth=, fields=. */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { withWritableMo } from '../../harness/conformance/fixtures/client/client-ixit.ts';
import { expectDone, expectSc } from '../../harness/conformance/fixtures/client/status.ts';
import { createInstance, currentCv } from '../../harness/conformance/fixtures/client/tree-reads.ts';
import { expectUris, sameJson } from '../../harness/conformance/fixtures/verify.ts';

const DEEP = { Name: 'deep', Port: 7, A: { L1: 'one', B: { L2: 'two', C: { L3: 'three' } } }, E: {} };

defineCase(
  {
    id: 'DMCTS-C-SEL-001',
    title: 'GET with the cv= of an instance that changed since is 200 with the new data and a new CV',
    requirement:
      'A client that claims cache validators MUST answer a GET whose cv= no longer matches with 200, the current data and a different CV (K-ADDR, P-SEL, P-DETAIL).',
    labels: ['DM-HLF-004'],
    rules: ['K-ADDR', 'P-SEL', 'P-DETAIL'],
    level: 'MUST',
    features: ['GET', 'CACHE'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('cv'), { Name: 'before', Other: 'same' });
    const cv = await currentCv(t, srv, uri);
    const change = srv.publish([{ ClientURI: `${uri}/Name`, MOData: 'after' }]);
    const [hget, again] = await srv.run([
      ['HGET', change.url, `${uri}/Name`],
      ['GET', `${uri}?cv=${encodeURIComponent(cv)}`],
    ]);
    expectDone(t, hget, 'the HGET that changes the instance');
    // K-ADDR: a cv= answers 304 only while the instance is unchanged; the new data and CV in the Status are P-GET/P-DETAIL's.
    t.check(again.status?.sc !== 304, `GET ${uri}?cv=<the old CV> answered 304 after the instance changed`, 'K');
    const s = expectSc(t, again, 200, `GET ${uri}?cv=<the old CV> after a change`);
    const entry = s.Data?.[0];
    t.check(sameJson(entry?.MOData, { Name: 'after', Other: 'same' }), `the GET after the change returned ${JSON.stringify(entry?.MOData)}`);
    t.check(typeof entry?.CV === 'string' && entry.CV !== cv, `the CV after the change is ${JSON.stringify(entry?.CV)}, the same as before (${cv})`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEL-002',
    title: 'GET with cv= on a wildcard over several instances is 400',
    requirement: 'A client that claims cache validators MUST answer 400 to a cv= on a ClientURI that resolves to more than one instance (P-DETAIL).',
    labels: ['DM-HLF-004'],
    rules: ['K-ADDR', 'P-SEL', 'P-DETAIL'],
    level: 'MUST',
    features: ['GET', 'CACHE'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const a = await createInstance(t, srv, w, t.uniqueName('a'), { Name: 'a' });
    await createInstance(t, srv, w, t.uniqueName('b'), { Name: 'b' });
    const cv = await currentCv(t, srv, a);
    const [q] = await srv.run([['GET', `${w}/*?cv=${encodeURIComponent(cv)}`]]);
    expectSc(t, q, 400, `GET ${w}/*?cv=... over two instances`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEL-003',
    title: "GET with depth=0 shows the node's leaves and its interior children as {}",
    requirement:
      "A client that supports GET SHOULD answer depth=0 with the addressed node's leaves and each interior child as an empty object (P-SEL, P-DETAIL).",
    labels: ['DM-HLF-004'],
    rules: ['P-SEL', 'P-DETAIL', 'P-GET'],
    level: 'SHOULD',
    features: ['GET'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('d0'), DEEP);
    const [q] = await srv.run([['GET', `${uri}?depth=0`]]);
    const data = expectSc(t, q, 200, `GET ${uri}?depth=0`).Data?.[0]?.MOData;
    const want = { Name: 'deep', Port: 7, A: {}, E: {} };
    t.check(sameJson(data, want), `depth=0 returned ${JSON.stringify(data)}, not ${JSON.stringify(want)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEL-004',
    title: 'GET with depth=N shows N levels of interior children',
    requirement:
      'A client that supports GET SHOULD answer depth=N with N levels of interior nodes below the addressed node, deeper ones as {} (P-SEL, P-DETAIL).',
    labels: ['DM-HLF-004'],
    rules: ['P-SEL', 'P-DETAIL', 'P-GET'],
    level: 'SHOULD',
    features: ['GET'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('dn'), DEEP);
    const [one, two, sub, all] = await srv.run([
      ['GET', `${uri}?depth=1`],
      ['GET', `${uri}?depth=2`],
      ['GET', `${uri}/A?depth=1`],
      ['GET', `${uri}?depth=1000`],
    ]);
    const cases: Array<[typeof one, unknown, string]> = [
      [one, { Name: 'deep', Port: 7, A: { L1: 'one', B: {} }, E: {} }, 'depth=1'],
      [two, { Name: 'deep', Port: 7, A: { L1: 'one', B: { L2: 'two', C: {} } }, E: {} }, 'depth=2'],
      [sub, { L1: 'one', B: { L2: 'two', C: {} } }, '/A?depth=1'],
      [all, DEEP, 'depth=1000'],
    ];
    for (const [q, want, what] of cases) {
      const data = expectSc(t, q, 200, `GET ${what}`).Data?.[0]?.MOData;
      t.check(sameJson(data, want), `${what} returned ${JSON.stringify(data)}, not ${JSON.stringify(want)}`);
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEL-005',
    title: 'GET with fields= keeps only the named leaves and the interior nodes leading to them',
    requirement:
      'A client that supports GET SHOULD answer fields=a,b with only the leaves of those names and the interior nodes that lead to them (P-SEL, P-DETAIL).',
    labels: ['DM-HLF-004'],
    rules: ['P-SEL', 'P-DETAIL', 'P-GET'],
    level: 'SHOULD',
    features: ['GET'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('f'), DEEP);
    const [q] = await srv.run([['GET', `${uri}?fields=Port,L2`]]);
    const data = expectSc(t, q, 200, `GET ${uri}?fields=Port,L2`).Data?.[0]?.MOData;
    const want = { Port: 7, A: { B: { L2: 'two' } } };
    t.check(sameJson(data, want), `fields=Port,L2 returned ${JSON.stringify(data)}, not ${JSON.stringify(want)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEL-006',
    title: 'The cache validator is per instance: a change elsewhere leaves a cv= at 304',
    requirement:
      "A client that claims cache validators MUST keep an instance's CV when only another instance changes, answering its cv= with 304, the concrete URI and no data (P-DETAIL).",
    labels: ['DM-HLF-004'],
    rules: ['K-ADDR', 'P-SEL', 'P-DETAIL'],
    level: 'MUST',
    features: ['GET', 'CACHE'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const a = await createInstance(t, srv, w, t.uniqueName('a'), { Name: 'a' });
    const b = await createInstance(t, srv, w, t.uniqueName('b'), { Name: 'b' });
    const cv = await currentCv(t, srv, a);
    const change = srv.publish([{ ClientURI: `${b}/Name`, MOData: 'b changed' }]);
    const [hget, again] = await srv.run([
      ['HGET', change.url, `${b}/Name`],
      ['GET', `${a}?cv=${encodeURIComponent(cv)}`],
    ]);
    expectDone(t, hget, `the HGET that changes ${b}`);
    // A validator per instance (a change elsewhere keeps it) is the (ours) P-DETAIL clarification: profile checks.
    const s = expectSc(t, again, 304, `GET ${a}?cv=<its CV> after only ${b} changed`);
    expectUris(t, s.URI, [a], 'the 304 Status');
    t.check(!s.Data || s.Data.length === 0, 'the 304 Status carried data');
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEL-007',
    title: 'A depth= out of range or given twice is 400',
    requirement: 'A client that supports GET SHOULD answer 400 to a depth= that is not an integer from 0 to 1000 or that appears twice (ours: K-ADDR, P-SEL).',
    labels: ['DM-HLF-004'],
    rules: ['K-ADDR', 'P-SEL', 'P-DETAIL'],
    level: 'SHOULD',
    features: ['GET'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('d'), DEEP);
    const bad = [`${uri}?depth=1001`, `${uri}?depth=-1`, `${uri}?depth=x`, `${uri}?depth=1&depth=2`];
    const results = await srv.runEach(bad, (u) => ['GET', u]);
    for (const [u, q] of results) expectSc(t, q, 400, `GET ${u}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEL-008',
    title: 'fields= combined with a wildcard leaves out instances without those leaves',
    requirement: 'A client that supports GET SHOULD leave out, with fields=, every entry none of whose leaves is asked for (ours: P-DETAIL).',
    labels: ['DM-HLF-004'],
    rules: ['P-SEL', 'P-DETAIL'],
    level: 'SHOULD',
    features: ['GET'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const a = await createInstance(t, srv, w, t.uniqueName('a'), { Name: 'a', Wanted: 1 });
    const b = await createInstance(t, srv, w, t.uniqueName('b'), { Name: 'b' });
    const [q] = await srv.run([['GET', `${w}/*?fields=Wanted`]]);
    const s = expectSc(t, q, 200, `GET ${w}/*?fields=Wanted`);
    const data = s.Data ?? [];
    t.check(
      data.some((e) => e.ClientURI === a && sameJson(e.MOData, { Wanted: 1 })),
      `the data ${JSON.stringify(data)} lacks ${a} = {"Wanted":1}`,
    );
    t.check(!data.some((e) => e.ClientURI === b), `the data has an entry for ${b}, which has no Wanted leaf`);
  },
);
