/**
 * SHOW (K-CMD, P-DETAIL; DM-HLF-010, DM-HLF-003): shown by a device with a UI, 501 from one without.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { expectDone, expectRefused } from '../../../harness/conformance/fixtures/client/status.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { expectNoUris } from '../../../harness/conformance/fixtures/verify.ts';
import { claims } from '../../../harness/conformance/ics.ts';

defineCase(
  {
    id: 'DMCTS-C-CMD-060',
    title: 'SHOW on a device with a UI answers 200 and shows the URL',
    requirement: 'A client with a UI that supports SHOW SHOULD open the ServerURI and answer 200 with an empty URI list at once (K-CMD, P-DETAIL).',
    labels: ['DM-HLF-010'],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'SHOULD',
    features: ['SHOW', 'UI'],
    utMethods: ['client.shown'],
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const page = `${srv.url}/show/${t.uniqueName('page')}`;
    const [q] = await srv.run([['SHOW', page]]);
    const s = expectDone(t, q, 'SHOW');
    expectNoUris(t, s.URI, 'the SHOW Status');
    const shown = await t.ut('client.shown');
    const urls = Array.isArray(shown.urls) ? (shown.urls as unknown[]).map(String) : [];
    // K-CMD: SHOW shows the ServerURI (observed through the upper tester).
    t.check(urls.includes(page), `the IUT reports showing [${urls.join(', ')}], not ${page}`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-061',
    title: 'SHOW on a device without UI is 501',
    requirement: 'A client without a UI MUST answer SHOW with 501 and show nothing (P-DETAIL, DM-HLF-003).',
    labels: ['DM-HLF-003'],
    rules: ['K-CMD', 'P-DETAIL', 'P-FEAT'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    t.useIcsItem('features.UI');
    if (claims(t.ics, 'UI')) t.notApplicable('the ICS claims a UI (features.UI): SHOW on a device without UI cannot be tried');
    const srv = await HarnessServer.bootstrapped(t);
    const [q] = await srv.run([['SHOW', `${srv.url}/show/${t.uniqueName('page')}`]]);
    // A device without a UI cannot show (not a 2xx, K-CMD); 501 is P-DETAIL's.
    expectRefused(t, q, 501, 'SHOW on a device without UI');
  },
);
