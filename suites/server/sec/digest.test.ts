/**
 * Device authentication by HTTP Digest (RFC 7616; K-SEC, P-SEC; DM-SECACATE-001, DM-DI-001): the
 * server challenges, the device's answer gets the session, and an answer cannot be replayed nor its
 * nonce-count reused. Each check says which fault it catches.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { challengesOf, digestAnswers } from '../../../harness/conformance/fixtures/server/device-auth.ts';
import { enrolled, mandatoryAuth, servedSession } from '../../../harness/conformance/fixtures/server/enrolment.ts';
import { deviceInfo } from '../../../harness/conformance/fixtures/server/operator.ts';
import { RawDm, samplePackage1 } from '../../../harness/conformance/fixtures/server/raw-dm.ts';
import { show } from '../../../harness/conformance/fixtures/verify.ts';

defineCase(
  {
    id: 'DMCTS-S-SEC-004',
    title: "Digest: the server challenges, and the device's answer gets its session",
    requirement:
      'A server that authenticates devices by HTTP Digest MUST challenge a package without credentials (401, WWW-Authenticate Digest with realm, nonce and qop auth) and MUST serve the session the device then authenticates (RFC 7616; K-SEC, P-SEC; DM-SECACATE-001).',
    labels: ['DM-SECACATE-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
  },
  mandatoryAuth(async (t: CaseContext) => {
    const { devId, c } = await enrolled(t, 'digest');
    const dev = await HarnessDevice.start(t, { devId, account: { clientAuth: { type: 'digest', name: c.name, secret: c.password } } });
    await servedSession(t, dev, 'the right Digest credentials');
    const [first] = dev.responses();
    const digest = challengesOf(first?.headers['www-authenticate']).find((c) => c.scheme === 'digest');
    // Catches a server that serves an enrolled device's first (credential-less) package, or challenges without what RFC 7616 needs.
    t.check(first?.status === 401, `the first package (no credentials) was answered ${first?.status}, not 401 with a Digest challenge`, 'K');
    const challenge = t.need(
      digest?.params.realm && digest.params.nonce ? digest : undefined,
      `the 401 carries no Digest challenge with realm and nonce: ${show(first?.headers['www-authenticate'] ?? null)}`,
      'K',
    );
    // Ours (P-SEC): the challenge offers qop auth.
    t.check(
      (challenge.params.qop ?? '').split(',').some((q) => q.trim().toLowerCase() === 'auth'),
      `the Digest challenge offers qop ${show(challenge.params.qop ?? null)}, not auth`,
      'P',
    );
  }),
);

defineCase(
  {
    id: 'DMCTS-S-SEC-005',
    title: 'Digest: a replayed answer, or a nonce-count used again, is refused',
    requirement:
      'A server MUST refuse (401) a Digest Authorization it already accepted, and an answer reusing a nonce-count with that nonce, while taking the next nonce-count (RFC 7616 §3.3, §5.12; P-SEC; DM-SECACATE-001, DM-DI-001).',
    labels: ['DM-SECACATE-001', 'DM-DI-001'],
    rules: ['K-SEC', 'P-SEC'],
    level: 'MUST',
  },
  mandatoryAuth(async (t: CaseContext) => {
    const { devId, c } = await enrolled(t, 'digest');
    const raw = RawDm.start(t);
    t.step('Package#1 without credentials: the challenge');
    const first = await raw.package1(devId);
    const challenge = challengesOf(first.headers['www-authenticate']).find((x) => x.scheme === 'digest');
    t.check(
      first.status === 401 && challenge?.params.nonce,
      `a Package#1 of an enrolled device without credentials was answered ${first.status} with ${show(first.headers['www-authenticate'] ?? null)}, not 401 with a Digest challenge`,
      'K',
    );
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
