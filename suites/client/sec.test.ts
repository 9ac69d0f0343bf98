/**
 * Security of the client (K-SEC, P-SEC, K-NOTI, P-NOTI; DM-HLF-015 only authorized servers,
 * DM-SECACATE-001 mutual authentication, DM-SECARIZE-002 protection of DM data, DM-DI-001 integrity,
 * DM-SECCONF-001 confidentiality).
 *
 * - A server that does not authenticate as its DMAcc account says (a TLS certificate from another CA,
 *   expired, for another host, with the wrong key usage; TLS 1.1 at most; a trust anchor that is not
 *   its CA) gets nothing executed: the case offers it work (an HGET that creates an instance), asks for
 *   a session, sees that no DM package reached it, then — the same server correctly authenticated, or
 *   a second one — reads the tree back and finds the instance absent (404) and the IUT working.
 * - The client authenticates itself as its account says: HTTP Basic (MUST), Digest (MAY), X.509.
 * - Integrity: a Package#0 altered after signing opens no session (stale and replayed ones: noti.test.ts); a Package#2 that does not
 *   parse is not executed; a byte flipped inside TLS aborts the session with nothing executed.
 * - Confidentiality: no DM data crosses the socket in clear, and a plain-HTTP SrvURI gets none.
 *
 * Each check says which fault it catches.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { writableMoid } from '../../harness/conformance/fixtures/client/client-ixit.ts';
import { authScheme, basicAuthorization, otherCa, type Credential } from '../../harness/conformance/fixtures/client/credentials.ts';
import { answeredPackage1s, dmPosts } from '../../harness/conformance/fixtures/client/dm-wire.ts';
import { HarnessFront } from '../../harness/conformance/fixtures/client/harness-front.ts';
import { craftedNotification, mustIgnoreNotification, notifiable } from '../../harness/conformance/fixtures/client/notification-checks.ts';
import { package1Count } from '../../harness/conformance/fixtures/client/sessions.ts';
import { statusOf } from '../../harness/conformance/fixtures/client/status.ts';
import { flipBits } from '../../harness/conformance/fixtures/client/tampering.ts';
import { TcpRelay, TlsFront, type TlsFrontSettings } from '../../harness/conformance/fixtures/client/tls-front.ts';
import { HarnessServer, type ServerCommand } from '../../harness/conformance/fixtures/harness-server.ts';
import { LEGACY_TLS, tlsProbe } from '../../harness/conformance/fixtures/server/tls-probe.ts';
import { quiet, waitUntil } from '../../harness/conformance/fixtures/waits.ts';
import { CaseVerdict, type Basis } from '../../harness/conformance/verdict.ts';
import type { RawCommand } from '../../harness/protocol/commands.ts';
import { MOID } from '../../harness/protocol/moids.ts';
import { signNotification } from '../../harness/protocol/package0-digest.ts';
import { decodePackage0Layout, PACKAGE0_OPTION } from '../../harness/protocol/package0.ts';

// ---- helpers ------------------------------------------------------------------------------------

/** An HGET that would create `w/<fresh MIID>` owned by the server: the work offered to a server the IUT must refuse. */
function offeredWrite(t: CaseContext, srv: HarnessServer, w: string) {
  const miid = t.uniqueName('sec');
  const uri = `${w}/${encodeURIComponent(miid)}`;
  const content = srv.publish([{ ClientURI: uri, MOData: { Name: `offered-${t.seed >>> 0}` } }]);
  const command: RawCommand = ['HGET', content.url, uri];
  return { uri, content, command };
}

/**
 * Reads a ClientURI back by HPUT through `srv` as a control session: returns its Status code, or
 * INCONC when the IUT does not open that session (the refusal before could then not be told apart
 * from an IUT that talks to no server at all).
 */
