/**
 * CBOR (P-CBOR, K-NEG; DM-HLF-001, DM-IOP-001): a session whose Package#2s are CBOR, the same GET giving
 * the same data in a JSON and a CBOR session, an MO serialization fetched in CBOR, and the deterministic
 * encoding of the CBOR the client sends. A front narrows the IUT's Accept to CBOR where needed.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { writableMoid } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { dmPosts, requestsTo } from '../../../harness/conformance/fixtures/client/dm-wire.ts';
import { HarnessFront } from '../../../harness/conformance/fixtures/client/harness-front.ts';
import type { ServerCommand } from '../../../harness/conformance/fixtures/client/server-commands.ts';
import { expectSc, statusOf } from '../../../harness/conformance/fixtures/client/status.ts';
import { createInstance, readViaHput } from '../../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { sameJson } from '../../../harness/conformance/fixtures/verify.ts';
import { decodeCbor, encodeCbor } from '../../../harness/protocol/cbor-codec.ts';
import type { RawCommand } from '../../../harness/protocol/commands.ts';
import { mediaType, parseMediaType } from '../../../harness/protocol/media-types.ts';
import { MOID } from '../../../harness/protocol/moids.ts';
import { chooseEncoding } from '../../../harness/protocol/negotiation.ts';

/**
 * A harness server behind a front that, while `force` is on, narrows the Accept of the IUT's DM
 * packages (and, with `forceMo`, of its HGET fetches) to CBOR — when the IUT's own Accept allows CBOR
 * at all; an Accept that does not is recorded in `refused` (a client claiming CBOR must allow it).
 */
async function cborFront(t: CaseContext) {
  const { front, srv } = await HarnessFront.withServer(t, { name: 'CBOR front' });
  const state = { force: true, forceMo: false, refused: [] as string[] };
  front.hooks.onRequest = (req) => {
    const dm = req.method === 'POST' && (req.path === '/dm' || req.path.startsWith('/dm/s/'));
    const content = req.method === 'GET' && req.path.startsWith('/content/');
    if (!(state.force && dm) && !(state.forceMo && content)) return;
    const kind = dm ? 'request' : 'mo';
    const accept = req.headers.accept;
    if (chooseEncoding(accept, kind, ['cbor']) !== 'cbor') {
      state.refused.push(`${req.method} ${req.path.replace(/\/dm\/s\/.*/, '/dm/s/<token>')}: Accept "${accept ?? ''}"`);
      return;
    }
    return { headers: { ...req.headers, accept: dm ? mediaType('request', 'cbor') : mediaType('mo', 'cbor') } };
  };
  await srv.bootstrap();
  return { front, srv, state };
}

defineCase(
  {
    id: 'DMCTS-C-NEG-002',
    title: 'A client that claims CBOR runs a session whose Package#2s are CBOR',
    requirement:
      'A client that claims CBOR MUST read Package#2s sent as application/vnd.oma.dm.request+cbor and run their commands as it runs JSON ones (P-CBOR, K-NEG).',
    labels: ['DM-HLF-004', 'DM-HLF-001'],
    rules: ['P-CBOR', 'K-NEG', 'K-FLOW'],
    level: 'MUST',
    features: ['CBOR'],
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const { srv, state } = await cborFront(t);
    const uri = `${w}/${t.uniqueName('cbor')}`;
    const content = srv.publish([{ ClientURI: uri, MOData: { Name: 'via CBOR', N: 5, On: true } }]);
    const [put, hget, del] = await srv.run([
      ['HPUT', 'auto', `${MOID.DEVINFO}//DevID`],
      ['HGET', content.url, uri],
      ['DELETE', `${w}/${t.uniqueName('none')}`],
    ]);
    t.check(state.refused.length === 0, `the IUT claims CBOR but its Accept does not allow CBOR: ${state.refused.join('; ')}`);
    const p2types = dmPosts(srv.wire).map((p) => p.response?.headers['content-type']);
    const allCbor = p2types.every((c) => parseMediaType(c)?.encoding === 'cbor');
    // The IUT's Accept allowed CBOR and the harness still answered otherwise: a precondition the harness missed.
    if (!allCbor && state.refused.length === 0) t.inconclusive(`the Package#2s went out as ${p2types.join(', ')}: the harness could not make the session CBOR`);
    t.check(p2types.length >= 2 && allCbor, `the Package#2s went out as ${p2types.join(', ')}: the harness could not make the session CBOR`);
    expectSc(t, put, 200, 'HPUT from a CBOR Package#2');
    t.check(srv.received(put)[0]?.entries[0]?.MOData === srv.devId, 'the HPUT from a CBOR Package#2 sent the wrong DevID');
    t.check(
      sameJson(expectSc(t, hget, 200, 'HGET from a CBOR Package#2').URI, [uri]),
      `the HGET from a CBOR Package#2 returned [${statusOf(t, hget).URI.join(', ')}]`,
    );
    expectSc(t, del, 404, 'DELETE of a missing instance from a CBOR Package#2');
  },
);

