/**
 * The server's TLS authentication as the IUT client checks it (K-SEC, P-SEC; DM-HLF-015, DM-SECACATE-001):
 * a server whose certificate is from another CA, expired, for another host or with the wrong key usage,
 * one offering TLS 1.1 at most, or an account anchored on another CA gets nothing executed. Each case
 * offers work (fixtures/client/refused-work.ts), sees no DM package reach that server, then reads the
 * tree back through a correctly authenticated server and finds the work undone. Each check says which
 * fault it catches.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { writableMoid } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { otherCa } from '../../../harness/conformance/fixtures/client/credentials.ts';
import { dmPosts } from '../../../harness/conformance/fixtures/client/dm-wire.ts';
import { controlRead, expectAbsent, offeredWrite } from '../../../harness/conformance/fixtures/client/refused-work.ts';
import { package1Count } from '../../../harness/conformance/fixtures/client/sessions.ts';
import { TlsFront, type TlsFrontSettings } from '../../../harness/conformance/fixtures/client/tls-front.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { LEGACY_TLS, tlsProbe } from '../../../harness/conformance/fixtures/server/tls-probe.ts';
import { quiet, waitUntil } from '../../../harness/conformance/fixtures/waits.ts';
import type { Basis } from '../../../harness/conformance/verdict.ts';

/**
 * The common body of the "wrongly authenticated server" cases: the harness server behind a TLS front
 * with `settings`; work offered; a session asked for; no DM package may reach the server; then the
 * front presents the genuine certificate and the same server reads the tree back (the instance is
 * absent) — which also shows the refusal was about the certificate.
 */
/**
 * `basis`: what refusing that server rests on — K for what any TLS client authenticating its server
 * must refuse (a chain to another CA, an expired certificate, another host: K-SEC "security rests on
 * TLS", DM-SECACATE-001 mutual authentication, RFC 5280/6125), P (the default) for the finer checks
 * this profile adds (key usages, the TLS 1.2 floor).
 */
async function refusedTls(t: CaseContext, settings: TlsFrontSettings, what: string, check?: (front: TlsFront) => Promise<void>, basis?: Basis): Promise<void> {
  const w = writableMoid(t);
  const front = await TlsFront.start(t, { name: `TLS front (${what})`, ...settings });
  await check?.(front);
  const before = front.connections;
  const srv = await HarnessServer.start(t, { publicUrl: front.url });
  front.upstream = srv.address;
  await srv.bootstrap();
  const offer = offeredWrite(t, srv, w);
  const q = srv.queue(offer.command);
  await srv.startSession();
  t.step(`wait for the IUT's attempt to reach ${srv.srvId} (${what})`);
  await waitUntil(() => (front.connections > before && front.open === 0) || package1Count(srv) > 0, t.ixit.timeouts.sessionMs);
  await quiet(t);
  t.note(
    `the front saw ${front.connections - before} connection(s), ${front.handshakes} completed handshake(s), errors: ${front.errors.join(' | ') || 'none'}`,
  );
  if (front.connections === before) t.note('the IUT did not connect at all');
  const posts = dmPosts(srv.wire);
  // Catches an IUT that does not verify the server's chain, validity, name or key usage (or the TLS version).
  t.check(posts.length === 0, `the IUT sent ${posts.length} DM package(s) to a server whose ${what}: it accepted that server`, basis);
  t.check(front.applicationBytes === 0, `the IUT sent ${front.applicationBytes} bytes of application data over TLS to a server whose ${what}`, basis);
  t.check(
    q.state === 'queued' && offer.content.fetches() === 0,
    `the HGET offered by the refused server was ${q.state} and its content fetched ${offer.content.fetches()} times`,
    basis,
  );
  // The same server, now with the genuine certificate and TLS 1.2+: the tree holds nothing it offered.
  srv.withdraw([q]);
  front.setTls({});
  const sc = await controlRead(t, srv, offer.uri, `read ${offer.uri} back through ${srv.srvId} with its genuine certificate`);
  expectAbsent(t, sc, offer.uri, `${srv.srvId} (${what})`);
}