async function controlRead(t: CaseContext, srv: HarnessServer, uri: string, what: string): Promise<number> {
  const q = srv.queue(['HPUT', 'auto', uri]);
  await srv.startSession();
  t.step(`control: ${what}`);
  await srv.waitFor(q);
  if (!q.status) t.inconclusive(`the control session (${what}) did not complete (${q.reason ?? q.state}): the refusal before cannot be told apart from an IUT that talks to no server`);
  return q.status.sc;
}

/** FAILs when the read-back found the instance the refused server offered to create (the IUT executed its HGET). */
function expectAbsent(t: CaseContext, sc: number, uri: string, by: string): void {
  // 404: absent. 200 (the owner reads it) or 403 (it exists, owned by another server) mean the HGET ran.
  t.check(sc !== 200 && sc !== 403, `${uri} exists after the session with ${by} (HPUT answered sc ${sc}): the IUT executed the HGET of a server it had to refuse`);
  t.check(sc === 404, `HPUT of ${uri} answered sc ${sc}, not 404 (absent)`);
}

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
  t.note(`the front saw ${front.connections - before} connection(s), ${front.handshakes} completed handshake(s), errors: ${front.errors.join(' | ') || 'none'}`);
  if (front.connections === before) t.note('the IUT did not connect at all');
  const posts = dmPosts(srv.wire);
  // Catches an IUT that does not verify the server's chain, validity, name or key usage (or the TLS version).
  t.check(posts.length === 0, `the IUT sent ${posts.length} DM package(s) to a server whose ${what}: it accepted that server`, basis);
  t.check(front.applicationBytes === 0, `the IUT sent ${front.applicationBytes} bytes of application data over TLS to a server whose ${what}`, basis);
  t.check(q.state === 'queued' && offer.content.fetches() === 0, `the HGET offered by the refused server was ${q.state} and its content fetched ${offer.content.fetches()} times`, basis);
  // The same server, now with the genuine certificate and TLS 1.2+: the tree holds nothing it offered.
  srv.withdraw([q]);
  front.setTls({});
  const sc = await controlRead(t, srv, offer.uri, `read ${offer.uri} back through ${srv.srvId} with its genuine certificate`);
  expectAbsent(t, sc, offer.uri, `${srv.srvId} (${what})`);
}

const SEC_RULES = ['K-SEC', 'P-SEC'];

/**
 * Waits until the command has its Status, or the server refused a package with 401 and nothing more
 * came for four quiet windows (the IUT gave up: a second with the default timeouts.quietMs), or the
 * session timeout.
 */
async function statusOrRefusal(t: CaseContext, srv: HarnessServer, q: ServerCommand): Promise<void> {
  let quietSince = Date.now();
  let seen = srv.wire.length;
  await waitUntil(() => {
    if (q.status) return true;
    if (srv.wire.length !== seen) {
      seen = srv.wire.length;
      quietSince = Date.now();
    }
    return dmPosts(srv.wire).some((p) => p.response?.status === 401) && Date.now() - quietSince > 4 * t.ixit.timeouts.quietMs;
  }, t.ixit.timeouts.sessionMs);
}

