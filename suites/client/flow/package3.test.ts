/**
 * The Package#3s of a session (K-FLOW, K-CMD, P-SESSION): each POSTed to the URI of the CONT that ended
 * the Package#2 before it, with the response media type and the device's OMADM-DevID, one Status per
 * command in command order, over as many Package#2s as the server sends.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { writableMoid } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { contUriOf, dmPosts } from '../../../harness/conformance/fixtures/client/dm-wire.ts';
import { unreachableUrl } from '../../../harness/conformance/fixtures/client/raw-http.ts';
import type { ServerCommand } from '../../../harness/conformance/fixtures/client/server-commands.ts';
import { emptySession } from '../../../harness/conformance/fixtures/client/sessions.ts';
import { statusOf } from '../../../harness/conformance/fixtures/client/status.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { waitUntil } from '../../../harness/conformance/fixtures/waits.ts';
import { mediaType, parseMediaType } from '../../../harness/protocol/media-types.ts';
import { MOID } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-C-FLOW-006',
    title: 'Package#3 goes to the URI of the CONT that ended the Package#2',
    requirement: 'A client MUST POST each Package#3 of a session to the ServerURI of the last CONT it received (K-FLOW, K-CMD, P-SESSION).',
    labels: ['DM-HLF-008'],
    rules: ['K-FLOW', 'K-CMD', 'P-SESSION'],
    level: 'MUST',
    perTransport: true,
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
    // Over HTTP a POST (K-FLOW); over the WebSocket a frame naming the session URI (P-WS).
    const expected = t.transport === 'ws' ? 'WS' : 'POST';
    t.check(
      next.method === expected,
      `Package#3 came with ${next.method}, not ${expected === 'WS' ? 'as a frame over the WebSocket' : 'POST'}`,
      t.transport === 'ws' ? 'P' : 'K',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-007',
    title: 'Package#3 has the response media type and the OMADM-DevID of the device',
    requirement:
      'A client MUST send Package#3 with Content-Type application/vnd.oma.dm.response+json (or its CBOR twin), its OMADM-DevID and a Package#3 body (K-FLOW).',
    labels: ['DM-HLF-001'],
    rules: ['K-FLOW', 'P-CBOR'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    await srv.run([['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]]);
    const p3 = t.need(
      dmPosts(srv.wire).find((p) => p.kind === 'package3'),
      'the harness server saw no Package#3',
      'K',
    );
    t.check(
      parseMediaType(p3.headers['content-type'])?.kind === 'response',
      `Package#3 Content-Type is "${p3.headers['content-type'] ?? '(none)'}", not ${mediaType('response', 'json')}`,
      'K',
    );
    t.check(
      p3.headers['omadm-devid'] === srv.devId,
      `Package#3 OMADM-DevID is "${p3.headers['omadm-devid'] ?? '(none)'}", not the device's "${srv.devId}"`,
      'K',
    );
    // Valid by the reference schema (no unknown member) is the (ours) K-FLOW clarification.
    t.check(p3.package3 !== undefined, `the Package#3 body is not a valid Package#3: ${p3.decodeError}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-008',
    title: 'One Status per command, in command order (an unknown command gets 400 in its place)',
    requirement:
      'A client MUST answer a Package#2 with one Status entry per command in the same order, an unknown command getting 400 in its place (K-FLOW, P-DETAIL).',
    labels: [],
    rules: ['K-FLOW', 'K-CMD', 'P-DETAIL'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const srv = await HarnessServer.bootstrapped(t);
    const missing = `${w}/${t.uniqueName('none')}`;
    const nowhere = await unreachableUrl(t, '/recv/none');
    // The DevInfo MIID from the MOS of a session without commands (no Package#3 involved).
    await emptySession(t, srv, 'a session that shows the MOS');
    const mos = dmPosts(srv.wire)
      .find((p) => p.kind === 'package1')
      ?.package1?.MOS.find((m) => m.MOID.toLowerCase() === MOID.DEVINFO);
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
    const p3 = dmPosts(srv.wire)
      .filter((p) => p.kind === 'package3')
      .at(-1);
    // K-FLOW: one Status per command, in order — judged by which entries report success (only the HPUT
    // can: the others are an unknown command, missing, unreachable, permanent (K-TREE) targets), and
    // UNSUB without a SUB is 404 (K-CMD); the exact other codes are P-DETAIL's.
    t.check(
      p3?.package3?.Status.length === queued.length + 1,
      `the Package#3 has ${p3?.package3?.Status.length ?? 0} Status entries for a Package#2 of ${queued.length + 1} commands (CONT included)`,
      'K',
    );
    expected.forEach(([q, codes, what], i) => {
      const s = statusOf(t, q, 'K');
      const ok = i === 0 ? s.sc >= 200 && s.sc <= 299 : i === 5 ? codes.includes(s.sc) : s.sc < 200 || s.sc > 299;
      t.check(
        ok,
        `Status ${i + 1} (${what}) is sc ${s.sc}${i === 0 ? ', not a 2xx' : i === 5 ? `, not ${codes.join(' or ')}` : ', a 2xx'}: the Status entries are not one per command in order`,
        'K',
      );
      t.check(codes.includes(s.sc), `Status ${i + 1} (${what}) is sc ${s.sc}, not ${codes.join(' or ')}: the Status entries are not one per command in order`);
    });
    const s404 = statusOf(t, deleteMissing);
    t.check(s404.URI.includes(missing), `the 404 Status of DELETE ${missing} names [${s404.URI.join(', ')}], not the ClientURI as sent`);
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
    perTransport: true,
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
    t.check(
      kinds.join(',') === 'done,refused,done',
      `the three commands, one per Package#2, got sc ${codes.join(', ')}: not a 2xx, not a 2xx for the missing instance, a 2xx`,
      'K',
    );
    t.check(codes.join(',') === '200,404,200', `the three commands, one per Package#2, got sc ${codes.join(', ')}, not 200, 404, 200`);
    const posts = dmPosts(srv.wire);
    const p3 = posts.filter((p) => p.kind === 'package3');
    t.check(p3.length === 3, `the IUT sent ${p3.length} Package#3s for 3 Package#2s before END`, 'K');
    for (const [i, p] of p3.entries()) {
      t.check(
        p.package3?.Status.length === 2,
        `Package#3 number ${i + 1} has ${p.package3?.Status.length ?? 0} Status entries, not 2 (its command and the CONT)`,
        'K',
      );
    }
    const last = p3[p3.length - 1];
    // The harness's own END: not the IUT's doing, so a precondition when it is missing.
    if (!(last?.response?.package2?.CMD.length === 1 && last.response.package2.CMD[0]?.[0] === 'END'))
      t.inconclusive('the harness server did not end the session with END');
  },
);
