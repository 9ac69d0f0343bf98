/**
 * HPUT and HPOST (K-CMD, K-NEG, P-DETAIL): the data of the ClientURIs PUT or POSTed to the ServerURI,
 * a 415 retried in CBOR or ending in 406, the target's HTTP error (or 502) in the Status.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { withWritableMo } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { requestsTo } from '../../../harness/conformance/fixtures/client/dm-wire.ts';
import { HarnessFront } from '../../../harness/conformance/fixtures/client/harness-front.ts';
import { unreachableUrl } from '../../../harness/conformance/fixtures/client/raw-http.ts';
import { expectDone, expectRefused, expectSc } from '../../../harness/conformance/fixtures/client/status.ts';
import { createInstance, instanceUri } from '../../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { sameJson } from '../../../harness/conformance/fixtures/verify.ts';
import { parseMediaType } from '../../../harness/protocol/media-types.ts';
import { MOID } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-C-CMD-010',
    title: 'HPUT sends the data of its ClientURIs to the ServerURI with PUT',
    requirement: 'A client MUST PUT the MO serialization of the HPUT ClientURIs to its ServerURI and return the concrete URIs (K-CMD, K-TREE, P-DETAIL).',
    labels: ['DM-HLF-004'],
    rules: ['K-CMD', 'K-TREE', 'P-DETAIL'],
    level: 'MUST',
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
    t.check(
      instanceUri(MOID.DEVINFO, 'DevID', 'i').test(devId?.ClientURI ?? ''),
      `the first entry's ClientURI "${devId?.ClientURI}" is not the concrete DevInfo DevID`,
    );
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
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('post'), { Name: 'post me', Sub: { Leaf: 'x' } }, 'K');
    const [q] = await srv.run([['HPOST', 'auto', uri]]);
    const s = expectDone(t, q, 'HPOST');
    const body = t.need(srv.received(q)[0], 'HPOST answered but its receiver got no body');
    t.check(body.method === 'POST', `HPOST reached the receiver as ${body.method}, not POST`);
    t.check(
      body.entries.length === 1 && body.entries[0]?.ClientURI === uri,
      `the body's entries are [${body.entries.map((e) => e.ClientURI).join(', ')}], not [${uri}]`,
    );
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
    features: ['CBOR'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('cbor'), { Name: 'in cbor', N: 42 });
    const receiver = srv.receiver(['cbor']);
    const [q] = await srv.run([['HPUT', receiver.url, uri]]);
    expectSc(t, q, 200, 'HPUT to a CBOR-only receiver');
    const got = srv.received(receiver.id);
    t.check(
      got.length === 1 && got[0]?.encoding === 'cbor',
      `the receiver accepted ${got.length} bodies (${got.map((b) => b.encoding).join(', ')}), not one in CBOR`,
    );
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
    requirement:
      'A client MUST put 406 in the Status of an HPUT/HPOST whose target answers 415 with an OMADM-Accept listing no format it supports, without sending again (K-NEG).',
    labels: [],
    rules: ['K-NEG', 'K-CMD', 'P-DETAIL'],
    level: 'MUST',
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
      t.check(
        parseMediaType(sent[0]?.headers['content-type'])?.kind === 'mo',
        `the request to ${path} had Content-Type "${sent[0]?.headers['content-type']}", not an MO serialization type`,
        'P',
      );
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-014',
    title: 'HPUT reports the HTTP error a target answered, and 502 for an unreachable one',
    requirement:
      'A client MUST report in an HPUT/HPOST Status the HTTP status its target answered, or 502 when the target cannot be reached (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
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
