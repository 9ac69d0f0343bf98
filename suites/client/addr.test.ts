/**
 * ClientURI addressing (K-ADDR): x-names with nv=, the empty mo-inst, `*`, percent-escaped names,
 * unparsable ClientURIs and unknown query fields. Most cases use HPUT and DELETE (client MUSTs), so
 * they hold whether or not the client implements GET.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { withWritableMo } from '../../harness/conformance/fixtures/client/client-ixit.ts';
import { expectRefused, expectSc } from '../../harness/conformance/fixtures/client/status.ts';
import { carries, createInstance, instanceUri, onlyInstance, readViaHput } from '../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { expectNothing, expectUris, sameJson } from '../../harness/conformance/fixtures/verify.ts';
import { MOID } from '../../harness/protocol/moids.ts';


/** Two server-owned instances of the writable MO, told apart by Name. */
async function twoInstances(t: CaseContext, srv: HarnessServer, w: string) {
  const a = await createInstance(t, srv, w, t.uniqueName('a'), { Name: 'alpha', APN: 'apn.alpha', Kind: 'x' }, 'K');
  const b = await createInstance(t, srv, w, t.uniqueName('b'), { Name: 'beta', APN: 'apn.beta', Kind: 'x' }, 'K');
  return { a, b };
}

