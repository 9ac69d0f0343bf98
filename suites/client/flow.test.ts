/** Sessions as the IUT client runs them (K-FLOW): Package#1 headers and body, CONT, Status order, END, HTTP errors. */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { writableMoid } from '../../harness/conformance/fixtures/client/client-ixit.ts';
import { contUriOf, dmPosts } from '../../harness/conformance/fixtures/client/dm-wire.ts';
import { HarnessFront } from '../../harness/conformance/fixtures/client/harness-front.ts';
import { unreachableUrl } from '../../harness/conformance/fixtures/client/raw-http.ts';
import { emptySession, package1Count } from '../../harness/conformance/fixtures/client/sessions.ts';
import { expectDone, statusOf } from '../../harness/conformance/fixtures/client/status.ts';
import { carries, miidOf, readViaHput } from '../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer, type ServerCommand } from '../../harness/conformance/fixtures/harness-server.ts';
import { expectNothingArrives } from '../../harness/conformance/fixtures/verify.ts';
import { quiet, waitUntil } from '../../harness/conformance/fixtures/waits.ts';
import { mediaType, parseMediaType } from '../../harness/protocol/media-types.ts';
import { MOID } from '../../harness/protocol/moids.ts';
import { chooseEncoding } from '../../harness/protocol/negotiation.ts';
import { ALERT } from '../../harness/protocol/packages.ts';

/** A harness server behind a harness front that the IUT is bootstrapped with. */
async function frontedServer(t: CaseContext) {
  const { front, srv } = await HarnessFront.withServer(t, { name: 'session front' });
  await srv.bootstrap();
  return { front, srv };
}