// ---- the server's TLS certificate -----------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-SEC-001',
    title: 'A server whose TLS certificate is from another CA gets nothing executed',
    requirement: 'A client MUST refuse the TLS connection to a server whose certificate does not chain to the trust anchor of its DMAcc account, and MUST NOT execute anything it offers (P-SEC; DM-HLF-015, DM-SECACATE-001).',
    labels: ['DM-HLF-015', 'DM-SECACATE-001', 'DM-SECARIZE-002'],
    rules: SEC_RULES,
    level: 'MUST',
    role: 'client',
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
    requirement: 'A client MUST refuse the TLS connection to a server whose certificate has expired, and MUST NOT execute anything it offers (P-SEC; DM-HLF-015, DM-SECACATE-001).',
    labels: ['DM-HLF-015', 'DM-SECACATE-001', 'DM-SECARIZE-002'],
    rules: SEC_RULES,
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    await refusedTls(t, { credential: await t.session.pki.issue({ kind: 'server', expired: true }) }, 'certificate has expired', undefined, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-003',
    title: 'A server whose TLS certificate names another host gets nothing executed',
    requirement: 'A client MUST refuse the TLS connection to a server whose certificate does not name the host of its SrvURI, and MUST NOT execute anything it offers (P-SEC, RFC 6125; DM-HLF-015, DM-SECACATE-001).',
    labels: ['DM-HLF-015', 'DM-SECACATE-001', 'DM-SECARIZE-002'],
    rules: SEC_RULES,
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    await refusedTls(t, { credential: await t.session.pki.issue({ kind: 'server', hosts: ['dm.wrong-host.example'] }) }, 'certificate names another host (dm.wrong-host.example)', undefined, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-004',
    title: 'A server whose TLS certificate is for client authentication only (EKU) gets nothing executed',
    requirement: 'A client MUST refuse the TLS connection to a server whose certificate\'s Extended Key Usage does not allow server authentication, and MUST NOT execute anything it offers (P-SEC; DM-HLF-015, DM-SECACATE-001).',
    labels: ['DM-HLF-015', 'DM-SECACATE-001'],
    rules: SEC_RULES,
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    await refusedTls(t, { credential: await t.session.pki.issue({ kind: 'server', extendedKeyUsage: ['clientAuth'] }) }, 'certificate has Extended Key Usage clientAuth only');
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-005',
    title: 'A server whose TLS certificate may not sign (Key Usage keyCertSign only) gets nothing executed',
    requirement: 'A client MUST refuse the TLS connection to a server whose certificate\'s Key Usage does not allow a TLS server key (no digitalSignature), and MUST NOT execute anything it offers (P-SEC; DM-HLF-015, DM-SECACATE-001).',
    labels: ['DM-HLF-015', 'DM-SECACATE-001'],
    rules: SEC_RULES,
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    await refusedTls(t, { credential: await t.session.pki.issue({ kind: 'server', keyUsage: ['keyCertSign'] }) }, 'certificate has Key Usage keyCertSign only');
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-006',
    title: 'A server that offers TLS 1.1 at most gets nothing executed',
    requirement: 'A client MUST NOT complete a TLS handshake below TLS 1.2 with a server, and MUST NOT execute anything that server offers (P-SEC: TLS 1.2+ only; DM-SECCONF-001, DM-HLF-015).',
    labels: ['DM-SECCONF-001', 'DM-HLF-015', 'DM-SECACATE-001'],
    rules: SEC_RULES,
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    await refusedTls(t, LEGACY_TLS, 'TLS is 1.1 at most', async (front) => {
      // The front must really speak TLS 1.1, so that the refusal below is the IUT's.
      const url = new URL(front.url);
      const probe = await tlsProbe({ host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port), ...LEGACY_TLS, timeoutMs: t.ixit.timeouts.sessionMs });
      if (probe.protocol !== 'TLSv1.1') t.inconclusive(`the harness could not offer TLS 1.1 (its own probe got ${probe.protocol ?? probe.error}): this TLS library has it disabled`);
    });
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-007',
    title: 'An account whose trust anchor is another CA refuses the genuine server',
    requirement: 'A client MUST verify a server\'s TLS chain against the trust anchor of that server\'s DMAcc account (Auth/Server), not a general store, and MUST NOT execute anything a server failing it offers (P-SEC; DM-HLF-015, DM-SECACATE-001).',
    labels: ['DM-HLF-015', 'DM-SECACATE-001', 'DM-SECARIZE-002'],
    rules: SEC_RULES,
    level: 'MUST',
    role: 'client',
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
    t.check(posts.length === 0, `the IUT sent ${posts.length} DM package(s) to ${anchored.srvId}, whose account's trust anchor is another CA: it verified the server against something else`);
    t.check(q.state === 'queued' && offer.content.fetches() === 0, `the HGET offered by ${anchored.srvId} was ${q.state} and its content fetched ${offer.content.fetches()} times`);
    expectAbsent(t, sc, offer.uri, anchored.srvId);
  },
);

