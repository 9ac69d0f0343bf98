/**
 * The commands a client runs (K-CMD, P-DETAIL): HGET, HPUT, HPOST, DELETE, EXEC, CONT and END (MUST),
 * SHOW, DEFAULT, SUB, UNSUB (SHOULD, with their ICS features), wrong parameter lists. GET has its own file.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { ixitNode, withWritableMo } from '../../harness/conformance/fixtures/client/client-ixit.ts';
import { dmPosts, requestsTo } from '../../harness/conformance/fixtures/client/dm-wire.ts';
import { HarnessFront } from '../../harness/conformance/fixtures/client/harness-front.ts';
import { unreachableUrl } from '../../harness/conformance/fixtures/client/raw-http.ts';
import { expectDone, expectRefused, expectSc, firstStatusUri, statusOf } from '../../harness/conformance/fixtures/client/status.ts';
import {
  createInstance,
  instancesSeen,
  instanceUri,
  miidOf,
  moidPart,
  onlyInstance,
  readViaHput,
  UNLISTED_MOID,
} from '../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { expectNothing, expectNoUris, expectUris, sameJson } from '../../harness/conformance/fixtures/verify.ts';
import { quiet, waitUntil } from '../../harness/conformance/fixtures/waits.ts';
import { claims } from '../../harness/conformance/ics.ts';
import { decodeValue, encodeBody } from '../../harness/protocol/body-codec.ts';
import type { RawCommand } from '../../harness/protocol/commands.ts';
import { parseMediaType } from '../../harness/protocol/media-types.ts';
import { MOID } from '../../harness/protocol/moids.ts';
import { ALERT } from '../../harness/protocol/packages.ts';

const isConcrete = (uri: string) => !/\/\/|\*|\(|\?/.test(uri.replace(/^urn:[^/]*/i, ''));

const SESSION_ALERTS = new Set<string>([ALERT.CLIENT_INITIATED, ALERT.SERVER_INITIATED]);

/**
 * The asynchronous EXEC of K-CMD, on public facts alone: answered 202 now, and its result later as an
 * alert in the Package#1 of a new session sent to the EXEC's ServerURI. Returns that alert (the first
 * one that is not a session alert); its type and Data shape (ExecResult, {"sc"}) are for the caller's
 * P-DETAIL checks.
 */
async function asyncExecAlert(t: CaseContext, srv: HarnessServer, node: string) {
  const [q] = await srv.run([['EXEC', node, 'auto']]);
  const s = expectSc(t, q, 202, `EXEC ${node} with a ServerURI (asynchronous: 202 now, the result later)`, 'K');
  const alertPath = new URL(String(q.command[2])).pathname;
  const atAlertUrl = () => dmPosts(srv.wire).find((p) => p.kind === 'package1' && p.path === alertPath);
  t.step('wait for the alert carrying the EXEC result');
  await waitUntil(() => atAlertUrl() !== undefined || q.asyncResult !== undefined, t.ixit.timeouts.sessionMs);
  const p1 = t.need(atAlertUrl(), `EXEC ${node} answered 202 but no Package#1 (a new session carrying its result) came to its ServerURI ${alertPath} within ${t.ixit.timeouts.sessionMs} ms`, 'K');
  // Reading the Package#1 at all rests on the reference schema, whose strictness (unknown members) is ours.
  const p1Alerts = t.need(p1.package1?.Alert, `the Package#1 at the EXEC's ServerURI could not be read: ${p1.decodeError ?? 'no Alert list'}`, 'P');
  const alert = t.need(
    p1Alerts.find((a) => !SESSION_ALERTS.has(a.AlertType)),
    `the Package#1 at the EXEC's ServerURI carries only [${p1Alerts.map((a) => a.AlertType).join(', ')}], no alert with the EXEC's result`,
    'K',
  );
  return { q: q, s, alert };
}



