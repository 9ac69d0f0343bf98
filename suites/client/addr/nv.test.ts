/**
 * x-names bound by nv= (K-ADDR, P-DETAIL): an nv= selects the instances whose node has that value, one
 * matching nothing is a wildcard matching nothing, one naming an x-name absent from the path is 400, and
 * several combine with AND. Most cases read by HPUT and DELETE (client MUSTs), so they hold whether or
 * not the client implements GET.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { withWritableMo } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { expectRefused } from '../../../harness/conformance/fixtures/client/status.ts';
import { carries, readViaHput, twoInstances } from '../../../harness/conformance/fixtures/client/tree-reads.ts';
import { expectNothing, expectUris, sameJson } from '../../../harness/conformance/fixtures/verify.ts';

defineCase(
  {
    id: 'DMCTS-C-ADDR-001',
    title: 'An x-name bound by nv= selects the instance whose node has that value',
    requirement: 'A client MUST resolve an x-name with nv=(x)/Path:value to the instances whose node at Path has that value (K-ADDR).',
    labels: ['DM-HLF-004', 'DM-HLF-011'],
    rules: ['K-ADDR', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const { b } = await twoInstances(t, srv, w);
    const read = await readViaHput(t, srv, [`${w}/(x)/APN?nv=(x)/Name:beta`], 'APN of the instance named beta', 'K');
    // K-ADDR: nv= selects beta's APN only; the concrete ClientURI and a leaf's MOData shape are ours.
    t.check(
      read.entries.length === 1 && carries(read.entries, 'apn.beta') && !carries(read.entries, 'apn.alpha'),
      `the data sent is ${JSON.stringify(read.entries)}, not the APN of the instance named beta alone`,
      'K',
    );
    expectUris(t, read.status.URI, [`${b}/APN`], 'the Status');
    t.check(
      read.entries.length === 1 && read.entries[0]?.ClientURI === `${b}/APN` && read.entries[0]?.MOData === 'apn.beta',
      `the data sent is ${JSON.stringify(read.entries)}, not ${b}/APN = apn.beta`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-ADDR-002',
    title: 'nv= matching no instance is 200 with nothing',
    requirement: 'A client MUST treat an x-name whose nv= matches nothing as a wildcard matching nothing: 200, no URI, no data (K-ADDR, P-DETAIL).',
    labels: ['DM-HLF-004'],
    rules: ['K-ADDR', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    await twoInstances(t, srv, w);
    const read = await readViaHput(t, srv, [`${w}/(x)?nv=(x)/Name:gamma`], 'instances named gamma');
    t.check(read.status.URI.length === 0, `the Status names [${read.status.URI.join(', ')}] for an nv= that matches nothing`);
    t.check(read.entries.length === 0, `data was sent for an nv= that matches nothing: ${JSON.stringify(read.entries)}`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-ADDR-003',
    title: 'nv= naming an x-name absent from the path is 400',
    requirement: 'A client MUST answer 400 to an nv= whose x-name does not appear in the path (K-ADDR, P-DETAIL).',
    labels: [],
    rules: ['K-ADDR', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    await twoInstances(t, srv, w);
    const [put, del] = await srv.run([
      ['HPUT', 'auto', `${w}/(x)/APN?nv=(y)/Name:beta`],
      ['DELETE', `${w}/(x)?nv=(y)/Name:beta`],
    ]);
    // K-ADDR: nv= binds an x-name of the path, so an nv= of an unbound one does not resolve; 400 is P-DETAIL's.
    expectRefused(t, put, 400, 'HPUT with nv=(y) and only (x) in the path');
    expectRefused(t, del, 400, 'DELETE with nv=(y) and only (x) in the path');
    expectNothing(t, srv.received(put), 'the HPUT with an nv= of an unbound x-name sent data anyway', 'K');
    const still = await readViaHput(t, srv, [`${w}/*/Name`], 'the instances after the refused DELETE', 'K');
    t.check(
      carries(still.entries, 'alpha') && carries(still.entries, 'beta'),
      `the refused DELETE removed an instance: ${w}/*/Name sent ${JSON.stringify(still.entries)}`,
      'K',
    );
    t.check(still.entries.filter((e) => ['alpha', 'beta'].includes(e.MOData as string)).length === 2, 'the refused DELETE removed an instance');
  },
);

defineCase(
  {
    id: 'DMCTS-C-ADDR-004',
    title: 'Several nv= combine with AND',
    requirement: 'A client MUST keep only the bindings that satisfy every nv= of a ClientURI (ours: K-ADDR, P-DETAIL).',
    labels: ['DM-HLF-004'],
    rules: ['K-ADDR', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const { a } = await twoInstances(t, srv, w);
    const both = await readViaHput(t, srv, [`${w}/(x)/Name?nv=(x)/Kind:x&nv=(x)/APN:apn.alpha`], 'Kind x AND APN apn.alpha');
    t.check(sameJson(both.status.URI, [`${a}/Name`]), `Kind=x AND APN=apn.alpha resolved to [${both.status.URI.join(', ')}], not [${a}/Name]`);
    const none = await readViaHput(t, srv, [`${w}/(x)/Name?nv=(x)/Name:alpha&nv=(x)/APN:apn.beta`], 'Name alpha AND APN apn.beta');
    t.check(
      none.status.URI.length === 0 && none.entries.length === 0,
      `Name=alpha AND APN=apn.beta (no such instance) resolved to [${none.status.URI.join(', ')}]`,
    );
  },
);