defineCase(
  {
    id: 'DMCTS-C-ADDR-001',
    title: 'An x-name bound by nv= selects the instance whose node has that value',
    requirement: 'A client MUST resolve an x-name with nv=(x)/Path:value to the instances whose node at Path has that value (K-ADDR).',
    labels: ['DM-HLF-004', 'DM-HLF-011'],
    rules: ['K-ADDR', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const { b } = await twoInstances(t, srv, w);
    const read = await readViaHput(t, srv, [`${w}/(x)/APN?nv=(x)/Name:beta`], 'APN of the instance named beta', 'K');
    // K-ADDR: nv= selects beta's APN only; the concrete ClientURI and a leaf's MOData shape are ours.
    t.check(read.entries.length === 1 && carries(read.entries, 'apn.beta') && !carries(read.entries, 'apn.alpha'), `the data sent is ${JSON.stringify(read.entries)}, not the APN of the instance named beta alone`, 'K');
    expectUris(t, read.status.URI, [`${b}/APN`], 'the Status');
    t.check(read.entries.length === 1 && read.entries[0]?.ClientURI === `${b}/APN` && read.entries[0]?.MOData === 'apn.beta', `the data sent is ${JSON.stringify(read.entries)}, not ${b}/APN = apn.beta`);
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
    role: 'client',
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
    role: 'client',
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
    t.check(carries(still.entries, 'alpha') && carries(still.entries, 'beta'), `the refused DELETE removed an instance: ${w}/*/Name sent ${JSON.stringify(still.entries)}`, 'K');
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
    role: 'client',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const { a } = await twoInstances(t, srv, w);
    const both = await readViaHput(t, srv, [`${w}/(x)/Name?nv=(x)/Kind:x&nv=(x)/APN:apn.alpha`], 'Kind x AND APN apn.alpha');
    t.check(sameJson(both.status.URI, [`${a}/Name`]), `Kind=x AND APN=apn.alpha resolved to [${both.status.URI.join(', ')}], not [${a}/Name]`);
    const none = await readViaHput(t, srv, [`${w}/(x)/Name?nv=(x)/Name:alpha&nv=(x)/APN:apn.beta`], 'Name alpha AND APN apn.beta');
    t.check(none.status.URI.length === 0 && none.entries.length === 0, `Name=alpha AND APN=apn.beta (no such instance) resolved to [${none.status.URI.join(', ')}]`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-ADDR-005',
    title: 'An empty mo-inst addresses the only instance',
    requirement: 'A client MUST resolve MOID//path, when exactly one instance exists, to that instance, returning the concrete URI (K-ADDR).',
    labels: ['DM-HLF-027'],
    rules: ['K-ADDR', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const read = await readViaHput(t, srv, [`${MOID.DEVINFO}//DevID`, `${MOID.DEVINFO}//Man`], 'DevInfo DevID and Man by //', 'K');
    // K-ADDR: MOID// with one instance resolves to it (its DevID is sent); the concrete ClientURIs and a
    // leaf's MOData shape are ours (P-DETAIL, K-TREE clarification).
    t.check(read.entries.length === 2 && carries(read.entries, srv.devId), `${MOID.DEVINFO}//DevID and //Man sent ${JSON.stringify(read.entries)}, not the DevID "${srv.devId}" and Man of the one DevInfo instance`, 'K');
    const [devId, man] = read.entries;
    t.check(instanceUri(MOID.DEVINFO, 'DevID').test(devId?.ClientURI ?? ''), `${MOID.DEVINFO}//DevID was sent as "${devId?.ClientURI}", not a concrete URI`);
    t.check(devId?.MOData === srv.devId, `${MOID.DEVINFO}//DevID is ${JSON.stringify(devId?.MOData)}, not "${srv.devId}"`);
    t.check(man?.ClientURI === devId?.ClientURI.replace(/DevID$/, 'Man'), `the two // URIs resolved to different instances: ${devId?.ClientURI}, ${man?.ClientURI}`);
    t.check(sameJson(read.status.URI, [devId?.ClientURI, man?.ClientURI]), `the Status names [${read.status.URI.join(', ')}], not the concrete URIs`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-ADDR-006',
    title: 'An empty mo-inst with two instances is 400, and nothing is deleted',
    requirement: 'A client MUST answer 400 to MOID// when two or more instances are visible and act on none of them (K-ADDR, P-DETAIL).',
    labels: ['DM-HLF-011'],
    rules: ['K-ADDR', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const { a, b } = await twoInstances(t, srv, w);
    const [del, put] = await srv.run([['DELETE', `${w}//`], ['HPUT', 'auto', `${w}//Name`]]);
    // K-ADDR: MOID// with two instances does not resolve — refused, nothing deleted or sent; 400 and the URI are P-DETAIL's.
    const s = expectRefused(t, del, 400, `DELETE ${w}// with two instances`);
    t.check(sameJson(s.URI, [`${w}//`]), `the 400 Status names [${s.URI.join(', ')}], not the ClientURI as sent`);
    expectRefused(t, put, 400, `HPUT ${w}//Name with two instances`);
    expectNothing(t, srv.received(put), `HPUT ${w}//Name with two instances sent data anyway`, 'K');
    const read = await readViaHput(t, srv, [a, b], 'both instances after the refused DELETE', 'K');
    t.check(read.entries.length === 2, `after the refused DELETE only ${read.entries.length} of the two instances are left`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-ADDR-007',
    title: '`*` as mo-inst and as path segment expands to every matching node',
    requirement: 'A client MUST expand `*` in the mo-inst and in path segments to every existing node it may access, returning concrete URIs (K-ADDR).',
    labels: ['DM-HLF-004', 'DM-HLF-011'],
    rules: ['K-ADDR', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const { a, b } = await twoInstances(t, srv, w);
    const names = await readViaHput(t, srv, [`${w}/*/Name`], `${w}/*/Name`, 'K');
    // K-ADDR: `*` expands to every instance and every node; which ClientURI each entry carries and a
    // leaf's MOData shape are ours.
    t.check(carries(names.entries, 'alpha') && carries(names.entries, 'beta'), `${w}/*/Name sent ${JSON.stringify(names.entries)}: not the Name of both instances`, 'K');
    const got = new Map(names.entries.map((e) => [e.ClientURI, e.MOData]));
    t.check(got.get(`${a}/Name`) === 'alpha' && got.get(`${b}/Name`) === 'beta', `${w}/*/Name gave ${JSON.stringify(names.entries)}`);
    const leaves = await readViaHput(t, srv, [`${a}/*`], `${a}/*`, 'K');
    t.check(['alpha', 'apn.alpha', 'x'].every((v) => carries(leaves.entries, v)), `${a}/* sent ${JSON.stringify(leaves.entries)}: not all three leaves of the instance`, 'K');
    const uris = leaves.entries.map((e) => e.ClientURI).sort();
    t.check(sameJson(uris, [`${a}/APN`, `${a}/Kind`, `${a}/Name`]), `${a}/* gave [${uris.join(', ')}], not its three leaves`);
    t.check(sameJson([...leaves.status.URI].sort(), uris), `the Status names [${leaves.status.URI.join(', ')}], not the concrete URIs of the data`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-ADDR-008',
    title: 'Percent-escaped node names address the literal names (%2A is a node named *)',
    requirement: 'A client MUST percent-decode ClientURI segments, so that %20 addresses a name with a space and %2A a node named `*`, not the wildcard (K-ADDR, RFC 3986).',
    labels: ['DM-HLF-027'],
    rules: ['K-ADDR'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('esc'), { 'a b': 'space', '*': 'star', plain: 'plain' }, 'K');
    // RFC 3986 percent-decoding (%20) is K-ADDR; a node named `*` written %2A (not the wildcard) is the
    // (ours) K-ADDR clarification, and a leaf's MOData being its value the (ours) K-TREE one.
    const space = await readViaHput(t, srv, [`${uri}/a%20b`], 'the node "a b"', 'K');
    t.check(space.entries.length === 1 && carries(space.entries, 'space') && !carries(space.entries, 'plain'), `${uri}/a%20b gave ${JSON.stringify(space.entries)}, not the node "a b"`);
    t.check(space.entries[0]?.MOData === 'space', `${uri}/a%20b gave ${JSON.stringify(space.entries)}, not the node "a b" with MOData "space"`, 'P');
    const star = await readViaHput(t, srv, [`${uri}/%2A`], 'the node "*"', 'P');
    t.check(star.entries.length === 1 && star.entries[0]?.MOData === 'star', `${uri}/%2A gave ${JSON.stringify(star.entries)}: it was taken as the wildcard, not the node named "*"`, 'P');
    t.check(/\/%2A$/i.test(star.entries[0]?.ClientURI ?? ''), `the node named "*" was sent as ClientURI "${star.entries[0]?.ClientURI}", which reads as the wildcard`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-C-ADDR-009',
    title: 'Unparsable ClientURIs are 400 with the ClientURI as sent',
    requirement: 'A client MUST answer 400, naming the ClientURI as sent, to a ClientURI that does not parse (K-ADDR, P-DETAIL).',
    labels: [],
    rules: ['K-ADDR', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const uri = await createInstance(t, srv, w, t.uniqueName('p'), { Name: 'n', Sub: { A: 1 } });
    const bad = [`${uri}/Sub//A`, 'not-a-urn/1/x', `${uri}/a b`, `${uri}/%zz`, `${uri}/(x)/(x)`];
    const results = await srv.runEach(bad, (u) => ['DELETE', u], { raw: true });
    for (const [u, q] of results) {
      // A space or a bad %-escape breaks RFC 3986 (K-ADDR): not carried out. The other three are errors
      // by the (ours) K-ADDR/K-CMD clarifications (empty segment, MOID a URN, an x-name twice); 400 is ours.
      const s = / |%zz/.test(u) ? expectRefused(t, q, 400, `DELETE "${u}" (not an RFC 3986 URI)`) : expectSc(t, q, 400, `DELETE "${u}"`);
      t.check(sameJson(s.URI, [u]), `the 400 Status of DELETE "${u}" names [${s.URI.join(', ')}], not the ClientURI as sent`);
    }
    const read = await readViaHput(t, srv, [uri], 'the instance after the refused DELETEs');
    t.check(sameJson(read.entries[0]?.MOData, { Name: 'n', Sub: { A: 1 } }), `a refused DELETE changed ${uri}: ${JSON.stringify(read.entries[0]?.MOData)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-ADDR-010',
    title: 'An unknown query field is 400',
    requirement: 'A client MUST answer 400 to a ClientURI with a query field other than nv, cv, depth and fields (ours: K-ADDR, P-DETAIL).',
    labels: [],
    rules: ['K-ADDR', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const [put, del] = await srv.run([
      ['HPUT', 'auto', `${MOID.DEVINFO}//DevID?frobnicate=1`],
      ['DELETE', `${MOID.DEVINFO}//Man?select=all`],
    ]);
    expectSc(t, put, 400, 'HPUT with ?frobnicate=1');
    expectSc(t, del, 400, 'DELETE with ?select=all');
    expectNothing(t, srv.received(put), 'the HPUT with an unknown query field sent data anyway');
  },
);

defineCase(
  {
    id: 'DMCTS-C-ADDR-011',
    title: 'A ClientURI of only an MOID is 400 for commands that address nodes',
    requirement: 'A client MUST answer 400 to DELETE, HPUT or EXEC whose ClientURI names only an MOID (ours: K-ADDR, P-DETAIL).',
    labels: [],
    rules: ['K-ADDR', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    await createInstance(t, srv, w, t.uniqueName('m'), { Name: 'n' });
    const [del, put, exec] = await srv.run([['DELETE', w], ['HPUT', 'auto', w], ['EXEC', w]]);
    expectSc(t, del, 400, `DELETE ${w}`);
    expectSc(t, put, 400, `HPUT ${w}`);
    expectSc(t, exec, 400, `EXEC ${w}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-ADDR-012',
    title: 'The MOID matches with "urn:" and the namespace ID in any case',
    requirement: 'A client SHOULD compare MOIDs with the "urn:" prefix and the namespace ID case-insensitively (RFC 8141; ours: K-ADDR).',
    labels: ['DM-HLF-027'],
    rules: ['K-ADDR'],
    level: 'SHOULD',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const shouted = MOID.DEVINFO.replace(/^urn:oma:/, 'URN:OMA:');
    const [q] = await srv.run([['HPUT', 'auto', `${shouted}//DevID`]]);
    const s = q.status;
    // The case-insensitive "urn:" and namespace ID is the (ours) K-ADDR clarification (RFC 8141 read for MOIDs).
    if (s?.sc !== 200) return t.warn(`HPUT ${shouted}//DevID answered sc ${s?.sc}: the MOID was compared case-sensitively in its "urn:" and namespace ID`, 'P');
    const body = srv.received(q)[0];
    t.check(body?.entries[0]?.MOData === srv.devId, `HPUT ${shouted}//DevID sent ${JSON.stringify(body?.entries)}`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-C-ADDR-013',
    title: 'An empty mo-inst resolves to the one instance the server can see, even for a command it may not run there (403, not 404)',
    requirement: 'A client MUST resolve MOID// to the one instance the server can see and then answer a command lacking the right 403 (or 405 for a permanent node), not 404, since the instance\'s existence is no secret to that server (K-ADDR, P-ACL, P-DETAIL).',
    labels: ['DM-HLF-009'],
    rules: ['K-ADDR', 'P-ACL', 'P-DETAIL'],
    level: 'MUST',
    role: 'client',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const devInfo = await onlyInstance(t, srv, MOID.DEVINFO, 'K');
    const [explicit, empty, exec] = await srv.run([['DELETE', devInfo], ['DELETE', `${MOID.DEVINFO}//`], ['EXEC', `${MOID.DEVINFO}//DevID`]]);
    // Refused at all: DevInfo is permanent (K-TREE) and DevID no executable node; 403/405 rather than
    // 404 (the (ours) K-ADDR clarification on MOID//) is the profile's.
    expectRefused(t, explicit, [403, 405], `DELETE ${devInfo} (Perm R only)`);
    expectRefused(t, empty, [403, 405], `DELETE ${MOID.DEVINFO}// (Perm R only; the server reads that one instance)`);
    expectRefused(t, exec, [403, 405], `EXEC ${MOID.DEVINFO}//DevID (Perm R only; the server reads that one instance)`);
  },
);
