/** The upper tester as the IUT's adapter speaks it (P-UT): its hello matches the ICS, its methods are the client's. */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { expectHelloAsIcs, expectMethodsOfRole } from '../../harness/conformance/fixtures/adapter-hello.ts';

defineCase(
  {
    id: 'DMCTS-C-UT-001',
    title: "the adapter's hello names the product and version the ICS declares",
    requirement:
      'The IUT adapter MUST announce, in ut.hello, the role, product and version the ICS declares: results must be attributable to the implementation that produced them (P-UT).',
    labels: [],
    rules: ['P-UT'],
    level: 'MUST',
  },
  async (t: CaseContext) => expectHelloAsIcs(t, 'client'),
);

defineCase(
  {
    id: 'DMCTS-C-UT-002',
    title: 'the adapter offers only methods of its role, and at least one',
    requirement:
      'The IUT adapter MUST list in ut.hello only upper-tester methods of its role that exist, so a case never mistakes a missing method for a failure (P-UT).',
    labels: [],
    rules: ['P-UT'],
    level: 'MUST',
  },
  async (t: CaseContext) => expectMethodsOfRole(t, 'client'),
);
