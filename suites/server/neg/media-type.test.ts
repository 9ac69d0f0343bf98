/**
 * Media types at the IUT server's DM endpoint (K-NEG, P-CBOR, K-FLOW), with raw requests: 415 for a
 * Content-Type it does not read, naming in Accept-Post the types it reads; 406 for an Accept it cannot
 * meet, the Package#2 type the Accept prefers (q-values), and 405 with Allow: POST for other methods.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { RawDm, REQUEST_CBOR, REQUEST_JSON, samplePackage1 } from '../../../harness/conformance/fixtures/server/raw-dm.ts';
import { expectHttp } from '../../../harness/conformance/fixtures/verify.ts';
import { claims } from '../../../harness/conformance/ics.ts';
import { essence, mediaType, parseMediaType } from '../../../harness/protocol/media-types.ts';

defineCase(
  {
    id: 'DMCTS-S-NEG-001',
    title: 'A Package#1 whose Content-Type is no Package#1 type it reads is answered 415',
    requirement: 'A server MUST answer HTTP 415 to a Package#1 whose Content-Type is not a Package#1 media type it can read (K-NEG).',
    labels: ['DM-IOP-001'],
    rules: ['K-NEG', 'K-FLOW'],
    level: 'MUST',
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
    id: 'DMCTS-S-NEG-014',
    title: 'A 415 to a Package#1 names the Package#1 types the server reads in Accept-Post',
    requirement:
      'A server MUST name, in the Accept-Post header of its HTTP 415 to a Package#1 it cannot read, the Package#1 media types it reads — the JSON one, and the CBOR one when it claims CBOR — and no other type (K-NEG; our clarification).',
    labels: ['DM-IOP-001'],
    rules: ['K-NEG'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    t.step('POST a Package#1 as application/json');
    const reply = await raw.send({
      headers: raw.headers('initiation', devId, 'json', { 'content-type': 'application/json' }),
      body: Buffer.from(JSON.stringify(samplePackage1())),
    });
    // K-NEG: a body the server cannot read is 415. What the 415 carries is our clarification (P).
    expectHttp(t, reply.status, 415, 'a Package#1 sent as "application/json"', 'K');
    // A failed P check does not end a case that checks public facts; with the K check done, stop here.
    const listed = reply.headers['accept-post'] ?? '';
    t.check(listed.trim() !== '', 'the 415 carries no Accept-Post header naming the Package#1 types the server reads', 'P');
    if (listed.trim() === '') return;
    const types = listed.split(',').map(essence);
    const others = types.filter((v) => v !== '' && parseMediaType(v)?.kind !== 'initiation');
    t.check(others.length === 0, `the 415's Accept-Post "${listed}" names ${others.join(', ')}, which is no Package#1 media type`, 'P');
    const wanted = [mediaType('initiation', 'json'), ...(claims(t.ics, 'CBOR') ? [mediaType('initiation', 'cbor')] : [])];
    const missing = wanted.filter((w) => !types.includes(w));
    t.check(missing.length === 0, `the 415's Accept-Post "${listed}" does not name ${missing.join(', ')}, which the server reads`, 'P');
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
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    for (const accept of [
      'application/xml',
      'text/*',
      `${REQUEST_JSON};q=0, ${REQUEST_CBOR};q=0`,
      mediaType('response', 'json'),
      'application/vnd.oma.dm.request+xml',
    ]) {
      t.step(`Accept: ${accept}`);
      const reply = await raw.package1(devId, samplePackage1(), { headers: { accept } });
      // K-NEG: no acceptable type is 406.
      expectHttp(t, reply.status, 406, `a Package#1 with Accept "${accept}"`, 'K');
    }
    t.step('Accept: */* is fine');
    const any = await raw.package1(devId, samplePackage1(), { headers: { accept: '*/*' } });
    t.check(
      any.status === 200 && RawDm.package2(any),
      `a Package#1 with Accept */* was answered HTTP ${any.status} (${any.headers['content-type']}), not a Package#2`,
      'K',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-005',
    title: 'The Package#2 follows the preference the Accept header expresses (q-values)',
    requirement:
      'A server that claims CBOR MUST answer in CBOR when the Accept prefers request+cbor, and in JSON when it prefers request+json (K-NEG, P-CBOR).',
    labels: ['DM-HLF-004'],
    rules: ['K-NEG', 'P-CBOR'],
    level: 'MUST',
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
      t.check(
        essence(reply.headers['content-type']) === expected,
        `with Accept "${accept}" the Package#2 is "${reply.headers['content-type']}", not ${expected}`,
        basis,
      );
      t.check(RawDm.package2(reply), `with Accept "${accept}" the answer does not decode as a Package#2 in its own media type`, basis);
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-009',
    title: 'GET and PUT at the DM URL are answered 405 with Allow: POST',
    requirement:
      'A server MUST answer HTTP 405 with an Allow header naming POST to a request at its DM URL with a method other than POST (K-FLOW; our clarification, RFC 9110).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
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
