/**
 * Security of the server (K-SEC, P-SEC, P-SESSION; DM-SECACATE-001 mutual authentication,
 * DM-SECARIZE-001 protection of an MA's data, DM-DI-001 integrity, DM-SECCONF-001 confidentiality).
 *
 * - Device authentication by HTTP Basic, HTTP Digest and X.509 client certificates, each only for the
 *   modes the IXIT's `server.clientAuth` lists (N/A otherwise): after server.setCredentials, the right
 *   credentials get the session; wrong or missing ones get 401 — with a challenge — and nothing of the
 *   package is processed (no session counted, no alert, no Status); a Digest answer cannot be replayed.
 * - TLS: TLS 1.1 is refused; the certificate chains to the IXIT's CA and names the server's host.
 * - Integrity: a Package#3 that does not parse, or that comes with another device's credentials or
 *   DevID, is refused and records nothing.
 *
 * Each check says which fault it catches.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { HarnessDevice, type UtResult } from '../../harness/conformance/fixtures/harness-device.ts';
import { expectNothing, show } from '../../harness/conformance/fixtures/verify.ts';
import { basicAuthorization, challengesOf, digestAnswers, foreignCertificate } from '../../harness/conformance/fixtures/server/device-auth.ts';
import { deviceInfo, queueFor, resultOf } from '../../harness/conformance/fixtures/server/operator.ts';
import { RawDm, samplePackage1 } from '../../harness/conformance/fixtures/server/raw-dm.ts';
import { hostPort, LEGACY_TLS, tlsProbe } from '../../harness/conformance/fixtures/server/tls-probe.ts';
import { legacyTlsSelfProbe } from '../../harness/conformance/fixtures/server/legacy-tls.ts';
import type { Package2 } from '../../harness/protocol/packages.ts';
import { CaseVerdict, type Basis } from '../../harness/conformance/verdict.ts';
import { DIAGNOSTICS_MOID as DIAG } from '../../harness/protocol/moids.ts';

type Mode = 'basic' | 'digest' | 'x509';

/**
 * INCONC (not demonstrated) unless the IXIT says how the server authenticates devices, by this mode.
 * Never N/A: K-SEC makes HTTP Basic, Digest and X.509 device authentication mandatory for a server,
 * so a run that cannot exercise one has not demonstrated it.
 */
function needMode(t: CaseContext, mode: Mode): void {
  const auth = t.session.server?.clientAuth;
  t.useIcsItem('ixit.server.clientAuth');
  if (!auth) t.inconclusive(`not demonstrated: the IXIT gives no server.clientAuth, so how the server authenticates devices (${mode}, mandatory under K-SEC) could not be exercised`);
  if (!auth.modes.includes(mode)) t.inconclusive(`not demonstrated: server.clientAuth.modes does not list ${mode} (it lists ${auth.modes.join(', ') || 'none'}), though K-SEC makes HTTP Basic, Digest and X.509 device authentication mandatory for a server`);
}

/**
 * The CA the harness issues device certificates from: the run's test CA, which server.setCredentials
 * hands the IUT (x509CaPem) with each device it enrols for X.509.
 */
function deviceCa(t: CaseContext) {
  return t.session.pki;
}

/**
 * Device authentication is mandatory for a server (K-SEC): a case of it that cannot run — an
 * upper-tester method the adapter lacks (server.setCredentials, server.device, ...) — has not
 * demonstrated it, so it is INCONC naming what is missing, never N/A.
 */
function mandatoryAuth(body: (t: CaseContext) => Promise<void>): (t: CaseContext) => Promise<void> {
  return async (t) => {
    try {
      await body(t);
    } catch (error) {
      if (error instanceof CaseVerdict && error.verdict === 'N/A') t.inconclusive(`not demonstrated: ${error.reason}; device authentication is mandatory for a server (K-SEC)`);
      throw error;
    }
  };
}

const credentialsOf = (t: CaseContext, what: string) => ({ name: `dev-${what}-${t.seed >>> 0}`, password: `pw-${(t.seed >>> 0).toString(36)}-${what}` });

