/**
 * What a Package#3 must be (K-FLOW, P-SESSION; DM-HLF-002): one Status per command and an
 * OMADM-DevID, else it is refused and nothing of it recorded; and the whole session runs on the
 * device's own requests, the server never connecting to the device.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { deliver } from '../../../harness/conformance/fixtures/server/deliver.ts';
import { resultOf } from '../../../harness/conformance/fixtures/server/operator.ts';
import { RawDm } from '../../../harness/conformance/fixtures/server/raw-dm.ts';
import { okStatuses, openRaw } from '../../../harness/conformance/fixtures/server/raw-session.ts';
import { expectHttpRefusal, expectNothing, show } from '../../../harness/conformance/fixtures/verify.ts';
import { DIAGNOSTICS_MOID as DIAG } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-S-SESSION-007',
    title: 'A Package#3 with the wrong number of Status entries is refused (400) and its commands are lost',
    requirement:
      'A server MUST refuse with HTTP 400 a Package#3 whose number of Status entries differs from the commands of its Package#2, and record those commands as lost, not done (K-FLOW; our clarification).',
    labels: [],
    rules: ['K-FLOW', 'P-SESSION'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    for (const [what, delta] of [
      ['too few', -1],
      ['too many', 1],
    ] as const) {
      const s = await openRaw(t, raw);
      const body = okStatuses(s);
      if (delta < 0) body.Status.pop();
      else body.Status.push({ sc: 200, URI: [] });
      t.step(`send a Package#3 with ${what} Status entries`);
      const reply = await raw.package3(s.cont, s.devId, body);
      // K: one Status per command (K-FLOW): a Package#3 that breaks it is refused (a client error) and cannot be
      // matched to the commands; (ours) the 400, and the commands recorded as lost.
      expectHttpRefusal(t, reply.status, `a Package#3 with ${body.Status.length} Status entries for ${s.p2.CMD.length} commands`, 400);
      const r = await resultOf(t, s.commandId);
      t.check(
        r.state !== 'done',
        `after a Package#3 with ${what} Status entries the command is done${r.status ? ` with ${show(r.status)}` : ''}: a Status was taken from it`,
        'K',
      );
      t.check(
        r.state === 'lost',
        `after a Package#3 with ${what} Status entries the command is ${r.state}${r.status ? ` with ${show(r.status)}` : ''}, not lost`,
        'P',
      );
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-SESSION-008',
    title: 'A Package#3 without OMADM-DevID is answered 400',
    requirement: 'A server MUST answer a Package#3 without the OMADM-DevID header with HTTP 400 and record nothing from it (K-FLOW; our clarification).',
    labels: [],
    rules: ['K-FLOW', 'P-SESSION'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const s = await openRaw(t, raw);
    const reply = await raw.package3(s.cont, undefined, { Status: s.p2.CMD.map(() => ({ sc: 500, URI: [] })) });
    // K: OMADM-DevID is part of every Package#3 (K-FLOW), so one without it is refused (a client error); 400 is ours.
    expectHttpRefusal(t, reply.status, 'a Package#3 without OMADM-DevID', 400);
    const r = await resultOf(t, s.commandId);
    t.check(r.state !== 'done', `the Status of a Package#3 without OMADM-DevID was recorded (${show(r.status)})`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-S-SESSION-009',
    title: "A whole session runs on the device's own requests: the server never connects to the device",
    requirement:
      'A server MUST run a management session entirely on the requests the device opens, so that a device behind NAT or a firewall can be managed (K-FLOW, DM-HLF-002).',
    labels: ['DM-HLF-002', 'DM-HLF-004'],
    rules: ['K-FLOW'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const get = await dev.queue(['GET', `${DIAG}/1/RunCount`]);
    const exec = await dev.queue(['EXEC', `${DIAG}/1/Run`]);
    // Queued separately, the two may leave in several Package#2s or sessions, all opened by the device.
    const [g, e] = await deliver(t, dev, [get, exec], 'the GET and the EXEC');
    t.check(g?.status?.sc === 200 && e?.status?.sc === 200, `the results are ${show(g?.status)} and ${show(e?.status)}, not two 200s`);
    const inbound = dev.inbound();
    expectNothing(
      t,
      inbound,
      `the IUT opened ${inbound.length} connection(s) to the device during a client-initiated session: ${show(inbound.map((i) => `${i.method} ${i.url}`))}`,
    );
  },
);