defineCase(
  {
    id: 'DMCTS-C-FLOW-001',
    title: 'Package#1 carries OMADM-DevID equal to DevInfo DevID',
    requirement: 'A client MUST send Package#1 as an HTTP POST whose OMADM-DevID header is the DevID of its DevInfo (K-FLOW).',
    labels: ['DM-HLF-027'],
    rules: ['K-FLOW', 'K-DDF'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    await srv.startSession();
    t.step('wait for the Package#1');
    await waitUntil(() => package1Count(srv) > 0, t.ixit.timeouts.sessionMs);
    const p1 = dmPosts(srv.wire).find((p) => p.kind === 'package1');
    if (!p1) return t.fail(`the IUT sent no Package#1 within ${t.ixit.timeouts.sessionMs} ms`);
    t.check(p1.method === 'POST', `Package#1 came with ${p1.method}, not POST`);
    const header = p1.headers['omadm-devid'];
    t.check(header !== undefined, 'Package#1 has no OMADM-DevID header');
    t.check(header === srv.devId, `Package#1 OMADM-DevID is "${header}", but the device's DevID (as its bootstrap reported it) is "${srv.devId}"`);
    const read = await readViaHput(t, srv, [`${MOID.DEVINFO}//DevID`], 'DevInfo DevID', 'K');
    const devId = read.entries[0]?.MOData;
    t.check(carries(read.entries, header), `Package#1 OMADM-DevID is "${header}", but DevInfo DevID reads ${JSON.stringify(read.entries)}`);
    // A leaf's MOData being its value is the (ours) K-TREE clarification.
    t.check(devId === header, `Package#1 OMADM-DevID is "${header}", but DevInfo DevID is ${JSON.stringify(devId)}`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-002',
    title: 'Package#1 has the initiation media type and a body that is a Package#1',
    requirement: 'A client MUST send Package#1 with Content-Type application/vnd.oma.dm.initiation+json (or its CBOR twin) and a body of that structure (K-FLOW, P-CBOR).',
    labels: ['DM-HLF-001'],
    rules: ['K-FLOW', 'P-CBOR'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    await emptySession(t, srv, 'a session', 'K');
    const p1 = t.need(dmPosts(srv.wire).find((p) => p.kind === 'package1'), 'the harness server saw no Package#1', 'K');
    const type = parseMediaType(p1.headers['content-type']);
    t.check(type?.kind === 'initiation', `Package#1 Content-Type is "${p1.headers['content-type'] ?? '(none)'}", not ${mediaType('initiation', 'json')}`, 'K');
    // Valid by the reference schema: both MOS and Alert, no unknown member — the (ours) K-FLOW clarification.
    t.check(p1.package1 !== undefined, `the Package#1 body is not a valid Package#1: ${p1.decodeError}`);
    t.check(p1.response?.status === 200, `the harness server refused the Package#1 with HTTP ${p1.response?.status}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-003',
    title: 'Package#1 Accept allows the Package#2 media type',
    requirement: 'A client MUST send Accept naming application/vnd.oma.dm.request+json (K-FLOW, K-NEG).',
    labels: ['DM-HLF-001'],
    rules: ['K-FLOW', 'K-NEG'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    await emptySession(t, srv);
    const p1 = dmPosts(srv.wire).find((p) => p.kind === 'package1');
    if (!p1) return t.fail('the harness server saw no Package#1');
    const accept = p1.headers.accept;
    t.check(accept !== undefined && accept.trim() !== '', 'Package#1 has no Accept header');
    t.check(
      chooseEncoding(accept, 'request', ['json']) === 'json' && /application\/vnd\.oma\.dm\.request\+json/i.test(accept),
      `Package#1 Accept "${accept}" does not allow ${mediaType('request', 'json')}`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-004',
    title: 'A client-initiated session opens with the ClientInitiatedMgmt alert',
    requirement: 'A client MUST put the urn:oma:at:dm:2.0:ClientInitiatedMgmt alert in the Package#1 of a session it initiates (K-FLOW).',
    labels: ['DM-HLF-018'],
    rules: ['K-FLOW'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    await emptySession(t, srv);
    const p1 = t.need(dmPosts(srv.wire).find((p) => p.kind === 'package1'), 'no Package#1 arrived');
    // Read by the reference schema, whose strictness (unknown members, MOS and Alert both required) is ours.
    const package1 = t.need(p1.package1, `the Package#1 is not valid by the reference schema: ${p1.decodeError ?? 'no body'}`, 'P');
    const types = package1.Alert.map((a) => a.AlertType);
    t.check(types.includes(ALERT.CLIENT_INITIATED), `Package#1 alerts are [${types.join(', ')}]: no ${ALERT.CLIENT_INITIATED}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-005',
    title: 'Package#1 MOS lists DevInfo with its MIID',
    requirement: 'A client MUST list in the Package#1 MOS each MO the server may manage with its MIIDs, DevInfo included (K-FLOW).',
    labels: ['DM-HLF-027'],
    rules: ['K-FLOW', 'K-DDF'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const read = await readViaHput(t, srv, [`${MOID.DEVINFO}//`], 'DevInfo', 'K');
    // The instance's MIID from the Status URI (P-DETAIL), else from the ClientURI of the data sent.
    const uri = read.status.URI[0] ?? read.entries[0]?.ClientURI ?? '';
    // undefined for a URI of another MO, or one whose MIID is not valid percent-encoding (the IUT's).
    const miid = miidOf(uri, MOID.DEVINFO);
    if (!miid) return t.fail(`HPUT of ${MOID.DEVINFO}// named "${uri}" in its Status, not a DevInfo instance`, 'P');
    const p1 = t.need(dmPosts(srv.wire).find((p) => p.kind === 'package1'), 'no Package#1 arrived');
    const package1 = t.need(p1.package1, `the Package#1 is not valid by the reference schema: ${p1.decodeError ?? 'no body'}`, 'P');
    const entry = package1.MOS.find((m) => m.MOID.toLowerCase() === MOID.DEVINFO);
    if (!entry) return t.fail(`Package#1 MOS lists ${package1.MOS.map((m) => m.MOID).join(', ') || 'nothing'}, not ${MOID.DEVINFO}`);
    t.check(entry.MIID.includes(miid), `Package#1 MOS gives DevInfo the MIIDs [${entry.MIID.join(', ')}], but its instance is "${miid}"`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-006',
    title: 'Package#3 goes to the URI of the CONT that ended the Package#2',
    requirement: 'A client MUST POST each Package#3 of a session to the ServerURI of the last CONT it received (K-FLOW, K-CMD, P-SESSION).',
    labels: ['DM-HLF-008'],
    rules: ['K-FLOW', 'K-CMD', 'P-SESSION'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    srv.queue(['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]);
    await srv.startSession();
    t.step('wait for the package that answers the Package#2');
    await waitUntil(() => dmPosts(srv.wire).length >= 2, t.ixit.timeouts.sessionMs);
    const posts = dmPosts(srv.wire);
    const p1 = posts.findIndex((p) => p.kind === 'package1');
    const cont = contUriOf(posts[p1]?.response?.package2);
    if (!cont) return t.inconclusive('the harness server did not answer the Package#1 with a CONT-ended Package#2');
    // K-CMD/K-FLOW: the Package#3 is POSTed to the CONT's ServerURI, whatever its format (P-SESSION's).
    const next = t.need(posts[p1 + 1], 'no package followed the Package#1', 'K');
    t.check(next.kind === 'package3', `after the Package#2 the IUT POSTed to ${next.path}, not to the CONT URI ${new URL(cont).pathname}`, 'K');
    t.check(next.path === new URL(cont).pathname, `Package#3 went to ${next.path}, not to the CONT URI ${new URL(cont).pathname}`, 'K');
    t.check(next.method === 'POST', `Package#3 came with ${next.method}, not POST`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-007',
    title: 'Package#3 has the response media type and the OMADM-DevID of the device',
    requirement: 'A client MUST send Package#3 with Content-Type application/vnd.oma.dm.response+json (or its CBOR twin), its OMADM-DevID and a Package#3 body (K-FLOW).',
    labels: ['DM-HLF-001'],
    rules: ['K-FLOW', 'P-CBOR'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    await srv.run([['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]]);
    const p3 = t.need(dmPosts(srv.wire).find((p) => p.kind === 'package3'), 'the harness server saw no Package#3', 'K');
    t.check(parseMediaType(p3.headers['content-type'])?.kind === 'response', `Package#3 Content-Type is "${p3.headers['content-type'] ?? '(none)'}", not ${mediaType('response', 'json')}`, 'K');
    t.check(p3.headers['omadm-devid'] === srv.devId, `Package#3 OMADM-DevID is "${p3.headers['omadm-devid'] ?? '(none)'}", not the device's "${srv.devId}"`, 'K');
    // Valid by the reference schema (no unknown member) is the (ours) K-FLOW clarification.
    t.check(p3.package3 !== undefined, `the Package#3 body is not a valid Package#3: ${p3.decodeError}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-008',
    title: 'One Status per command, in command order (an unknown command gets 400 in its place)',
    requirement: 'A client MUST answer a Package#2 with one Status entry per command in the same order, an unknown command getting 400 in its place (K-FLOW, P-DETAIL).',
    labels: [],
    rules: ['K-FLOW', 'K-CMD', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const srv = await HarnessServer.bootstrapped(t);
    const missing = `${w}/${t.uniqueName('none')}`;
    const nowhere = await unreachableUrl(t, '/recv/none');
    // The DevInfo MIID from the MOS of a session without commands (no Package#3 involved).
    await emptySession(t, srv, 'a session that shows the MOS');
    const mos = dmPosts(srv.wire).find((p) => p.kind === 'package1')?.package1?.MOS.find((m) => m.MOID.toLowerCase() === MOID.DEVINFO);
    if (!mos?.MIID[0]) return t.inconclusive('the Package#1 MOS does not list DevInfo (DMCTS-C-FLOW-005 checks that)');
    const devInfo = `${MOID.DEVINFO}/${encodeURIComponent(mos.MIID[0])}`;
    const queued = await srv.run(
      [
        ['HPUT', 'auto', `${MOID.DEVINFO}//DevID`],
        ['FROBNICATE', `${MOID.DEVINFO}//`],
        ['DELETE', missing],
        ['HPOST', nowhere, `${MOID.DEVINFO}//DevID`],
        ['DELETE', devInfo],
        ['UNSUB', `${MOID.DEVINFO}//Man`],
      ],
      { raw: true },
    );
    const [hput, unknown, deleteMissing, hpost, deleteDevInfo, unsub] = queued;
    const expected: Array<[ServerCommand, number[], string]> = [
      [hput, [200], 'HPUT of DevInfo DevID'],
      [unknown, [400], 'the unknown command FROBNICATE'],
      [deleteMissing, [404], `DELETE of the missing ${missing}`],
      [hpost, [502], 'HPOST to an unreachable ServerURI'],
      [deleteDevInfo, [403, 405], 'DELETE of the permanent DevInfo instance'],
      [unsub, [404, 501], 'UNSUB without a SUB'],
    ];
    const p3 = dmPosts(srv.wire).filter((p) => p.kind === 'package3').at(-1);
    // K-FLOW: one Status per command, in order — judged by which entries report success (only the HPUT
    // can: the others are an unknown command, missing, unreachable, permanent (K-TREE) targets), and
    // UNSUB without a SUB is 404 (K-CMD); the exact other codes are P-DETAIL's.
    t.check(p3?.package3?.Status.length === queued.length + 1, `the Package#3 has ${p3?.package3?.Status.length ?? 0} Status entries for a Package#2 of ${queued.length + 1} commands (CONT included)`, 'K');
    expected.forEach(([q, codes, what], i) => {
      const s = statusOf(t, q, 'K');
      const ok = i === 0 ? s.sc >= 200 && s.sc <= 299 : i === 5 ? codes.includes(s.sc) : s.sc < 200 || s.sc > 299;
      t.check(ok, `Status ${i + 1} (${what}) is sc ${s.sc}${i === 0 ? ', not a 2xx' : i === 5 ? `, not ${codes.join(' or ')}` : ', a 2xx'}: the Status entries are not one per command in order`, 'K');
      t.check(codes.includes(s.sc), `Status ${i + 1} (${what}) is sc ${s.sc}, not ${codes.join(' or ')}: the Status entries are not one per command in order`);
    });
    const s404 = statusOf(t, deleteMissing);
    t.check(s404.URI.includes(missing), `the 404 Status of DELETE ${missing} names [${s404.URI.join(', ')}], not the ClientURI as sent`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-009',
    title: 'No Package#3 after a Package#2 that is only END',
    requirement: 'A client MUST NOT send a Package#3 after a Package#2 holding END (K-FLOW).',
    labels: [],
    rules: ['K-FLOW', 'K-CMD'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    await emptySession(t, srv, 'the first session');
    await quiet(t);
    // The next session bounds the first one: a device that ran on would POST before opening another.
    await emptySession(t, srv, 'the second session');
    await quiet(t);
    const posts = dmPosts(srv.wire);
    const ends = posts.filter((p) => p.kind === 'package1' && p.response?.package2?.CMD.some((c) => c[0] === 'END'));
    // The harness answers END only to a Package#1 its schema takes (strictness ours): a profile check.
    t.check(ends.length === 2, `the harness server answered ${ends.length} Package#1s with END, not 2`, 'P');
    const stray = posts.filter((p) => p.kind !== 'package1' || p.package1 === undefined);
    t.check(
      stray.length === 0 && posts.length === 2,
      `besides its two Package#1s the IUT POSTed ${stray.map((p) => `${p.headers['content-type'] ?? '?'} to ${p.path.replace(/\/dm\/s\/.*/, '/dm/s/<token>')}`).join(', ')}, although every Package#2 was END`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-010',
    title: 'Commands before END are executed, and no Package#3 follows',
    requirement: 'A client MUST run the commands of a Package#2 that holds END and MUST NOT send a Package#3 for it (K-FLOW, K-CMD).',
    labels: [],
    rules: ['K-FLOW', 'K-CMD'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const srv = await HarnessServer.bootstrapped(t);
    const uri = `${w}/${t.uniqueName('end')}`;
    const content = srv.publish([{ ClientURI: uri, MOData: { Name: 'made before END' } }]);
    const [, hput] = await srv.run([['HGET', content.url, uri], ['HPUT', 'auto', `${MOID.DEVINFO}//DevID`], ['END']]);
    t.step('wait for the HPUT sent before END to reach its receiver');
    const bodies = await srv.bodiesAtLeast(hput, 1);
    t.check(bodies.length === 1, `the HPUT before END was not executed once: its receiver got ${bodies.length} bodies`);
    t.check(carries(bodies[0]?.entries ?? [], srv.devId), `the HPUT before END delivered ${JSON.stringify(bodies[0]?.entries)}, not the DevID`);
    t.check(bodies[0]?.entries[0]?.MOData === srv.devId, `the HPUT before END delivered ${JSON.stringify(bodies[0]?.entries)}, not the DevID as its leaf's MOData (the (ours) K-TREE clarification)`, 'P');
    await quiet(t);
    const read = await readViaHput(t, srv, [uri], 'the instance HGET created before END', 'K');
    t.check(read.entries[0]?.ClientURI === uri && JSON.stringify(read.entries[0]?.MOData) === JSON.stringify({ Name: 'made before END' }), `${uri} reads back as ${JSON.stringify(read.entries)}: the HGET before END was not executed`);
    const posts = dmPosts(srv.wire);
    const second = posts.findIndex((p, i) => i > 0 && p.kind === 'package1' && p.package1?.MOS !== undefined);
    const stray = posts.slice(1, second < 0 ? posts.length : second);
    t.check(stray.length === 0, `after the Package#2 that held END the IUT POSTed ${stray.map((p) => `${p.headers['content-type'] ?? '?'} to ${p.path.replace(/\/dm\/s\/.*/, '/dm/s/<token>')}`).join(', ')}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-011',
    title: 'HTTP 500 to a Package#3 aborts the session without retry',
    requirement: 'A client MUST abort the session on an HTTP 4xx/5xx answer to its Package#3 and MUST NOT retry it (K-FLOW).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { front, srv } = await frontedServer(t);
    let failed = 0;
    front.hooks.onRequest = (req) => {
      if (req.method === 'POST' && req.path.startsWith('/dm/s/') && failed === 0) {
        failed += 1;
        return { status: 500, headers: { 'content-type': 'text/plain' }, body: Buffer.from('injected by the harness\n') };
      }
    };
    srv.queue(['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]);
    srv.queue(['HPUT', 'auto', `${MOID.DEVINFO}//Man`]);
    await srv.startSession();
    t.step('wait for the Package#3 the harness answers with 500');
    const hit = await front.waitFor((r) => r.path.startsWith('/dm/s/'), t.ixit.timeouts.sessionMs);
    if (!hit) return t.fail('the IUT sent no Package#3');
    await expectNothingArrives(
      t,
      () => front.requests.slice(hit.index + 1),
      (after500) => `after the HTTP 500 the IUT sent ${after500.map((r) => `${r.method} ${r.path.replace(/\/dm\/s\/.*/, '/dm/s/<token>')}`).join(', ')}: the session was retried, not aborted`,
      undefined,
      2,
    );
    const before = front.requests.length;
    // A later session still works (the IUT is alive and did not queue a retry for it).
    const [control] = await srv.run([['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]]);
    expectDone(t, control, 'HPUT in the control session');
    const dmPostsSeen = front.requests.slice(before).filter((r) => r.path === '/dm').length;
    t.check(dmPostsSeen === 1, `the control session brought ${dmPostsSeen} Package#1s, not 1 (a retried session?)`);
    t.check(front.requestsTo(/^\/dm\/s\//).length === 2, `Package#3s seen: ${front.requestsTo(/^\/dm\/s\//).length}, expected 2 (the one answered 500 and the control's)`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-012',
    title: 'HTTP 503 to a Package#1 aborts the session without retry',
    requirement: 'A client MUST abort the session on an HTTP 4xx/5xx answer to its Package#1 and MUST NOT retry it (K-FLOW).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { front, srv } = await frontedServer(t);
    let failed = 0;
    front.hooks.onRequest = (req) => {
      if (req.method === 'POST' && req.path === '/dm' && failed === 0) {
        failed += 1;
        return { status: 503, headers: { 'content-type': 'text/plain', 'retry-after': '0' }, body: Buffer.from('injected by the harness\n') };
      }
    };
    await srv.startSession();
    t.step('wait for the Package#1 the harness answers with 503');
    const hit = await front.waitFor((r) => r.path === '/dm', t.ixit.timeouts.sessionMs);
    if (!hit) return t.fail('the IUT sent no Package#1');
    await quiet(t, 2);
    t.check(front.requests.length === 1, `after the HTTP 503 the IUT sent ${front.requests.length - 1} more request(s) (${front.requests.slice(1).map((r) => `${r.method} ${r.path}`).join(', ')}): it retried`);
    const [control] = await srv.run([['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]]);
    expectDone(t, control, 'HPUT in the control session');
    t.check(front.requestsTo('/dm').length === 2, `${front.requestsTo('/dm').length} Package#1s in all, expected 2 (the refused one and the control's)`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-013',
    title: 'Over several Package#2s, each Package#3 answers the commands of the Package#2 before it',
    requirement: 'A client MUST answer each Package#2 of a session with its own Package#3 (one Status per command, same order) until END (K-FLOW).',
    labels: [],
    rules: ['K-FLOW', 'P-SESSION'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const srv = await HarnessServer.bootstrapped(t, { maxCommandsPerPackage: 1 });
    const missing = `${w}/${t.uniqueName('none')}`;
    const queued = await srv.run([
      ['HPUT', 'auto', `${MOID.DEVINFO}//DevID`],
      ['DELETE', missing],
      ['HPUT', 'auto', `${MOID.DEVINFO}//Man`],
    ]);
    const codes = queued.map((q) => statusOf(t, q, 'K').sc);
    const kinds = codes.map((sc) => (sc >= 200 && sc <= 299 ? 'done' : 'refused'));
    t.check(kinds.join(',') === 'done,refused,done', `the three commands, one per Package#2, got sc ${codes.join(', ')}: not a 2xx, not a 2xx for the missing instance, a 2xx`, 'K');
    t.check(codes.join(',') === '200,404,200', `the three commands, one per Package#2, got sc ${codes.join(', ')}, not 200, 404, 200`);
    const posts = dmPosts(srv.wire);
    const p3 = posts.filter((p) => p.kind === 'package3');
    t.check(p3.length === 3, `the IUT sent ${p3.length} Package#3s for 3 Package#2s before END`, 'K');
    for (const [i, p] of p3.entries()) {
      t.check(p.package3?.Status.length === 2, `Package#3 number ${i + 1} has ${p.package3?.Status.length ?? 0} Status entries, not 2 (its command and the CONT)`, 'K');
    }
    const last = p3[p3.length - 1];
    // The harness's own END: not the IUT's doing, so a precondition when it is missing.
    if (!(last?.response?.package2?.CMD.length === 1 && last.response.package2.CMD[0]?.[0] === 'END')) t.inconclusive('the harness server did not end the session with END');
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-014',
    title: 'An answer that is not a Package#2 ends the session without retry',
    requirement: 'A client MUST abort the session when the answer to its Package#3 is not a Package#2, and MUST NOT retry it (K-FLOW; ours: an undecodable answer counts as an HTTP error).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { front, srv } = await frontedServer(t);
    let answered = 0;
    front.hooks.onRequest = (req) => {
      if (req.method === 'POST' && req.path.startsWith('/dm/s/') && answered === 0) {
        answered += 1;
        return { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: Buffer.from('<html><body>captive portal</body></html>\n') };
      }
    };
    srv.queue(['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]);
    await srv.startSession();
    t.step('wait for the Package#3 the harness answers with HTML');
    const hit = await front.waitFor((r) => r.path.startsWith('/dm/s/'), t.ixit.timeouts.sessionMs);
    if (!hit) return t.fail('the IUT sent no Package#3');
    // An answer that is not a Package#2 aborting like an HTTP error is the (ours) K-FLOW clarification.
    await expectNothingArrives(t, () => front.requests.slice(hit.index + 1), (after) => `after an HTML answer to its Package#3 the IUT sent ${after.map((r) => `${r.method} ${r.path.replace(/\/dm\/s\/.*/, '/dm/s/<token>')}`).join(', ')}`, 'P', 2);
    const [control] = await srv.run([['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]]);
    expectDone(t, control, 'HPUT in the control session');
  },
);
