/**
 * CONT and END queued by the operator (K-CMD, K-FLOW, P-SESSION): a queued CONT reaches the device as
 * queued while the session goes on at the session URI; a queued END ends the session with its
 * Package#2, and nothing of it is sent twice.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { runOne } from '../../../harness/conformance/fixtures/server/command-run.ts';
import { ContentHost } from '../../../harness/conformance/fixtures/server/content-host.ts';
import { deliver, deliveriesOf } from '../../../harness/conformance/fixtures/server/deliver.ts';
import { expectNothing, sameJson, show } from '../../../harness/conformance/fixtures/verify.ts';
import type { RawCommand } from '../../../harness/protocol/commands.ts';
import { DIAGNOSTICS_MOID as DIAG } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-S-CMD-014',
    title: 'CONT queued: the device gets it as queued, and the session still goes on at the session URI',
    requirement:
      'A server MUST send a queued CONT ServerURI as queued, record its Status, and still end the Package#2 with the CONT to its session URI (K-CMD, P-SESSION).',
    labels: [],
    rules: ['K-CMD', 'P-SESSION'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    const elsewhere = host.receiver();
    // A server that relays the queued CONT last sends the device elsewhere (K-CMD lets it): the session
    // going on at the server is P-SESSION (its own CONT last), so runOne's checks rest on the profile here.
    const { result } = await runOne(t, dev, ['CONT', elsewhere.url], 'P');
    t.check(result.status?.sc === 200, `CONT is recorded as ${show(result.status)}, not sc 200`, 'K');
    t.check(result.status?.URI.length === 0, `CONT is recorded with URI ${show(result.status?.URI)}, not [] (Status URI contents: P-DETAIL)`, 'P');
    expectNothing(
      t,
      host.received(elsewhere.id),
      'the Package#3 went to the queued CONT URI: the server did not end the Package#2 with its own CONT (P-SESSION)',
      'P',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-015',
    title: 'END queued: the session ends with that Package#2, no Package#3, and nothing is sent twice',
    requirement:
      'A server MUST send a queued END as queued, expect no Package#3 after it, and not send the commands of that Package#2 again in a later session (K-CMD, K-FLOW).',
    labels: [],
    rules: ['K-CMD', 'K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const exec: RawCommand = ['EXEC', `${DIAG}/1/Run`];
    const execId = await dev.queue(exec);
    const endId = await dev.queue(['END']);
    // Commands queued separately need not share a Package#2 (nor a session): run sessions until both
    // are delivered, then require each once, in the queued order, and nothing asked after END.
    const [execResult, endResult] = await deliver(t, dev, [execId, endId], 'the queued EXEC and END');
    const withEnd = dev.exchanges().flatMap((e, i) => (e.package2?.CMD.some((c) => c[0] === 'END') ? [{ i, p2: e.package2 }] : []));
    const execs = deliveriesOf(dev, exec);
    const e = t.need(execs.length === 1 ? execs[0] : undefined, `the device received the queued EXEC ${execs.length} times, not once`);
    const ends = dev.exchanges().flatMap((e, i) => (e.package2?.CMD ?? []).flatMap((c, position) => (sameJson(c, ['END']) ? [{ exchange: i, position }] : [])));
    t.check(ends.length >= 1, `the queued END never reached the device (it got ${show(dev.commandsReceived())})`);
    const end = ends.find((x) => x.exchange > e.exchange || (x.exchange === e.exchange && x.position > e.position));
    t.check(end !== undefined, `the queued END reached the device before the EXEC queued ahead of it (${show(dev.package2s().map((p) => p.CMD))})`);
    for (const { i, p2 } of withEnd) {
      t.check(
        !p2.CMD.slice(p2.CMD.findIndex((c) => c[0] === 'END')).some((c) => c[0] === 'CONT'),
        `the Package#2 ${show(p2.CMD)} asks for a Package#3 after END`,
      );
      t.check(dev.exchanges()[i + 1]?.kind !== 'response', `the device sent a Package#3 after the Package#2 ${show(p2.CMD)} that holds END`);
    }
    t.check(dev.local(DIAG, '1', ['RunCount']).value === 1, 'the EXEC queued before END did not run');
    for (const [what, r] of [
      ['END', endResult],
      ['EXEC', execResult],
    ] as const) {
      t.check(r.state === 'done', `the queued ${what} is ${r.state}${r.reason ? ` (${r.reason})` : ''} after it reached the device, not done`);
    }
    const from = dev.exchanges().length;
    const again = await dev.session();
    t.check(again.ok, `the next session failed: ${again.reason}`);
    const resent = dev
      .exchanges()
      .slice(from)
      .flatMap((x) => x.package2?.CMD ?? [])
      .filter((c) => c[0] !== 'END');
    expectNothing(t, resent, `the next session sent ${show(resent)} again`);
    t.check(dev.local(DIAG, '1', ['RunCount']).value === 1, 'the EXEC ran again in the next session');
  },
);
