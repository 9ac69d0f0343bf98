/** Sessions as the IUT server runs them (K-FLOW, P-SESSION). */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../harness/conformance/fixtures/harness-device.ts';

defineCase(
  {
    id: 'DMCTS-S-FLOW-001',
    title: 'A queued GET reaches the device and its Status reaches the server',
    requirement: 'A server MUST send a queued command in the Package#2 answering the device\'s Package#1 and record the Status the device returns in its Package#3 (K-FLOW).',
    labels: ['DM-HLF-004'],
    rules: ['K-FLOW', 'K-CMD'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const first = await dev.session();
    t.check(first.ok, `the first session with the IUT server failed: ${first.reason}`);
    const id = await dev.queue(['GET', 'urn:oma:mo:oma-dm-devinfo:1.0//']);
    const outcome = await dev.session();
    t.check(outcome.ok, `the session failed: ${outcome.reason}`);
    const result = await dev.result(id);
    t.check(result.state === 'done', `the IUT server reports the GET as ${result.state}, not done`);
    t.check(result.status?.sc === 200, `the IUT server recorded sc ${result.status?.sc}, but the device answered 200`);
  },
);
