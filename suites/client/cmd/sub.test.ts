/**
 * SUB and UNSUB (K-CMD; DM-HLF-004): each change PUT to the ServerURI once and in order, only changes
 * of the subscribed subtree, a 415 retried in CBOR, the subtree as the change left it, the concrete node
 * in the Status; UNSUB stops its own SUB only, and is 404 without one.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { withWritableMo } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { expectDone, expectSc } from '../../../harness/conformance/fixtures/client/status.ts';
import { createInstance, onlyInstance } from '../../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { expectUris, sameJson } from '../../../harness/conformance/fixtures/verify.ts';
import { quiet } from '../../../harness/conformance/fixtures/waits.ts';
import { MOID } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-C-CMD-080',
    title: 'SUB: each change is PUT to the ServerURI with the new value, once, in order',
    requirement:
      'A client that supports SUB SHOULD, for each change of the subscribed subtree, PUT its new MO serialization to the ServerURI, once per change and in change order (K-CMD).',
    labels: ['DM-HLF-004'],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'SHOULD',
    features: ['SUB'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('sub'), { Name: 'n0', Other: 'o0' }, 'K');
    const [sub] = await srv.run([['SUB', `${uri}/Name`, 'auto']]);
    const s = expectDone(t, sub, `SUB ${uri}/Name`);
    expectUris(t, s.URI, [`${uri}/Name`], 'the SUB Status');
    const values = ['a', 'b', 'c'];
    await srv.run(values.map((v) => ['HGET', srv.publish([{ ClientURI: `${uri}/Name`, MOData: v }]).url, `${uri}/Name`]));
    t.step('wait for three deliveries');
    await srv.bodiesAtLeast(sub, values.length);
    await quiet(t);
    const bodies = srv.received(sub);
    // K-CMD: a SUB makes the client send the subscribed subtree's changes to the ServerURI. One PUT
    // per change, in order, of the subtree as the change left it, is the (ours) K-CMD clarification.
    t.check(bodies.length > 0, `the subscribed ${uri}/Name changed three times and nothing was delivered to the SUB's ServerURI`, 'K');
    const got = bodies.map((b) => b.entries.map((e) => e.MOData));
    t.check(
      sameJson(
        got,
        values.map((v) => [v]),
      ),
      `the receiver got ${JSON.stringify(got)}, not one delivery per change ${JSON.stringify(values.map((v) => [v]))}`,
    );
    for (const b of bodies) {
      t.check(b.method === 'PUT', `a delivery came as ${b.method}, not PUT`);
      t.check(b.entries[0]?.ClientURI === `${uri}/Name`, `a delivery names ${b.entries[0]?.ClientURI}, not ${uri}/Name`);
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-081',
    title: 'SUB: a change outside the subscribed subtree is not delivered',
    requirement: 'A client that supports SUB SHOULD deliver only changes of the subscribed subtree (K-CMD).',
    labels: ['DM-HLF-004'],
    rules: ['K-CMD'],
    level: 'SHOULD',
    features: ['SUB'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('sub'), { Name: 'n0', Other: 'o0' }, 'K');
    const [sub] = await srv.run([['SUB', `${uri}/Name`, 'auto']]);
    expectDone(t, sub, `SUB ${uri}/Name`);
    await srv.run([
      ['HGET', srv.publish([{ ClientURI: `${uri}/Other`, MOData: 'o1' }]).url, `${uri}/Other`],
      ['HGET', srv.publish([{ ClientURI: `${uri}/Name`, MOData: 'n1' }]).url, `${uri}/Name`],
    ]);
    t.step('wait for the delivery of the Name change');
    await srv.bodiesAtLeast(sub, 1);
    await quiet(t);
    const bodies = srv.received(sub);
    const got = bodies.map((b) => b.entries.map((e) => e.MOData));
    t.check(bodies.length > 0, `the subscribed ${uri}/Name changed and nothing was delivered to the SUB's ServerURI`);
    t.check(
      !bodies.some((b) => b.entries.some((e) => JSON.stringify(e.MOData ?? null).includes('"o1"'))),
      `the receiver got ${JSON.stringify(got)}: the change of ${uri}/Other (not subscribed) was delivered`,
    );
    // Exactly one delivery, of the leaf's value, is the (ours) K-CMD clarification of SUB.
    t.check(
      sameJson(got, [['n1']]),
      `the receiver got ${JSON.stringify(got)}: the change of ${uri}/Other (not subscribed) was delivered too, or Name's was not`,
      'P',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-082',
    title: 'SUB delivery answered 415 with OMADM-Accept CBOR is retried in CBOR',
    requirement: 'A client that supports SUB and CBOR MUST retry a delivery refused with 415 in the format OMADM-Accept lists (K-CMD, K-NEG).',
    labels: ['DM-IOP-001'],
    rules: ['K-CMD', 'K-NEG', 'P-CBOR'],
    level: 'MUST',
    features: ['SUB', 'CBOR'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('sub'), { Name: 'n0' });
    const receiver = srv.receiver(['cbor']);
    const [sub] = await srv.run([['SUB', `${uri}/Name`, receiver.url]]);
    expectDone(t, sub, `SUB ${uri}/Name`);
    await srv.run([['HGET', srv.publish([{ ClientURI: `${uri}/Name`, MOData: 'cbor please' }]).url, `${uri}/Name`]]);
    t.step('wait for the delivery in CBOR');
    // The retry of a 415 in an OMADM-Accept encoding is the (ours) K-NEG clarification, CBOR is P-CBOR.
    const got = await srv.bodiesAtLeast(receiver.id, 1);
    t.check(
      got.length === 1 && got[0]?.encoding === 'cbor',
      `the CBOR-only receiver accepted ${got.length} deliveries (${got.map((b) => b.encoding).join(', ')})`,
    );
    t.check(got[0]?.entries[0]?.MOData === 'cbor please', `the delivery carries ${JSON.stringify(got[0]?.entries)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-083',
    title: 'SUB of an interior node delivers the subtree as the change left it',
    requirement:
      "A client that supports SUB SHOULD deliver, for a change below the subscribed node, that node's current MO serialization (K-CMD; ours: P-DETAIL).",
    labels: ['DM-HLF-004'],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'SHOULD',
    features: ['SUB'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('sub'), { Name: 'n0', Sub: { A: 1, B: 2 } }, 'K');
    const [sub] = await srv.run([['SUB', `${uri}/Sub`, 'auto']]);
    expectDone(t, sub, `SUB ${uri}/Sub`);
    await srv.run([['HGET', srv.publish([{ ClientURI: `${uri}/Sub/B`, MOData: 20 }]).url, `${uri}/Sub/B`]]);
    t.step('wait for the delivery');
    const got = await srv.bodiesAtLeast(sub, 1);
    t.check(got.length > 0, `${uri}/Sub/B changed below the subscribed ${uri}/Sub and nothing was delivered to the SUB's ServerURI`, 'K');
    const entry = got[0]?.entries[0];
    t.check(entry?.ClientURI === `${uri}/Sub`, `the delivery names ${entry?.ClientURI}, not the subscribed ${uri}/Sub`);
    t.check(sameJson(entry?.MOData, { A: 1, B: 20 }), `the delivery carries ${JSON.stringify(entry?.MOData)}, not the subtree after the change {"A":1,"B":20}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-084',
    title: 'SUB names the concrete node it subscribed in its Status',
    requirement:
      'A client that supports SUB SHOULD list in the SUB Status the concrete ClientURIs it acted on, like every command but SHOW, CONT, END and DEFAULT (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'SHOULD',
    features: ['SUB'],
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const devInfo = await onlyInstance(t, srv, MOID.DEVINFO);
    const [sub] = await srv.run([['SUB', `${MOID.DEVINFO}//DevID`, 'auto']]);
    const s = expectDone(t, sub, `SUB ${MOID.DEVINFO}//DevID`);
    t.check(
      sameJson(s.URI, [`${devInfo}/DevID`]),
      `the SUB Status names [${s.URI.join(', ')}], not the concrete [${devInfo}/DevID] (P-DETAIL: the concrete ClientURIs the command acted on)`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-090',
    title: 'UNSUB stops the deliveries of its SUB, and only those',
    requirement: 'A client that supports UNSUB SHOULD answer 200 to an UNSUB matching a SUB and deliver no change for that SUB afterwards (K-CMD).',
    labels: [],
    rules: ['K-CMD'],
    level: 'SHOULD',
    features: ['SUB'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('unsub'), { Name: 'n0', Other: 'o0' }, 'K');
    const [subName, subOther] = await srv.run([
      ['SUB', `${uri}/Name`, 'auto'],
      ['SUB', `${uri}/Other`, 'auto'],
    ]);
    expectDone(t, subName, 'SUB of Name');
    expectDone(t, subOther, 'SUB of Other');
    await srv.run([['HGET', srv.publish([{ ClientURI: `${uri}/Name`, MOData: 'n1' }]).url, `${uri}/Name`]]);
    t.step('wait for the delivery before UNSUB');
    await srv.bodiesAtLeast(subName, 1);
    const [unsub] = await srv.run([
      ['UNSUB', `${uri}/Name`],
      ['HGET', srv.publish([{ ClientURI: uri, MOData: { Name: 'n2', Other: 'o2' } }]).url, uri],
    ]);
    const s = expectDone(t, unsub, `UNSUB ${uri}/Name`);
    t.check(sameJson(s.URI, [`${uri}/Name`]), `the UNSUB Status names [${s.URI.join(', ')}], not [${uri}/Name] (P-DETAIL: Status URI contents)`, 'P');
    t.step('wait for the delivery of the other, still active SUB');
    const other = await srv.bodiesAtLeast(subOther, 1);
    t.check(other.length >= 1, 'the SUB that was not cancelled delivered nothing (control)');
    await quiet(t);
    const cancelled = srv.received(subName);
    const after = cancelled.map((b) => b.entries[0]?.MOData);
    t.check(
      !cancelled.some((b) => JSON.stringify(b.entries.map((e) => e.MOData ?? null)).includes('"n2"')),
      `the cancelled SUB delivered ${JSON.stringify(after)}: the change made after its UNSUB ("n2") was sent`,
    );
    // One delivery per change, of the leaf's value, is the (ours) K-CMD clarification of SUB.
    t.check(sameJson(after, ['n1']), `the cancelled SUB delivered ${JSON.stringify(after)}, not only the change before UNSUB ["n1"]`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-C-CMD-091',
    title: 'UNSUB without a matching SUB is 404',
    requirement: 'A client that supports UNSUB SHOULD answer 404 to an UNSUB that matches no SUB of that server (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'SHOULD',
    features: ['SUB'],
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('nosub'), { Name: 'n0', Other: 'o0' }, 'K');
    const [sub, stray, other] = await srv.run([
      ['SUB', `${uri}/Name`, 'auto'],
      ['UNSUB', `${uri}/Other`],
      ['UNSUB', `${MOID.DEVINFO}//DevID`],
    ]);
    expectDone(t, sub, `SUB ${uri}/Name`);
    // K-CMD: UNSUB without a matching SUB is 404; the Status URI contents are P-DETAIL's.
    const s = expectSc(t, stray, 404, `UNSUB ${uri}/Other (no SUB of it)`, 'K');
    t.check(sameJson(s.URI, [`${uri}/Other`]), `the 404 Status names [${s.URI.join(', ')}], not the ClientURI as sent`);
    expectSc(t, other, 404, `UNSUB ${MOID.DEVINFO}//DevID (no SUB of it)`, 'K');
  },
);
