/** SHOW from the server side (K-CMD): the device displays the ServerURI, or answers 501 without a UI; the IUT records either. */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { runOne } from '../../../harness/conformance/fixtures/server/command-run.ts';
import { sameJson, show } from '../../../harness/conformance/fixtures/verify.ts';

defineCase(
  {
    id: 'DMCTS-S-CMD-009',
    title: 'SHOW: the device displays the ServerURI',
    requirement: "A server MUST send SHOW ServerURI as queued and record the device's Status (K-CMD).",
    labels: [],
    rules: ['K-CMD'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t, { ui: true });
    const url = `https://help.example.com/dmcts/${t.seed >>> 0}?page=1`;
    const { result } = await runOne(t, dev, ['SHOW', url]);
    t.check(sameJson(dev.shown(), [url]), `the device displayed ${show(dev.shown())}, not ${url}`);
    t.check(result.status?.sc === 200, `SHOW is recorded as ${show(result.status)}, not sc 200`);
    t.check(result.status?.URI.length === 0, `SHOW is recorded with URI ${show(result.status?.URI)}, not [] (Status URI contents: P-DETAIL)`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-010',
    title: 'SHOW to a device without a UI: the 501 is recorded as such',
    requirement: 'A server MUST record the 501 a device without a UI returns for SHOW, not a success (K-CMD, P-DETAIL).',
    labels: ['DM-HLF-003'],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t, { ui: false });
    const { result } = await runOne(t, dev, ['SHOW', 'https://help.example.com/dmcts/no-ui']);
    if (dev.shown().length !== 0) t.inconclusive('precondition: the harness device, set up without a UI, displayed something');
    // K: the server records the Status the device sent (the 501 itself is the device's, P-DETAIL).
    t.check(result.status?.sc === 501, `SHOW on a device without UI is recorded with sc ${result.status?.sc}, but the device answered 501`, 'K');
  },
);
