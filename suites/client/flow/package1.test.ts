/**
 * The Package#1 of a session the IUT client opens (K-FLOW, K-NEG): an HTTP POST with the device's
 * OMADM-DevID, the initiation media type and body, an Accept allowing the Package#2, the
 * ClientInitiatedMgmt alert, DevInfo and its MIID in the MOS.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { dmPosts } from '../../../harness/conformance/fixtures/client/dm-wire.ts';
import { emptySession, package1Count } from '../../../harness/conformance/fixtures/client/sessions.ts';
import { carries, miidOf, readViaHput } from '../../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { waitUntil } from '../../../harness/conformance/fixtures/waits.ts';
import { mediaType, parseMediaType } from '../../../harness/protocol/media-types.ts';
import { MOID } from '../../../harness/protocol/moids.ts';
import { chooseEncoding } from '../../../harness/protocol/negotiation.ts';
import { ALERT } from '../../../harness/protocol/packages.ts';

defineCase(
  {
    id: 'DMCTS-C-FLOW-001',
    title: 'Package#1 carries OMADM-DevID equal to DevInfo DevID',
    requirement:
      'A client MUST send Package#1 as an HTTP POST (over P-WS: a frame of the WebSocket whose upgrade named its OMADM-DevID) whose OMADM-DevID header is the DevID of its DevInfo (K-FLOW, P-WS).',
    labels: ['DM-HLF-027'],
    rules: ['K-FLOW', 'K-DDF'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    await srv.startSession();
    t.step('wait for the Package#1');
    await waitUntil(() => package1Count(srv) > 0, t.ixit.timeouts.sessionMs);
    const p1 = dmPosts(srv.wire).find((p) => p.kind === 'package1');
    if (!p1) return t.fail(`the IUT sent no Package#1 within ${t.ixit.timeouts.sessionMs} ms`);
    // Over HTTP a POST (K-FLOW); over the WebSocket a frame (P-WS).
    const expected = t.transport === 'ws' ? 'WS' : 'POST';
    t.check(p1.method === expected, `Package#1 came with ${p1.method}, not ${expected === 'WS' ? 'as a frame over the WebSocket' : 'POST'}`);
    const header = p1.headers['omadm-devid'];
    t.check(header !== undefined, 'Package#1 has no OMADM-DevID header');
    t.check(header === srv.devId, `Package#1 OMADM-DevID is "${header}", but the device's DevID (as its bootstrap reported it) is "${srv.devId}"`);
    const read = await readViaHput(t, srv, [`${MOID.DEVINFO}//DevID`], 'DevInfo DevID', 'K');
    const devId = read.entries[0]?.MOData;
    t.check(carries(read.entries, header), `Package#1 OMADM-DevID is "${header}", but DevInfo DevID reads ${JSON.stringify(read.entries)}`);
    // A leaf's MOData being its value is the (ours) K-TREE clarification.
    t.check(devId === header, `Package#1 OMADM-DevID is "${header}", but DevInfo DevID is ${JSON.stringify(devId)}`, 'P');
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-002',
    title: 'Package#1 has the initiation media type and a body that is a Package#1',
    requirement:
      'A client MUST send Package#1 with Content-Type application/vnd.oma.dm.initiation+json (or its CBOR twin) and a body of that structure (K-FLOW, P-CBOR).',
    labels: ['DM-HLF-001'],
    rules: ['K-FLOW', 'P-CBOR'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    await emptySession(t, srv, 'a session', 'K');
    const p1 = t.need(
      dmPosts(srv.wire).find((p) => p.kind === 'package1'),
      'the harness server saw no Package#1',
      'K',
    );
    const type = parseMediaType(p1.headers['content-type']);
    t.check(type?.kind === 'initiation', `Package#1 Content-Type is "${p1.headers['content-type'] ?? '(none)'}", not ${mediaType('initiation', 'json')}`, 'K');
    // Valid by the reference schema: both MOS and Alert, no unknown member — the (ours) K-FLOW clarification.
    t.check(p1.package1 !== undefined, `the Package#1 body is not a valid Package#1: ${p1.decodeError}`);
    t.check(p1.response?.status === 200, `the harness server refused the Package#1 with HTTP ${p1.response?.status}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-003',
    title: 'Package#1 Accept allows the Package#2 media type',
    requirement: 'A client MUST send Accept naming application/vnd.oma.dm.request+json (K-FLOW, K-NEG).',
    labels: ['DM-HLF-001'],
    rules: ['K-FLOW', 'K-NEG'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    await emptySession(t, srv);
    const p1 = dmPosts(srv.wire).find((p) => p.kind === 'package1');
    if (!p1) return t.fail('the harness server saw no Package#1');
    const accept = p1.headers.accept;
    t.check(accept !== undefined && accept.trim() !== '', 'Package#1 has no Accept header');
    t.check(
      chooseEncoding(accept, 'request', ['json']) === 'json' && /application\/vnd\.oma\.dm\.request\+json/i.test(accept),
      `Package#1 Accept "${accept}" does not allow ${mediaType('request', 'json')}`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-004',
    title: 'A client-initiated session opens with the ClientInitiatedMgmt alert',
    requirement: 'A client MUST put the urn:oma:at:dm:2.0:ClientInitiatedMgmt alert in the Package#1 of a session it initiates (K-FLOW).',
    labels: ['DM-HLF-018'],
    rules: ['K-FLOW'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    await emptySession(t, srv);
    const p1 = t.need(
      dmPosts(srv.wire).find((p) => p.kind === 'package1'),
      'no Package#1 arrived',
    );
    // Read by the reference schema, whose strictness (unknown members, MOS and Alert both required) is ours.
    const package1 = t.need(p1.package1, `the Package#1 is not valid by the reference schema: ${p1.decodeError ?? 'no body'}`, 'P');
    const types = package1.Alert.map((a) => a.AlertType);
    t.check(types.includes(ALERT.CLIENT_INITIATED), `Package#1 alerts are [${types.join(', ')}]: no ${ALERT.CLIENT_INITIATED}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FLOW-005',
    title: 'Package#1 MOS lists DevInfo with its MIID',
    requirement: 'A client MUST list in the Package#1 MOS each MO the server may manage with its MIIDs, DevInfo included (K-FLOW).',
    labels: ['DM-HLF-027'],
    rules: ['K-FLOW', 'K-DDF'],
    level: 'MUST',
    perTransport: true,
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const read = await readViaHput(t, srv, [`${MOID.DEVINFO}//`], 'DevInfo', 'K');
    // The instance's MIID from the Status URI (P-DETAIL), else from the ClientURI of the data sent.
    const uri = read.status.URI[0] ?? read.entries[0]?.ClientURI ?? '';
    // undefined for a URI of another MO, or one whose MIID is not valid percent-encoding (the IUT's).
    const miid = miidOf(uri, MOID.DEVINFO);
    if (!miid) return t.fail(`HPUT of ${MOID.DEVINFO}// named "${uri}" in its Status, not a DevInfo instance`, 'P');
    const p1 = t.need(
      dmPosts(srv.wire).find((p) => p.kind === 'package1'),
      'no Package#1 arrived',
    );
    const package1 = t.need(p1.package1, `the Package#1 is not valid by the reference schema: ${p1.decodeError ?? 'no body'}`, 'P');
    const entry = package1.MOS.find((m) => m.MOID.toLowerCase() === MOID.DEVINFO);
    if (!entry) return t.fail(`Package#1 MOS lists ${package1.MOS.map((m) => m.MOID).join(', ') || 'nothing'}, not ${MOID.DEVINFO}`);
    t.check(entry.MIID.includes(miid), `Package#1 MOS gives DevInfo the MIIDs [${entry.MIID.join(', ')}], but its instance is "${miid}"`);
  },
);
