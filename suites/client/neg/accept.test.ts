/**
 * What the IUT client accepts (K-NEG, P-CBOR): its packages' Accept allows the CBOR Package#2 when it
 * claims CBOR, and an HGET fetch's Accept names the MO serialization type.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { writableMoid } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { dmPosts, requestsTo } from '../../../harness/conformance/fixtures/client/dm-wire.ts';
import { expectDone } from '../../../harness/conformance/fixtures/client/status.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { mediaType } from '../../../harness/protocol/media-types.ts';
import { MOID } from '../../../harness/protocol/moids.ts';
import { chooseEncoding, parseAccept } from '../../../harness/protocol/negotiation.ts';

defineCase(
  {
    id: 'DMCTS-C-NEG-001',
    title: 'A client that claims CBOR allows CBOR Package#2 in its Accept',
    requirement: 'A client that claims CBOR MUST list the CBOR Package#2 type (q > 0) in the Accept of its packages (K-NEG, P-CBOR).',
    labels: ['DM-HLF-004', 'DM-HLF-019'],
    rules: ['K-NEG', 'P-CBOR', 'P-FEAT'],
    level: 'MUST',
    features: ['CBOR'],
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    await srv.run([['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]]);
    const posts = dmPosts(srv.wire);
    // K-FLOW/K-NEG: the client's packages carry an Accept; allowing CBOR in it is P-CBOR's.
    t.check(posts.length >= 2, `the harness server saw ${posts.length} packages, expected a Package#1 and a Package#3`, 'K');
    for (const p of posts) {
      const accept = p.headers.accept;
      t.check(accept !== undefined && parseAccept(accept).length > 0, `the ${p.kind === 'package1' ? 'Package#1' : 'Package#3'} has no Accept header`, 'K');
      t.check(
        chooseEncoding(accept, 'request', ['cbor']) === 'cbor',
        `the ${p.kind === 'package1' ? 'Package#1' : 'Package#3'} Accept "${accept ?? '(none)'}" does not allow ${mediaType('request', 'cbor')}`,
      );
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-NEG-005',
    title: 'HGET fetches with an Accept naming the MO serialization type',
    requirement: 'A client MUST send Accept allowing application/vnd.oma.dm.mo+json when it fetches an HGET ServerURI (K-NEG).',
    labels: ['DM-HLF-001'],
    rules: ['K-NEG', 'K-CMD', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const srv = await HarnessServer.bootstrapped(t);
    const uri = `${w}/${t.uniqueName('acc')}`;
    const content = srv.publish([{ ClientURI: uri, MOData: { Name: 'n' } }]);
    const [q] = await srv.run([['HGET', content.url, uri]]);
    expectDone(t, q, 'HGET');
    // K-CMD/K-NEG: HGET fetches its ServerURI (HTTP GET) with an Accept; the MO media type named in it is P-DETAIL's.
    const fetch = t.need(requestsTo(srv.wire, new URL(content.url).pathname)[0], 'the HGET ServerURI was never fetched', 'K');
    t.check(fetch.request.method === 'GET', `the HGET ServerURI was fetched with ${fetch.request.method}, not GET`, 'K');
    const accept = fetch.request.headers.accept;
    t.check(accept !== undefined && parseAccept(accept).length > 0, 'the HGET fetch has no Accept header', 'K');
    t.check(
      chooseEncoding(accept, 'mo', ['json']) === 'json' && /application\/vnd\.oma\.dm\.mo\+json/i.test(accept),
      `the HGET fetch Accept "${accept}" does not name ${mediaType('mo', 'json')}`,
    );
  },
);
