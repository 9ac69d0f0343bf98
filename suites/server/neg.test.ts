/**
 * Content negotiation at the IUT server's DM endpoint (K-NEG, P-CBOR, P-SEL), with raw requests:
 * 415 and 406, CBOR Package#1 and Accept preferences, 400 for a missing OMADM-DevID or an invalid
 * Package#1, 405 for other methods, and HTTP content coding both ways.
 */
import { gzipSync } from 'node:zlib';
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../harness/conformance/fixtures/harness-device.ts';
import { expectHttp, expectHttpRefusal, sameJson, show } from '../../harness/conformance/fixtures/verify.ts';
import { deliver } from '../../harness/conformance/fixtures/server/deliver.ts';
import { queueFor, resultOf } from '../../harness/conformance/fixtures/server/operator.ts';
import { RawDm, samplePackage1 } from '../../harness/conformance/fixtures/server/raw-dm.ts';
import { decodeCbor } from '../../harness/protocol/cbor-codec.ts';
import type { RawCommand } from '../../harness/protocol/commands.ts';
import { claims } from '../../harness/conformance/ics.ts';
import { DIAGNOSTICS_MOID as DIAG, MOID } from '../../harness/protocol/moids.ts';
import { essence, mediaType, parseMediaType } from '../../harness/protocol/media-types.ts';
import { encodeBody } from '../../harness/protocol/body-codec.ts';
import { OMADM_ACCEPT, OMADM_DEVID } from '../../harness/protocol/negotiation.ts';
import { validateBody } from '../../harness/protocol/validate.ts';

const REQUEST_JSON = mediaType('request', 'json');
const REQUEST_CBOR = mediaType('request', 'cbor');

