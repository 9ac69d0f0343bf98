/**
 * Which instances a ClientURI reaches (K-ADDR, P-DETAIL): the empty mo-inst `MOID//` with one instance
 * visible, with two (400, nothing acted on), with one the server may not change (403, not 404), and `*`
 * as mo-inst and as path segment.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { withWritableMo } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { expectRefused } from '../../../harness/conformance/fixtures/client/status.ts';
import { carries, instanceUri, onlyInstance, readViaHput, twoInstances } from '../../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { expectNothing, sameJson } from '../../../harness/conformance/fixtures/verify.ts';
import { MOID } from '../../../harness/protocol/moids.ts';

defineCase(
  {
    id: 'DMCTS-C-ADDR-005',
    title: 'An empty mo-inst addresses the only instance',
    requirement: 'A client MUST resolve MOID//path, when exactly one instance exists, to that instance, returning the concrete URI (K-ADDR).',
    labels: ['DM-HLF-027'],
    rules: ['K-ADDR', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const read = await readViaHput(t, srv, [`${MOID.DEVINFO}//DevID`, `${MOID.DEVINFO}//Man`], 'DevInfo DevID and Man by //', 'K');
    // K-ADDR: MOID// with one instance resolves to it (its DevID is sent); the concrete ClientURIs and a
    // leaf's MOData shape are ours (P-DETAIL, K-TREE clarification).
    t.check(
      read.entries.length === 2 && carries(read.entries, srv.devId),
      `${MOID.DEVINFO}//DevID and //Man sent ${JSON.stringify(read.entries)}, not the DevID "${srv.devId}" and Man of the one DevInfo instance`,
      'K',
    );
    const [devId, man] = read.entries;
    t.check(instanceUri(MOID.DEVINFO, 'DevID').test(devId?.ClientURI ?? ''), `${MOID.DEVINFO}//DevID was sent as "${devId?.ClientURI}", not a concrete URI`);
    t.check(devId?.MOData === srv.devId, `${MOID.DEVINFO}//DevID is ${JSON.stringify(devId?.MOData)}, not "${srv.devId}"`);
    t.check(
      man?.ClientURI === devId?.ClientURI.replace(/DevID$/, 'Man'),
      `the two // URIs resolved to different instances: ${devId?.ClientURI}, ${man?.ClientURI}`,
    );
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
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const { a, b } = await twoInstances(t, srv, w);
    const [del, put] = await srv.run([
      ['DELETE', `${w}//`],
      ['HPUT', 'auto', `${w}//Name`],
    ]);
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
  },
  async (t: CaseContext) => {
    const { w, srv } = await withWritableMo(t);
    const { a, b } = await twoInstances(t, srv, w);
    const names = await readViaHput(t, srv, [`${w}/*/Name`], `${w}/*/Name`, 'K');
    // K-ADDR: `*` expands to every instance and every node; which ClientURI each entry carries and a
    // leaf's MOData shape are ours.
    t.check(
      carries(names.entries, 'alpha') && carries(names.entries, 'beta'),
      `${w}/*/Name sent ${JSON.stringify(names.entries)}: not the Name of both instances`,
      'K',
    );
    const got = new Map(names.entries.map((e) => [e.ClientURI, e.MOData]));
    t.check(got.get(`${a}/Name`) === 'alpha' && got.get(`${b}/Name`) === 'beta', `${w}/*/Name gave ${JSON.stringify(names.entries)}`);
    const leaves = await readViaHput(t, srv, [`${a}/*`], `${a}/*`, 'K');
    t.check(
      ['alpha', 'apn.alpha', 'x'].every((v) => carries(leaves.entries, v)),
      `${a}/* sent ${JSON.stringify(leaves.entries)}: not all three leaves of the instance`,
      'K',
    );
    const uris = leaves.entries.map((e) => e.ClientURI).sort();
    t.check(sameJson(uris, [`${a}/APN`, `${a}/Kind`, `${a}/Name`]), `${a}/* gave [${uris.join(', ')}], not its three leaves`);
    t.check(sameJson([...leaves.status.URI].sort(), uris), `the Status names [${leaves.status.URI.join(', ')}], not the concrete URIs of the data`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-ADDR-013',
    title: 'An empty mo-inst resolves to the one instance the server can see, even for a command it may not run there (403, not 404)',
    requirement:
      "A client MUST resolve MOID// to the one instance the server can see and then answer a command lacking the right 403 (or 405 for a permanent node), not 404, since the instance's existence is no secret to that server (K-ADDR, P-ACL, P-DETAIL).",
    labels: ['DM-HLF-009'],
    rules: ['K-ADDR', 'P-ACL', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const devInfo = await onlyInstance(t, srv, MOID.DEVINFO, 'K');
    const [explicit, empty, exec] = await srv.run([
      ['DELETE', devInfo],
      ['DELETE', `${MOID.DEVINFO}//`],
      ['EXEC', `${MOID.DEVINFO}//DevID`],
    ]);
    // Refused at all: DevInfo is permanent (K-TREE) and DevID no executable node; 403/405 rather than
    // 404 (the (ours) K-ADDR clarification on MOID//) is the profile's.
    expectRefused(t, explicit, [403, 405], `DELETE ${devInfo} (Perm R only)`);
    expectRefused(t, empty, [403, 405], `DELETE ${MOID.DEVINFO}// (Perm R only; the server reads that one instance)`);
    expectRefused(t, exec, [403, 405], `EXEC ${MOID.DEVINFO}//DevID (Perm R only; the server reads that one instance)`);
  },
);
