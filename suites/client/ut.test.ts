/** The upper tester as the IUT's adapter speaks it (P-UT): its hello matches the ICS, its methods are the client's. */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { utMethodsOf } from '../../harness/protocol/upper-tester.ts';

defineCase(
  {
    id: 'DMCTS-C-UT-001',
    title: "the adapter's hello names the product and version the ICS declares",
    requirement: 'The IUT adapter MUST announce, in ut.hello, the role, product and version the ICS declares: results must be attributable to the implementation that produced them (P-UT).',
    labels: [],
    rules: ['P-UT'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const hello = t.session.hello;
    t.useIcsItem('product');
    t.check(hello.role === 'client', `the adapter announced role ${hello.role}, but this run tests a client`);
    const ics = t.ics.product;
    t.check(hello.product.name === ics.name, `the adapter announced product "${hello.product.name}", the ICS declares "${ics.name}"`);
    t.check(hello.product.version === ics.version, `the adapter announced version "${hello.product.version}", the ICS declares "${ics.version}"`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-UT-002',
    title: 'the adapter offers only methods of its role, and at least one',
    requirement: 'The IUT adapter MUST list in ut.hello only upper-tester methods of its role that exist, so a case never mistakes a missing method for a failure (P-UT).',
    labels: [],
    rules: ['P-UT'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const known = new Set<string>(utMethodsOf('client'));
    const offered = t.session.hello.methods;
    const foreign = offered.filter((m) => !known.has(m));
    t.check(foreign.length === 0, `the adapter lists methods that are not client upper-tester methods: ${foreign.join(', ')}`);
    t.check(offered.some((m) => known.has(m)), 'the adapter offers no client method: no case can drive the IUT');
  },
);
