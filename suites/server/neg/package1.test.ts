/**
 * A Package#1 the IUT server must refuse with 400 (K-FLOW and our clarification): without
 * OMADM-DevID, missing a member the package requires, with a member the schema does not define.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { RawDm, samplePackage1 } from '../../../harness/conformance/fixtures/server/raw-dm.ts';
import { expectHttp, expectHttpRefusal } from '../../../harness/conformance/fixtures/verify.ts';
import { MOID } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-S-NEG-006',
    title: 'A Package#1 without OMADM-DevID is answered 400',
    requirement: 'A server MUST answer HTTP 400 to a Package#1 that lacks the OMADM-DevID header (K-FLOW; our clarification of the status).',
    labels: [],
    rules: ['K-FLOW', 'K-NEG'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const reply = await raw.package1(undefined);
    // K: OMADM-DevID is part of every Package#1 (K-FLOW), so one without it is refused (a client error); 400 is ours.
    expectHttpRefusal(t, reply.status, 'a Package#1 without OMADM-DevID', 400);
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-007',
    title: 'A Package#1 missing a required member (MIID, AlertType) is answered 400',
    requirement: 'A server MUST answer HTTP 400 to a Package#1 that lacks a member the package requires: MIID in a MOS entry, AlertType in an alert (K-FLOW).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const bodies: Array<[string, unknown]> = [
      ['a MOS entry without MIID', { MOS: [{ MOID: MOID.DEVINFO }], Alert: [] }],
      ['a MOS entry whose MIID is not a list', { MOS: [{ MOID: MOID.DEVINFO, MIID: '1' }], Alert: [] }],
      ['a MOS entry without MOID', { MOS: [{ MIID: ['1'] }], Alert: [] }],
      ['an alert without AlertType', { MOS: [], Alert: [{ Mark: 'fatal', Data: 1 }] }],
    ];
    for (const [what, body] of bodies) {
      t.step(`a Package#1 with ${what}`);
      const reply = await raw.package1(devId, body);
      // K: the member is part of the Package#1 (K-FLOW), so the package is refused (a client error); 400 is ours.
      expectHttpRefusal(t, reply.status, `a Package#1 with ${what}`, 400);
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-NEG-008',
    title: 'A Package#1 with an unknown member or without MOS/Alert is answered 400',
    requirement:
      'A server MUST answer HTTP 400 to a Package#1 with a member the schema does not define, or without its MOS or Alert member (our clarification of K-FLOW).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const bodies: Array<[string, unknown]> = [
      ['an unknown top-level member', { ...samplePackage1(), Extra: 1 }],
      ['an unknown member in a MOS entry', { MOS: [{ MOID: MOID.DEVINFO, MIID: ['1'], Colour: 'blue' }], Alert: [] }],
      ['an unknown member in an alert', { MOS: [], Alert: [{ AlertType: 'urn:dmcts:test:x', Priority: 1 }] }],
      ['no Alert member', { MOS: [{ MOID: MOID.DEVINFO, MIID: ['1'] }] }],
      ['no MOS member', { Alert: [] }],
    ];
    for (const [what, body] of bodies) {
      t.step(`a Package#1 with ${what}`);
      const reply = await raw.package1(devId, body);
      // (ours): unknown members are a schema error, and a Package#1 requires both MOS and Alert.
      expectHttp(t, reply.status, 400, `a Package#1 with ${what}`, 'P');
    }
  },
);
