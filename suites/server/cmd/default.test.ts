/** DEFAULT from the server side (K-CMD): the device records where a missing MO comes from; the IUT records its Status. */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { runOne } from '../../../harness/conformance/fixtures/server/command-run.ts';
import { ContentHost } from '../../../harness/conformance/fixtures/server/content-host.ts';
import { show } from '../../../harness/conformance/fixtures/verify.ts';
import { CONNMO } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-S-CMD-011',
    title: 'DEFAULT: the device records where a missing MO comes from',
    requirement: "A server MUST send DEFAULT MOID ServerURI as queued and record the device's Status (K-CMD).",
    labels: ['DM-HLF-005'],
    rules: ['K-CMD'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    const content = host.publish([{ ClientURI: CONNMO, MOData: { Name: 'default-apn' } }]);
    const { result } = await runOne(t, dev, ['DEFAULT', CONNMO, content.url]);
    const source = dev.defaultsOf(CONNMO);
    t.check(source?.serverUri === content.url, `the device's default source for ${CONNMO} is ${show(source)}, not ${content.url}`);
    t.check(result.status?.sc === 200, `DEFAULT is recorded as ${show(result.status)}`);
  },
);
