/**
 * Grants issued by the server (P-DELEG, K-ACL; DM-HLF-013 delegation, DM-HLF-014 priority, DM-HLF-022
 * shared, DM-HLF-023 full, DM-HLF-024 sub, DM-HLF-026 restrictions on sub-delegation): through
 * `server.delegate` the IUT sends the harness device a grant — an HGET of a Delegation MO instance —
 * which the device holds exactly as asked (Target, Grantee, Rights, Kind, MaxDepth, Prohibited,
 * Priority; Grantor the IUT's SrvID, set from the session), and server.result says 200 with its URI.
 * The target is an instance the IUT itself created on the device (by HGET, so it holds D on it) or,
 * for sub-delegation, one another MA created and delegated to the IUT with D.
 */
import fc from 'fast-check';
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import {
  created,
  delegate,
  delegatedToIut,
  deviceWithOwnInstance,
  expectGrant,
  FEATURES,
  runSession,
  UT,
  type Grant,
} from '../../../harness/conformance/fixtures/server/grants.ts';

defineCase(
  {
    id: 'DMCTS-S-DELEG-001',
    title: 'Shared delegation: the device holds the grant exactly as asked, with the server as Grantor',
    requirement:
      "A server MUST send the grant it is asked to make — Target, Grantee, Rights, Kind shared, MaxDepth, Prohibited, Priority unchanged — as HGET of a Delegation MO instance, and report the device's 200 with the grant's URI (P-DELEG; DM-HLF-013, DM-HLF-022).",
    labels: ['DM-HLF-013', 'DM-HLF-022', 'DM-HLF-026'],
    rules: ['P-DELEG', 'K-ACL', 'K-CMD'],
    level: 'MUST',
    features: FEATURES,
    utMethods: UT,
  },
  async (t: CaseContext) => {
    const { dev, uri, create } = await deviceWithOwnInstance(t);
    const asked: Grant = {
      Target: uri,
      Grantee: t.uniqueName('ma-b'),
      Rights: 'RW',
      Kind: 'shared',
      MaxDepth: 2,
      Prohibited: `${t.uniqueName('ma-x')},${t.uniqueName('ma-y')}`,
      Priority: 3,
    };
    const id = await delegate(t, dev, asked);
    const [r] = await runSession(t, dev, [id]);
    await created(t, dev, create, uri);
    expectGrant(t, dev, r, asked);
  },
);

defineCase(
  {
    id: 'DMCTS-S-DELEG-002',
    title: 'Full delegation: the device holds a full grant as asked, and the server reports it',
    requirement:
      "A server MUST send a full grant unchanged (Kind full, the rights asked) and report the device's 200 with the grant's URI (P-DELEG; DM-HLF-013, DM-HLF-023).",
    labels: ['DM-HLF-013', 'DM-HLF-023'],
    rules: ['P-DELEG', 'K-ACL'],
    level: 'MUST',
    features: FEATURES,
    utMethods: UT,
  },
  async (t: CaseContext) => {
    const { dev, uri, create } = await deviceWithOwnInstance(t);
    const asked: Grant = { Target: uri, Grantee: t.uniqueName('ma-b'), Rights: 'RWED', Kind: 'full', MaxDepth: 1 };
    const id = await delegate(t, dev, asked);
    const [r] = await runSession(t, dev, [id]);
    await created(t, dev, create, uri);
    expectGrant(t, dev, r, asked);
  },
);

defineCase(
  {
    id: 'DMCTS-S-DELEG-003',
    title: 'Sub delegation: a server holding D by a grant sub-delegates within MaxDepth',
    requirement:
      "A server holding D on an instance by a grant MUST be able to sub-delegate it (Kind sub), within the MaxDepth it was given, the grant reaching the device unchanged, and report the device's 200 (P-DELEG; DM-HLF-024, DM-HLF-026).",
    labels: ['DM-HLF-024', 'DM-HLF-026', 'DM-HLF-013'],
    rules: ['P-DELEG', 'K-ACL'],
    level: 'MUST',
    features: FEATURES,
    utMethods: UT,
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const { uri, parent } = delegatedToIut(t, dev, 2, 5);
    const prohibited = t.uniqueName('ma-z');
    const asked: Grant = { Target: uri, Grantee: t.uniqueName('ma-leaf'), Rights: 'RW', Kind: 'sub', MaxDepth: 1, Prohibited: prohibited, Priority: 4 };
    const id = await delegate(t, dev, asked);
    const [r] = await runSession(t, dev, [id]);
    expectGrant(t, dev, r, asked, { Parent: parent });
  },
);

defineCase(
  {
    id: 'DMCTS-S-DELEG-006',
    title: 'Priority passes through unchanged: negative, zero and large priorities',
    requirement:
      'A server MUST send the Priority it is asked to give a grant unchanged — negative and large values included — so the device can rank the management authorities (P-DELEG; DM-HLF-014).',
    labels: ['DM-HLF-014', 'DM-HLF-013', 'DM-HLF-022'],
    rules: ['P-DELEG'],
    level: 'MUST',
    features: FEATURES,
    utMethods: UT,
  },
  async (t: CaseContext) => {
    const { dev, uri, create } = await deviceWithOwnInstance(t);
    const [negative, large] = fc.sample(fc.tuple(fc.integer({ min: -1_000_000, max: -1 }), fc.integer({ min: 1_000, max: 2_000_000_000 })), {
      seed: t.seed,
      numRuns: 1,
    })[0]!;
    const asked: Grant[] = [negative, 0, large].map((p, i) => ({ Target: uri, Grantee: t.uniqueName(`ma-p${i}`), Rights: 'R', Kind: 'shared', Priority: p }));
    const ids: string[] = [];
    for (const g of asked) ids.push(await delegate(t, dev, g));
    const results = await runSession(t, dev, ids);
    await created(t, dev, create, uri);
    asked.forEach((g, i) => {
      expectGrant(t, dev, results[i]!, g);
    });
  },
);