defineCase(
  {
    id: 'DMCTS-S-NEG-001',
    title: 'A Package#1 whose Content-Type is no Package#1 type it reads is answered 415',
    requirement: 'A server MUST answer HTTP 415 to a Package#1 whose Content-Type is not a Package#1 media type it can read (K-NEG).',
    labels: ['DM-IOP-001'],
    rules: ['K-NEG', 'K-FLOW'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const body = Buffer.from(JSON.stringify(samplePackage1()));
    const types = ['application/json', mediaType('response', 'json'), 'application/vnd.oma.dm.initiation+xml', 'text/plain'];
    if (!claims(t.ics, 'CBOR')) types.push(mediaType('initiation', 'cbor'));
    for (const type of types) {
      t.step(`POST a Package#1 as ${type}`);
      const reply = await raw.send({ headers: raw.headers('initiation', devId, 'json', { 'content-type': type }), body });
      expectHttp(t, reply.status, 415, `a Package#1 sent as "${type}"`);
    }
    t.step('without any Content-Type');
    const headers = raw.headers('initiation', devId);
    delete headers['content-type'];
    const untyped = await raw.send({ headers, body });
    expectHttp(t, untyped.status, 415, 'a Package#1 without Content-Type');
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-002',
    title: 'An Accept that allows neither request+json nor request+cbor is answered 406',
    requirement: 'A server MUST answer HTTP 406 to a Package#1 whose Accept allows no Package#2 media type it can send (K-NEG).',
    labels: ['DM-IOP-001'],
    rules: ['K-NEG', 'P-CBOR'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    for (const accept of ['application/xml', 'text/*', `${REQUEST_JSON};q=0, ${REQUEST_CBOR};q=0`, mediaType('response', 'json'), 'application/vnd.oma.dm.request+xml']) {
      t.step(`Accept: ${accept}`);
      const reply = await raw.package1(devId, samplePackage1(), { headers: { accept } });
      // K-NEG: no acceptable type is 406.
      expectHttp(t, reply.status, 406, `a Package#1 with Accept "${accept}"`, 'K');
    }
    t.step('Accept: */* is fine');
    const any = await raw.package1(devId, samplePackage1(), { headers: { accept: '*/*' } });
    t.check(any.status === 200 && RawDm.package2(any), `a Package#1 with Accept */* was answered HTTP ${any.status} (${any.headers['content-type']}), not a Package#2`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-003',
    title: 'A Package#1 in CBOR is answered with a CBOR Package#2, and the session goes on in CBOR',
    requirement: 'A server that claims CBOR MUST read a CBOR Package#1 and answer it with a CBOR Package#2 when the device accepts only CBOR, and read the CBOR Package#3 (P-CBOR).',
    labels: ['DM-HLF-004', 'DM-HLF-001'],
    rules: ['P-CBOR', 'K-NEG', 'K-FLOW'],
    level: 'MUST',
    role: 'server',
    features: ['CBOR'],
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const command: RawCommand = ['GET', `${MOID.DEVINFO}/1/DevID`];
    const commandId = await queueFor(t, devId, command);
    t.step('send a CBOR Package#1');
    const reply = await raw.package1(devId, samplePackage1(), { encoding: 'cbor' });
    expectHttp(t, reply.status, 200, 'a CBOR Package#1');
    t.check(essence(reply.headers['content-type']) === REQUEST_CBOR, `the answer is "${reply.headers['content-type']}", not ${REQUEST_CBOR}`);
    const decoded = decodeCbor(t.need(reply.body, `the answer's content coding could not be undone: ${reply.codingError}`));
    t.check(decoded.ok, `the answer is not well-formed deterministic CBOR: ${decoded.ok ? '' : decoded.error.message}`);
    const p2 = validateBody('request', decoded.value);
    t.check(p2.ok, `the CBOR answer is not a Package#2: ${p2.ok ? '' : p2.error.message}`);
    t.check(sameJson(p2.value.CMD[0], command), `the CBOR Package#2 starts with ${show(p2.value.CMD[0])}, not the queued ${show(command)}`);
    const cont = t.need(RawDm.contOf(p2.value), 'the CBOR Package#2 does not end with a CONT');
    t.step('answer with a CBOR Package#3');
    const status = { sc: 200, URI: [`${MOID.DEVINFO}/1/DevID`], Data: [{ ClientURI: `${MOID.DEVINFO}/1/DevID`, MOData: devId }] };
    const p3 = await raw.package3(cont, devId, { Status: [status, { sc: 200, URI: [] }] }, { encoding: 'cbor' });
    t.check(p3.status === 200 && essence(p3.headers['content-type']) === REQUEST_CBOR, `the CBOR Package#3 was answered HTTP ${p3.status} as ${p3.headers['content-type']}, not 200 in CBOR`);
    const r = await resultOf(t, commandId);
    t.check(r.state === 'done' && sameJson(r.status, status), `the GET answered in CBOR is recorded ${r.state} with ${show(r.status)}, not the Status sent`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-004',
    title: 'JSON and CBOR sessions give the same results',
    requirement: 'A server MUST record the same results for the same commands whether the device speaks JSON or CBOR: the protocol is independent of its representation (DM-HLF-001, DM-IOP-001, P-CBOR).',
    labels: ['DM-HLF-001', 'DM-IOP-001', 'DM-HLF-004'],
    rules: ['P-CBOR', 'K-NEG'],
    level: 'MUST',
    role: 'server',
    features: ['CBOR'],
  },
  async (t: CaseContext) => {
    const commands: RawCommand[] = [['GET', `${DIAG}/1?fields=Label,RunCount`], ['EXEC', `${DIAG}/1/Run`], ['GET', `${DIAG}/1/RunCount`], ['GET', `${DIAG}/9/Label`]];
    const results: Record<'json' | 'cbor', unknown[]> = { json: [], cbor: [] };
    for (const encoding of ['json', 'cbor'] as const) {
      const dev = await HarnessDevice.start(t, { encodings: [encoding] });
      const ids: string[] = [];
      for (const c of commands) ids.push(await dev.queue(c));
      // Queued separately, the commands may be spread over several Package#2s and sessions.
      const done = await deliver(t, dev, ids, `the commands of the ${encoding} device`, { basis: 'P' });
      for (const e of dev.exchanges()) {
        t.check(essence(e.response?.headers['content-type']) === mediaType('request', encoding), `the ${encoding} device got a Package#2 as "${e.response?.headers['content-type']}"`);
      }
      for (const r of done) {
        t.check(r.state === 'done', `a command of the ${encoding} session is ${r.state}`);
        results[encoding].push({ sc: r.status?.sc, URI: r.status?.URI, Data: r.status?.Data?.map((d) => ({ ClientURI: d.ClientURI, MOData: d.MOData })) });
      }
    }
    for (const [i, c] of commands.entries()) {
      t.check(sameJson(results.json[i], results.cbor[i]), `${show(c)} is recorded as ${show(results.json[i])} over JSON but ${show(results.cbor[i])} over CBOR`);
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-005',
    title: 'The Package#2 follows the preference the Accept header expresses (q-values)',
    requirement: 'A server that claims CBOR MUST answer in CBOR when the Accept prefers request+cbor, and in JSON when it prefers request+json (K-NEG, P-CBOR).',
    labels: ['DM-HLF-004'],
    rules: ['K-NEG', 'P-CBOR'],
    level: 'MUST',
    role: 'server',
    features: ['CBOR'],
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    for (const [accept, expected] of [
      [`${REQUEST_JSON};q=0.5, ${REQUEST_CBOR}`, REQUEST_CBOR],
      [REQUEST_CBOR, REQUEST_CBOR],
      [`${REQUEST_CBOR};q=0.4, ${REQUEST_JSON};q=0.9`, REQUEST_JSON],
    ] as const) {
      t.step(`a JSON Package#1 with Accept: ${accept}`);
      const reply = await raw.package1(devId, samplePackage1(), { headers: { accept } });
      // An Accept preferring request+json gets the K-FLOW JSON Package#2 (K-NEG, RFC 9110 q-values); CBOR is P-CBOR.
      const basis = expected === REQUEST_JSON ? 'K' : 'P';
      t.check(reply.status === 200, `with Accept "${accept}" the Package#1 was answered HTTP ${reply.status}`, basis);
      t.check(essence(reply.headers['content-type']) === expected, `with Accept "${accept}" the Package#2 is "${reply.headers['content-type']}", not ${expected}`, basis);
      t.check(RawDm.package2(reply), `with Accept "${accept}" the answer does not decode as a Package#2 in its own media type`, basis);
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-006',
    title: 'A Package#1 without OMADM-DevID is answered 400',
    requirement: 'A server MUST answer HTTP 400 to a Package#1 that lacks the OMADM-DevID header (K-FLOW; our clarification of the status).',
    labels: [],
    rules: ['K-FLOW', 'K-NEG'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const reply = await raw.package1(undefined);
    // K: OMADM-DevID is part of every Package#1 (K-FLOW), so one without it is refused (a client error); 400 is ours.
    expectHttpRefusal(t, reply.status, 'a Package#1 without OMADM-DevID', 400);
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-007',
    title: 'A Package#1 missing a required member (MIID, AlertType) is answered 400',
    requirement: 'A server MUST answer HTTP 400 to a Package#1 that lacks a member the package requires: MIID in a MOS entry, AlertType in an alert (K-FLOW).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const bodies: Array<[string, unknown]> = [
      ['a MOS entry without MIID', { MOS: [{ MOID: MOID.DEVINFO }], Alert: [] }],
      ['a MOS entry whose MIID is not a list', { MOS: [{ MOID: MOID.DEVINFO, MIID: '1' }], Alert: [] }],
      ['a MOS entry without MOID', { MOS: [{ MIID: ['1'] }], Alert: [] }],
      ['an alert without AlertType', { MOS: [], Alert: [{ Mark: 'fatal', Data: 1 }] }],
    ];
    for (const [what, body] of bodies) {
      t.step(`a Package#1 with ${what}`);
      const reply = await raw.package1(devId, body);
      // K: the member is part of the Package#1 (K-FLOW), so the package is refused (a client error); 400 is ours.
      expectHttpRefusal(t, reply.status, `a Package#1 with ${what}`, 400);
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-008',
    title: 'A Package#1 with an unknown member or without MOS/Alert is answered 400',
    requirement: 'A server MUST answer HTTP 400 to a Package#1 with a member the schema does not define, or without its MOS or Alert member (our clarification of K-FLOW).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const bodies: Array<[string, unknown]> = [
      ['an unknown top-level member', { ...samplePackage1(), Extra: 1 }],
      ['an unknown member in a MOS entry', { MOS: [{ MOID: MOID.DEVINFO, MIID: ['1'], Colour: 'blue' }], Alert: [] }],
      ['an unknown member in an alert', { MOS: [], Alert: [{ AlertType: 'urn:dmcts:test:x', Priority: 1 }] }],
      ['no Alert member', { MOS: [{ MOID: MOID.DEVINFO, MIID: ['1'] }] }],
      ['no MOS member', { Alert: [] }],
    ];
    for (const [what, body] of bodies) {
      t.step(`a Package#1 with ${what}`);
      const reply = await raw.package1(devId, body);
      // (ours): unknown members are a schema error, and a Package#1 requires both MOS and Alert.
      expectHttp(t, reply.status, 400, `a Package#1 with ${what}`, 'P');
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-009',
    title: 'GET and PUT at the DM URL are answered 405 with Allow: POST',
    requirement: 'A server MUST answer HTTP 405 with an Allow header naming POST to a request at its DM URL with a method other than POST (K-FLOW; our clarification, RFC 9110).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    for (const method of ['GET', 'PUT']) {
      t.step(`${method} at the DM URL`);
      const reply = await raw.send({
        method,
        headers: method === 'GET' ? { accept: REQUEST_JSON } : raw.headers('initiation', t.uniqueName('dmcts-raw')),
        ...(method === 'GET' ? {} : { body: Buffer.from(JSON.stringify(samplePackage1())) }),
      });
      // (ours): 405 for a method other than POST, with Allow (RFC 9110).
      expectHttp(t, reply.status, 405, `${method} at the DM URL`, 'P');
      t.check(/\bPOST\b/i.test(reply.headers.allow ?? ''), `the 405 for ${method} carries Allow "${reply.headers.allow ?? ''}", which does not name POST`, 'P');
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-010',
    title: 'A Package#2 compressed on request (Accept-Encoding: gzip) is valid gzip of a valid Package#2',
    requirement: 'A server MAY compress a Package#2 with a content coding the device accepts; when it does, the coding MUST be one the device named and the body MUST decode to the Package#2 (P-SEL).',
    labels: ['DM-HLF-004'],
    rules: ['P-SEL', 'K-NEG'],
    level: 'MAY',
    role: 'server',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const commands: RawCommand[] = Array.from({ length: 10 }, (_, i) => ['GET', `${MOID.DEVINFO}/1/DevID?fields=DevID&depth=${i}`]);
    for (const c of commands) await queueFor(t, devId, c);
    t.step('a Package#1 with Accept-Encoding: gzip');
    const reply = await raw.package1(devId, samplePackage1(), { headers: { 'accept-encoding': 'gzip' } });
    t.check(reply.status === 200, `the Package#1 was answered HTTP ${reply.status}`, 'K');
    const coding = (reply.headers['content-encoding'] ?? 'identity').toLowerCase();
    t.check(coding === 'gzip' || coding === 'identity', `the Package#2 came with Content-Encoding "${coding}", but the device accepted only gzip`);
    const body = t.need(reply.body, `the gzip body does not decompress: ${reply.codingError}`);
    const p2 = t.need(RawDm.package2(reply), `the ${coding === 'gzip' ? 'decompressed ' : ''}body is not a Package#2`);
    // Queued separately, the GETs need not all share this Package#2: what it carries must be the first of them, in order.
    const work = p2.CMD.filter((c) => c[0] !== 'CONT' && c[0] !== 'END');
    t.check(sameJson(work, commands.slice(0, work.length)), `the decompressed Package#2 carries ${show(work)}, not the first ${work.length} of the ten queued GETs in order`);
    if (coding === 'identity') t.notApplicable(`the IUT did not compress a ${reply.wire.length}-byte Package#2 although the device accepted gzip (compression is a MAY)`);
    t.check(reply.wire.length < body.length, `the gzip body (${reply.wire.length} bytes) is not smaller than the Package#2 (${body.length} bytes)`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-011',
    title: 'No content coding the device refused: Accept-Encoding identity or gzip;q=0, br;q=0',
    requirement: 'A server MUST NOT compress a Package#2 with a content coding the device\'s Accept-Encoding refuses (P-SEL, RFC 9110).',
    labels: ['DM-HLF-004'],
    rules: ['P-SEL', 'K-NEG'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const queued: RawCommand[] = Array.from({ length: 10 }, (_, i) => ['GET', `${MOID.DEVINFO}/1/DevID?fields=DevID&depth=${i}`]);
    for (const acceptEncoding of ['identity', 'gzip;q=0, br;q=0, deflate;q=0']) {
      for (const c of queued) await queueFor(t, devId, c);
      t.step(`a Package#1 with Accept-Encoding: ${acceptEncoding}`);
      const reply = await raw.package1(devId, samplePackage1(), { headers: { 'accept-encoding': acceptEncoding } });
      t.check(reply.status === 200, `the Package#1 was answered HTTP ${reply.status}`, 'K');
      const coding = (reply.headers['content-encoding'] ?? 'identity').toLowerCase();
      t.check(coding === 'identity', `with Accept-Encoding "${acceptEncoding}" the Package#2 came with Content-Encoding "${coding}"`);
      // Commands queued separately need not share one Package#2: whatever GETs it carries must be queued ones.
      const p2 = RawDm.package2(reply);
      const work = p2?.CMD.filter((c) => c[0] !== 'CONT' && c[0] !== 'END') ?? [];
      t.check(p2 && work.every((c) => queued.some((q) => sameJson(q, c))), `the uncompressed answer is not a Package#2 of queued GETs: ${show(p2?.CMD ?? reply.body?.toString('utf8').slice(0, 200))}`, 'K');
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-012',
    title: 'A server that advertises Accept-Encoding takes a gzip-compressed Package#1',
    requirement: 'A server that lists gzip in the Accept-Encoding of its answers MUST take a gzip-compressed Package#1 like the plain one (P-SEL, RFC 7694).',
    labels: ['DM-HLF-004'],
    rules: ['P-SEL'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    t.step('a plain Package#1, to read the Accept-Encoding the server advertises');
    const plain = await raw.package1(devId);
    t.check(plain.status === 200, `the plain Package#1 was answered HTTP ${plain.status}`);
    const advertised = plain.headers['accept-encoding'] ?? '';
    if (!/\bgzip\b/i.test(advertised)) t.notApplicable(`the IUT does not advertise gzip for request bodies (Accept-Encoding "${advertised}")`);
    const command: RawCommand = ['GET', `${MOID.DEVINFO}/1/Man`];
    await queueFor(t, devId, command);
    t.step('the same Package#1, gzip-compressed');
    const zipped = gzipSync(Buffer.from(JSON.stringify(samplePackage1())));
    const reply = await raw.send({ headers: raw.headers('initiation', devId, 'json', { 'content-encoding': 'gzip' }), body: zipped });
    t.check(reply.status === 200, `a gzip-compressed Package#1 was answered HTTP ${reply.status}, though the server advertises "${advertised}"`);
    const p2 = t.need(RawDm.package2(reply), 'the answer to the compressed Package#1 is not a Package#2');
    t.check(sameJson(p2.CMD[0], command), `the answer to the compressed Package#1 starts with ${show(p2.CMD[0])}, not the queued ${show(command)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-013',
    title: 'The IUT\'s own receivers: a body in a format they do not take gets 415 with OMADM-Accept, and the retry in a listed format is taken',
    requirement: 'A server that hosts the ServerURI of its HPUT, HPOST or SUB MUST answer a delivery whose body it cannot read with HTTP 415 and an OMADM-Accept listing what it takes, and MUST take the delivery again in a format it listed (K-NEG).',
    labels: ['DM-IOP-001'],
    rules: ['K-NEG', 'K-CMD', 'P-DETAIL'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const label = `${DIAG}/1/Label`;
    t.step('queue HPUT with a ServerURI the IUT hosts itself ("auto")');
    const queued = await dev.tryQueue(['HPUT', 'auto', label]);
    if ('error' in queued) {
      t.inconclusive(`not demonstrated: the IUT's adapter does not queue HPUT with a ServerURI the server hosts itself (server.queue of HPUT with ServerURI "auto": ${queued.error}), so its receivers could not be reached`);
    }
    const [r] = await deliver(t, dev, [queued.commandId], 'the HPUT to the IUT\'s own receiver');
    const hput = dev.commandsReceived().find((c) => c[0] === 'HPUT');
    const url = typeof hput?.[1] === 'string' && /^https?:\/\//i.test(hput[1]) ? hput[1] : undefined;
    if (!url) t.inconclusive(`the HPUT queued with ServerURI "auto" reached the device as ${show(hput)}: no receiver URL of the IUT to deliver to`);
    // K: HPUT sends the data to the ServerURI, and the IUT's receiver took the device's delivery (in a format of the device's choosing).
    t.check(r?.state === 'done' && r.status?.sc === 200, `the device's own HPUT to the IUT's receiver ${url} ended ${r?.state} with ${show(r?.status)}, not done with sc 200`, 'K');
    const entries = [{ ClientURI: label, MOData: `made-up-${t.seed >>> 0}` }];
    const raw = RawDm.start(t);
    const madeUp = 'application/vnd.dmcts.made-up-serialization+json';
    t.step(`deliver to the IUT's receiver as ${madeUp}`);
    const refused = await raw.send({ method: 'PUT', url, headers: { 'content-type': madeUp, [OMADM_DEVID]: dev.devId }, body: Buffer.from(JSON.stringify(entries)) });
    // K-NEG: a body the server cannot read is 415, and OMADM-Accept lists what it takes for HPUT/HPOST/SUB.
    t.check(refused.status === 415, `a delivery to the IUT's receiver as "${madeUp}" was answered HTTP ${refused.status}${refused.error ? ` (${refused.error})` : ''}, not 415`, 'K');
    const listed = refused.headers[OMADM_ACCEPT] ?? '';
    t.check(listed.trim() !== '', `the 415 of the IUT's receiver carries no OMADM-Accept listing what it takes (headers: ${show(refused.headers)})`, 'K');
    // The names of the MO serialization media types are the profile's (P-DETAIL).
    const encoding = t.need(
      listed
        .split(',')
        .map((x) => parseMediaType(x.trim()))
        .find((m) => m?.kind === 'mo')?.encoding,
      `the OMADM-Accept "${listed}" of the IUT's receiver names no MO serialization the device can send (${mediaType('mo', 'json')}, ${mediaType('mo', 'cbor')})`,
      'P',
    );
    t.step(`retry in ${mediaType('mo', encoding)}, which the receiver listed`);
    const retry = await raw.send({ method: 'PUT', url, headers: { 'content-type': mediaType('mo', encoding), [OMADM_DEVID]: dev.devId }, body: encodeBody(entries, encoding) });
    // K-NEG: the sender retries in a format the receiver listed; the receiver takes it.
    t.check(retry.status >= 200 && retry.status < 300, `the retry in ${mediaType('mo', encoding)}, a format the IUT's receiver listed in OMADM-Accept "${listed}", was answered HTTP ${retry.status}${retry.error ? ` (${retry.error})` : ''}, not taken (2xx)`, 'K');
  },
);
