/**
 * TLS of the server (P-SEC: TLS 1.2+ only; K-SEC; DM-SECCONF-001, DM-SECACATE-001, DM-HLF-015): a
 * TLS 1.1 handshake is refused; the certificate chains to the IXIT's CA, is valid and names the host
 * of the DM URL.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { legacyTlsSelfProbe } from '../../../harness/conformance/fixtures/server/legacy-tls.ts';
import { hostPort, LEGACY_TLS, tlsProbe } from '../../../harness/conformance/fixtures/server/tls-probe.ts';
import { show } from '../../../harness/conformance/fixtures/verify.ts';

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
  },
  async (t: CaseContext) => {
    const target = httpsTarget(t);
    const ms = t.ixit.timeouts.sessionMs;
    // The harness must really offer TLS 1.1, so the refusal below is the IUT's.
    const self = await legacyTlsSelfProbe(t, ms);
    if (self.protocol !== 'TLSv1.1')
      t.inconclusive(
        `the harness cannot speak TLS 1.1 (its probe of its own TLS 1.1 server got ${self.protocol ?? self.error}): this TLS library has it disabled`,
      );
    t.step('TLS 1.1 handshake with the IUT');
    const legacy = await tlsProbe({ ...target, ...LEGACY_TLS, timeoutMs: ms });
    // Catches a server configured with a minimum version below TLS 1.2.
    t.check(!legacy.ok, `the IUT completed a ${legacy.protocol} handshake with a client offering TLS 1.0-1.1 only`);
    t.note(`TLS 1.1 refused: ${legacy.error}`);
    t.step('control: TLS 1.2+ handshake with the IUT');
    const modern = await tlsProbe({ ...target, minVersion: 'TLSv1.2', timeoutMs: ms });
    if (!modern.ok)
      t.inconclusive(`the IUT's TLS endpoint did not complete a TLS 1.2+ handshake either (${modern.error}): the refusal is not about the version`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-SEC-010',
    title: "The server's certificate chains to the IXIT's CA and names its host",
    requirement:
      'A server MUST present a TLS certificate that chains to the CA its devices hold as its trust anchor, is valid now, allows server authentication and names the host of its DM URL, so devices can authenticate it (P-SEC; K-SEC; DM-SECACATE-001, DM-HLF-015).',
    labels: ['DM-SECACATE-001', 'DM-HLF-015'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const target = httpsTarget(t);
    const ca = t.session.server?.ca;
    t.useIcsItem('ixit.server.caFile');
    if (!ca)
      t.inconclusive(
        "not demonstrated: the IXIT gives no server.caFile, so the CA the server's certificate should chain to (for devices to authenticate the server) is not known",
      );
    t.step("TLS handshake verified against the IXIT's CA");
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
