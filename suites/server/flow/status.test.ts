/**
 * The Status the IUT server records (K-FLOW, P-GET, P-DETAIL): for each command the entry the device
 * sent at its position — sc, URI and Data, errors as errors — with queued commands kept in order.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { deliver, delivered, deliveriesOf } from '../../../harness/conformance/fixtures/server/deliver.ts';
import { sameJson, show } from '../../../harness/conformance/fixtures/verify.ts';
import type { RawCommand } from '../../../harness/protocol/commands.ts';
import { DIAGNOSTICS_MOID as DIAG, MOID } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-S-FLOW-005',
    title: 'server.result reports the Status entry the device sent: sc, URI and GET Data',
    requirement:
      'A server MUST record, for each command, the Status entry the device returned in the same position of its Package#3: its sc, its URI list and its Data (K-FLOW, P-GET).',
    labels: ['DM-HLF-004'],
    rules: ['K-FLOW', 'P-GET'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const get: RawCommand = ['GET', `${MOID.DEVINFO}//`];
    const id = await dev.queue(get);
    const outcome = await dev.session();
    t.check(outcome.ok, `the session failed: ${outcome.reason}`, 'K');
    const sent = t.need(deliveriesOf(dev, get)[0]?.status, 'the device sent no Package#3 with a Status for the GET', 'K');
    if (!(sent.sc === 200 && (sent.Data?.length ?? 0) > 0)) t.inconclusive(`precondition: the harness device answered ${show(sent)}, not a 200 with data`);
    const r = await dev.settle(id);
    // K: one Status per command, recorded as the device sent it; the GET Data in the Status is P-GET.
    t.check(r.state === 'done', `the IUT reports the GET as ${r.state}${r.reason ? ` (${r.reason})` : ''}, not done`, 'K');
    const got = t.need(r.status, 'server.result has no Status for a command the device answered', 'K');
    t.check(got.sc === sent.sc, `server.result says sc ${got.sc}; the device sent ${sent.sc}`, 'K');
    t.check(sameJson(got.URI, sent.URI), `server.result says URI ${show(got.URI)}; the device sent ${show(sent.URI)}`, 'K');
    t.check(sameJson(got.Data, sent.Data), `server.result says Data ${show(got.Data)}; the device sent ${show(sent.Data)}`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-S-FLOW-006',
    title: 'Error Status entries are recorded as the device sent them (404, 500)',
    requirement: 'A server MUST record an error Status exactly as the device returned it (sc and URI), not as a success (K-FLOW, P-DETAIL).',
    labels: [],
    rules: ['K-FLOW', 'P-DETAIL'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const get: RawCommand = ['GET', `${DIAG}/77/Label`];
    const exec: RawCommand = ['EXEC', `${DIAG}/1/Fail`];
    const ids = [await dev.queue(get), await dev.queue(exec)] as const;
    // Queued separately, the two need not share a Package#2 or a session.
    const results = await deliver(t, dev, ids, 'the GET and the EXEC');
    const sentFor = (c: RawCommand) => t.need(deliveriesOf(dev, c)[0]?.status, `the device sent no Status for ${show(c)}`, 'K');
    const statuses = [sentFor(get), sentFor(exec)] as const;
    if (statuses[0].sc !== 404 || statuses[1].sc !== 500) t.inconclusive(`precondition: the harness device answered ${show(statuses)}, not 404 then 500`);
    // K: the server records each Status as the device sent it, not as a success.
    const pairs = [
      { r: results[0], sent: statuses[0] },
      { r: results[1], sent: statuses[1] },
    ];
    for (const [i, { r, sent }] of pairs.entries()) {
      t.check(r.state === 'done', `command ${i + 1} is ${r.state}, not done`, 'K');
      t.check(r.status?.sc === sent.sc, `command ${i + 1}: server.result says sc ${r.status?.sc}; the device sent ${sent.sc}`, 'K');
      t.check(sameJson(r.status?.URI, sent.URI), `command ${i + 1}: server.result says URI ${show(r.status?.URI)}; the device sent ${show(sent.URI)}`, 'K');
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-FLOW-008',
    title: 'Several queued commands keep their order, and each Status lands on its own command',
    requirement:
      'A server MUST send queued commands in the order they were queued and MUST match the n-th Status of the Package#3 to the n-th command (K-FLOW).',
    labels: [],
    rules: ['K-FLOW', 'K-CMD'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const count: RawCommand = ['GET', `${DIAG}/1/RunCount`];
    const run: RawCommand = ['EXEC', `${DIAG}/1/Run`];
    const commands: RawCommand[] = [count, run, count, run, run, count];
    const ids: string[] = [];
    for (const c of commands) ids.push(await dev.queue(c));
    // They may be spread over several Package#2s and sessions; the order must hold across them.
    const results = await deliver(t, dev, ids, 'the six queued commands');
    const received = dev.commandsReceived().filter((c) => c[0] !== 'CONT' && c[0] !== 'END');
    t.check(sameJson(received, commands), `the device received ${show(received)}, not the queued ${show(commands)} in that order`);
    const expected = [0, undefined, 1, undefined, undefined, 3];
    // The Status the device sent for each delivery, in delivery order (= queued order, checked above).
    const sent = delivered(dev)
      .filter((d) => d.command[0] !== 'CONT' && d.command[0] !== 'END')
      .map((d) => d.status);
    for (const [i, r] of results.entries()) {
      t.check(r.state === 'done' && r.status?.sc === 200, `command ${i + 1} ${show(commands[i])} ended ${r.state} with sc ${r.status?.sc}`);
      t.check(
        sameJson(r.status, sent[i]),
        `command ${i + 1} ${show(commands[i])} is recorded with ${show(r.status)}, but the device sent ${show(sent[i])} for it: Status entries were matched to the wrong commands`,
      );
      if (expected[i] !== undefined) {
        // The value travels as GET data in the Status entry (P-GET).
        const value = r.status?.Data?.[0]?.MOData;
        t.check(
          value === expected[i],
          `GET number ${i + 1} is recorded with RunCount ${show(value)}, but at that point of the package it was ${expected[i]}: Status entries were matched to the wrong commands`,
          'P',
        );
      }
    }
  },
);
