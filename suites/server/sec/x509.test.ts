/**
 * Device authentication by X.509 client certificates (K-SEC, P-SEC; DM-SECACATE-001,
 * DM-SECARIZE-001): a certificate from the device CA naming the DevID gets the session; one from
 * another CA, or for another DevID, is refused and nothing of its package processed.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { foreignCertificate } from '../../../harness/conformance/fixtures/server/device-auth.ts';
import { mandatoryAuth, needMode, nothingProcessed, PROBE, servedSession, setCredentials } from '../../../harness/conformance/fixtures/server/enrolment.ts';

/**
 * The CA the harness issues device certificates from: the run's test CA, which server.setCredentials
 * hands the IUT (x509CaPem) with each device it enrols for X.509.
 */
function deviceCa(t: CaseContext) {
  return t.session.pki;
}

defineCase(
  {
    id: 'DMCTS-S-SEC-006',
    title: 'X.509: a certificate from the device CA with CN = DevID gets the session',
    requirement:
      'A server that authenticates devices by X.509 client certificates MUST serve the session of a device presenting a certificate from its device CA whose subject names its DevID (K-SEC, P-SEC; DM-SECACATE-001).',
    labels: ['DM-SECACATE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
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
  t.check(
    !outcome.ok && (outcome.httpStatus === 401 || outcome.httpStatus === undefined),
    `the session of a device presenting ${why} ended ${outcome.ok ? 'well' : `with ${outcome.httpStatus ?? outcome.reason}`}, not refused (401)`,
    'K',
  );
  if (outcome.httpStatus !== 401) t.note(`refused at the TLS level: ${outcome.reason}`);
  await nothingProcessed(t, dev, id, why);
}

defineCase(
  {
    id: 'DMCTS-S-SEC-007',
    title: 'X.509: a certificate from another CA is refused, nothing processed',
    requirement:
      'A server MUST refuse a device whose certificate does not chain to its device CA, however its subject reads, and process nothing of its package (K-SEC, P-SEC; DM-SECACATE-001, DM-SECARIZE-001).',
    labels: ['DM-SECACATE-001', 'DM-SECARIZE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
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
    requirement:
      'A server MUST refuse a device whose certificate, though from its device CA, names another DevID (neither subject CN nor subjectAltName), and process nothing of its package (K-SEC, P-SEC; DM-SECACATE-001, DM-SECARIZE-001).',
    labels: ['DM-SECACATE-001', 'DM-SECARIZE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
  },
  mandatoryAuth(async (t: CaseContext) => {
    // Catches a server that accepts any certificate of its CA for any device (one device impersonating another).
    await refusedCertificate(
      t,
      (devId) => t.session.pki.issue({ kind: 'client', commonName: `${devId}-someone-else` }),
      'a certificate of the device CA for another DevID',
    );
  }),
);
