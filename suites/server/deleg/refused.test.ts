/**
 * Grants the device refuses (P-DELEG, P-ACL; DM-HLF-013, DM-HLF-024, DM-HLF-026): on a device-made
 * instance, or beyond the MaxDepth the IUT was given; the IUT reports the device's 403, not a success,
 * and each grant of a session keeps its own result.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import {
  delegate,
  delegatedToIut,
  expectGrant,
  expectRefused,
  FEATURES,
  runSession,
  UT,
  type Grant,
} from '../../../harness/conformance/fixtures/server/grants.ts';
import { DIAGNOSTICS_MOID as DIAG } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-S-DELEG-004',
    title: 'A grant on a device-made instance is refused by the device, and the server reports 403',
    requirement:
      "A server MUST report a grant the device refuses — here on a device-made instance, on which no server holds D — as the device's 403 in its result, not as a success (P-DELEG, P-ACL; DM-HLF-013).",
    labels: ['DM-HLF-013', 'DM-SECARIZE-001'],
    rules: ['P-DELEG', 'P-ACL', 'K-FLOW'],
    level: 'MUST',
    features: FEATURES,
    utMethods: UT,
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const asked: Grant = { Target: `${DIAG}/1`, Grantee: t.uniqueName('ma-b'), Rights: 'RW', Kind: 'shared' };
    const id = await delegate(t, dev, asked);
    const [r] = await runSession(t, dev, [id]);
    expectRefused(t, dev, r, asked, `${DIAG}/1 is device-made: no server holds D on it`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-DELEG-005',
    title: 'A sub grant beyond MaxDepth is refused (403 reported); one within it in the same session succeeds',
    requirement:
      'A server MUST report a sub grant the device refuses for exceeding the MaxDepth the server was given as 403, and the next grant of the same session, within it, as 200 — each result its own (P-DELEG; DM-HLF-024, DM-HLF-026).',
    labels: ['DM-HLF-024', 'DM-HLF-026'],
    rules: ['P-DELEG', 'K-FLOW'],
    level: 'MUST',
    features: FEATURES,
    utMethods: UT,
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const { uri, parent } = delegatedToIut(t, dev, 1, 0);
    const beyond: Grant = { Target: uri, Grantee: t.uniqueName('ma-deep'), Rights: 'R', Kind: 'sub', MaxDepth: 1 };
    const within: Grant = { Target: uri, Grantee: t.uniqueName('ma-leaf'), Rights: 'R', Kind: 'sub', MaxDepth: 0 };
    const [r1, r2] = await runSession(t, dev, [await delegate(t, dev, beyond), await delegate(t, dev, within)]);
    expectRefused(t, dev, r1, beyond, "MaxDepth 1 exceeds the 0 further levels the IUT's grant allows");
    expectGrant(t, dev, r2, within, { Parent: parent });
  },
);
