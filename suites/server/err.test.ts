/**
 * Robustness of the IUT server's DM endpoint: what a broken or hostile peer sends gets a 4xx answer,
 * never a 5xx or a dropped connection, and does not disturb the sessions of well-behaved devices
 * (K-FLOW, K-NEG and our clarifications of the HTTP statuses in docs/protocol.md).
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../harness/conformance/fixtures/harness-device.ts';
import { expectHttp, expectHttpRefusal, show } from '../../harness/conformance/fixtures/verify.ts';
import { queueFor, resultOf } from '../../harness/conformance/fixtures/server/operator.ts';
import { RawDm, samplePackage1 } from '../../harness/conformance/fixtures/server/raw-dm.ts';
import { encodeCbor } from '../../harness/protocol/cbor-codec.ts';
import type { RawCommand } from '../../harness/protocol/commands.ts';
import { mediaType } from '../../harness/protocol/media-types.ts';
import type { Basis } from '../../harness/conformance/verdict.ts';
import { DIAGNOSTICS_MOID as DIAG, MOID } from '../../harness/protocol/moids.ts';

/**
 * A Package#1 the server cannot take: it must answer (a sender waits for the reply, K-FLOW) and refuse
 * it with a 4xx — a client error, neither processed nor a server failure (`refusal`: K by default) —
 * with exactly `expected` (the status codes of our clarifications: P).
 */
async function expectStatus(
  t: CaseContext,
  raw: RawDm,
  what: string,
  devId: string,
  body: Uint8Array,
  expected: number,
  encoding: 'json' | 'cbor' = 'json',
  refusal: Basis = 'K',
): Promise<void> {
  t.step(`a Package#1 that is ${what}`);
  const reply = await raw.package1(devId, body, { encoding });
  t.check(reply.status !== 0, `a Package#1 that is ${what} got no HTTP answer: ${reply.error}`, refusal);
  t.check(
    reply.status >= 400 && reply.status < 500,
    reply.status >= 500
      ? `a Package#1 that is ${what} made the server fail with HTTP ${reply.status}`
      : `a Package#1 that is ${what} was answered HTTP ${reply.status}, not refused with a 4xx`,
    refusal,
  );
  expectHttp(t, reply.status, expected, `a Package#1 that is ${what}`, 'P');
}

/** Opens a raw session for a fresh device with one queued GET; returns its CONT URI. */
async function rawSession(t: CaseContext, raw: RawDm): Promise<{ devId: string; commandId: string; cont: string; commands: number }> {
  const devId = t.uniqueName('dmcts-raw');
  const commandId = await queueFor(t, devId, ['GET', `${MOID.DEVINFO}/1/DevID`]);
  t.step('open its session with a raw Package#1');
  const p1 = await raw.package1(devId);
  const p2 = RawDm.package2(p1);
  const cont = RawDm.contOf(p2);
  if (!p2 || !cont) t.inconclusive(`precondition: the raw Package#1 got HTTP ${p1.status} ${show(p2?.CMD)}, not a Package#2 ending with CONT`);
  return { devId, commandId, cont, commands: p2.CMD.length };
}

