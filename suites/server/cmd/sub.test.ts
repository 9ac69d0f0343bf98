/**
 * SUB and UNSUB from the server side (K-CMD): the device subscribes and PUTs the subtree to the
 * ServerURI on change; UNSUB ends it (and is 404 without a SUB); the IUT records each Status.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { LABEL, runOne } from '../../../harness/conformance/fixtures/server/command-run.ts';
import { ContentHost } from '../../../harness/conformance/fixtures/server/content-host.ts';
import { expectNothing, sameJson, show } from '../../../harness/conformance/fixtures/verify.ts';
import { sleep } from '../../../harness/conformance/fixtures/waits.ts';
import { DIAGNOSTICS_MOID as DIAG } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-S-CMD-012',
    title: 'SUB: the device subscribes and PUTs the subtree to the ServerURI on change',
    requirement: "A server MUST send SUB ClientURI ServerURI as queued and record the device's Status (K-CMD).",
    labels: ['DM-HLF-004'],
    rules: ['K-CMD'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    const recv = host.receiver();
    const { result } = await runOne(t, dev, ['SUB', LABEL, recv.url]);
    t.check(result.status?.sc === 200, `SUB is recorded as ${show(result.status)}, not sc 200`);
    t.check(sameJson(result.status?.URI, [LABEL]), `SUB is recorded with URI ${show(result.status?.URI)}, not [${LABEL}] (Status URI contents: P-DETAIL)`, 'P');
    t.step('change the subscribed node on the device');
    dev.localWrite(DIAG, '1', ['Label'], 'changed-after-sub');
    const got = await host.waitFor(recv.id, 1);
    const put = t.need(
      got.length === 1 && got[0]?.method === 'PUT' ? got[0] : undefined,
      `the subscription's ServerURI received ${got.length} deliveries, not one PUT`,
    );
    t.check(
      sameJson(
        put.entries?.map((e) => e.MOData),
        ['changed-after-sub'],
      ),
      `the delivery carried ${show(put.entries)}`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-013',
    title: 'UNSUB: the subscription ends; an UNSUB without SUB is recorded as 404',
    requirement: "A server MUST send UNSUB ClientURI as queued and record the device's Status, 200 for a matching SUB and 404 otherwise (K-CMD).",
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    const recv = host.receiver();
    await runOne(t, dev, ['SUB', LABEL, recv.url]);
    if (dev.subscriptions().length !== 1)
      t.inconclusive(`precondition: the IUT's SUB left the harness device with ${dev.subscriptions().length} subscriptions, not 1`);
    const { result } = await runOne(t, dev, ['UNSUB', LABEL]);
    // K: UNSUB ends the subscription; UNSUB without a matching SUB is 404.
    t.check(
      result.status?.sc === 200 && dev.subscriptions().length === 0,
      `UNSUB is recorded as ${show(result.status)}; the device holds ${dev.subscriptions().length} subscriptions`,
      'K',
    );
    const unmatched = await runOne(t, dev, ['UNSUB', `${DIAG}/1/RunCount`]);
    t.check(unmatched.result.status?.sc === 404, `an UNSUB without SUB is recorded with sc ${unmatched.result.status?.sc}, but the device answered 404`, 'K');
    t.step('change the node: nothing may be delivered');
    dev.localWrite(DIAG, '1', ['Label'], 'changed-after-unsub');
    await dev.idle('subscription deliveries');
    await sleep(50);
    expectNothing(t, host.received(recv.id), (got) => `${got.length} deliveries after UNSUB`, 'K');
  },
);
