/**
 * DEFAULT (K-CMD, P-LOCAL; DM-HLF-005): where a missing MO comes from when a local application reads it,
 * fetched then and only once.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { withWritableMo } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { expectDone } from '../../../harness/conformance/fixtures/client/status.ts';
import { instancesSeen } from '../../../harness/conformance/fixtures/client/tree-reads.ts';
import { expectNoUris, sameJson } from '../../../harness/conformance/fixtures/verify.ts';

async function defaultSetup(t: CaseContext) {
  const { w, srv } = await withWritableMo(t);
  const existing = await instancesSeen(t, srv, w);
  if (existing.length > 0) t.inconclusive(`the IUT already has ${w} instances (${existing.join(', ')}): a DEFAULT source is only used for a missing MO`);
  const data = { Name: 'from DEFAULT', APN: 'apn.default' };
  const content = srv.publish([{ ClientURI: w, MOData: data }]);
  const [q] = await srv.run([['DEFAULT', w, content.url]]);
  const appId = t.uniqueName('app');
  await t.ut('client.localApp.register', { appId, moids: { [w]: 'RW' } });
  return { w, srv, data, content, q, appId };
}

defineCase(
  {
    id: 'DMCTS-C-CMD-070',
    title: 'DEFAULT names where a missing MO comes from when a local application reads it',
    requirement:
      'A client that supports DEFAULT SHOULD answer it 200 without fetching, and fetch the MO from its ServerURI when a local application needs the missing MO (K-CMD, P-LOCAL).',
    labels: ['DM-HLF-005'],
    rules: ['K-CMD', 'P-DETAIL', 'P-LOCAL'],
    level: 'SHOULD',
    features: ['DEFAULT', 'LOCALAPI'],
    utMethods: ['client.localApp.register', 'client.localApp.read'],
  },
  async (t: CaseContext) => {
    const { w, data, content, q, appId } = await defaultSetup(t);
    // Only DEFAULT's acceptance is judged on public facts; its use by local applications is P-LOCAL.
    const s = expectDone(t, q, 'DEFAULT');
    expectNoUris(t, s.URI, 'the DEFAULT Status');
    t.check(content.fetches() === 0, `DEFAULT itself fetched its ServerURI ${content.fetches()} times`);
    const read = await t.ut('client.localApp.read', { appId, clientUri: `${w}/*` });
    t.check(read.sc === 200, `the local read of ${w}/* answered sc ${String(read.sc)}, not 200`);
    const entries = Array.isArray(read.entries) ? (read.entries as Array<{ ClientURI: string; MOData: unknown }>) : [];
    t.check(entries.length === 1 && sameJson(entries[0]?.MOData, data), `the local read got ${JSON.stringify(read.entries)}, not the DEFAULT content`);
    t.check(content.fetches() === 1, `the DEFAULT source was fetched ${content.fetches()} times, not once`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-071',
    title: 'Once fetched, an MO is not fetched again from its DEFAULT source',
    requirement: 'A client SHOULD use a DEFAULT source only while the MO is missing: a second local read is served from the tree (K-CMD, P-LOCAL).',
    labels: ['DM-HLF-005', 'DM-HLF-004'],
    rules: ['K-CMD', 'P-LOCAL'],
    level: 'SHOULD',
    features: ['DEFAULT', 'LOCALAPI'],
    utMethods: ['client.localApp.register', 'client.localApp.read'],
  },
  async (t: CaseContext) => {
    const { w, content, q, appId } = await defaultSetup(t);
    expectDone(t, q, 'DEFAULT');
    const first = await t.ut('client.localApp.read', { appId, clientUri: `${w}/*/APN` });
    const second = await t.ut('client.localApp.read', { appId, clientUri: `${w}/*/APN` });
    t.check(first.sc === 200 && second.sc === 200, `the local reads answered sc ${String(first.sc)} and ${String(second.sc)}`);
    const secondEntries = Array.isArray(second.entries) ? (second.entries as Array<{ MOData: unknown }>) : [];
    t.check(
      sameJson(
        secondEntries.map((e) => e?.MOData),
        ['apn.default'],
      ),
      `the second read got ${JSON.stringify(second.entries)}`,
    );
    if (content.fetches() !== 1) t.warn(`the DEFAULT source was fetched ${content.fetches()} times for two reads, not once`);
  },
);