defineCase(
  {
    id: 'DMCTS-C-SEC-001',
    title: 'A server whose TLS certificate is from another CA gets nothing executed',
    requirement:
      'A client MUST refuse the TLS connection to a server whose certificate does not chain to the trust anchor of its DMAcc account, and MUST NOT execute anything it offers (P-SEC; DM-HLF-015, DM-SECACATE-001).',
    labels: ['DM-HLF-015', 'DM-SECACATE-001', 'DM-SECARIZE-002'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const other = await otherCa([t.ixit.harness.host, 'localhost', '127.0.0.1']);
    await refusedTls(t, { credential: other.server }, 'certificate is from another CA', undefined, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-002',
    title: 'A server whose TLS certificate has expired gets nothing executed',
    requirement:
      'A client MUST refuse the TLS connection to a server whose certificate has expired, and MUST NOT execute anything it offers (P-SEC; DM-HLF-015, DM-SECACATE-001).',
    labels: ['DM-HLF-015', 'DM-SECACATE-001', 'DM-SECARIZE-002'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    await refusedTls(t, { credential: await t.session.pki.issue({ kind: 'server', expired: true }) }, 'certificate has expired', undefined, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-003',
    title: 'A server whose TLS certificate names another host gets nothing executed',
    requirement:
      'A client MUST refuse the TLS connection to a server whose certificate does not name the host of its SrvURI, and MUST NOT execute anything it offers (P-SEC, RFC 6125; DM-HLF-015, DM-SECACATE-001).',
    labels: ['DM-HLF-015', 'DM-SECACATE-001', 'DM-SECARIZE-002'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    await refusedTls(
      t,
      { credential: await t.session.pki.issue({ kind: 'server', hosts: ['dm.wrong-host.example'] }) },
      'certificate names another host (dm.wrong-host.example)',
      undefined,
      'K',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-004',
    title: 'A server whose TLS certificate is for client authentication only (EKU) gets nothing executed',
    requirement:
      "A client MUST refuse the TLS connection to a server whose certificate's Extended Key Usage does not allow server authentication, and MUST NOT execute anything it offers (P-SEC; DM-HLF-015, DM-SECACATE-001).",
    labels: ['DM-HLF-015', 'DM-SECACATE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    await refusedTls(
      t,
      { credential: await t.session.pki.issue({ kind: 'server', extendedKeyUsage: ['clientAuth'] }) },
      'certificate has Extended Key Usage clientAuth only',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-005',
    title: 'A server whose TLS certificate may not sign (Key Usage keyCertSign only) gets nothing executed',
    requirement:
      "A client MUST refuse the TLS connection to a server whose certificate's Key Usage does not allow a TLS server key (no digitalSignature), and MUST NOT execute anything it offers (P-SEC; DM-HLF-015, DM-SECACATE-001).",
    labels: ['DM-HLF-015', 'DM-SECACATE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    await refusedTls(t, { credential: await t.session.pki.issue({ kind: 'server', keyUsage: ['keyCertSign'] }) }, 'certificate has Key Usage keyCertSign only');
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-006',
    title: 'A server that offers TLS 1.1 at most gets nothing executed',
    requirement:
      'A client MUST NOT complete a TLS handshake below TLS 1.2 with a server, and MUST NOT execute anything that server offers (P-SEC: TLS 1.2+ only; DM-SECCONF-001, DM-HLF-015).',
    labels: ['DM-SECCONF-001', 'DM-HLF-015', 'DM-SECACATE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    await refusedTls(t, LEGACY_TLS, 'TLS is 1.1 at most', async (front) => {
      // The front must really speak TLS 1.1, so that the refusal below is the IUT's.
      const url = new URL(front.url);
      const probe = await tlsProbe({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port), ...LEGACY_TLS, timeoutMs: t.ixit.timeouts.sessionMs });
      if (probe.protocol !== 'TLSv1.1')
        t.inconclusive(`the harness could not offer TLS 1.1 (its own probe got ${probe.protocol ?? probe.error}): this TLS library has it disabled`);
    });
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-007',
    title: 'An account whose trust anchor is another CA refuses the genuine server',
    requirement:
      "A client MUST verify a server's TLS chain against the trust anchor of that server's DMAcc account (Auth/Server), not a general store, and MUST NOT execute anything a server failing it offers (P-SEC; DM-HLF-015, DM-SECACATE-001).",
    labels: ['DM-HLF-015', 'DM-SECACATE-001', 'DM-SECARIZE-002'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const other = await otherCa();
    const anchored = await HarnessServer.start(t, { account: { trustAnchorPem: other.ca.certPem } });
    const good = await HarnessServer.start(t);
    await anchored.bootstrap([good]);
    const offer = offeredWrite(t, anchored, w);
    const q = anchored.queue(offer.command);
    await anchored.startSession();
    await quiet(t);
    // The second account holds the right anchor and the same server certificate: its session must work,
    // and it runs after the first attempt (bounded by an event, not only by time).
    const sc = await controlRead(t, good, offer.uri, `read ${offer.uri} back through ${good.srvId}, whose account has the right trust anchor`);
    await quiet(t);
    const posts = dmPosts(anchored.wire);
    // Catches an IUT that verifies against any trust anchor it holds (or none) instead of the account's.
    t.check(
      posts.length === 0,
      `the IUT sent ${posts.length} DM package(s) to ${anchored.srvId}, whose account's trust anchor is another CA: it verified the server against something else`,
    );
    t.check(
      q.state === 'queued' && offer.content.fetches() === 0,
      `the HGET offered by ${anchored.srvId} was ${q.state} and its content fetched ${offer.content.fetches()} times`,
    );
    expectAbsent(t, sc, offer.uri, anchored.srvId);
  },
);