async function setCredentials(t: CaseContext, devId: string, creds: { basic?: { name: string; password: string }; x509?: boolean }): Promise<void> {
  t.step(`server.setCredentials for ${devId}`);
  try {
    await t.ut('server.setCredentials', { devId, ...creds, ...(creds.x509 ? { x509CaPem: t.session.pki.ca.certPem } : {}) });
  } catch (error) {
    // Device authentication is mandatory (K-SEC): an adapter that cannot enrol a device leaves it not demonstrated, never N/A.
    if (error instanceof CaseVerdict && error.verdict === 'N/A') t.inconclusive(`not demonstrated: ${error.reason}, so the harness cannot enrol a device and device authentication (mandatory under K-SEC) could not be exercised`);
    throw error;
  }
}

/**
 * A fresh DevID the operator enrolled with a password (server.setCredentials, after checking the IUT
 * offers `mode`), and its credentials.
 */
async function enrolled(t: CaseContext, mode: 'basic' | 'digest', what: string = mode) {
  needMode(t, mode);
  const devId = t.uniqueName('dmcts-dev');
  const c = credentialsOf(t, what);
  await setCredentials(t, devId, { basic: c });
  return { devId, c };
}

const PROBE: [string, ...unknown[]] = ['GET', `${DIAG}/1/Label`];

/**
 * FAILs unless the IUT processed nothing of the refused session: the queued command was not sent and
 * has no Status, no session is counted, no alert recorded. Catches a server that runs a session (or
 * records what a package carried) before or despite refusing its credentials.
 */
async function nothingProcessed(t: CaseContext, dev: HarnessDevice, commandId: string, why: string, basis: Basis = 'K'): Promise<void> {
  const r = await dev.result(commandId);
  t.check(r.state === 'queued' && r.status === undefined, `the command queued for ${dev.devId} is ${r.state}${r.status ? ` with Status ${show(r.status)}` : ''} after ${why}: the refused session was served`, basis);
  const info = await dev.info();
  t.check(info.sessions === 0, `server.device counts ${info.sessions} session(s) for ${dev.devId} after ${why}`, basis);
  t.check(info.alerts.length === 0, `server.device recorded the alerts ${show(info.alerts)} of a package refused for ${why}`, basis);
}

/**
 * A session that must be refused with 401 before anything is served. K-SEC by default (wrong
 * credentials are refused with 401, nothing processed); `basis` P where the refusal itself is ours.
 */
async function refusedSession(t: CaseContext, dev: HarnessDevice, why: string, basis: Basis = 'K'): Promise<void> {
  const id = await dev.queue(PROBE);
  const outcome = await dev.session();
  t.check(!outcome.ok && outcome.httpStatus === 401, `the session of a device with ${why} ended ${outcome.ok ? 'well' : `with ${outcome.httpStatus ?? outcome.reason}`}, not HTTP 401`, basis);
  await nothingProcessed(t, dev, id, why, basis);
}

/** A session that must be served (K-SEC: valid credentials get the session): the queued GET comes back done 200. */
async function servedSession(t: CaseContext, dev: HarnessDevice, what: string): Promise<void> {
  const id = await dev.queue(PROBE);
  const outcome = await dev.session();
  t.check(outcome.ok, `the session of a device with ${what} failed: ${outcome.httpStatus ? `HTTP ${outcome.httpStatus}` : outcome.reason}`, 'K');
  const r: UtResult = await dev.settle(id);
  t.check(r.state === 'done' && r.status?.sc === 200, `the GET of that session is ${r.state} with ${show(r.status)}, not done with sc 200`, 'K');
}

// ---- HTTP Basic -----------------------------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-S-SEC-001',
    title: 'Basic: a device with the password set for it gets its session',
    requirement: 'A server that authenticates devices by HTTP Basic MUST serve the session of a device presenting the name and password its operator set (K-SEC, P-SEC; DM-SECACATE-001).',
    labels: ['DM-SECACATE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
    role: 'server',
  },
  mandatoryAuth(async (t: CaseContext) => {
    const { devId, c } = await enrolled(t, 'basic');
    const dev = await HarnessDevice.start(t, { devId, account: { clientAuth: { type: 'basic', name: c.name, secret: c.password } } });
    // Catches a server that refuses the credentials it was given (or cannot check Basic at all).
    await servedSession(t, dev, 'the right Basic credentials');
    expectNothing(t, dev.responses().filter((e) => e.status === 401), (refused) => `the IUT answered ${refused.length} package(s) of a device with the right Basic credentials with 401`, 'K');
  }),
);

