/**
 * Content coding (P-SEL, RFC 7694; DM-HLF-004): a compressed Package#3 only in a coding the server
 * listed, none to a server that lists none, and a compressed Package#2 read when the client offered it.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { writableMoid } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { dmPosts } from '../../../harness/conformance/fixtures/client/dm-wire.ts';
import { expectRefused } from '../../../harness/conformance/fixtures/client/status.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { parseAccept } from '../../../harness/protocol/negotiation.ts';

/** A session whose Package#3 is large enough to be worth compressing (> 1 kB of Status). */
async function bigSession(t: CaseContext, srv: HarnessServer) {
  const w = writableMoid(t);
  const names = Array.from({ length: 12 }, (_, i) => `${w}/${t.uniqueName(`compressible-instance-name-${i}-`)}`);
  const queued = await srv.run(names.map((n) => ['DELETE', n]));
  for (const q of queued) expectRefused(t, q, 404, 'DELETE of a missing instance');
  const p3 = t.need(
    dmPosts(srv.wire).find((p) => p.kind === 'package3'),
    'no Package#3 arrived',
    'K',
  );
  t.check(p3.response?.status === 200, `the harness server refused the Package#3 with HTTP ${p3.response?.status}`);
  return p3;
}

defineCase(
  {
    id: 'DMCTS-C-NEG-006',
    title: 'A compressed Package#3 uses only a coding the server listed',
    requirement: 'A client MUST NOT compress a Package#3 with a content coding the server did not list in its Accept-Encoding (P-SEL, RFC 7694).',
    labels: ['DM-HLF-004'],
    rules: ['P-SEL', 'K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t, { acceptEncoding: 'gzip' });
    const p3 = await bigSession(t, srv);
    const coding = (p3.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    t.check(['identity', 'gzip'].includes(coding), `the Package#3 came with Content-Encoding "${coding}", but the server listed only gzip`);
    if (coding === 'identity') t.note('the Package#3 was not compressed (allowed)');
    else t.check(p3.wireBytes < p3.bodyBytes, `the gzip Package#3 is ${p3.wireBytes} bytes on the wire for ${p3.bodyBytes} decoded`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-NEG-007',
    title: 'No compressed Package#3 to a server that lists no content coding',
    requirement: 'A client MUST send its Package#3 uncompressed to a server that does not list any content coding in Accept-Encoding (P-SEL, RFC 7694).',
    labels: ['DM-HLF-004'],
    rules: ['P-SEL', 'K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t, { acceptEncoding: '' });
    const p3 = await bigSession(t, srv);
    const coding = (p3.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
    t.check(coding === 'identity', `the Package#3 came with Content-Encoding "${coding}", but the server takes no content coding`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-NEG-008',
    title: 'A compressed Package#2 in a coding the client offered is read',
    requirement: 'A client that offers gzip or br in Accept-Encoding MUST read a Package#2 compressed with it (P-SEL, DM-HLF-004).',
    labels: ['DM-HLF-004'],
    rules: ['P-SEL', 'K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const p3 = await bigSession(t, srv);
    const p1 = t.need(
      dmPosts(srv.wire).find((p) => p.kind === 'package1'),
      'the harness server recorded no Package#1 of the session',
      'K',
    );
    const offered = parseAccept(p1.headers['accept-encoding']).filter((i) => i.q > 0 && ['gzip', 'br', '*'].includes(i.type));
    if (offered.length === 0)
      t.notApplicable(`the IUT offers no gzip or br (Accept-Encoding "${p1.headers['accept-encoding'] ?? ''}"), so it never gets a compressed Package#2`);
    const coded = p1.response?.headers['content-encoding'];
    // The IUT offered gzip or br: a Package#2 the harness did not compress is a precondition it missed.
    if (coded !== 'gzip' && coded !== 'br') t.inconclusive(`the harness server did not compress the Package#2 (Content-Encoding "${coded ?? ''}")`);
    t.check(
      p3.package3?.Status.length === 13,
      `after a ${coded} Package#2 of 13 commands the Package#3 holds ${p3.package3?.Status.length ?? 0} Status entries`,
    );
  },
);
