/**
 * HGET as the IUT client runs it (K-CMD, P-DETAIL): without a ClientURI (new instances under fresh
 * MIIDs) and with one (a named instance, a node), a target that answers 404 or cannot be reached, a body
 * that is no MO serialization, all or nothing, one entry for a ClientURI. The other commands: cmd/*.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { withWritableMo } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { HarnessFront } from '../../../harness/conformance/fixtures/client/harness-front.ts';
import { unreachableUrl } from '../../../harness/conformance/fixtures/client/raw-http.ts';
import { expectDone, expectRefused, expectSc, firstStatusUri, statusOf } from '../../../harness/conformance/fixtures/client/status.ts';
import { createInstance, instancesSeen, miidOf, readViaHput, UNLISTED_MOID } from '../../../harness/conformance/fixtures/client/tree-reads.ts';
import { expectNothing, sameJson } from '../../../harness/conformance/fixtures/verify.ts';

defineCase(
  {
    id: 'DMCTS-C-CMD-001',
    title: 'HGET without ClientURI creates an instance under a fresh MIID and returns its URI',
    requirement:
      'A client MUST store the data an HGET without ClientURI fetches as a new instance, assign it a fresh MIID and return its URI in the Status (K-CMD, P-DETAIL).',
    labels: ['DM-HLF-027'],
    rules: ['K-CMD', 'P-DETAIL', 'K-TREE'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const before = await instancesSeen(t, srv, w, 'K');
    const data = { Name: t.uniqueName('hget'), Port: 8080, Sub: { Enabled: true } };
    const content = srv.publish([{ ClientURI: w, MOData: data }]);
    const [q] = await srv.run([['HGET', content.url]]);
    const s = expectDone(t, q, 'HGET without ClientURI');
    // K-CMD: HGET fetches and stores — one new instance, holding the fetched data (read back by HPUT, K-CMD).
    const created = (await instancesSeen(t, srv, w, 'K')).filter((u) => !before.includes(u));
    t.check(content.fetches() >= 1, 'the IUT never fetched the HGET ServerURI', 'K');
    t.check(
      created.length === 1,
      `HGET without ClientURI of one entry created ${created.length} new instances of ${w} ([${created.join(', ')}]), not one`,
      'K',
    );
    const fresh = await readViaHput(t, srv, created, 'the new instance', 'K');
    t.check(
      sameJson(fresh.entries[0]?.MOData, data),
      `the new instance ${created[0]} reads back as ${JSON.stringify(fresh.entries[0]?.MOData)}, not the fetched ${JSON.stringify(data)}`,
      'K',
    );
    // P-DETAIL: the Status names the new instance; MIIDs are decimal; one fetch.
    t.check(s.URI.length === 1, `HGET of one entry returned ${s.URI.length} URIs: [${s.URI.join(', ')}]`);
    const uri = firstStatusUri(t, s, `the HGET Status names no URI, not the new instance ${created[0] ?? ''} (P-DETAIL)`);
    const miid = miidOf(uri, w);
    t.check(miid !== undefined && !uri.slice(w.length + 1).includes('/'), `the Status URI "${uri}" does not name an instance of ${w}`);
    t.check(/^\d+$/.test(miid ?? ''), `the assigned MIID "${miid}" is not a decimal string (P-DETAIL)`);
    t.check(!before.includes(uri), `the "fresh" MIID of ${uri} names an instance that existed before the HGET`);
    t.check(content.fetches() === 1, `the IUT fetched the content ${content.fetches()} times, not once`);
    const read = await readViaHput(t, srv, [uri], 'the new instance');
    t.check(
      sameJson(read.entries[0]?.MOData, data),
      `${uri} reads back as ${JSON.stringify(read.entries[0]?.MOData)}, not the fetched ${JSON.stringify(data)}`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-002',
    title: 'HGET without ClientURI of two entries creates two instances with distinct fresh MIIDs',
    requirement:
      'A client MUST create one instance per entry of an HGET body without ClientURI, each under its own fresh MIID, and return all their URIs (K-CMD, P-DETAIL).',
    labels: ['DM-HLF-011'],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const before = await instancesSeen(t, srv, w, 'K');
    const a = { Name: 'first' };
    const b = { Name: 'second' };
    const content = srv.publish([
      { ClientURI: w, MOData: a },
      { ClientURI: w, MOData: b },
    ]);
    const [q] = await srv.run([['HGET', content.url]]);
    const s = expectDone(t, q, 'HGET of two entries');
    // K-CMD: HGET stores each entry — two new instances holding first and second (in any order).
    const created = (await instancesSeen(t, srv, w, 'K')).filter((u) => !before.includes(u));
    t.check(
      created.length === 2,
      `HGET of two entries without ClientURI created ${created.length} new instances of ${w} ([${created.join(', ')}]), not two`,
      'K',
    );
    const stored = (await readViaHput(t, srv, created, 'the new instances', 'K')).entries.map((e) => e.MOData);
    t.check(
      stored.some((d) => sameJson(d, a)) && stored.some((d) => sameJson(d, b)),
      `the new instances hold ${JSON.stringify(stored)}, not the fetched ${JSON.stringify([a, b])}`,
      'K',
    );
    // P-DETAIL: the Status names them, in the order of the entries.
    t.check(s.URI.length === 2, `HGET of two entries returned ${s.URI.length} URIs: [${s.URI.join(', ')}]`);
    t.check(s.URI[0] !== s.URI[1], `both entries got the same URI ${s.URI[0]}`);
    for (const uri of s.URI) t.check(!before.includes(uri) && miidOf(uri, w) !== undefined, `${uri} is not a fresh instance of ${w}`);
    const read = await readViaHput(t, srv, s.URI, 'the two new instances');
    t.check(
      sameJson(
        read.entries.map((e) => e.MOData),
        [a, b],
      ),
      `the new instances read back as ${JSON.stringify(read.entries.map((e) => e.MOData))}, not [first, second] in order`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-003',
    title: 'HGET with a ClientURI naming a new MIID creates that instance',
    requirement: 'A client MUST create the instance an HGET ClientURI names when it does not exist, under that MIID, and return its URI (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const miid = t.uniqueName('named');
    const uri = `${w}/${miid}`;
    const data = { Name: 'named instance', APN: 'apn.named' };
    const content = srv.publish([{ ClientURI: uri, MOData: data }]);
    const [q] = await srv.run([['HGET', content.url, uri]]);
    const s = expectDone(t, q, `HGET into ${uri}`);
    t.check(s.URI.length === 1 && s.URI[0] === uri, `HGET into ${uri} returned [${s.URI.join(', ')}], not [${uri}]`);
    const read = await readViaHput(t, srv, [uri], 'the named instance', 'K');
    t.check(sameJson(read.entries[0]?.MOData, data), `${uri} reads back as ${JSON.stringify(read.entries[0]?.MOData)}`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-004',
    title: 'HGET with a ClientURI of a node replaces only that node',
    requirement:
      'A client MUST replace the subtree of the node an HGET ClientURI addresses with the fetched MOData and leave its siblings alone (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL', 'K-TREE'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('node'), { Name: 'old', Keep: 'kept', Sub: { A: 1, B: 2 } }, 'K');
    const leaf = srv.publish([{ ClientURI: `${uri}/Name`, MOData: 'new' }]);
    const sub = srv.publish([{ ClientURI: `${uri}/Sub`, MOData: { C: 3 } }]);
    const [a, b] = await srv.run([
      ['HGET', leaf.url, `${uri}/Name`],
      ['HGET', sub.url, `${uri}/Sub`],
    ]);
    const sa = expectDone(t, a, 'HGET into a leaf');
    const sb = expectDone(t, b, 'HGET into an interior node');
    t.check(sameJson(sa.URI, [`${uri}/Name`]), `HGET into ${uri}/Name returned [${sa.URI.join(', ')}]`);
    t.check(sameJson(sb.URI, [`${uri}/Sub`]), `HGET into ${uri}/Sub returned [${sb.URI.join(', ')}]`);
    // What the instance holds after a leaf's and a node's HGET rests on the (ours) K-TREE clarification
    // "MOData is the value of the node the entry's ClientURI names": a profile check.
    const read = await readViaHput(t, srv, [uri], 'the instance', 'K');
    const want = { Name: 'new', Keep: 'kept', Sub: { C: 3 } };
    t.check(
      sameJson(read.entries[0]?.MOData, want),
      `${uri} reads back as ${JSON.stringify(read.entries[0]?.MOData)}, not ${JSON.stringify(want)} (the subtree of Sub is replaced, not merged)`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-005',
    title: 'HGET whose target answers 404 reports 404 and creates nothing',
    requirement: 'A client MUST report the HTTP status an HGET target answered (404) in the Status and change nothing (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const before = await instancesSeen(t, srv, w, 'K');
    const named = `${w}/${t.uniqueName('gone')}`;
    const missing = srv.publish([{ ClientURI: w, MOData: { Name: 'never' } }], { failWith: 404 });
    const [a, b] = await srv.run([
      ['HGET', missing.url],
      ['HGET', missing.url, named],
    ]);
    // K-CMD: an HGET that fetched nothing stored nothing and cannot report success; the code (the
    // target's 404) is P-DETAIL's.
    expectRefused(t, a, 404, 'HGET without ClientURI of a 404 target');
    const sb = expectRefused(t, b, 404, `HGET into ${named} of a 404 target`);
    t.check(sameJson(sb.URI, [named]), `the 404 Status names [${sb.URI.join(', ')}], not the ClientURI as sent [${named}] (P-DETAIL)`);
    const after = await instancesSeen(t, srv, w, 'K');
    t.check(sameJson(after, before), `failed HGETs changed the instances of ${w}: [${before.join(', ')}] -> [${after.join(', ')}]`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-006',
    title: 'HGET of an unreachable target is 502',
    requirement: 'A client MUST answer an HGET whose ServerURI cannot be reached with sc 502 (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const nowhere = await unreachableUrl(t, '/content/none');
    const [a, b] = await srv.run([
      ['HGET', nowhere],
      ['HGET', nowhere, `${w}/${t.uniqueName('x')}`],
    ]);
    expectRefused(t, a, 502, 'HGET of an unreachable ServerURI');
    expectRefused(t, b, 502, 'HGET of an unreachable ServerURI into a named instance');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-007',
    title: 'HGET of a body that is not an MO serialization is 400',
    requirement:
      'A client MUST refuse with sc 400 an HGET whose target answers something other than an MO serialization it reads (K-CMD, K-NEG; ours: P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'K-NEG', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const stub = await HarnessFront.start(t, { name: 'text content' });
    stub.defaultReply = { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: Buffer.from('this is no MO serialization\n') };
    const uri = `${w}/${t.uniqueName('text')}`;
    const [q] = await srv.run([['HGET', `${stub.url}/content/text`, uri]]);
    // Refusing a body that is no MO serialization (nothing to store) is K-CMD; the code 400 is ours.
    expectRefused(t, q, 400, 'HGET of a text/plain body');
    t.check(stub.requests.length >= 1, 'the IUT never fetched the ServerURI', 'K');
    const [check] = await srv.run([['HPUT', 'auto', uri]]);
    expectRefused(t, check, 404, `HPUT of ${uri} after the refused HGET (nothing may have been created)`);
    expectNothing(t, srv.received(check), `HPUT of ${uri} sent data after the refused HGET: the text body created the instance`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-008',
    title: 'HGET without ClientURI is all or nothing: one refused entry creates none',
    requirement: 'A client MUST create none of the instances of an HGET without ClientURI when one entry cannot be created (ours: K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL', 'K-ACL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const before = await instancesSeen(t, srv, w, 'K');
    const unlisted = UNLISTED_MOID;
    const content = srv.publish([
      { ClientURI: w, MOData: { Name: 'first of two' } },
      { ClientURI: unlisted, MOData: { Name: 'not in Perm' } },
    ]);
    const [q] = await srv.run([['HGET', content.url]]);
    const s = statusOf(t, q);
    // All or nothing is the (ours) K-CMD clarification "the whole HGET is all or nothing": profile checks.
    t.check(s.sc >= 400, `HGET whose second entry names an MO outside the server's Perm answered sc ${s.sc}, not an error`);
    const after = await instancesSeen(t, srv, w, 'K');
    t.check(sameJson(after, before), `the refused HGET still created ${after.filter((u) => !before.includes(u)).join(', ')}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-009',
    title: 'HGET with a ClientURI of a body with two entries is 400',
    requirement: 'A client MUST answer 400 to an HGET with a ClientURI whose body does not hold exactly one entry, and store nothing (ours: K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = `${w}/${t.uniqueName('two')}`;
    const content = srv.publish([
      { ClientURI: uri, MOData: { Name: 'one' } },
      { ClientURI: uri, MOData: { Name: 'two' } },
    ]);
    const [q, check] = await srv.run([
      ['HGET', content.url, uri],
      ['HPUT', 'auto', uri],
    ]);
    expectSc(t, q, 400, `HGET into ${uri} of a two-entry body`);
    expectSc(t, check, 404, `HPUT of ${uri} after the refused HGET (nothing may have been created)`);
  },
);