defineCase(
  {
    id: 'DMCTS-S-SEC-002',
    title: 'Basic: a wrong password gets 401, no session, no Status recorded',
    requirement: 'A server MUST answer a package whose Basic credentials are wrong with HTTP 401 and MUST process nothing of it: no session, no alert, no Status (K-SEC, P-SEC; DM-SECACATE-001, DM-SECARIZE-001).',
    labels: ['DM-SECACATE-001', 'DM-SECARIZE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
    role: 'server',
  },
  mandatoryAuth(async (t: CaseContext) => {
    const { devId, c } = await enrolled(t, 'basic');
    const dev = await HarnessDevice.start(t, { devId, account: { clientAuth: { type: 'basic', name: c.name, secret: `${c.password}-wrong` } } });
    // Catches a server that does not check the password (or serves the session anyway).
    await refusedSession(t, dev, 'a wrong Basic password');
  }),
);

defineCase(
  {
    id: 'DMCTS-S-SEC-003',
    title: 'An enrolled device without credentials gets 401 with a WWW-Authenticate challenge',
    requirement: 'A server MUST answer a package of a device it holds credentials for that presents none with HTTP 401 carrying a WWW-Authenticate challenge of a mode it offers, and MUST process nothing of it (RFC 9110 §11.6.1; K-SEC; ours: P-SEC, an enrolled device cannot be impersonated by leaving credentials out).',
    labels: ['DM-SECACATE-001', 'DM-SECARIZE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
    role: 'server',
  },
  mandatoryAuth(async (t: CaseContext) => {
    const auth = t.session.server?.clientAuth;
    t.useIcsItem('ixit.server.clientAuth');
    if (!auth) t.inconclusive('not demonstrated: the IXIT gives no server.clientAuth, so device authentication (mandatory under K-SEC) could not be exercised');
    const modes = auth.modes;
    const http = modes.filter((m) => m === 'basic' || m === 'digest');
    const mode = http[0];
    if (!mode) t.inconclusive(`not demonstrated: server.clientAuth lists no HTTP mode (basic, digest): ${modes.join(', ') || 'none'}, though K-SEC makes HTTP Basic and Digest device authentication mandatory for a server`);
    const { devId } = await enrolled(t, mode, 'enrolled');
    const dev = await HarnessDevice.start(t, { devId });
    // Catches a server that lets an enrolled device in anonymously, or refuses without saying how to authenticate.
    await refusedSession(t, dev, 'no credentials at all (enrolled with a password)', 'P');
    const refusal = dev.responses().find((e) => e.status === 401);
    const challenges = challengesOf(refusal?.headers['www-authenticate']).map((c) => c.scheme);
    t.check(challenges.some((s) => (http as string[]).includes(s)), `the 401 carries WWW-Authenticate ${show(refusal?.headers['www-authenticate'] ?? null)}: no challenge of ${http.join(' or ')}, the modes the server offers`);
  }),
);

// ---- HTTP Digest ----------------------------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-S-SEC-004',
    title: 'Digest: the server challenges, and the device\'s answer gets its session',
    requirement: 'A server that authenticates devices by HTTP Digest MUST challenge a package without credentials (401, WWW-Authenticate Digest with realm, nonce and qop auth) and MUST serve the session the device then authenticates (RFC 7616; K-SEC, P-SEC; DM-SECACATE-001).',
    labels: ['DM-SECACATE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
    role: 'server',
  },
  mandatoryAuth(async (t: CaseContext) => {
    const { devId, c } = await enrolled(t, 'digest');
    const dev = await HarnessDevice.start(t, { devId, account: { clientAuth: { type: 'digest', name: c.name, secret: c.password } } });
    await servedSession(t, dev, 'the right Digest credentials');
    const [first] = dev.responses();
    const digest = challengesOf(first?.headers['www-authenticate']).find((c) => c.scheme === 'digest');
    // Catches a server that serves an enrolled device's first (credential-less) package, or challenges without what RFC 7616 needs.
    t.check(first?.status === 401, `the first package (no credentials) was answered ${first?.status}, not 401 with a Digest challenge`, 'K');
    const challenge = t.need(digest !== undefined && !!digest.params.realm && !!digest.params.nonce ? digest : undefined, `the 401 carries no Digest challenge with realm and nonce: ${show(first?.headers['www-authenticate'] ?? null)}`, 'K');
    // Ours (P-SEC): the challenge offers qop auth.
    t.check((challenge.params.qop ?? '').split(',').some((q) => q.trim().toLowerCase() === 'auth'), `the Digest challenge offers qop ${show(challenge.params.qop ?? null)}, not auth`, 'P');
  }),
);

defineCase(
  {
    id: 'DMCTS-S-SEC-005',
    title: 'Digest: a replayed answer, or a nonce-count used again, is refused',
    requirement: 'A server MUST refuse (401) a Digest Authorization it already accepted, and an answer reusing a nonce-count with that nonce, while taking the next nonce-count (RFC 7616 §3.3, §5.12; P-SEC; DM-SECACATE-001, DM-DI-001).',
    labels: ['DM-SECACATE-001', 'DM-DI-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
    role: 'server',
  },
  mandatoryAuth(async (t: CaseContext) => {
    const { devId, c } = await enrolled(t, 'digest');
    const raw = RawDm.start(t);
    t.step('Package#1 without credentials: the challenge');
    const first = await raw.package1(devId);
    const challenge = challengesOf(first.headers['www-authenticate']).find((x) => x.scheme === 'digest');
    t.check(first.status === 401 && challenge?.params.nonce, `a Package#1 of an enrolled device without credentials was answered ${first.status} with ${show(first.headers['www-authenticate'] ?? null)}, not 401 with a Digest challenge`, 'K');
    const answer = digestAnswers(challenge, c, raw.dmUrl);
    const one = answer(1);
    t.step('the answer, nc=1');
    const ok = await raw.package1(devId, samplePackage1(), { headers: { authorization: one } });
    t.check(ok.status === 200, `a correct Digest answer (nc=1) was answered ${ok.status}, not 200`, 'K');
    t.step('the same Authorization again');
    const replay = await raw.package1(devId, samplePackage1(), { headers: { authorization: one } });
    // Catches a server without nonce-count tracking: a recorded Authorization would open sessions for anyone.
    t.check(replay.status === 401, `the replayed Digest Authorization was answered ${replay.status}, not 401`);
    t.step('a fresh answer with nc=1 again');
    const again = await raw.package1(devId, samplePackage1(), { headers: { authorization: answer(1) } });
    t.check(again.status === 401, `a Digest answer reusing nonce-count 1 with the same nonce (new cnonce) was answered ${again.status}, not 401`);
    t.step('the next nonce-count, nc=2');
    const next = await raw.package1(devId, samplePackage1(), { headers: { authorization: answer(2) } });
    t.check(next.status === 200, `the next nonce-count (nc=2) was answered ${next.status}, not 200: the nonce was not refused for the replay alone`, 'K');
    const info = await deviceInfo(t, devId);
    t.check(info.sessions === 2, `server.device counts ${info.sessions} sessions for ${devId}, not 2: the refused replays were counted`);
  }),
);

// ---- X.509 client certificates ----------------------------------------------------------------------

defineCase(
  {
    id: 'DMCTS-S-SEC-006',
    title: 'X.509: a certificate from the device CA with CN = DevID gets the session',
    requirement: 'A server that authenticates devices by X.509 client certificates MUST serve the session of a device presenting a certificate from its device CA whose subject names its DevID (K-SEC, P-SEC; DM-SECACATE-001).',
    labels: ['DM-SECACATE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
    role: 'server',
  },
  mandatoryAuth(async (t: CaseContext) => {
    needMode(t, 'x509');
    const pki = deviceCa(t);
    const devId = t.uniqueName('dmcts-dev');
    const cert = await pki.issue({ kind: 'client', commonName: devId });
    await setCredentials(t, devId, { x509: true });
    const dev = await HarnessDevice.start(t, { devId, account: { clientAuth: { type: 'x509' }, clientCertPem: cert.chainPem, clientKeyPem: cert.keyPem } });
    // Catches a server that does not ask for, or does not accept, a valid device certificate.
    await servedSession(t, dev, 'a certificate from the device CA for its DevID');
  }),
);

async function refusedCertificate(t: CaseContext, issue: (devId: string) => Promise<{ chainPem: string; keyPem: string }>, why: string): Promise<void> {
  needMode(t, 'x509');
  deviceCa(t);
  const devId = t.uniqueName('dmcts-dev');
  const cert = await issue(devId);
  await setCredentials(t, devId, { x509: true });
  const dev = await HarnessDevice.start(t, { devId, account: { clientAuth: { type: 'x509' }, clientCertPem: cert.chainPem, clientKeyPem: cert.keyPem } });
  const id = await dev.queue(PROBE);
  const outcome = await dev.session();
  // Either refusal is right: HTTP 401 (ours) or a TLS failure; being served is not (K-SEC).
  t.check(!outcome.ok && (outcome.httpStatus === 401 || outcome.httpStatus === undefined), `the session of a device presenting ${why} ended ${outcome.ok ? 'well' : `with ${outcome.httpStatus ?? outcome.reason}`}, not refused (401)`, 'K');
  if (outcome.httpStatus !== 401) t.note(`refused at the TLS level: ${outcome.reason}`);
  await nothingProcessed(t, dev, id, why);
}

defineCase(
  {
    id: 'DMCTS-S-SEC-007',
    title: 'X.509: a certificate from another CA is refused, nothing processed',
    requirement: 'A server MUST refuse a device whose certificate does not chain to its device CA, however its subject reads, and process nothing of its package (K-SEC, P-SEC; DM-SECACATE-001, DM-SECARIZE-001).',
    labels: ['DM-SECACATE-001', 'DM-SECARIZE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
    role: 'server',
  },
  mandatoryAuth(async (t: CaseContext) => {
    // Catches a server that trusts the subject (CN = DevID) without verifying the chain.
    await refusedCertificate(t, foreignCertificate, 'a certificate for its DevID from another CA');
  }),
);

defineCase(
  {
    id: 'DMCTS-S-SEC-008',
    title: 'X.509: a certificate of the device CA for another DevID is refused, nothing processed',
    requirement: 'A server MUST refuse a device whose certificate, though from its device CA, names another DevID (neither subject CN nor subjectAltName), and process nothing of its package (K-SEC, P-SEC; DM-SECACATE-001, DM-SECARIZE-001).',
    labels: ['DM-SECACATE-001', 'DM-SECARIZE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
    role: 'server',
  },
  mandatoryAuth(async (t: CaseContext) => {
    // Catches a server that accepts any certificate of its CA for any device (one device impersonating another).
    await refusedCertificate(t, (devId) => t.session.pki.issue({ kind: 'client', commonName: `${devId}-someone-else` }), 'a certificate of the device CA for another DevID');
  }),
);

// ---- TLS ----------------------------------------------------------------------------------------

function httpsTarget(t: CaseContext): { host: string; port: number } {
  const iut = t.session.server;
  if (!iut) t.inconclusive('the IXIT does not say where the IUT server is (server.dmUrl)');
  const target = hostPort(iut.dmUrl);
  // Catches a server that offers DM over plain HTTP (P-SEC: TLS only).
  t.check(target.https, `the IUT's DM URL ${iut.dmUrl} is plain HTTP: P-SEC requires TLS 1.2+`);
  return target;
}

defineCase(
  {
    id: 'DMCTS-S-SEC-009',
    title: 'The server refuses a TLS 1.1 handshake',
    requirement: 'A server MUST NOT complete a TLS handshake below TLS 1.2 (P-SEC: TLS 1.2+ only; K-SEC; DM-SECCONF-001).',
    labels: ['DM-SECCONF-001', 'DM-SECACATE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const target = httpsTarget(t);
    const ms = t.ixit.timeouts.sessionMs;
    // The harness must really offer TLS 1.1, so the refusal below is the IUT's.
    const self = await legacyTlsSelfProbe(t, ms);
    if (self.protocol !== 'TLSv1.1') t.inconclusive(`the harness cannot speak TLS 1.1 (its probe of its own TLS 1.1 server got ${self.protocol ?? self.error}): this TLS library has it disabled`);
    t.step('TLS 1.1 handshake with the IUT');
    const legacy = await tlsProbe({ ...target, ...LEGACY_TLS, timeoutMs: ms });
    // Catches a server configured with a minimum version below TLS 1.2.
    t.check(!legacy.ok, `the IUT completed a ${legacy.protocol} handshake with a client offering TLS 1.0-1.1 only`);
    t.note(`TLS 1.1 refused: ${legacy.error}`);
    t.step('control: TLS 1.2+ handshake with the IUT');
    const modern = await tlsProbe({ ...target, minVersion: 'TLSv1.2', timeoutMs: ms });
    if (!modern.ok) t.inconclusive(`the IUT's TLS endpoint did not complete a TLS 1.2+ handshake either (${modern.error}): the refusal is not about the version`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-SEC-010',
    title: 'The server\'s certificate chains to the IXIT\'s CA and names its host',
    requirement: 'A server MUST present a TLS certificate that chains to the CA its devices hold as its trust anchor, is valid now, allows server authentication and names the host of its DM URL, so devices can authenticate it (P-SEC; K-SEC; DM-SECACATE-001, DM-HLF-015).',
    labels: ['DM-SECACATE-001', 'DM-HLF-015'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const target = httpsTarget(t);
    const ca = t.session.server?.ca;
    t.useIcsItem('ixit.server.caFile');
    if (!ca) t.inconclusive('not demonstrated: the IXIT gives no server.caFile, so the CA the server\'s certificate should chain to (for devices to authenticate the server) is not known');
    t.step('TLS handshake verified against the IXIT\'s CA');
    const p = await tlsProbe({ ...target, ca, minVersion: 'TLSv1.2', timeoutMs: t.ixit.timeouts.sessionMs });
    if (!p.ok) t.fail(`no TLS 1.2+ handshake with the IUT at ${target.host}:${target.port}: ${p.error}`);
    // Catches a certificate for another host name than the DM URL's.
    t.check(p.identityError === undefined, `the IUT's certificate does not name ${target.host}: ${p.identityError}`);
    // Catches a certificate from another CA, expired, or without the serverAuth purpose (Node's verification).
    t.check(p.authorized, `the IUT's certificate does not verify against the IXIT's CA: ${p.authorizationError}`);
    t.check(p.protocol === 'TLSv1.2' || p.protocol === 'TLSv1.3', `the handshake negotiated ${p.protocol}`);
    t.note(`certificate subject ${show(p.cert?.subject ?? null)}, valid to ${p.cert?.valid_to}, ${p.protocol}`);
  },
);

// ---- integrity of Package#3 ---------------------------------------------------------------------

/**
 * Authorization headers that let a raw device in (Basic when the server offers it, set for this
 * device); none when the server takes anonymous devices; INCONC when it needs a mode the raw client
 * cannot use.
 */
async function rawCredentials(t: CaseContext, devId: string, what: string): Promise<Record<string, string>> {
  const auth = t.session.server?.clientAuth;
  if (auth?.modes.includes('basic')) {
    const c = credentialsOf(t, what);
    await setCredentials(t, devId, { basic: c });
    return { authorization: basicAuthorization(c.name, c.password) };
  }
  if (auth?.required) t.inconclusive(`the server requires credentials of every device and offers no Basic (modes ${auth.modes.join(', ')}): the raw client cannot authenticate`);
  return {};
}

/** Opens a session as a raw device with a queued GET; returns the session URL and the Package#2. */
async function rawSession(t: CaseContext, raw: RawDm, devId: string, headers: Record<string, string>): Promise<{ cont: string; p2: Package2; commandId: string }> {
  const commandId = await queueFor(t, devId, PROBE);
  t.step(`Package#1 of ${devId}`);
  const reply = await raw.package1(devId, samplePackage1(), { headers });
  const p2 = RawDm.package2(reply);
  if (!p2) t.inconclusive(`precondition: the Package#1 of ${devId} was answered ${reply.status}, not a Package#2`);
  const cont = RawDm.contOf(p2);
  if (!cont) t.inconclusive(`precondition: the Package#2 ${show(p2)} does not end with CONT`);
  if (!p2.CMD.some((c) => c[0] === 'GET')) t.inconclusive(`precondition: the Package#2 ${show(p2)} does not carry the queued GET`);
  return { cont, p2, commandId };
}

/** A well-formed Package#3 answering every command of the Package#2 (the GET with its data). */
function package3For(p2: Package2): Buffer {
  const Status = p2.CMD.map((c) =>
    c[0] === 'GET' ? { sc: 200, URI: [`${DIAG}/1/Label`], Data: [{ ClientURI: `${DIAG}/1/Label`, MOData: 'diagnostics' }] } : { sc: 200, URI: [] as string[] },
  );
  return Buffer.from(JSON.stringify({ Status }));
}

defineCase(
  {
    id: 'DMCTS-S-SEC-011',
    title: 'A Package#3 whose body was altered (does not parse) is refused and nothing of it recorded',
    requirement: 'A server MUST refuse with a 4xx a Package#3 whose body does not parse, and MUST NOT record any Status from it (K-FLOW, P-SESSION; DM-DI-001).',
    labels: ['DM-DI-001'],
    rules: ['K-FLOW', 'P-SESSION'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const devId = t.uniqueName('dmcts-dev');
    const headers = await rawCredentials(t, devId, 'p3');
    const raw = RawDm.start(t);
    const { cont, p2, commandId } = await rawSession(t, raw, devId, headers);
    const good = package3For(p2);
    const bad = Buffer.from(good);
    // The Status entries stay intact; the end of the JSON (the closing brackets) does not parse.
    for (const at of [bad.length - 1, bad.length - 2]) bad.writeUInt8(bad.readUInt8(at) ^ 0x80, at);
    t.step('the altered Package#3');
    const reply = await raw.package3(cont, devId, bad, { headers });
    // Catches a server that reads Status entries out of a body that does not parse (K: a body it cannot read is refused, a client error).
    t.check(reply.status >= 400 && reply.status < 500, `a Package#3 that does not parse was answered ${reply.status}, not 4xx`, 'K');
    const r = await resultOf(t, commandId);
    t.check(r.status === undefined, `the IUT recorded the Status ${show(r.status)} from a Package#3 that does not parse`, 'K');
    t.step('control: the intact Package#3');
    const after = await raw.package3(cont, devId, good, { headers });
    t.note(`the intact Package#3 after the altered one was answered ${after.status}`);
    const r2 = await resultOf(t, commandId);
    if (after.status === 200) t.check(r2.status?.sc === 200, `the intact Package#3 was answered 200 but the GET is ${r2.state} with ${show(r2.status)}`, 'K');
    else t.check(r2.status === undefined, `the session was refused after the altered Package#3, yet the GET holds ${show(r2.status)}`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-S-SEC-012',
    title: 'A Package#3 with another device\'s credentials or DevID is refused at the session URL',
    requirement: 'A server MUST refuse a Package#3 at a session URL that authenticates as another device (its credentials, or its OMADM-DevID with valid credentials of its own), and MUST NOT record any Status from it (P-SEC, P-SESSION; DM-DI-001, DM-SECACATE-001).',
    labels: ['DM-DI-001', 'DM-SECACATE-001', 'DM-SECARIZE-001'],
    rules: ['P-SEC', 'P-SESSION'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    needMode(t, 'basic');
    const devA = t.uniqueName('dmcts-dev');
    const devB = t.uniqueName('dmcts-dev');
    const a = await rawCredentials(t, devA, 'devA');
    const b = await rawCredentials(t, devB, 'devB');
    const raw = RawDm.start(t);
    const { cont, p2, commandId } = await rawSession(t, raw, devA, a);
    const body = package3For(p2);
    t.step(`Package#3 as ${devA} with ${devB}'s credentials`);
    const foreign = await raw.package3(cont, devA, body, { headers: b });
    // Catches a server that checks credentials against whichever device they name, not the session's.
    t.check(foreign.status >= 400 && foreign.status < 500, `a Package#3 naming ${devA} with ${devB}'s credentials was answered ${foreign.status}, not 4xx`);
    t.step(`Package#3 as ${devB} (its own credentials) at ${devA}'s session URL`);
    const other = await raw.package3(cont, devB, body, { headers: b });
    // Catches a server that matches a Package#3 by its session URL only, whoever sends it.
    t.check(other.status >= 400 && other.status < 500, `${devB}'s Package#3 (its own valid credentials) at ${devA}'s session URL was answered ${other.status}, not 4xx`);
    const r = await resultOf(t, commandId);
    t.check(r.status === undefined, `the IUT recorded ${show(r.status)} for ${devA}'s GET from another device's Package#3`);
    t.step(`control: ${devA}'s own Package#3`);
    const own = await raw.package3(cont, devA, body, { headers: a });
    if (own.status !== 200) t.inconclusive(`${devA}'s own Package#3 was answered ${own.status} after the refused ones: the session did not survive them`);
    const r2 = await resultOf(t, commandId);
    t.check(r2.status?.sc === 200, `${devA}'s own Package#3 was answered 200 but the GET is ${r2.state} with ${show(r2.status)}`);
  },
);
