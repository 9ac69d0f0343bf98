/**
 * The IUT client authenticates itself as its account says (K-SEC, P-SEC; DM-SECACATE-001): HTTP Basic
 * (MUST) with every package, Digest (MAY) without falling back to Basic, an X.509 client certificate.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { authScheme, basicAuthorization, type Credential } from '../../../harness/conformance/fixtures/client/credentials.ts';
import { dmPosts } from '../../../harness/conformance/fixtures/client/dm-wire.ts';
import type { ServerCommand } from '../../../harness/conformance/fixtures/client/server-commands.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { waitUntil } from '../../../harness/conformance/fixtures/waits.ts';
import { CaseVerdict } from '../../../harness/conformance/verdict.ts';
import { MOID } from '../../../harness/protocol/moids.ts';

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

defineCase(
  {
    id: 'DMCTS-C-SEC-010',
    title: 'HTTP Basic credentials given at bootstrap go, over TLS, with every package',
    requirement:
      'A client MUST authenticate to a server whose account says Basic with the name and secret given at bootstrap, over TLS, and SHOULD send them preemptively with every package (K-SEC: client supports Basic; P-SEC; DM-SECACATE-001).',
    labels: ['DM-SECACATE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const name = `user-${t.seed >>> 0}`;
    const secret = `pw-${(t.seed >>> 0).toString(36)}-basic`;
    const srv = await HarnessServer.bootstrapped(t, {
      clientAuth: { modes: ['basic'], required: true },
      account: { clientAuth: { type: 'basic', name, secret } },
    });
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
    t.check(
      q.status !== undefined && q.status.sc >= 200 && q.status.sc <= 299,
      `the session with a server requiring the Basic credentials of the account did not complete (the HPUT is ${q.state}${q.status ? ` sc ${q.status.sc}` : ''}); the server refused ${refused.length} package(s) with 401`,
      'K',
    );
    t.check(q.status?.sc === 200, `the HPUT through the Basic-protected server answered sc ${q.status?.sc}, not 200`, 'P');
    t.check(
      posts.every((p) => p.headers.authorization === undefined || p.headers.authorization === expected),
      "a package carried Authorization credentials other than the account's",
      'K',
    );
    const without = posts.filter((p) => p.headers.authorization === undefined);
    if (without.length > 0)
      t.warn(
        `${without.length} of ${posts.length} packages went without credentials and were refused first (ours: Basic goes preemptively with every package)`,
        'P',
      );
    t.check(
      posts.every((p) => p.headers['omadm-devid'] === srv.devId),
      'a package did not carry the OMADM-DevID of the device',
      'K',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-011',
    title: "HTTP Digest: the client answers the challenge with the account's credentials",
    requirement:
      'A client MAY authenticate by HTTP Digest (RFC 7616) when its account says Digest; one that does MUST answer the challenge and MUST NOT send the password itself (Basic) instead (K-SEC, P-SEC; DM-SECACATE-001).',
    labels: ['DM-SECACATE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MAY',
  },
  async (t: CaseContext) => {
    const name = `user-${t.seed >>> 0}`;
    const secret = `pw-${(t.seed >>> 0).toString(36)}-digest`;
    const srv = await HarnessServer.start(t, { clientAuth: { modes: ['digest'], required: true }, account: { clientAuth: { type: 'digest', name, secret } } });
    try {
      await srv.bootstrap();
    } catch (error) {
      if (error instanceof CaseVerdict && error.verdict === 'INCONC')
        t.notApplicable(`the IUT does not take a Digest account (${error.reason}); Digest is optional for a client (K-SEC names Basic and X.509)`);
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
    t.check(
      !schemes.includes('basic'),
      `the IUT sent Basic credentials to a server its account says to answer with Digest (schemes sent: ${schemes.join(', ')})`,
      'K',
    );
    if (q.status?.sc !== 200) {
      t.warn(
        `the IUT did not authenticate by Digest (schemes sent: ${schemes.join(', ') || 'nothing'}; HPUT ${q.state}${q.status ? ` sc ${q.status.sc}` : ''}): Digest is optional for a client`,
        'K',
      );
      return;
    }
    t.check(schemes.includes('digest'), `the session completed but no package carried Digest credentials (schemes: ${schemes.join(', ')})`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-012',
    title: 'X.509: a client certificate with CN = DevID given at bootstrap authenticates the device',
    requirement:
      'A client MUST present, in the TLS handshake, the certificate its account gives for X.509 client authentication, so a server requiring it authenticates the device (K-SEC: client supports X.509; P-SEC; DM-SECACATE-001).',
    labels: ['DM-SECACATE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { pki } = t.session;
    const srv = await HarnessServer.bootstrapped(t, { clientAuth: { modes: ['x509'], required: true, ca: pki.ca.certPem } });
    const devId = srv.devId;
    const cert: Credential = await pki.issue({ kind: 'client', commonName: devId });
    srv.accountExtras = { clientAuth: { type: 'x509' }, clientCertPem: cert.chainPem, clientKeyPem: cert.keyPem };
    await srv.bootstrap();
    if (srv.devId !== devId)
      t.inconclusive(`the DevID changed between two bootstraps (${devId}, then ${srv.devId}): the certificate issued for it cannot be used`);
    srv.setCredentials({ x509: true }, devId);
    const q = srv.queue(['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]);
    await srv.startSession();
    t.step('wait for the HPUT Status through the X.509-protected server');
    await statusOrRefusal(t, srv, q);
    const refused = dmPosts(srv.wire).filter((p) => p.response?.status === 401).length;
    // Catches an IUT that presents no certificate, or another than the account's.
    // K-SEC: the client authenticates by X.509 as its account says (docs/protocol.md, P-SEC: C-SEC-012 rests on K-SEC alone).
    t.check(
      q.status !== undefined && q.status.sc >= 200 && q.status.sc <= 299,
      `the session with a server requiring the account's client certificate did not complete (HPUT ${q.state}${q.status ? ` sc ${q.status.sc}` : ''}; ${refused} package(s) refused with 401)`,
      'K',
    );
    t.check(q.status?.sc === 200, `the HPUT through the X.509-protected server answered sc ${q.status?.sc}, not 200`, 'P');
  },
);