defineCase(
  {
    id: 'DMCTS-S-ERR-001',
    title: 'A Package#1 that is not well-formed JSON is answered 400, not 5xx',
    requirement: 'A server MUST answer HTTP 400 (never 5xx) to a JSON Package#1 whose body is not well-formed JSON (K-FLOW; our clarification).',
    labels: [],
    rules: ['K-FLOW', 'K-NEG'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const valid = JSON.stringify(samplePackage1());
    for (const [what, text] of [
      ['cut off in the middle', valid.slice(0, valid.length >> 1)],
      ['not JSON at all', 'MOS=1&Alert=2'],
      ['empty', ''],
      ['JSON with a trailing comma', '{"MOS": [], "Alert": [],}'],
      ['JSON followed by garbage', `${valid} trailing`],
      ['invalid UTF-8', Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]).toString('latin1')],
    ] as const) {
      const bytes = what === 'invalid UTF-8' ? Buffer.from(text, 'latin1') : Buffer.from(text);
      await expectStatus(t, raw, what, devId, bytes, 400);
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-ERR-002',
    title: 'A truncated or malformed CBOR Package#1 is answered 400',
    requirement:
      'A server that claims CBOR MUST answer HTTP 400 (never 5xx) to a CBOR Package#1 that is truncated or not well-formed (P-CBOR; our clarification).',
    labels: [],
    rules: ['P-CBOR', 'K-FLOW'],
    level: 'MUST',
    features: ['CBOR'],
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const valid = encodeCbor(samplePackage1());
    // CBOR bodies are the profile's (P-CBOR): every check here rests on it.
    await expectStatus(t, raw, 'CBOR cut off in the middle', devId, valid.subarray(0, valid.length >> 1), 400, 'cbor', 'P');
    await expectStatus(t, raw, 'CBOR missing its last byte', devId, valid.subarray(0, valid.length - 1), 400, 'cbor', 'P');
    await expectStatus(t, raw, 'a lone CBOR break byte', devId, Uint8Array.of(0xff), 400, 'cbor', 'P');
    await expectStatus(t, raw, 'CBOR followed by an extra item', devId, Buffer.concat([valid, Uint8Array.of(0x00)]), 400, 'cbor', 'P');
    await expectStatus(t, raw, 'a CBOR array, not a map', devId, encodeCbor([1, 2, 3]), 400, 'cbor', 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-S-ERR-003',
    title: 'A 4 MiB Package#1 is answered 413 and the server still answers the next request',
    requirement:
      'A server MUST answer HTTP 413 to a Package#1 larger than its limit (not drop the connection or fail), and go on serving the next request (K-NEG; our clarification).',
    labels: [],
    rules: ['K-NEG', 'K-FLOW'],
    level: 'MUST',
    timeoutMs: 30_000,
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const size = 4 * 1024 * 1024;
    const head = '{"MOS":[],"Alert":[{"AlertType":"urn:dmcts:test:Big","Data":"';
    const tail = '"}]}';
    const body = Buffer.alloc(size, 0x61);
    body.write(head, 0);
    body.write(tail, size - tail.length);
    t.step('POST a 4 MiB Package#1');
    const big = await raw.package1(devId, body);
    if (big.status >= 200 && big.status < 300)
      t.inconclusive('the IUT took a 4 MiB Package#1: its body limit is higher, so the oversize answer could not be observed');
    // The limit and the 413 (rather than closing the connection, which RFC 9110 allows) are our clarification.
    t.check(big.status !== 0, `the IUT answered a 4 MiB Package#1 with no HTTP status: ${big.error}`, 'P');
    expectHttp(t, big.status, 413, 'a 4 MiB Package#1', 'P');
    t.step('the next, ordinary Package#1');
    const next = await raw.package1(devId);
    t.check(
      next.status === 200 && RawDm.package2(next),
      `after the oversize body, an ordinary Package#1 was answered HTTP ${next.status}${next.error ? ` (${next.error})` : ''}, not with a Package#2`,
      'K',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-S-ERR-004',
    title: 'A Package#3 that is not JSON is refused with 4xx and records nothing',
    requirement:
      'A server MUST refuse with HTTP 4xx (never 5xx) a Package#3 whose body is not JSON, and MUST NOT record a Status from it (K-FLOW; our clarification).',
    labels: [],
    rules: ['K-FLOW', 'P-SESSION'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const s = await rawSession(t, raw);
    t.step('send a Package#3 that is not JSON');
    const reply = await raw.package3(s.cont, s.devId, Buffer.from('<Status><sc>200</sc></Status>'));
    // K: a body the server cannot read is refused (a client error, K-NEG) and nothing of it recorded; the 400 is ours.
    t.check(
      reply.status >= 400 && reply.status < 500,
      `a Package#3 that is not JSON was answered HTTP ${reply.status}${reply.error ? ` (${reply.error})` : ''}, not a 4xx`,
      'K',
    );
    const r = await resultOf(t, s.commandId);
    t.check(r.state !== 'done', `the command is recorded done with ${show(r.status)} after a Package#3 that is not JSON`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-S-ERR-005',
    title: "Garbage after a session does not break the device's next session",
    requirement: "A server MUST serve a device's next session normally after refusing malformed packages that carried its DevID (K-FLOW).",
    labels: ['DM-HLF-008'],
    rules: ['K-FLOW', 'P-SESSION'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    await dev.queue(['GET', `${DIAG}/1/Label`]);
    const first = await dev.session();
    t.check(first.ok, `the first session failed: ${first.reason}`, 'K');
    // The session URI of a CONT is P-SESSION.
    const cont = t.need(RawDm.contOf(dev.exchanges()[0]?.package2), 'the first Package#2, which carried a command, had no CONT', 'P');
    const raw = RawDm.start(t);
    t.step("send garbage with the device's DevID");
    const garbage = [
      await raw.package1(dev.devId, Buffer.from('{"MOS": [')),
      await raw.package1(dev.devId, Buffer.from('\u0000\u0001\u0002 binary junk')),
      await raw.package3(cont, dev.devId, Buffer.from('not a package')),
      await raw.send({ headers: raw.headers('initiation', dev.devId, 'json', { 'content-type': 'application/octet-stream' }), body: Buffer.from([1, 2, 3]) }),
      await raw.package3(`${dev.iut.dmUrl}/../nowhere`, dev.devId, { Status: [] }),
    ];
    // K: what the server cannot read is refused, a client error (the exact codes are our clarifications).
    for (const g of garbage)
      t.check(g.status >= 400 && g.status < 500, `a malformed request was answered HTTP ${g.status}${g.error ? ` (${g.error})` : ''}, not a 4xx`, 'K');
    const command: RawCommand = ['EXEC', `${DIAG}/1/Run`];
    const id = await dev.queue(command);
    const next = await dev.session();
    t.check(next.ok, `the device's next session failed after the garbage: ${next.reason}`, 'K');
    const r = await dev.settle(id);
    t.check(r.state === 'done' && r.status?.sc === 200, `the command of the next session ended ${r.state} with ${show(r.status)}`, 'K');
    t.check(dev.local(DIAG, '1', ['RunCount']).value === 1, 'the EXEC of the next session did not run on the device', 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-S-ERR-006',
    title: 'A Package#3 of the wrong media type is answered 415',
    requirement: 'A server MUST answer HTTP 415 to a package at a session URI whose Content-Type is not a Package#3 type it reads (K-NEG).',
    labels: [],
    rules: ['K-NEG', 'K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const s = await rawSession(t, raw);
    for (const type of [mediaType('initiation', 'json'), 'application/json', 'text/plain']) {
      t.step(`a Package#3 sent as ${type}`);
      const body = Buffer.from(JSON.stringify({ Status: Array.from({ length: s.commands }, () => ({ sc: 200, URI: [] })) }));
      const reply = await raw.send({ url: s.cont, headers: raw.headers('response', s.devId, 'json', { 'content-type': type }), body });
      expectHttp(t, reply.status, 415, `a Package#3 sent as "${type}"`);
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-ERR-007',
    title: 'A Package#1 that is well-formed JSON but not an object is answered 400',
    requirement:
      'A server MUST answer HTTP 400 (never 5xx) to a Package#1 whose JSON body is not an object of the Package#1 structure (K-FLOW; our clarification).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    for (const text of [
      'null',
      '[]',
      '42',
      '"MOS"',
      'true',
      '{"MOS": {}, "Alert": []}',
      '{"MOS": [], "Alert": {}}',
      '{"MOS": [null], "Alert": []}',
      '{"MOS": [], "Alert": ["x"]}',
    ]) {
      await expectStatus(t, raw, `the JSON ${text}`, devId, Buffer.from(text), 400);
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-ERR-008',
    title: 'A Package#1 in a content coding the server does not know is refused (415)',
    requirement:
      'A server MUST refuse with HTTP 4xx, and SHOULD answer 415, a Package#1 whose Content-Encoding it cannot undo, rather than read the coded bytes as a package (K-NEG, P-SEL, RFC 9110).',
    labels: [],
    rules: ['K-NEG', 'P-SEL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const body = Buffer.from(JSON.stringify(samplePackage1()));
    for (const coding of ['x-dmcts-unknown', 'compress']) {
      t.step(`a Package#1 with Content-Encoding: ${coding}`);
      const reply = await raw.send({ headers: raw.headers('initiation', devId, 'json', { 'content-encoding': coding }), body });
      // K-NEG: a body the server cannot read is refused, 415 saying so.
      expectHttpRefusal(t, reply.status, `a Package#1 with Content-Encoding "${coding}"`);
      if (reply.status !== 415) t.warn(`a Package#1 with Content-Encoding "${coding}" was answered HTTP ${reply.status}; 415 says what went wrong`, 'K');
    }
  },
);