defineCase(
  {
    id: 'DMCTS-C-NEG-003',
    title: 'The same GET gives the same data in a JSON and in a CBOR session',
    requirement:
      'A client that claims CBOR and GET MUST return the same Status and data for the same GET whether its Package#2 came in JSON or CBOR (P-CBOR; DM-HLF-001, DM-IOP-001).',
    labels: ['DM-HLF-001', 'DM-IOP-001', 'DM-HLF-004'],
    rules: ['P-CBOR', 'P-GET', 'K-NEG'],
    level: 'MUST',
    features: ['CBOR', 'GET'],
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const { srv, state } = await cborFront(t);
    state.force = false;
    const uri = await createInstance(t, srv, w, t.uniqueName('twin'), { Name: 'twin', Int: -12, Float: 2.5, Bool: false, Null: null, Sub: { Text: 'é ü 漢' } });
    const gets: [RawCommand, RawCommand, RawCommand] = [
      ['GET', `${MOID.DEVINFO}//`],
      ['GET', uri],
      ['GET', `${w}/*/Sub/Text`],
    ];
    const json = await srv.run(gets);
    state.force = true;
    const cbor = await srv.run(gets);
    t.check(state.refused.length === 0, `the IUT claims CBOR but its Accept does not allow CBOR: ${state.refused.join('; ')}`);
    const last = dmPosts(srv.wire)
      .filter((p) => p.kind === 'package1')
      .at(-1);
    const secondCbor = parseMediaType(last?.response?.headers['content-type'])?.encoding === 'cbor';
    if (!secondCbor && last && state.refused.length === 0) t.inconclusive('the harness could not make the second session CBOR, though the IUT allowed it');
    t.check(secondCbor, 'the harness could not make the second session CBOR');
    const twins: Array<[RawCommand, ServerCommand, ServerCommand]> = [
      [gets[0], json[0], cbor[0]],
      [gets[1], json[1], cbor[1]],
      [gets[2], json[2], cbor[2]],
    ];
    for (const [g, inJson, inCbor] of twins) {
      const a = statusOf(t, inJson);
      const b = statusOf(t, inCbor);
      t.check(a.sc === 200, `${g[1]} answered sc ${a.sc} in the JSON session`);
      t.check(sameJson(a, b), `${g[1]} answered ${JSON.stringify(a)} in JSON but ${JSON.stringify(b)} in CBOR`);
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-NEG-004',
    title: 'HGET of an MO serialization served in CBOR stores the same data',
    requirement: 'A client that claims CBOR MUST read an HGET body sent as application/vnd.oma.dm.mo+cbor and store the data it carries (P-CBOR, K-NEG).',
    labels: ['DM-HLF-001', 'DM-IOP-001'],
    rules: ['P-CBOR', 'K-NEG', 'K-CMD'],
    level: 'MUST',
    features: ['CBOR'],
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const { srv, state } = await cborFront(t);
    state.force = false;
    state.forceMo = true;
    const uri = `${w}/${t.uniqueName('mocbor')}`;
    const data = { Name: 'from CBOR', N: 300000, Neg: -1, On: true, Sub: { S: 'x' } };
    const content = srv.publish([{ ClientURI: uri, MOData: data }]);
    const [q] = await srv.run([['HGET', content.url, uri]]);
    t.check(state.refused.length === 0, `the IUT claims CBOR but its HGET Accept does not allow CBOR: ${state.refused.join('; ')}`);
    const fetch = requestsTo(srv.wire, new URL(content.url).pathname)[0];
    const servedCbor = parseMediaType(fetch?.response?.headers['content-type'])?.encoding === 'cbor';
    if (!servedCbor && fetch && state.refused.length === 0) t.inconclusive('the harness could not serve the HGET content in CBOR, though the IUT allowed it');
    t.check(servedCbor, fetch ? 'the harness could not serve the HGET content in CBOR' : 'the IUT never fetched the HGET content');
    expectSc(t, q, 200, 'HGET of a CBOR MO serialization');
    state.forceMo = false;
    const read = await readViaHput(t, srv, [uri], 'the instance fetched in CBOR');
    t.check(sameJson(read.entries[0]?.MOData, data), `${uri} reads back as ${JSON.stringify(read.entries[0]?.MOData)}, not ${JSON.stringify(data)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-NEG-009',
    title: 'An MO serialization the client sends in CBOR is deterministically encoded',
    requirement: 'A client that claims CBOR MUST send CBOR bodies in the deterministic encoding of RFC 8949 §4.2 (P-CBOR).',
    labels: ['DM-HLF-004', 'DM-IOP-001'],
    rules: ['P-CBOR', 'K-NEG'],
    level: 'MUST',
    features: ['CBOR'],
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const srv = await HarnessServer.bootstrapped(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('det'), { Zeta: 'last', Alpha: 1, Mid: { B: 300, A: -2, List: 'x' }, Long: 'y'.repeat(40) });
    const receiver = srv.receiver(['cbor']);
    const [q] = await srv.run([['HPUT', receiver.url, uri, `${MOID.DEVINFO}//DevID`]]);
    expectSc(t, q, 200, 'HPUT to a CBOR-only receiver');
    const sent = requestsTo(srv.wire, new URL(receiver.url).pathname).find((x) => x.response?.status === 204);
    if (!sent) return t.fail('no CBOR body was accepted by the receiver');
    const bytes = Buffer.from(sent.request.body);
    const decoded = decodeCbor(bytes);
    if (!decoded.ok) return t.fail(`the CBOR body does not decode: ${decoded.error.message}`);
    const canonical = encodeCbor(decoded.value);
    t.check(
      canonical.equals(bytes),
      `the CBOR body (${bytes.length} bytes, ${bytes.subarray(0, 24).toString('hex')}...) is not in deterministic encoding (${canonical.length} bytes, ${canonical.subarray(0, 24).toString('hex')}...)`,
    );
  },
);