// ---- HGET ---------------------------------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-CMD-001',
    title: 'HGET without ClientURI creates an instance under a fresh MIID and returns its URI',
    requirement: 'A client MUST store the data an HGET without ClientURI fetches as a new instance, assign it a fresh MIID and return its URI in the Status (K-CMD, P-DETAIL).',
    labels: ['DM-HLF-027'],
    rules: ['K-CMD', 'P-DETAIL', 'K-TREE'],
    level: 'MUST',
    role: 'client',
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
    t.check(created.length === 1, `HGET without ClientURI of one entry created ${created.length} new instances of ${w} ([${created.join(', ')}]), not one`, 'K');
    const fresh = await readViaHput(t, srv, created, 'the new instance', 'K');
    t.check(sameJson(fresh.entries[0]?.MOData, data), `the new instance ${created[0]} reads back as ${JSON.stringify(fresh.entries[0]?.MOData)}, not the fetched ${JSON.stringify(data)}`, 'K');
    // P-DETAIL: the Status names the new instance; MIIDs are decimal; one fetch.
    t.check(s.URI.length === 1, `HGET of one entry returned ${s.URI.length} URIs: [${s.URI.join(', ')}]`);
    const uri = firstStatusUri(t, s, `the HGET Status names no URI, not the new instance ${created[0] ?? ''} (P-DETAIL)`);
    const miid = miidOf(uri, w);
    t.check(miid !== undefined && !uri.slice(w.length + 1).includes('/'), `the Status URI "${uri}" does not name an instance of ${w}`);
    t.check(/^\d+$/.test(miid ?? ''), `the assigned MIID "${miid}" is not a decimal string (P-DETAIL)`);
    t.check(!before.includes(uri), `the "fresh" MIID of ${uri} names an instance that existed before the HGET`);
    t.check(content.fetches() === 1, `the IUT fetched the content ${content.fetches()} times, not once`);
    const read = await readViaHput(t, srv, [uri], 'the new instance');
    t.check(sameJson(read.entries[0]?.MOData, data), `${uri} reads back as ${JSON.stringify(read.entries[0]?.MOData)}, not the fetched ${JSON.stringify(data)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-002',
    title: 'HGET without ClientURI of two entries creates two instances with distinct fresh MIIDs',
    requirement: 'A client MUST create one instance per entry of an HGET body without ClientURI, each under its own fresh MIID, and return all their URIs (K-CMD, P-DETAIL).',
    labels: ['DM-HLF-011'],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
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
    t.check(created.length === 2, `HGET of two entries without ClientURI created ${created.length} new instances of ${w} ([${created.join(', ')}]), not two`, 'K');
    const stored = (await readViaHput(t, srv, created, 'the new instances', 'K')).entries.map((e) => e.MOData);
    t.check(stored.some((d) => sameJson(d, a)) && stored.some((d) => sameJson(d, b)), `the new instances hold ${JSON.stringify(stored)}, not the fetched ${JSON.stringify([a, b])}`, 'K');
    // P-DETAIL: the Status names them, in the order of the entries.
    t.check(s.URI.length === 2, `HGET of two entries returned ${s.URI.length} URIs: [${s.URI.join(', ')}]`);
    t.check(s.URI[0] !== s.URI[1], `both entries got the same URI ${s.URI[0]}`);
    for (const uri of s.URI) t.check(!before.includes(uri) && miidOf(uri, w) !== undefined, `${uri} is not a fresh instance of ${w}`);
    const read = await readViaHput(t, srv, s.URI, 'the two new instances');
    t.check(sameJson(read.entries.map((e) => e.MOData), [a, b]), `the new instances read back as ${JSON.stringify(read.entries.map((e) => e.MOData))}, not [first, second] in order`);
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
    role: 'client',
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
    requirement: 'A client MUST replace the subtree of the node an HGET ClientURI addresses with the fetched MOData and leave its siblings alone (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL', 'K-TREE'],
    level: 'MUST',
    role: 'client',
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
    t.check(sameJson(read.entries[0]?.MOData, want), `${uri} reads back as ${JSON.stringify(read.entries[0]?.MOData)}, not ${JSON.stringify(want)} (the subtree of Sub is replaced, not merged)`);
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
    role: 'client',
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
    role: 'client',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const nowhere = await unreachableUrl(t, '/content/none');
    const [a, b] = await srv.run([['HGET', nowhere], ['HGET', nowhere, `${w}/${t.uniqueName('x')}`]]);
    expectRefused(t, a, 502, 'HGET of an unreachable ServerURI');
    expectRefused(t, b, 502, 'HGET of an unreachable ServerURI into a named instance');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-007',
    title: 'HGET of a body that is not an MO serialization is 400',
    requirement: 'A client MUST refuse with sc 400 an HGET whose target answers something other than an MO serialization it reads (K-CMD, K-NEG; ours: P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'K-NEG', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
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
    role: 'client',
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
    role: 'client',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = `${w}/${t.uniqueName('two')}`;
    const content = srv.publish([
      { ClientURI: uri, MOData: { Name: 'one' } },
      { ClientURI: uri, MOData: { Name: 'two' } },
    ]);
    const [q, check] = await srv.run([['HGET', content.url, uri], ['HPUT', 'auto', uri]]);
    expectSc(t, q, 400, `HGET into ${uri} of a two-entry body`);
    expectSc(t, check, 404, `HPUT of ${uri} after the refused HGET (nothing may have been created)`);
  },
);

// ---- HPUT / HPOST -------------------------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-CMD-010',
    title: 'HPUT sends the data of its ClientURIs to the ServerURI with PUT',
    requirement: 'A client MUST PUT the MO serialization of the HPUT ClientURIs to its ServerURI and return the concrete URIs (K-CMD, K-TREE, P-DETAIL).',
    labels: ['DM-HLF-004'],
    rules: ['K-CMD', 'K-TREE', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('put'), { Name: 'put me', Count: 3 }, 'K');
    const [q] = await srv.run([['HPUT', 'auto', `${MOID.DEVINFO}//DevID`, `${uri}/Count`]]);
    const s = expectDone(t, q, 'HPUT');
    // K-CMD: HPUT sends the data of its ClientURIs with PUT. Which ClientURI and MOData each entry
    // carries (concrete URIs, a leaf's value) rests on P-DETAIL and the (ours) K-TREE clarifications.
    const body = t.need(srv.received(q)[0], 'HPUT answered but its receiver got no body', 'K');
    t.check(body.method === 'PUT', `HPUT reached the receiver as ${body.method}, not PUT`, 'K');
    t.check(body.entries.length === 2, `the body has ${body.entries.length} entries for 2 ClientURIs`, 'K');
    const [devId, count] = body.entries;
    t.check(instanceUri(MOID.DEVINFO, 'DevID', 'i').test(devId?.ClientURI ?? ''), `the first entry's ClientURI "${devId?.ClientURI}" is not the concrete DevInfo DevID`);
    t.check(devId?.MOData === srv.devId, `DevID sent as ${JSON.stringify(devId?.MOData)}, not "${srv.devId}"`);
    t.check(count?.ClientURI === `${uri}/Count` && count.MOData === 3, `the second entry is ${JSON.stringify(count)}, not ${uri}/Count = 3`);
    t.check(sameJson(s.URI, [devId?.ClientURI, `${uri}/Count`]), `the Status URI [${s.URI.join(', ')}] is not the concrete URIs sent`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-011',
    title: 'HPOST sends the data of its ClientURIs to the ServerURI with POST',
    requirement: 'A client MUST POST the MO serialization of the HPOST ClientURIs to its ServerURI (K-CMD).',
    labels: ['DM-HLF-004'],
    rules: ['K-CMD', 'K-TREE'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('post'), { Name: 'post me', Sub: { Leaf: 'x' } }, 'K');
    const [q] = await srv.run([['HPOST', 'auto', uri]]);
    const s = expectDone(t, q, 'HPOST');
    const body = t.need(srv.received(q)[0], 'HPOST answered but its receiver got no body');
    t.check(body.method === 'POST', `HPOST reached the receiver as ${body.method}, not POST`);
    t.check(body.entries.length === 1 && body.entries[0]?.ClientURI === uri, `the body's entries are [${body.entries.map((e) => e.ClientURI).join(', ')}], not [${uri}]`);
    t.check(sameJson(body.entries[0]?.MOData, { Name: 'post me', Sub: { Leaf: 'x' } }), `the data sent is ${JSON.stringify(body.entries[0]?.MOData)}`);
    t.check(sameJson(s.URI, [uri]), `the Status URI is [${s.URI.join(', ')}], not [${uri}] (P-DETAIL: Status URI contents)`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-012',
    title: 'HPUT answered 415 with OMADM-Accept CBOR is retried in CBOR',
    requirement: 'A client that supports CBOR MUST, on a 415 whose OMADM-Accept lists only the CBOR MO type, send the HPUT again in CBOR (K-NEG, P-CBOR).',
    labels: ['DM-HLF-004', 'DM-IOP-001'],
    rules: ['K-NEG', 'K-CMD', 'P-CBOR'],
    level: 'MUST',
    role: 'client',
    features: ['CBOR'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('cbor'), { Name: 'in cbor', N: 42 });
    const receiver = srv.receiver(['cbor']);
    const [q] = await srv.run([['HPUT', receiver.url, uri]]);
    expectSc(t, q, 200, 'HPUT to a CBOR-only receiver');
    const got = srv.received(receiver.id);
    t.check(got.length === 1 && got[0]?.encoding === 'cbor', `the receiver accepted ${got.length} bodies (${got.map((b) => b.encoding).join(', ')}), not one in CBOR`);
    t.check(sameJson(got[0]?.entries[0]?.MOData, { Name: 'in cbor', N: 42 }), `the CBOR body carries ${JSON.stringify(got[0]?.entries)}`);
    const attempts = requestsTo(srv.wire, new URL(receiver.url).pathname);
    const refused = attempts.filter((a) => a.response?.status === 415);
    t.check(refused.length <= 1, `the IUT was refused with 415 ${refused.length} times: it retried more than once`);
    t.check(attempts.length <= 2, `the IUT sent ${attempts.length} requests for one HPUT`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-013',
    title: 'HPUT and HPOST end in 406 when the target accepts no format the client can send',
    requirement: 'A client MUST put 406 in the Status of an HPUT/HPOST whose target answers 415 with an OMADM-Accept listing no format it supports, without sending again (K-NEG).',
    labels: [],
    rules: ['K-NEG', 'K-CMD', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const stub = await HarnessFront.start(t, { name: 'picky receiver' });
    stub.defaultReply = { status: 415, headers: { 'content-type': 'text/plain', 'omadm-accept': 'application/x-dmcts-unknown' }, body: Buffer.from('no\n') };
    const devId = `${MOID.DEVINFO}//DevID`;
    const [put, post] = await srv.run([
      ['HPUT', `${stub.url}/in/put`, devId],
      ['HPOST', `${stub.url}/in/post`, devId],
    ]);
    // K-NEG: a client that supports none of the OMADM-Accept types puts 406 in the command's Status.
    expectSc(t, put, 406, 'HPUT to a receiver that accepts nothing the client sends', 'K');
    expectSc(t, post, 406, 'HPOST to a receiver that accepts nothing the client sends', 'K');
    for (const path of ['/in/put', '/in/post']) {
      const sent = stub.requestsTo(path);
      t.check(sent.length === 1, `the IUT sent ${sent.length} requests to ${path}: it did not stop at the 415 whose OMADM-Accept it cannot meet`, 'K');
      // The MO serialization media types are P-DETAIL's.
      t.check(parseMediaType(sent[0]?.headers['content-type'])?.kind === 'mo', `the request to ${path} had Content-Type "${sent[0]?.headers['content-type']}", not an MO serialization type`, 'P');
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-014',
    title: 'HPUT reports the HTTP error a target answered, and 502 for an unreachable one',
    requirement: 'A client MUST report in an HPUT/HPOST Status the HTTP status its target answered, or 502 when the target cannot be reached (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const stub = await HarnessFront.start(t, { name: 'failing receiver' });
    stub.defaultReply = { status: 500, headers: { 'content-type': 'text/plain' }, body: Buffer.from('broken\n') };
    const nowhere = await unreachableUrl(t, '/recv/none');
    const devId = `${MOID.DEVINFO}//DevID`;
    const [failing, unreachable] = await srv.run([
      ['HPUT', `${stub.url}/in`, devId],
      ['HPOST', nowhere, devId],
    ]);
    // K-CMD: an HPUT/HPOST whose data did not arrive cannot report success; the codes are P-DETAIL's.
    const a = expectRefused(t, failing, 500, 'HPUT to a receiver answering 500');
    expectRefused(t, unreachable, 502, 'HPOST to an unreachable ServerURI');
    t.check(a.URI.length === 1, `the 500 Status names [${a.URI.join(', ')}], not the one ClientURI`);
  },
);

// ---- DELETE -------------------------------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-CMD-020',
    title: 'DELETE removes a dynamic instance the server created',
    requirement: 'A client MUST delete the node a DELETE addresses with all its children, answer 200 with its URI, and 404 once it is gone (K-CMD, K-TREE).',
    labels: [],
    rules: ['K-CMD', 'K-TREE', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('del'), { Name: 'doomed', Nested: { A: '1' } }, 'K');
    const [del, read, again] = await srv.run([['DELETE', uri], ['HPUT', 'auto', uri], ['DELETE', uri]]);
    const s = expectDone(t, del, `DELETE ${uri}`);
    t.check(sameJson(s.URI, [uri]), `DELETE returned [${s.URI.join(', ')}], not [${uri}]`);
    // K-CMD: DELETE removed the node — nothing of it can be sent or deleted again; the codes (404) are P-DETAIL's.
    expectRefused(t, read, 404, `HPUT of ${uri} after its DELETE`);
    expectRefused(t, again, 404, `a second DELETE ${uri}`);
    expectNothing(t, srv.received(read), 'data of the deleted instance was still sent', 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-021',
    title: 'DELETE of the permanent DevInfo instance is refused (403 or 405) and DevInfo stays',
    requirement: 'A client MUST refuse to DELETE the permanent DevInfo instance, with 403 (no Write right) or 405 (permanent) (K-CMD, K-TREE, K-ACL).',
    labels: ['DM-HLF-027'],
    rules: ['K-CMD', 'K-TREE', 'K-ACL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const devInfo = await onlyInstance(t, srv, MOID.DEVINFO, 'K');
    const [del, leaf] = await srv.run([['DELETE', devInfo], ['DELETE', `${devInfo}/Man`]]);
    // The refusal is K-TREE/K-ACL; 405 for a permanent node is K-TREE, 403 the P-ACL alternative.
    expectRefused(t, del, [403, 405], `DELETE ${devInfo}`);
    expectRefused(t, leaf, [403, 405], `DELETE ${devInfo}/Man`);
    const read = await readViaHput(t, srv, [`${devInfo}/DevID`, `${devInfo}/Man`], 'DevInfo after the refused DELETEs', 'K');
    t.check(read.entries.length === 2, `DevInfo changed after the refused DELETEs: HPUT of DevID and Man sent ${JSON.stringify(read.entries)}`);
    // A leaf's MOData being its value is the (ours) K-TREE clarification.
    t.check(read.entries[0]?.MOData === srv.devId, `DevInfo DevID reads ${JSON.stringify(read.entries[0]?.MOData)} after the refused DELETEs, not "${srv.devId}"`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-022',
    title: 'DELETE of a permanent node by a server holding Write is 405',
    requirement: 'A client MUST answer 405 to a DELETE of a permanent node even when the server holds the Write right (K-TREE).',
    labels: ['DM-HLF-027'],
    rules: ['K-TREE', 'K-CMD', 'P-ACL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t, { perm: [{ moid: MOID.DEVINFO, rights: 'RW' }] });
    const devInfo = await onlyInstance(t, srv, MOID.DEVINFO, 'K');
    const [del, leaf] = await srv.run([['DELETE', devInfo], ['DELETE', `${devInfo}/DevID`]]);
    // K-TREE: a permanent node's delete is 405.
    expectSc(t, del, 405, `DELETE of the permanent ${devInfo} with the Write right`, 'K');
    expectSc(t, leaf, 405, `DELETE of the permanent ${devInfo}/DevID with the Write right`, 'K');
    await readViaHput(t, srv, [`${devInfo}/DevID`], 'DevInfo DevID after the refused DELETEs', 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-023',
    title: 'DELETE of an interior node removes its subtree and nothing else',
    requirement: 'A client MUST delete the addressed node and all its children, leaving the rest of the instance (K-CMD).',
    labels: [],
    rules: ['K-CMD', 'K-TREE'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('sub'), { Name: 'stays', Sub: { A: 1, Deeper: { B: 2 } } }, 'K');
    const [del] = await srv.run([['DELETE', `${uri}/Sub`]]);
    const s = expectDone(t, del, `DELETE ${uri}/Sub`);
    t.check(sameJson(s.URI, [`${uri}/Sub`]), `DELETE returned [${s.URI.join(', ')}], not [${uri}/Sub] (P-DETAIL: Status URI contents)`, 'P');
    const read = await readViaHput(t, srv, [uri], 'the instance after DELETE of Sub', 'K');
    t.check(sameJson(read.entries[0]?.MOData, { Name: 'stays' }), `${uri} reads back as ${JSON.stringify(read.entries[0]?.MOData)}, not {"Name":"stays"}`);
  },
);

// ---- EXEC ---------------------------------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-CMD-030',
    title: 'EXEC of the executable node runs it: 200 with the node URI',
    requirement: 'A client MUST run the node an EXEC without ServerURI addresses and answer its result, 200 with the node URI on success (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const node = ixitNode(t, 'execNode');
    const srv = await HarnessServer.bootstrapped(t);
    const [q] = await srv.run([['EXEC', node]]);
    const s = expectDone(t, q, `EXEC ${node}`);
    t.check(s.URI.length === 1, `EXEC returned [${s.URI.join(', ')}], not one URI`);
    if (isConcrete(node)) t.check(s.URI[0] === node, `EXEC returned [${s.URI[0]}], not [${node}]`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-031',
    title: 'EXEC of the failing node reports an error status',
    requirement: 'A client MUST report the failure of an executed node as an error status code, not 200 (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const node = ixitNode(t, 'failingExecNode');
    const srv = await HarnessServer.bootstrapped(t);
    const [q] = await srv.run([['EXEC', node]]);
    const s = statusOf(t, q, 'K');
    // K-CMD: the Status carries the EXEC's result, so a failure is not reported as success; the error class is P-DETAIL's.
    t.check(s.sc < 200 || s.sc > 299, `EXEC of the failing node ${node} answered sc ${s.sc}: its failure reported as success (a 2xx)`, 'K');
    t.check(s.sc >= 400 && s.sc <= 599, `EXEC of the failing node ${node} answered sc ${s.sc}, not an error status`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-032',
    title: 'EXEC with a ServerURI is 202, then an ExecResult alert with Data {sc} in a new session to that URI',
    requirement: 'A client MUST answer an EXEC with ServerURI 202 and later send the result as a generic ExecResult alert, SourceURI the node and Data {"sc": code}, in the Package#1 of a new session to that ServerURI (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL', 'K-FLOW'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const node = ixitNode(t, 'asyncExecNode');
    const srv = await HarnessServer.bootstrapped(t);
    // K-CMD: 202 now and an alert to the ServerURI later, in a new session (asyncExecAlert). P-DETAIL:
    // the Status URI, the alert's type ExecResult, its SourceURI and Data {"sc"}.
    const { s, alert } = await asyncExecAlert(t, srv, node);
    t.check(s.URI.length === 1, `the 202 Status names [${s.URI.join(', ')}], not the node`);
    t.check(alert.AlertType === ALERT.EXEC_RESULT, `the alert with the EXEC's result is ${alert.AlertType}, not ${ALERT.EXEC_RESULT}`);
    t.check(alert.SourceURI !== undefined && alert.SourceURI === s.URI[0], `the ExecResult SourceURI is "${alert.SourceURI}", not the executed "${s.URI[0]}"`);
    const data = alert.Data as { sc?: unknown } | undefined;
    t.check(typeof data?.sc === 'number' && Number.isInteger(data.sc), `the ExecResult Data is ${JSON.stringify(alert.Data)}, not {"sc": <code>}`);
    t.check(data?.sc === 200, `the asynchronous EXEC of ${node} reported sc ${String(data?.sc)}, not 200`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-033',
    title: 'An asynchronous EXEC that fails reports the error code in its ExecResult',
    requirement: 'A client MUST report the outcome of an asynchronous EXEC, an error included, as Data {"sc": code} of its ExecResult alert (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const node = ixitNode(t, 'failingExecNode');
    const srv = await HarnessServer.bootstrapped(t);
    // K-CMD: 202 now, the result later as an alert to the ServerURI; how the alert says it failed
    // (ExecResult, Data {"sc"}) is P-DETAIL's.
    const { alert } = await asyncExecAlert(t, srv, node);
    t.check(alert.AlertType === ALERT.EXEC_RESULT, `the alert with the EXEC's result is ${alert.AlertType}, not ${ALERT.EXEC_RESULT}`);
    const sc = (alert.Data as { sc?: unknown } | undefined)?.sc;
    t.check(typeof sc === 'number' && sc >= 400 && sc <= 599, `the ExecResult of the failing node reports ${JSON.stringify(alert.Data)}, not an error sc`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-034',
    title: 'EXEC without the Execute right is 403',
    requirement: 'A client MUST refuse with 403 an EXEC by a server whose Perm for that MO lacks the Execute right (K-ACL, P-ACL).',
    labels: ['DM-HLF-009', 'DM-HLF-020'],
    rules: ['K-CMD', 'K-ACL', 'P-ACL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const node = ixitNode(t, 'execNode');
    const moid = moidPart(node);
    const srv = await HarnessServer.bootstrapped(t, { perm: [{ moid, rights: 'RW' }] });
    const [q] = await srv.run([['EXEC', node]]);
    // K-ACL: a command without the right is not carried out; the code 403 is P-ACL's.
    expectRefused(t, q, 403, `EXEC ${node} by a server with rights RW only`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-035',
    title: 'EXEC of a node that is not executable is 405; of a wildcard, 400',
    requirement: 'A client MUST answer 405 to an EXEC of a node that cannot be executed and 400 to an EXEC that does not name exactly one node (K-CMD; ours: P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('noexec'), { Name: 'plain data' }, 'K');
    const [plain, wild] = await srv.run([['EXEC', `${uri}/Name`], ['EXEC', `${w}/*/Name`]]);
    // A data leaf the server created has no Exec access type (K-TREE): not carried out; 405 is ours.
    // EXEC naming exactly one node (400 for a wildcard) is ours altogether.
    expectRefused(t, plain, 405, `EXEC of the data leaf ${uri}/Name`);
    expectSc(t, wild, 400, `EXEC of the wildcard ${w}/*/Name`);
  },
);

// ---- CONT ---------------------------------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-CMD-040',
    title: 'CONT answers 200 with no URI, and the last CONT of a package decides where the Package#3 goes',
    requirement: 'A client MUST answer CONT with 200 and an empty URI list and send every later Package#3 to the URI of the latest CONT (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL', 'P-SESSION'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const stray = await HarnessFront.start(t, { name: 'superseded CONT target' });
    const cont = srv.queue(['CONT', `${stray.url}/dm/s/superseded`]);
    const put = srv.queue(['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]);
    await srv.startSession();
    t.step('wait for the Package#3');
    await waitUntil(() => stray.requests.length > 0 || (cont.state === 'done' && put.state === 'done'), t.ixit.timeouts.sessionMs);
    t.check(stray.requests.length === 0, `the IUT sent its Package#3 to the URI of a CONT that a later CONT superseded (${stray.requests.map((r) => `${r.method} ${r.path}`).join(', ')})`);
    await srv.settle([cont, put]);
    const s = expectSc(t, cont, 200, 'CONT');
    expectNoUris(t, s.URI, 'the CONT Status');
    expectDone(t, put, 'HPUT after the CONT');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-041',
    title: 'The Package#3 goes to a CONT URI on a path the client could not guess',
    requirement: 'A client MUST send the Package#3 to whatever ServerURI the CONT names (K-CMD).',
    labels: ['DM-HLF-008'],
    rules: ['K-CMD', 'K-FLOW'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { front, srv } = await HarnessFront.withServer(t, { name: 'relay front' });
    const relay = `/relay/${t.uniqueName('r')}/`;
    front.hooks.onRequest = (req) => (req.path.startsWith(relay) ? { path: `/dm/s/${req.path.slice(relay.length)}` } : undefined);
    front.hooks.onResponse = (_req, res) => {
      const type = parseMediaType(res.headers['content-type']);
      if (type?.kind !== 'request') return;
      const p2 = decodeValue(res.body, type.encoding);
      if (!p2.ok) return;
      const cmds = (p2.value as { CMD: unknown[][] }).CMD;
      for (const c of cmds) if (c[0] === 'CONT' && typeof c[1] === 'string') c[1] = c[1].replace(`${front.url}/dm/s/`, `${front.url}${relay}`);
      return { ...res, body: encodeBody(p2.value, type.encoding) };
    };
    await srv.bootstrap();
    const q = srv.queue(['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]);
    await srv.startSession();
    t.step('wait for the Package#3');
    await waitUntil(() => front.requests.some((r) => r.method === 'POST' && r.path !== '/dm' && !r.path.startsWith('/recv/')) || front.requestsTo('/dm').length > 1, t.ixit.timeouts.sessionMs);
    const p3 = front.requests.filter((r) => r.method === 'POST' && !r.path.startsWith('/recv/')).slice(1);
    const next = t.need(p3[0], 'the IUT sent nothing after the Package#1');
    t.check(next.path.startsWith(relay), `the Package#3 went to ${next.path.replace(/\/dm\/s\/.*/, '/dm/s/<token>')}, not to the CONT URI ${relay}<token>`);
    await srv.settle([q]);
    expectDone(t, q, 'HPUT in a session continued at the relay URI');
  },
);

// ---- wrong parameters ---------------------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-CMD-050',
    title: 'Commands with a wrong parameter list are 400, and the package goes on',
    requirement: 'A client MUST answer 400 to a command whose parameter list is wrong and go on with the next command (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const bad: Array<[string, ...unknown[]]> = [
      ['HGET'],
      ['HPUT', 'auto'],
      ['HPOST', 'not a uri', `${MOID.DEVINFO}//DevID`],
      ['DELETE'],
      ['DELETE', 42],
      ['EXEC', `${MOID.DEVINFO}//DevID`, 'ftp://example.invalid/x'],
      ['EXEC', `${MOID.DEVINFO}//DevID`, 'https://example.invalid/x', 'extra'],
      ['CONT'],
    ];
    const wellFormed: RawCommand = ['HPUT', 'auto', `${MOID.DEVINFO}//DevID`];
    const results = await srv.runEach([...bad, wellFormed], (cmd) => cmd, { raw: true });
    for (const [cmd, q] of results) {
      // K-FLOW: one Status per command, in order — the package goes on after the malformed ones.
      if (cmd === wellFormed) {
        expectDone(t, q, 'the well-formed HPUT after the malformed commands');
        continue;
      }
      const s = statusOf(t, q, 'K');
      // A command lacking what it needs to act on cannot have been carried out (K-CMD); an EXEC with an
      // odd ServerURI or an extra parameter may be read leniently, so only the code judges those. 400 is ours.
      if (cmd[0] !== 'EXEC') t.check(s.sc < 200 || s.sc > 299, `${JSON.stringify(cmd)} answered sc ${s.sc}: a command it could not carry out reported as success (a 2xx)`, 'K');
      t.check(s.sc === 400, `${JSON.stringify(cmd)} answered sc ${s.sc}, not 400`);
    }
  },
);

// ---- SHOW ---------------------------------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-CMD-060',
    title: 'SHOW on a device with a UI answers 200 and shows the URL',
    requirement: 'A client with a UI that supports SHOW SHOULD open the ServerURI and answer 200 with an empty URI list at once (K-CMD, P-DETAIL).',
    labels: ['DM-HLF-010'],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'SHOULD',
    role: 'client',
    features: ['SHOW', 'UI'],
    utMethods: ['client.shown'],
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const page = `${srv.url}/show/${t.uniqueName('page')}`;
    const [q] = await srv.run([['SHOW', page]]);
    const s = expectDone(t, q, 'SHOW');
    expectNoUris(t, s.URI, 'the SHOW Status');
    const shown = await t.ut('client.shown');
    const urls = Array.isArray(shown.urls) ? (shown.urls as unknown[]).map(String) : [];
    // K-CMD: SHOW shows the ServerURI (observed through the upper tester).
    t.check(urls.includes(page), `the IUT reports showing [${urls.join(', ')}], not ${page}`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-061',
    title: 'SHOW on a device without UI is 501',
    requirement: 'A client without a UI MUST answer SHOW with 501 and show nothing (P-DETAIL, DM-HLF-003).',
    labels: ['DM-HLF-003'],
    rules: ['K-CMD', 'P-DETAIL', 'P-FEAT'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    t.useIcsItem('features.UI');
    if (claims(t.ics, 'UI')) t.notApplicable('the ICS claims a UI (features.UI): SHOW on a device without UI cannot be tried');
    const srv = await HarnessServer.bootstrapped(t);
    const [q] = await srv.run([['SHOW', `${srv.url}/show/${t.uniqueName('page')}`]]);
    // A device without a UI cannot show (not a 2xx, K-CMD); 501 is P-DETAIL's.
    expectRefused(t, q, 501, 'SHOW on a device without UI');
  },
);

// ---- DEFAULT ------------------------------------------------------------------------------------

async function defaultSetup(t: CaseContext) {
  const { w, srv } = await withWritableMo(t);
  const existing = await instancesSeen(t, srv, w);
  if (existing.length > 0) t.inconclusive(`the IUT already has ${w} instances (${existing.join(', ')}): a DEFAULT source is only used for a missing MO`);
  const data = { Name: 'from DEFAULT', APN: 'apn.default' };
  const content = srv.publish([{ ClientURI: w, MOData: data }]);
  const [q] = await srv.run([['DEFAULT', w, content.url]]);
  const appId = t.uniqueName('app');
  await t.ut('client.localApp.register', { appId, moids: { [w]: 'RW' } });
  return { w, srv, data, content, q: q, appId };
}

defineCase(
  {
    id: 'DMCTS-C-CMD-070',
    title: 'DEFAULT names where a missing MO comes from when a local application reads it',
    requirement: 'A client that supports DEFAULT SHOULD answer it 200 without fetching, and fetch the MO from its ServerURI when a local application needs the missing MO (K-CMD, P-LOCAL).',
    labels: ['DM-HLF-005'],
    rules: ['K-CMD', 'P-DETAIL', 'P-LOCAL'],
    level: 'SHOULD',
    role: 'client',
    features: ['DEFAULT', 'LOCALAPI'],
    utMethods: ['client.localApp.register', 'client.localApp.read'],
  },
  async (t: CaseContext) => {
    const { w, data, content, q, appId } = await defaultSetup(t);
    // Only DEFAULT's acceptance is judged on public facts; its use by local applications is P-LOCAL.
    const s = expectDone(t, q, 'DEFAULT');
    expectNoUris(t, s.URI, 'the DEFAULT Status');
    t.check(content.fetches() === 0, `DEFAULT itself fetched its ServerURI ${content.fetches()} times`);
    const read = await t.ut('client.localApp.read', { appId, clientUri: `${w}/*` });
    t.check(read.sc === 200, `the local read of ${w}/* answered sc ${String(read.sc)}, not 200`);
    const entries = Array.isArray(read.entries) ? (read.entries as Array<{ ClientURI: string; MOData: unknown }>) : [];
    t.check(entries.length === 1 && sameJson(entries[0]?.MOData, data), `the local read got ${JSON.stringify(read.entries)}, not the DEFAULT content`);
    t.check(content.fetches() === 1, `the DEFAULT source was fetched ${content.fetches()} times, not once`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-071',
    title: 'Once fetched, an MO is not fetched again from its DEFAULT source',
    requirement: 'A client SHOULD use a DEFAULT source only while the MO is missing: a second local read is served from the tree (K-CMD, P-LOCAL).',
    labels: ['DM-HLF-005', 'DM-HLF-004'],
    rules: ['K-CMD', 'P-LOCAL'],
    level: 'SHOULD',
    role: 'client',
    features: ['DEFAULT', 'LOCALAPI'],
    utMethods: ['client.localApp.register', 'client.localApp.read'],
  },
  async (t: CaseContext) => {
    const { w, content, q, appId } = await defaultSetup(t);
    expectDone(t, q, 'DEFAULT');
    const first = await t.ut('client.localApp.read', { appId, clientUri: `${w}/*/APN` });
    const second = await t.ut('client.localApp.read', { appId, clientUri: `${w}/*/APN` });
    t.check(first.sc === 200 && second.sc === 200, `the local reads answered sc ${String(first.sc)} and ${String(second.sc)}`);
    const secondEntries = Array.isArray(second.entries) ? (second.entries as Array<{ MOData: unknown }>) : [];
    t.check(sameJson(secondEntries.map((e) => e?.MOData), ['apn.default']), `the second read got ${JSON.stringify(second.entries)}`);
    if (content.fetches() !== 1) t.warn(`the DEFAULT source was fetched ${content.fetches()} times for two reads, not once`);
  },
);

// ---- SUB / UNSUB --------------------------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-CMD-080',
    title: 'SUB: each change is PUT to the ServerURI with the new value, once, in order',
    requirement: 'A client that supports SUB SHOULD, for each change of the subscribed subtree, PUT its new MO serialization to the ServerURI, once per change and in change order (K-CMD).',
    labels: ['DM-HLF-004'],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'SHOULD',
    role: 'client',
    features: ['SUB'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('sub'), { Name: 'n0', Other: 'o0' }, 'K');
    const [sub] = await srv.run([['SUB', `${uri}/Name`, 'auto']]);
    const s = expectDone(t, sub, `SUB ${uri}/Name`);
    expectUris(t, s.URI, [`${uri}/Name`], 'the SUB Status');
    const values = ['a', 'b', 'c'];
    await srv.run(values.map((v) => ['HGET', srv.publish([{ ClientURI: `${uri}/Name`, MOData: v }]).url, `${uri}/Name`]));
    t.step('wait for three deliveries');
    await srv.bodiesAtLeast(sub, values.length);
    await quiet(t);
    const bodies = srv.received(sub);
    // K-CMD: a SUB makes the client send the subscribed subtree's changes to the ServerURI. One PUT
    // per change, in order, of the subtree as the change left it, is the (ours) K-CMD clarification.
    t.check(bodies.length > 0, `the subscribed ${uri}/Name changed three times and nothing was delivered to the SUB's ServerURI`, 'K');
    const got = bodies.map((b) => b.entries.map((e) => e.MOData));
    t.check(sameJson(got, values.map((v) => [v])), `the receiver got ${JSON.stringify(got)}, not one delivery per change ${JSON.stringify(values.map((v) => [v]))}`);
    for (const b of bodies) {
      t.check(b.method === 'PUT', `a delivery came as ${b.method}, not PUT`);
      t.check(b.entries[0]?.ClientURI === `${uri}/Name`, `a delivery names ${b.entries[0]?.ClientURI}, not ${uri}/Name`);
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-081',
    title: 'SUB: a change outside the subscribed subtree is not delivered',
    requirement: 'A client that supports SUB SHOULD deliver only changes of the subscribed subtree (K-CMD).',
    labels: ['DM-HLF-004'],
    rules: ['K-CMD'],
    level: 'SHOULD',
    role: 'client',
    features: ['SUB'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('sub'), { Name: 'n0', Other: 'o0' }, 'K');
    const [sub] = await srv.run([['SUB', `${uri}/Name`, 'auto']]);
    expectDone(t, sub, `SUB ${uri}/Name`);
    await srv.run([
      ['HGET', srv.publish([{ ClientURI: `${uri}/Other`, MOData: 'o1' }]).url, `${uri}/Other`],
      ['HGET', srv.publish([{ ClientURI: `${uri}/Name`, MOData: 'n1' }]).url, `${uri}/Name`],
    ]);
    t.step('wait for the delivery of the Name change');
    await srv.bodiesAtLeast(sub, 1);
    await quiet(t);
    const bodies = srv.received(sub);
    const got = bodies.map((b) => b.entries.map((e) => e.MOData));
    t.check(bodies.length > 0, `the subscribed ${uri}/Name changed and nothing was delivered to the SUB's ServerURI`);
    t.check(!bodies.some((b) => b.entries.some((e) => JSON.stringify(e.MOData ?? null).includes('"o1"'))), `the receiver got ${JSON.stringify(got)}: the change of ${uri}/Other (not subscribed) was delivered`);
    // Exactly one delivery, of the leaf's value, is the (ours) K-CMD clarification of SUB.
    t.check(sameJson(got, [['n1']]), `the receiver got ${JSON.stringify(got)}: the change of ${uri}/Other (not subscribed) was delivered too, or Name's was not`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-082',
    title: 'SUB delivery answered 415 with OMADM-Accept CBOR is retried in CBOR',
    requirement: 'A client that supports SUB and CBOR MUST retry a delivery refused with 415 in the format OMADM-Accept lists (K-CMD, K-NEG).',
    labels: ['DM-IOP-001'],
    rules: ['K-CMD', 'K-NEG', 'P-CBOR'],
    level: 'MUST',
    role: 'client',
    features: ['SUB', 'CBOR'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('sub'), { Name: 'n0' });
    const receiver = srv.receiver(['cbor']);
    const [sub] = await srv.run([['SUB', `${uri}/Name`, receiver.url]]);
    expectDone(t, sub, `SUB ${uri}/Name`);
    await srv.run([['HGET', srv.publish([{ ClientURI: `${uri}/Name`, MOData: 'cbor please' }]).url, `${uri}/Name`]]);
    t.step('wait for the delivery in CBOR');
    // The retry of a 415 in an OMADM-Accept encoding is the (ours) K-NEG clarification, CBOR is P-CBOR.
    const got = await srv.bodiesAtLeast(receiver.id, 1);
    t.check(got.length === 1 && got[0]?.encoding === 'cbor', `the CBOR-only receiver accepted ${got.length} deliveries (${got.map((b) => b.encoding).join(', ')})`);
    t.check(got[0]?.entries[0]?.MOData === 'cbor please', `the delivery carries ${JSON.stringify(got[0]?.entries)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-083',
    title: 'SUB of an interior node delivers the subtree as the change left it',
    requirement: 'A client that supports SUB SHOULD deliver, for a change below the subscribed node, that node\'s current MO serialization (K-CMD; ours: P-DETAIL).',
    labels: ['DM-HLF-004'],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'SHOULD',
    role: 'client',
    features: ['SUB'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('sub'), { Name: 'n0', Sub: { A: 1, B: 2 } }, 'K');
    const [sub] = await srv.run([['SUB', `${uri}/Sub`, 'auto']]);
    expectDone(t, sub, `SUB ${uri}/Sub`);
    await srv.run([['HGET', srv.publish([{ ClientURI: `${uri}/Sub/B`, MOData: 20 }]).url, `${uri}/Sub/B`]]);
    t.step('wait for the delivery');
    const got = await srv.bodiesAtLeast(sub, 1);
    t.check(got.length > 0, `${uri}/Sub/B changed below the subscribed ${uri}/Sub and nothing was delivered to the SUB's ServerURI`, 'K');
    const entry = got[0]?.entries[0];
    t.check(entry?.ClientURI === `${uri}/Sub`, `the delivery names ${entry?.ClientURI}, not the subscribed ${uri}/Sub`);
    t.check(sameJson(entry?.MOData, { A: 1, B: 20 }), `the delivery carries ${JSON.stringify(entry?.MOData)}, not the subtree after the change {"A":1,"B":20}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-084',
    title: 'SUB names the concrete node it subscribed in its Status',
    requirement: 'A client that supports SUB SHOULD list in the SUB Status the concrete ClientURIs it acted on, like every command but SHOW, CONT, END and DEFAULT (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'SHOULD',
    role: 'client',
    features: ['SUB'],
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const devInfo = await onlyInstance(t, srv, MOID.DEVINFO);
    const [sub] = await srv.run([['SUB', `${MOID.DEVINFO}//DevID`, 'auto']]);
    const s = expectDone(t, sub, `SUB ${MOID.DEVINFO}//DevID`);
    t.check(sameJson(s.URI, [`${devInfo}/DevID`]), `the SUB Status names [${s.URI.join(', ')}], not the concrete [${devInfo}/DevID] (P-DETAIL: the concrete ClientURIs the command acted on)`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-090',
    title: 'UNSUB stops the deliveries of its SUB, and only those',
    requirement: 'A client that supports UNSUB SHOULD answer 200 to an UNSUB matching a SUB and deliver no change for that SUB afterwards (K-CMD).',
    labels: [],
    rules: ['K-CMD'],
    level: 'SHOULD',
    role: 'client',
    features: ['SUB'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('unsub'), { Name: 'n0', Other: 'o0' }, 'K');
    const [subName, subOther] = await srv.run([
      ['SUB', `${uri}/Name`, 'auto'],
      ['SUB', `${uri}/Other`, 'auto'],
    ]);
    expectDone(t, subName, 'SUB of Name');
    expectDone(t, subOther, 'SUB of Other');
    await srv.run([['HGET', srv.publish([{ ClientURI: `${uri}/Name`, MOData: 'n1' }]).url, `${uri}/Name`]]);
    t.step('wait for the delivery before UNSUB');
    await srv.bodiesAtLeast(subName, 1);
    const [unsub] = await srv.run([
      ['UNSUB', `${uri}/Name`],
      ['HGET', srv.publish([{ ClientURI: uri, MOData: { Name: 'n2', Other: 'o2' } }]).url, uri],
    ]);
    const s = expectDone(t, unsub, `UNSUB ${uri}/Name`);
    t.check(sameJson(s.URI, [`${uri}/Name`]), `the UNSUB Status names [${s.URI.join(', ')}], not [${uri}/Name] (P-DETAIL: Status URI contents)`, 'P');
    t.step('wait for the delivery of the other, still active SUB');
    const other = await srv.bodiesAtLeast(subOther, 1);
    t.check(other.length >= 1, 'the SUB that was not cancelled delivered nothing (control)');
    await quiet(t);
    const cancelled = srv.received(subName);
    const after = cancelled.map((b) => b.entries[0]?.MOData);
    t.check(!cancelled.some((b) => JSON.stringify(b.entries.map((e) => e.MOData ?? null)).includes('"n2"')), `the cancelled SUB delivered ${JSON.stringify(after)}: the change made after its UNSUB ("n2") was sent`);
    // One delivery per change, of the leaf's value, is the (ours) K-CMD clarification of SUB.
    t.check(sameJson(after, ['n1']), `the cancelled SUB delivered ${JSON.stringify(after)}, not only the change before UNSUB ["n1"]`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-091',
    title: 'UNSUB without a matching SUB is 404',
    requirement: 'A client that supports UNSUB SHOULD answer 404 to an UNSUB that matches no SUB of that server (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'SHOULD',
    role: 'client',
    features: ['SUB'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('nosub'), { Name: 'n0', Other: 'o0' }, 'K');
    const [sub, stray, other] = await srv.run([
      ['SUB', `${uri}/Name`, 'auto'],
      ['UNSUB', `${uri}/Other`],
      ['UNSUB', `${MOID.DEVINFO}//DevID`],
    ]);
    expectDone(t, sub, `SUB ${uri}/Name`);
    // K-CMD: UNSUB without a matching SUB is 404; the Status URI contents are P-DETAIL's.
    const s = expectSc(t, stray, 404, `UNSUB ${uri}/Other (no SUB of it)`, 'K');
    t.check(sameJson(s.URI, [`${uri}/Other`]), `the 404 Status names [${s.URI.join(', ')}], not the ClientURI as sent`);
    expectSc(t, other, 404, `UNSUB ${MOID.DEVINFO}//DevID (no SUB of it)`, 'K');
  },
);

