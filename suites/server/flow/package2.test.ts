/**
 * What answers a Package#1 (K-FLOW, K-NEG): a Package#2 of the media type the device accepts, with the
 * queued command exactly as queued, once — END and no CONT when nothing is queued, and no reply to a
 * generic alert. The harness plays the devices and queues work through the upper tester.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { deliveriesOf } from '../../../harness/conformance/fixtures/server/deliver.ts';
import { queueFor, resultOf } from '../../../harness/conformance/fixtures/server/operator.ts';
import { RawDm, samplePackage1 } from '../../../harness/conformance/fixtures/server/raw-dm.ts';
import { sameJson, show } from '../../../harness/conformance/fixtures/verify.ts';
import type { RawCommand } from '../../../harness/protocol/commands.ts';
import { essence, mediaType } from '../../../harness/protocol/media-types.ts';
import { DIAGNOSTICS_MOID as DIAG, MOID } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-S-FLOW-001',
    title: 'A queued GET reaches the device and its Status reaches the server',
    requirement:
      "A server MUST send a queued command in the Package#2 answering the device's Package#1 and record the Status the device returns in its Package#3 (K-FLOW).",
    labels: ['DM-HLF-004'],
    rules: ['K-FLOW', 'K-CMD'],
    level: 'MUST',
    perTransport: true,
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
    requirement:
      'A server with nothing to send MUST answer a Package#1 with a Package#2 that ends with END and holds no CONT, so that no Package#3 follows (K-FLOW).',
    labels: [],
    rules: ['K-FLOW', 'K-CMD'],
    level: 'MUST',
    perTransport: true,
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
    t.check(
      outcome.ok && outcome.packagesSent === 1,
      `the session did not end after the Package#1: ${outcome.packagesSent} packages sent (${outcome.reason ?? 'ok'})`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-S-FLOW-003',
    title: 'Every Package#2 is application/vnd.oma.dm.request+json for a device that accepts only JSON',
    requirement:
      'A server MUST answer each package of a device that accepts only application/vnd.oma.dm.request+json with a Package#2 of exactly that media type (K-FLOW, K-NEG).',
    labels: ['DM-IOP-001'],
    rules: ['K-FLOW', 'K-NEG'],
    level: 'MUST',
    perTransport: true,
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
      t.check(
        type === mediaType('request', 'json'),
        `Package#2 number ${i + 1} is "${type || 'untyped'}", but the device accepted only ${mediaType('request', 'json')}`,
      );
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-FLOW-004',
    title: 'A queued command is in the Package#2 that answers the Package#1, exactly as queued, once',
    requirement:
      'A server MUST send a command queued before the session in the Package#2 answering the Package#1, with the same name and parameters, and MUST NOT send it again (K-FLOW).',
    labels: [],
    rules: ['K-FLOW', 'K-CMD'],
    level: 'MUST',
    perTransport: true,
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
    id: 'DMCTS-S-FLOW-009',
    title: 'A Package#1 carrying only a generic alert gets a normal Package#2 (the server never replies to an alert)',
    requirement:
      'A server MUST NOT reply to an alert: a Package#1 whose only alert is a generic one MUST get the ordinary Package#2, with the queued commands and nothing else but CONT or END (K-FLOW).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
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