// ---- plain HTTP and confidentiality ---------------------------------------------------------------

/** Text markers of DM data and credentials, found case-insensitively in raw bytes. */
function inClear(bytes: Buffer, needles: string[]): string[] {
  const text = bytes.toString('latin1').toLowerCase();
  return needles.filter((n) => n && text.includes(n.toLowerCase()));
}

defineCase(
  {
    id: 'DMCTS-C-SEC-008',
    title: 'A plain-HTTP SrvURI gets no DM data and no credentials in clear',
    requirement: 'A client MUST NOT send a DM package, its DevID or its credentials in clear to a server whose SrvURI is plain http:// (P-SEC: TLS only; DM-SECCONF-001, DM-HLF-015).',
    labels: ['DM-SECCONF-001', 'DM-HLF-015', 'DM-SECARIZE-002'],
    rules: SEC_RULES,
    level: 'MUST',
    role: 'client',
    needs: { accounts: 2 },
  },
  async (t: CaseContext) => {
    const listener = await TcpRelay.start(t, { name: 'plain-HTTP listener' });
    const name = `user-${t.seed >>> 0}`;
    const secret = `pw-${(t.seed >>> 0).toString(36)}-plain`;
    const plain = await HarnessServer.start(t, { account: { srvUri: `${listener.url('http')}/dm`, clientAuth: { type: 'basic', name, secret } } });
    const good = await HarnessServer.start(t);
    // What the profile requires is observable on the wire: a session at an http:// SrvURI aborts before
    // anything is sent (P-SEC, TLS only). An upper-tester call that fails (the bootstrap of the account,
    // the request for that session) shows none of it — the adapter may have failed for any reason — so it
    // leaves the case INCONC (the precondition was not reached), never PASS.
    const setUp = async (what: string, act: () => Promise<void>): Promise<void> => {
      try {
        await act();
      } catch (error) {
        if (!(error instanceof CaseVerdict && error.verdict === 'INCONC')) throw error;
        t.inconclusive(`the upper tester failed ${what} (${error.reason}): the precondition was not reached, and a refused set-up is not evidence that the device keeps DM data off a plain-HTTP SrvURI (P-SEC requires the session to abort before anything is sent, on the wire)`);
      }
    };
    await setUp('the bootstrap with an account whose SrvURI is plain http://', () => plain.bootstrap([good]));
    await setUp('to ask for a session with the plain-HTTP SrvURI', () => plain.startSession());
    await quiet(t);
    t.step('control: a session with the HTTPS server');
    const [q] = await good.run([['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]]);
    const s = statusOf(t, q);
    if (s.sc !== 200) t.inconclusive(`the control HPUT of DevInfo through ${good.srvId} answered sc ${s.sc}`);
    await quiet(t);
    const sent = listener.bytes('toServer');
    t.note(`the plain-HTTP listener saw ${listener.connections} connection(s) and ${sent.length} bytes${sent.length ? ` starting ${sent.subarray(0, 8).toString('hex')}` : ''}`);
    // Catches an IUT that talks DM over plain HTTP, or sends its Basic credentials there.
    const leaked = inClear(sent, ['POST ', 'omadm-devid', 'vnd.oma.dm', good.devId, secret, Buffer.from(`${name}:${secret}`).toString('base64'), 'authorization:']);
    t.check(leaked.length === 0, `the IUT sent in clear to the plain-HTTP SrvURI: ${leaked.map((l) => JSON.stringify(l === secret ? '<the Basic password>' : l)).join(', ')}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-009',
    title: 'No DM data crosses the socket in clear (TLS end to end)',
    requirement: 'A client MUST carry every package and every command transfer inside TLS, so that neither its DevID, the MOIDs nor node values appear in clear on the wire (P-SEC; DM-SECCONF-001, DM-SECARIZE-002).',
    labels: ['DM-SECCONF-001', 'DM-SECARIZE-002'],
    rules: [...SEC_RULES, 'K-FLOW'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const relay = await TcpRelay.start(t, { name: 'capture relay' });
    const srv = await HarnessServer.start(t, { publicUrl: relay.url('https') });
    relay.upstream = srv.address;
    await srv.bootstrap();
    const marker = `confidential-${(t.seed >>> 0).toString(36)}-value`;
    const miid = t.uniqueName('conf');
    const uri = `${w}/${encodeURIComponent(miid)}`;
    const content = srv.publish([{ ClientURI: uri, MOData: { Name: marker } }]);
    const [hget, hput] = await srv.run([
      ['HGET', content.url, uri],
      ['HPUT', 'auto', uri, `${MOID.DEVINFO}//DevID`],
    ]);
    if (statusOf(t, hget).sc !== 200 || statusOf(t, hput).sc !== 200) t.inconclusive(`precondition not reached: the HGET and HPUT that carry the markers answered sc ${hget.status?.sc} and ${hput.status?.sc}, not 200`);
    const needles = [srv.devId, marker, 'urn:oma:mo:', 'omadm-devid', 'vnd.oma.dm'];
    // Control: all of these did cross the connection (the server decrypted them), so their absence below means something.
    const decrypted = Buffer.from(srv.wire.map((e) => `${JSON.stringify(e.headers)}${Buffer.from(e.body).toString('latin1')}`).join('\n'), 'latin1');
    const carried = inClear(decrypted, needles);
    if (carried.length !== needles.length) t.inconclusive(`the session did not carry every marker (${needles.filter((n) => !carried.includes(n)).join(', ')} missing)`);
    const up = relay.bytes('toServer');
    const down = relay.bytes('toClient');
    t.check(up.length > 0 && down.length > 0, `the capture relay saw ${up.length} and ${down.length} bytes: the session did not pass through it`);
    // Catches a session (or a command transfer) over plain HTTP, or TLS without encryption.
    t.check(up[0] === 0x16, `the first byte the IUT sent is 0x${up[0]?.toString(16)}, not a TLS handshake record (0x16)`);
    const clearUp = inClear(up, needles);
    const clearDown = inClear(down, needles);
    t.check(clearUp.length === 0, `DM data the IUT sent crossed the socket in clear: ${clearUp.join(', ')}`);
    t.check(clearDown.length === 0, `DM data the server sent crossed the socket in clear: ${clearDown.join(', ')}`);
  },
);

// ---- the client authenticates itself ---------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-SEC-010',
    title: 'HTTP Basic credentials given at bootstrap go, over TLS, with every package',
    requirement: 'A client MUST authenticate to a server whose account says Basic with the name and secret given at bootstrap, over TLS, and SHOULD send them preemptively with every package (K-SEC: client supports Basic; P-SEC; DM-SECACATE-001).',
    labels: ['DM-SECACATE-001'],
    rules: SEC_RULES,
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const name = `user-${t.seed >>> 0}`;
    const secret = `pw-${(t.seed >>> 0).toString(36)}-basic`;
    const srv = await HarnessServer.bootstrapped(t, { clientAuth: { modes: ['basic'], required: true }, account: { clientAuth: { type: 'basic', name, secret } } });
    const set = srv.setCredentials({ basic: { name, password: secret } });
    if (!set.ok) t.inconclusive(`the harness server could not take the credentials: ${set.error.message}`);
    const q = srv.queue(['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]);
    await srv.startSession();
    t.step('wait for the HPUT Status through the Basic-protected server');
    await statusOrRefusal(t, srv, q);
    const posts = dmPosts(srv.wire);
    const expected = basicAuthorization(name, secret);
    const refused = posts.filter((p) => p.response?.status === 401);
    // Catches an IUT that sends no credentials, or others than the account's.
    // K-SEC: the client authenticates by Basic as its account says (docs/protocol.md, P-SEC: C-SEC-010 rests on K-SEC alone).
    t.check(q.status !== undefined && q.status.sc >= 200 && q.status.sc <= 299, `the session with a server requiring the Basic credentials of the account did not complete (the HPUT is ${q.state}${q.status ? ` sc ${q.status.sc}` : ''}); the server refused ${refused.length} package(s) with 401`, 'K');
    t.check(q.status?.sc === 200, `the HPUT through the Basic-protected server answered sc ${q.status?.sc}, not 200`, 'P');
    t.check(posts.every((p) => p.headers.authorization === undefined || p.headers.authorization === expected), 'a package carried Authorization credentials other than the account\'s', 'K');
    const without = posts.filter((p) => p.headers.authorization === undefined);
    if (without.length > 0) t.warn(`${without.length} of ${posts.length} packages went without credentials and were refused first (ours: Basic goes preemptively with every package)`, 'P');
    t.check(posts.every((p) => p.headers['omadm-devid'] === srv.devId), 'a package did not carry the OMADM-DevID of the device', 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-011',
    title: 'HTTP Digest: the client answers the challenge with the account\'s credentials',
    requirement: 'A client MAY authenticate by HTTP Digest (RFC 7616) when its account says Digest; one that does MUST answer the challenge and MUST NOT send the password itself (Basic) instead (K-SEC, P-SEC; DM-SECACATE-001).',
    labels: ['DM-SECACATE-001'],
    rules: SEC_RULES,
    level: 'MAY',
    role: 'client',
  },
  async (t: CaseContext) => {
    const name = `user-${t.seed >>> 0}`;
    const secret = `pw-${(t.seed >>> 0).toString(36)}-digest`;
    const srv = await HarnessServer.start(t, { clientAuth: { modes: ['digest'], required: true }, account: { clientAuth: { type: 'digest', name, secret } } });
    try {
      await srv.bootstrap();
    } catch (error) {
      if (error instanceof CaseVerdict && error.verdict === 'INCONC') t.notApplicable(`the IUT does not take a Digest account (${error.reason}); Digest is optional for a client (K-SEC names Basic and X.509)`);
      throw error;
    }
    srv.setCredentials({ basic: { name, password: secret } });
    const q = srv.queue(['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]);
    await srv.startSession();
    t.step('wait for the HPUT Status through the Digest-protected server');
    await statusOrRefusal(t, srv, q);
    const posts = dmPosts(srv.wire);
    const schemes = posts.map((p) => authScheme(p.headers.authorization));
    // Catches an IUT that falls back to Basic (the password itself) where its account says Digest.
    // K-SEC (docs/protocol.md, P-SEC: C-SEC-011 rests on K-SEC alone; Digest is a MAY for a client).
    t.check(!schemes.includes('basic'), `the IUT sent Basic credentials to a server its account says to answer with Digest (schemes sent: ${schemes.join(', ')})`, 'K');
    if (q.status?.sc !== 200) {
      t.warn(`the IUT did not authenticate by Digest (schemes sent: ${schemes.join(', ') || 'nothing'}; HPUT ${q.state}${q.status ? ` sc ${q.status.sc}` : ''}): Digest is optional for a client`, 'K');
      return;
    }
    t.check(schemes.includes('digest'), `the session completed but no package carried Digest credentials (schemes: ${schemes.join(', ')})`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-012',
    title: 'X.509: a client certificate with CN = DevID given at bootstrap authenticates the device',
    requirement: 'A client MUST present, in the TLS handshake, the certificate its account gives for X.509 client authentication, so a server requiring it authenticates the device (K-SEC: client supports X.509; P-SEC; DM-SECACATE-001).',
    labels: ['DM-SECACATE-001'],
    rules: SEC_RULES,
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { pki } = t.session;
    const srv = await HarnessServer.bootstrapped(t, { clientAuth: { modes: ['x509'], required: true, ca: pki.ca.certPem } });
    const devId = srv.devId;
    const cert: Credential = await pki.issue({ kind: 'client', commonName: devId });
    srv.accountExtras = { clientAuth: { type: 'x509' }, clientCertPem: cert.chainPem, clientKeyPem: cert.keyPem };
    await srv.bootstrap();
    if (srv.devId !== devId) t.inconclusive(`the DevID changed between two bootstraps (${devId}, then ${srv.devId}): the certificate issued for it cannot be used`);
    srv.setCredentials({ x509: true }, devId);
    const q = srv.queue(['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]);
    await srv.startSession();
    t.step('wait for the HPUT Status through the X.509-protected server');
    await statusOrRefusal(t, srv, q);
    const refused = dmPosts(srv.wire).filter((p) => p.response?.status === 401).length;
    // Catches an IUT that presents no certificate, or another than the account's.
    // K-SEC: the client authenticates by X.509 as its account says (docs/protocol.md, P-SEC: C-SEC-012 rests on K-SEC alone).
    t.check(q.status !== undefined && q.status.sc >= 200 && q.status.sc <= 299, `the session with a server requiring the account's client certificate did not complete (HPUT ${q.state}${q.status ? ` sc ${q.status.sc}` : ''}; ${refused} package(s) refused with 401)`, 'K');
    t.check(q.status?.sc === 200, `the HPUT through the X.509-protected server answered sc ${q.status?.sc}, not 200`, 'P');
  },
);

// ---- integrity ------------------------------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-C-SEC-013',
    title: 'A Package#0 altered after it was signed (one bit of its NOTIFICATION-ID) opens no session',
    requirement: 'A client MUST verify the SHA256-DIGEST over the whole Package#0 and ignore one altered after signing, even where the altered value is itself valid (K-NOTI, P-NOTI; DM-DI-001, DM-HLF-015).',
    labels: ['DM-DI-001', 'DM-HLF-015'],
    rules: ['K-NOTI', 'P-NOTI'],
    level: 'MUST',
    role: 'client',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { srv, url } = await notifiable(t);
    const bytes = signNotification(craftedNotification(t, srv, 11), srv.notificationSecret, srv.devId);
    const layout = decodePackage0Layout(bytes);
    if (!layout.ok) return t.inconclusive(`the harness's own Package#0 does not decode: ${layout.error.message}`);
    const id = layout.value.options.find((o) => o.number === PACKAGE0_OPTION.NOTIFICATION_ID);
    if (!id) return t.inconclusive('the harness\'s Package#0 has no NOTIFICATION-ID');
    const tampered = Uint8Array.from(bytes);
    flipBits(tampered, id.valueOffset + id.length - 1);
    // Catches an IUT that checks only the form of a Package#0 (or a digest over part of it).
    // K-NOTI: the client ignores a Package#0 whose digest does not match.
    await mustIgnoreNotification(t, srv, url, tampered, 'a Package#0 whose NOTIFICATION-ID was changed by one bit after signing', 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-014',
    title: 'A Package#2 that does not parse is not executed, not even its first commands',
    requirement: 'A client MUST NOT execute any command of a Package#2 that does not parse (here: its last bytes altered in transit), and MUST abort the session without a Package#3 (K-FLOW; P-SEC; DM-DI-001, DM-HLF-015).',
    labels: ['DM-DI-001', 'DM-HLF-015'],
    rules: ['K-FLOW', 'P-SEC'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    let tampered: number | undefined;
    const front = await HarnessFront.start(t, {
      name: 'tampering front',
      hooks: {
        onResponse: (req, res) => {
          if (tampered !== undefined || req.method !== 'POST' || req.path.split('?')[0] !== '/dm' || res.status !== 200 || res.body.length < 2) return;
          // The HGET at the start of the CMD array stays intact; the end of the JSON (the CONT and the closing brackets) does not parse.
          const body = Buffer.from(res.body);
          flipBits(body, -1, 0x80);
          flipBits(body, -2, 0x80);
          tampered = req.index;
          return { status: res.status, headers: res.headers, body };
        },
      },
    });
    const srv = await HarnessServer.start(t, { publicUrl: front.url, encodings: ['json'] });
    front.upstream = srv.listenUrl;
    await srv.bootstrap();
    const offer = offeredWrite(t, srv, w);
    const q = srv.queue(offer.command);
    await srv.startSession();
    t.step('wait for the tampered Package#2 to be delivered');
    await waitUntil(() => tampered !== undefined, t.ixit.timeouts.sessionMs);
    const tamperedAt = tampered;
    if (tamperedAt === undefined) t.inconclusive('the IUT sent no Package#1 to the tampering front');
    await quiet(t);
    // The IUT runs on; the control session below comes after its handling of the tampered package.
    const sc = await controlRead(t, srv, offer.uri, `read ${offer.uri} back through ${srv.srvId} (nothing tampered)`);
    const after = front.requests.filter((r) => r.index > tamperedAt);
    const control = after.findIndex((r) => r.path.split('?')[0] === '/dm');
    const p3BeforeControl = (control < 0 ? after : after.slice(0, control)).filter((r) => r.path.startsWith('/dm/s/'));
    t.note(`requests after the tampered Package#2: ${after.map((r) => `${r.method} ${r.path.split('?')[0]}`).join(', ') || 'none'} (HGET ${q.state} at the server)`);
    // Catches an IUT that executes commands as it reads a Package#2, before knowing it parses.
    t.check(offer.content.fetches() === 0, `the IUT fetched the content of the HGET of a Package#2 that does not parse (${offer.content.fetches()} times): it executed it`);
    expectAbsent(t, sc, offer.uri, `${srv.srvId} (tampered Package#2)`);
    // Catches an IUT that answers a Package#2 it could not read as if it were fine.
    t.check(p3BeforeControl.length === 0, `the IUT sent ${p3BeforeControl.length} Package#3 after a Package#2 that does not parse, instead of aborting the session`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-015',
    title: 'A bit flipped inside TLS aborts the session: nothing of the Package#2 is executed',
    requirement: 'A client MUST reject a TLS record that fails its integrity check and abort the session, executing nothing of the Package#2 it carried (P-SEC: TLS 1.2+; DM-DI-001).',
    labels: ['DM-DI-001', 'DM-SECCONF-001'],
    rules: [...SEC_RULES, 'K-FLOW'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const relay = await TcpRelay.start(t, { name: 'tampering relay' });
    const srv = await HarnessServer.start(t, { publicUrl: relay.url('https') });
    relay.upstream = srv.address;
    await srv.bootstrap();
    const offer = offeredWrite(t, srv, w);
    const q = srv.queue(offer.command);
    // Armed once the server has answered the Package#1: the next application-data record to the IUT carries the Package#2.
    relay.tamper = { when: () => answeredPackage1s(srv.wire) > 0 };
    await srv.startSession();
    t.step('wait for the tampered TLS record and the end of that connection');
    if (!(await waitUntil(() => relay.tamper?.done !== undefined, t.ixit.timeouts.sessionMs))) t.inconclusive('no Package#2 went to the IUT through the relay (the IUT sent no Package#1)');
    await waitUntil(() => relay.open === 0, t.ixit.timeouts.sessionMs);
    await quiet(t);
    const p3 = dmPosts(srv.wire).filter((p) => p.kind === 'package3');
    t.note(`the HGET is ${q.state} at the server; ${p3.length} Package#3`);
    // Catches an IUT that would go on after a record that failed its MAC (or a TLS without integrity).
    t.check(p3.length === 0, `the IUT sent ${p3.length} Package#3 after the TLS record carrying its Package#2 was altered`);
    t.check(offer.content.fetches() === 0, `the IUT fetched the content of the HGET of a Package#2 altered in transit (${offer.content.fetches()} times)`);
    relay.tamper = undefined;
    const sc = await controlRead(t, srv, offer.uri, `read ${offer.uri} back through ${srv.srvId} (nothing tampered)`);
    expectAbsent(t, sc, offer.uri, `${srv.srvId} (TLS record altered)`);
  },
);
