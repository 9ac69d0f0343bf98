/**
 * Where and when queued work goes (K-FLOW): only to the device it was queued for, and a command queued
 * while a session runs in a later Package#2 of it or in the next session, exactly once.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { deliveriesOf } from '../../../harness/conformance/fixtures/server/deliver.ts';
import { expectNothing, show } from '../../../harness/conformance/fixtures/verify.ts';
import type { RawCommand } from '../../../harness/protocol/commands.ts';
import { DIAGNOSTICS_MOID as DIAG } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-S-FLOW-007',
    title: 'Commands queued for one device never reach another',
    requirement: 'A server MUST send a queued command only to the device it was queued for (K-FLOW).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const a = await HarnessDevice.start(t);
    const b = await HarnessDevice.start(t);
    const command: RawCommand = ['EXEC', `${DIAG}/1/Run`];
    const id = await a.queue(command);
    const other = await b.session();
    t.check(other.ok, `the session of the other device failed: ${other.reason}`);
    const leaked = b.commandsReceived().filter((c) => c[0] !== 'CONT' && c[0] !== 'END');
    expectNothing(t, leaked, `device ${b.devId} received ${show(leaked)}, queued for ${a.devId}`);
    t.check(b.local(DIAG, '1', ['RunCount']).value === 0, `device ${b.devId} ran the EXEC queued for ${a.devId}`);
    const before = await a.result(id);
    t.check(before.state === 'queued', `after another device's session, the command for ${a.devId} is ${before.state}, not still queued`);
    const own = await a.session();
    t.check(own.ok, `the session of the addressed device failed: ${own.reason}`);
    t.check(deliveriesOf(a, command).length === 1, `the addressed device did not receive ${show(command)} in its own session`);
    const after = await a.settle(id);
    t.check(
      after.state === 'done' && after.status?.sc === 200,
      `the command for ${a.devId} ended ${after.state} with sc ${after.status?.sc}, not done with 200`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-S-FLOW-010',
    title: 'A command queued while a session runs goes out in its next Package#2 or the next session',
    requirement:
      "A server MUST send a command queued during a session in a later Package#2 of that session or in the device's next session, exactly once, and record its Status (K-FLOW).",
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    // EXEC Slow keeps the device busy (about 200 ms) after the first Package#2 arrived: the new
    // command is queued while the session is certainly open.
    await dev.queue(['EXEC', `${DIAG}/1/Slow`]);
    const later: RawCommand = ['GET', `${DIAG}/1/SlowCount`];
    let queued: Promise<string> | undefined;
    const off = dev.onWire((e) => {
      if (!queued && e.direction === 'in' && e.kind === 'response' && /dm\.request/.test(e.headers['content-type'] ?? '')) {
        queued = dev.queue(later);
        queued.catch(() => undefined);
      }
    });
    const outcome = await dev.session();
    off();
    t.check(outcome.ok, `the session failed: ${outcome.reason}`);
    const id = await t.need(queued, 'the device never got a Package#2 to queue the second command against');
    if ((await dev.result(id)).state === 'queued') {
      t.note('the command queued mid-session was kept for the next session');
      const next = await dev.session();
      t.check(next.ok, `the next session failed: ${next.reason}`);
    }
    const n = deliveriesOf(dev, later).length;
    t.check(n === 1, `the device received the command queued mid-session ${n} times over the session and the next one, not once`);
    const r = await dev.settle(id);
    t.check(r.state === 'done', `the command queued mid-session is ${r.state}, not done`);
    t.check(r.status?.sc === 200, `its Status is ${show(r.status)}, not sc 200`);
    // The value travels as GET data in the Status entry (P-GET).
    t.check(r.status?.Data?.[0]?.MOData === 1, `its Status is ${show(r.status)}, not SlowCount 1 in its Data`, 'P');
  },
);
