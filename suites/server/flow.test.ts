/**
 * The management session as the IUT server runs it (K-FLOW): what answers a Package#1, which media
 * type, which commands go to which device in which order, and the Status the server records. The
 * harness plays the devices (reference client) and queues work through the upper tester.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../harness/conformance/fixtures/harness-device.ts';
import { expectNothing, sameJson, show } from '../../harness/conformance/fixtures/verify.ts';
import { deliver, delivered, deliveriesOf } from '../../harness/conformance/fixtures/server/deliver.ts';
import { queueFor, resultOf } from '../../harness/conformance/fixtures/server/operator.ts';
import { RawDm, samplePackage1 } from '../../harness/conformance/fixtures/server/raw-dm.ts';
import { DIAGNOSTICS_MOID as DIAG, MOID } from '../../harness/protocol/moids.ts';
import type { RawCommand } from '../../harness/protocol/commands.ts';
import { essence, mediaType } from '../../harness/protocol/media-types.ts';

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
    const id = await dev.queue(['GET', `${MOID.DEVINFO}//`]);
    const outcome = await dev.session();
    t.check(outcome.ok, `the session failed: ${outcome.reason}`);
    const result = await dev.result(id);
    t.check(result.state === 'done', `the IUT server reports the GET as ${result.state}, not done`);
    t.check(result.status?.sc === 200, `the IUT server recorded sc ${result.status?.sc}, but the device answered 200`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-FLOW-002',
    title: 'With nothing queued, the Package#2 holds END and no Package#3 is asked for',
    requirement: 'A server with nothing to send MUST answer a Package#1 with a Package#2 that ends with END and holds no CONT, so that no Package#3 follows (K-FLOW).',
    labels: [],
    rules: ['K-FLOW', 'K-CMD'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const outcome = await dev.session();
    const [p1] = dev.exchanges();
    t.check(p1?.response, `the Package#1 got no HTTP answer: ${outcome.reason}`);
    t.check(p1.response.status === 200, `the Package#1 was answered HTTP ${p1.response.status}, not 200 with a Package#2`);
    const p2 = t.need(p1.package2, `the answer to the Package#1 (${p1.response.headers['content-type'] ?? 'no Content-Type'}) is not a valid Package#2`);
    t.check(p2.CMD.at(-1)?.[0] === 'END', `the Package#2 ${show(p2.CMD)} does not end with END`);
    t.check(!p2.CMD.some((c) => c[0] === 'CONT'), `the Package#2 ${show(p2.CMD)} holds a CONT although it ends the session`);
    t.check(outcome.ok && outcome.packagesSent === 1, `the session did not end after the Package#1: ${outcome.packagesSent} packages sent (${outcome.reason ?? 'ok'})`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-FLOW-003',
    title: 'Every Package#2 is application/vnd.oma.dm.request+json for a device that accepts only JSON',
    requirement: 'A server MUST answer each package of a device that accepts only application/vnd.oma.dm.request+json with a Package#2 of exactly that media type (K-FLOW, K-NEG).',
    labels: ['DM-IOP-001'],
    rules: ['K-FLOW', 'K-NEG'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t, { encodings: ['json'] });
    await dev.queue(['GET', `${DIAG}/1/Label`]);
    const outcome = await dev.session();
    t.check(outcome.ok, `the session failed: ${outcome.reason}`);
    const answers = dev.exchanges().map((e) => e.response);
    t.check(answers.length >= 2, `the device got ${answers.length} Package#2s; a queued command should have made at least two (the command, then END)`);
    for (const [i, r] of answers.entries()) {
      const type = essence(r?.headers['content-type']);
      t.check(type === mediaType('request', 'json'), `Package#2 number ${i + 1} is "${type || 'untyped'}", but the device accepted only ${mediaType('request', 'json')}`);
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-FLOW-004',
    title: 'A queued command is in the Package#2 that answers the Package#1, exactly as queued, once',
    requirement: 'A server MUST send a command queued before the session in the Package#2 answering the Package#1, with the same name and parameters, and MUST NOT send it again (K-FLOW).',
    labels: [],
    rules: ['K-FLOW', 'K-CMD'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const command: RawCommand = ['GET', `${DIAG}/1/Label?fields=Label`];
    await dev.queue(command);
    const outcome = await dev.session();
    t.check(outcome.ok, `the session failed: ${outcome.reason}`);
    const first = t.need(dev.exchanges()[0]?.package2, 'the Package#1 was not answered with a Package#2');
    t.check(sameJson(first.CMD[0], command), `the first command of the first Package#2 is ${show(first.CMD[0])}, not the queued ${show(command)}`);
    const n = deliveriesOf(dev, command).length;
    t.check(n === 1, `the device received the queued command ${n} times in the session, not once`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-FLOW-005',
    title: 'server.result reports the Status entry the device sent: sc, URI and GET Data',
    requirement: 'A server MUST record, for each command, the Status entry the device returned in the same position of its Package#3: its sc, its URI list and its Data (K-FLOW, P-GET).',
    labels: ['DM-HLF-004'],
    rules: ['K-FLOW', 'P-GET'],
    level: 'MUST',
    role: 'server',
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
    role: 'server',
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
    const pairs = [{ r: results[0], sent: statuses[0] }, { r: results[1], sent: statuses[1] }];
    for (const [i, { r, sent }] of pairs.entries()) {
      t.check(r.state === 'done', `command ${i + 1} is ${r.state}, not done`, 'K');
      t.check(r.status?.sc === sent.sc, `command ${i + 1}: server.result says sc ${r.status?.sc}; the device sent ${sent.sc}`, 'K');
      t.check(sameJson(r.status?.URI, sent.URI), `command ${i + 1}: server.result says URI ${show(r.status?.URI)}; the device sent ${show(sent.URI)}`, 'K');
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-FLOW-007',
    title: 'Commands queued for one device never reach another',
    requirement: 'A server MUST send a queued command only to the device it was queued for (K-FLOW).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
    role: 'server',
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
    t.check(after.state === 'done' && after.status?.sc === 200, `the command for ${a.devId} ended ${after.state} with sc ${after.status?.sc}, not done with 200`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-FLOW-008',
    title: 'Several queued commands keep their order, and each Status lands on its own command',
    requirement: 'A server MUST send queued commands in the order they were queued and MUST match the n-th Status of the Package#3 to the n-th command (K-FLOW).',
    labels: [],
    rules: ['K-FLOW', 'K-CMD'],
    level: 'MUST',
    role: 'server',
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
    const sent = delivered(dev).filter((d) => d.command[0] !== 'CONT' && d.command[0] !== 'END').map((d) => d.status);
    for (const [i, r] of results.entries()) {
      t.check(r.state === 'done' && r.status?.sc === 200, `command ${i + 1} ${show(commands[i])} ended ${r.state} with sc ${r.status?.sc}`);
      t.check(sameJson(r.status, sent[i]), `command ${i + 1} ${show(commands[i])} is recorded with ${show(r.status)}, but the device sent ${show(sent[i])} for it: Status entries were matched to the wrong commands`);
      if (expected[i] !== undefined) {
        // The value travels as GET data in the Status entry (P-GET).
        const value = r.status?.Data?.[0]?.MOData;
        t.check(value === expected[i], `GET number ${i + 1} is recorded with RunCount ${show(value)}, but at that point of the package it was ${expected[i]}: Status entries were matched to the wrong commands`, 'P');
      }
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-FLOW-009',
    title: 'A Package#1 carrying only a generic alert gets a normal Package#2 (the server never replies to an alert)',
    requirement: 'A server MUST NOT reply to an alert: a Package#1 whose only alert is a generic one MUST get the ordinary Package#2, with the queued commands and nothing else but CONT or END (K-FLOW).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const command: RawCommand = ['GET', `${MOID.DEVINFO}/1/DevID`];
    const commandId = await queueFor(t, devId, command);
    t.step('send a Package#1 whose only alert is a generic alert');
    const p1 = samplePackage1([{ AlertType: 'urn:dmcts:test:Generic', Mark: 'informational', DataType: 'application/json', Data: { n: 1 } }]);
    const reply = await raw.package1(devId, p1);
    t.check(reply.status === 200, `the Package#1 was answered HTTP ${reply.status}, not 200 with a Package#2`);
    const p2 = t.need(RawDm.package2(reply), `the answer (${reply.headers['content-type'] ?? 'untyped'}) is not a valid Package#2`);
    const work = p2.CMD.filter((c) => c[0] !== 'CONT' && c[0] !== 'END');
    t.check(sameJson(work, [command]), `the Package#2 carries ${show(work)}; only the queued ${show(command)} was due`);
    const cont = t.need(RawDm.contOf(p2), `the Package#2 ${show(p2.CMD)} does not end with a CONT although it carries a command`);
    t.step('answer the GET in a Package#3');
    const status = { sc: 200, URI: [`${MOID.DEVINFO}/1/DevID`], Data: [{ ClientURI: `${MOID.DEVINFO}/1/DevID`, MOData: devId }] };
    const p3 = await raw.package3(cont, devId, { Status: p2.CMD.map((c) => (sameJson(c, command) ? status : { sc: 200, URI: [] })) });
    t.check(p3.status === 200, `the Package#3 was answered HTTP ${p3.status}`);
    const r = await resultOf(t, commandId);
    t.check(r.state === 'done' && sameJson(r.status, status), `the GET is recorded ${r.state} with ${show(r.status)}, not done with the Status sent`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-FLOW-010',
    title: 'A command queued while a session runs goes out in its next Package#2 or the next session',
    requirement: 'A server MUST send a command queued during a session in a later Package#2 of that session or in the device\'s next session, exactly once, and record its Status (K-FLOW).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
    role: 'server',
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
