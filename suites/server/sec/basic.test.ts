/**
 * Device authentication by HTTP Basic (K-SEC, P-SEC; DM-SECACATE-001, DM-SECARIZE-001), for the modes
 * the IXIT's `server.clientAuth` lists: after server.setCredentials the right password gets the
 * session; a wrong one, or none from an enrolled device, gets 401 — with a challenge — and nothing of
 * the package is processed. Each check says which fault it catches.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { challengesOf } from '../../../harness/conformance/fixtures/server/device-auth.ts';
import { enrolled, mandatoryAuth, refusedSession, servedSession } from '../../../harness/conformance/fixtures/server/enrolment.ts';
import { expectNothing, show } from '../../../harness/conformance/fixtures/verify.ts';

defineCase(
  {
    id: 'DMCTS-S-SEC-001',
    title: 'Basic: a device with the password set for it gets its session',
    requirement:
      'A server that authenticates devices by HTTP Basic MUST serve the session of a device presenting the name and password its operator set (K-SEC, P-SEC; DM-SECACATE-001).',
    labels: ['DM-SECACATE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
  },
  mandatoryAuth(async (t: CaseContext) => {
    const { devId, c } = await enrolled(t, 'basic');
    const dev = await HarnessDevice.start(t, { devId, account: { clientAuth: { type: 'basic', name: c.name, secret: c.password } } });
    // Catches a server that refuses the credentials it was given (or cannot check Basic at all).
    await servedSession(t, dev, 'the right Basic credentials');
    expectNothing(
      t,
      dev.responses().filter((e) => e.status === 401),
      (refused) => `the IUT answered ${refused.length} package(s) of a device with the right Basic credentials with 401`,
      'K',
    );
  }),
);

defineCase(
  {
    id: 'DMCTS-S-SEC-002',
    title: 'Basic: a wrong password gets 401, no session, no Status recorded',
    requirement:
      'A server MUST answer a package whose Basic credentials are wrong with HTTP 401 and MUST process nothing of it: no session, no alert, no Status (K-SEC, P-SEC; DM-SECACATE-001, DM-SECARIZE-001).',
    labels: ['DM-SECACATE-001', 'DM-SECARIZE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
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
    requirement:
      'A server MUST answer a package of a device it holds credentials for that presents none with HTTP 401 carrying a WWW-Authenticate challenge of a mode it offers, and MUST process nothing of it (RFC 9110 §11.6.1; K-SEC; ours: P-SEC, an enrolled device cannot be impersonated by leaving credentials out).',
    labels: ['DM-SECACATE-001', 'DM-SECARIZE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
  },
  mandatoryAuth(async (t: CaseContext) => {
    const auth = t.session.server?.clientAuth;
    t.useIcsItem('ixit.server.clientAuth');
    if (!auth) t.inconclusive('not demonstrated: the IXIT gives no server.clientAuth, so device authentication (mandatory under K-SEC) could not be exercised');
    const modes = auth.modes;
    const http = modes.filter((m) => m === 'basic' || m === 'digest');
    const mode = http[0];
    if (!mode)
      t.inconclusive(
        `not demonstrated: server.clientAuth lists no HTTP mode (basic, digest): ${modes.join(', ') || 'none'}, though K-SEC makes HTTP Basic and Digest device authentication mandatory for a server`,
      );
    const { devId } = await enrolled(t, mode, 'enrolled');
    const dev = await HarnessDevice.start(t, { devId });
    // Catches a server that lets an enrolled device in anonymously, or refuses without saying how to authenticate.
    await refusedSession(t, dev, 'no credentials at all (enrolled with a password)', 'P');
    const refusal = dev.responses().find((e) => e.status === 401);
    const challenges = challengesOf(refusal?.headers['www-authenticate']).map((c) => c.scheme);
    t.check(
      challenges.some((s) => (http as string[]).includes(s)),
      `the 401 carries WWW-Authenticate ${show(refusal?.headers['www-authenticate'] ?? null)}: no challenge of ${http.join(' or ')}, the modes the server offers`,
    );
  }),
);
