/**
 * DELETE (K-CMD, K-TREE): a dynamic instance and a subtree removed, a permanent node refused (403 or
 * 405) and left as it was.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { withWritableMo } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { expectDone, expectRefused, expectSc } from '../../../harness/conformance/fixtures/client/status.ts';
import { createInstance, onlyInstance, readViaHput } from '../../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { expectNothing, sameJson } from '../../../harness/conformance/fixtures/verify.ts';
import { MOID } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-C-CMD-020',
    title: 'DELETE removes a dynamic instance the server created',
    requirement: 'A client MUST delete the node a DELETE addresses with all its children, answer 200 with its URI, and 404 once it is gone (K-CMD, K-TREE).',
    labels: [],
    rules: ['K-CMD', 'K-TREE', 'P-DETAIL'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('del'), { Name: 'doomed', Nested: { A: '1' } }, 'K');
    const [del, read, again] = await srv.run([
      ['DELETE', uri],
      ['HPUT', 'auto', uri],
      ['DELETE', uri],
    ]);
    const s = expectDone(t, del, `DELETE ${uri}`);
    t.check(sameJson(s.URI, [uri]), `DELETE returned [${s.URI.join(', ')}], not [${uri}]`);
    // K-CMD: DELETE removed the node — nothing of it can be sent or deleted again; the codes (404) are P-DETAIL's.
    expectRefused(t, read, 404, `HPUT of ${uri} after its DELETE`);
    expectRefused(t, again, 404, `a second DELETE ${uri}`);
    expectNothing(t, srv.received(read), 'data of the deleted instance was still sent', 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-021',
    title: 'DELETE of the permanent DevInfo instance is refused (403 or 405) and DevInfo stays',
    requirement: 'A client MUST refuse to DELETE the permanent DevInfo instance, with 403 (no Write right) or 405 (permanent) (K-CMD, K-TREE, K-ACL).',
    labels: ['DM-HLF-027'],
    rules: ['K-CMD', 'K-TREE', 'K-ACL'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const devInfo = await onlyInstance(t, srv, MOID.DEVINFO, 'K');
    const [del, leaf] = await srv.run([
      ['DELETE', devInfo],
      ['DELETE', `${devInfo}/Man`],
    ]);
    // The refusal is K-TREE/K-ACL; 405 for a permanent node is K-TREE, 403 the P-ACL alternative.
    expectRefused(t, del, [403, 405], `DELETE ${devInfo}`);
    expectRefused(t, leaf, [403, 405], `DELETE ${devInfo}/Man`);
    const read = await readViaHput(t, srv, [`${devInfo}/DevID`, `${devInfo}/Man`], 'DevInfo after the refused DELETEs', 'K');
    t.check(read.entries.length === 2, `DevInfo changed after the refused DELETEs: HPUT of DevID and Man sent ${JSON.stringify(read.entries)}`);
    // A leaf's MOData being its value is the (ours) K-TREE clarification.
    t.check(
      read.entries[0]?.MOData === srv.devId,
      `DevInfo DevID reads ${JSON.stringify(read.entries[0]?.MOData)} after the refused DELETEs, not "${srv.devId}"`,
      'P',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-022',
    title: 'DELETE of a permanent node by a server holding Write is 405',
    requirement: 'A client MUST answer 405 to a DELETE of a permanent node even when the server holds the Write right (K-TREE).',
    labels: ['DM-HLF-027'],
    rules: ['K-TREE', 'K-CMD', 'P-ACL'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t, { perm: [{ moid: MOID.DEVINFO, rights: 'RW' }] });
    const devInfo = await onlyInstance(t, srv, MOID.DEVINFO, 'K');
    const [del, leaf] = await srv.run([
      ['DELETE', devInfo],
      ['DELETE', `${devInfo}/DevID`],
    ]);
    // K-TREE: a permanent node's delete is 405.
    expectSc(t, del, 405, `DELETE of the permanent ${devInfo} with the Write right`, 'K');
    expectSc(t, leaf, 405, `DELETE of the permanent ${devInfo}/DevID with the Write right`, 'K');
    await readViaHput(t, srv, [`${devInfo}/DevID`], 'DevInfo DevID after the refused DELETEs', 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-023',
    title: 'DELETE of an interior node removes its subtree and nothing else',
    requirement: 'A client MUST delete the addressed node and all its children, leaving the rest of the instance (K-CMD).',
    labels: [],
    rules: ['K-CMD', 'K-TREE'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('sub'), { Name: 'stays', Sub: { A: 1, Deeper: { B: 2 } } }, 'K');
    const [del] = await srv.run([['DELETE', `${uri}/Sub`]]);
    const s = expectDone(t, del, `DELETE ${uri}/Sub`);
    t.check(sameJson(s.URI, [`${uri}/Sub`]), `DELETE returned [${s.URI.join(', ')}], not [${uri}/Sub] (P-DETAIL: Status URI contents)`, 'P');
    const read = await readViaHput(t, srv, [uri], 'the instance after DELETE of Sub', 'K');
    t.check(sameJson(read.entries[0]?.MOData, { Name: 'stays' }), `${uri} reads back as ${JSON.stringify(read.entries[0]?.MOData)}, not {"Name":"stays"}`);
  },
);
