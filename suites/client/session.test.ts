/**
 * Session continuity (P-SESSION; DM-HLF-008 continuity across networks, DM-HLF-007 several access
 * technologies, DM-IOP-001): a client that changes network mid-session goes on in the same session.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { dmPosts } from '../../harness/conformance/fixtures/client/dm-wire.ts';
import { HarnessFront } from '../../harness/conformance/fixtures/client/harness-front.ts';
import { expectDone, statusOf } from '../../harness/conformance/fixtures/client/status.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { MOID } from '../../harness/protocol/moids.ts';

const OTHER_NETWORK = '127.0.0.2';

/**
 * A harness server behind a front that, when the first Package#3 of a session arrives, holds it while
 * the upper tester moves the IUT to another network, and lets the server queue more work when that
 * Package#3's Status arrives (srv.onCommandDone), so the session needs more packages after the move.
 */
async function moveMidSession(t: CaseContext, to: string) {
  const { front, srv } = await HarnessFront.withServer(t, { name: 'session front' });
  await srv.bootstrap();
  let moved = false;
  front.hooks.onRequest = async (req) => {
    if (moved || req.method !== 'POST' || !req.path.startsWith('/dm/s/')) return;
    moved = true;
    t.step(`move the IUT to ${to} while its first Package#3 waits`);
    await t.ut('client.moveNetwork', { localAddress: to });
  };
  const first = srv.queue(['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]);
  const later: Array<ReturnType<HarnessServer['queue']>> = [];
  let bothQueued = () => {};
  const queuedLater = new Promise<void>((resolve) => (bothQueued = resolve));
  srv.onCommandDone((cmd) => {
    if (cmd.id === first.id) later.push(srv.queue(['HPUT', 'auto', `${MOID.DEVINFO}//Man`]));
    else if (later.length === 1 && cmd.id === later[0]?.id) {
      later.push(srv.queue(['HPUT', 'auto', `${MOID.DEVINFO}//DmV`]));
      bothQueued();
    }
  });
  await srv.startSession();
  t.step('wait for the Status of the command queued before the move');
  await srv.settle([first]);
  t.step('wait for the Status of the commands queued after the move');
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([queuedLater, new Promise<void>((resolve) => (timer = setTimeout(resolve, t.ixit.timeouts.sessionMs)))]);
  clearTimeout(timer);
  await srv.settle(later);
  return { front, srv, first, later };
}

defineCase(
  {
    id: 'DMCTS-C-SESSION-001',
    title: 'A client that changes network mid-session goes on in the same session from its new address',
    requirement:
      'A client MUST continue a session after changing network, sending its next Package#3 from the new address to the same session URI, without opening a new session (P-SESSION; DM-HLF-008).',
    labels: ['DM-HLF-008', 'DM-HLF-007', 'DM-IOP-001'],
    rules: ['P-SESSION', 'K-FLOW'],
    level: 'MUST',
    utMethods: ['client.moveNetwork'],
  },
  async (t: CaseContext) => {
    const { front, srv, first, later } = await moveMidSession(t, OTHER_NETWORK);
    // Each HPUT carried out is K-CMD; going on in the same session from the new address is P-SESSION's.
    expectDone(t, first, 'the HPUT before the move');
    for (const q of later) expectDone(t, q, `${String(q.command[2])} after the move`);
    const posts = front.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/dm'));
    const p1 = posts.filter((r) => r.path === '/dm');
    const p3 = posts.filter((r) => r.path.startsWith('/dm/s/'));
    t.check(p1.length === 1, `the IUT opened ${p1.length} sessions, not 1: it did not go on in the same session`);
    t.check(p3.length === 3, `the IUT sent ${p3.length} Package#3s, expected 3`);
    t.check(new Set(p3.map((r) => r.path)).size === 1, `the Package#3s went to ${[...new Set(p3.map((r) => r.path))].length} different session URIs`);
    const addresses = posts.map((r) => r.remoteAddress);
    const [start, held, ...moved] = addresses;
    t.check(start === held, `the packages before the move came from [${start}, ${held}]`);
    t.check(
      moved.length > 0 && moved.every((a) => a !== start),
      `after the move to ${OTHER_NETWORK} the packages came from [${moved.join(', ')}], the address they came from before (${start})`,
    );
    if (moved[0] !== OTHER_NETWORK) t.note(`after the move the IUT left from ${moved[0]}, not ${OTHER_NETWORK} (its adapter maps the move its own way)`);
    const serverSaw = [...new Set(dmPosts(srv.wire).map((p) => p.remoteAddress))];
    t.check(serverSaw.length === 2, `the harness server saw the session from [${serverSaw.join(', ')}], not from two addresses`);
    t.check(srv.sessionCount() === 1, `the harness server counted ${srv.sessionCount()} sessions, not 1`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-SESSION-002',
    title: "After a network change mid-session, the Package#3s keep the device's OMADM-DevID and their order",
    requirement:
      'A client MUST send, after a network change, Package#3s with the same OMADM-DevID that answer the Package#2s in order (P-SESSION, K-FLOW; DM-HLF-008).',
    labels: ['DM-HLF-008', 'DM-HLF-001'],
    rules: ['P-SESSION', 'K-FLOW'],
    level: 'MUST',
    utMethods: ['client.moveNetwork'],
  },
  async (t: CaseContext) => {
    const { srv, first, later } = await moveMidSession(t, OTHER_NETWORK);
    const posts = dmPosts(srv.wire);
    const ids = [...new Set(posts.map((p) => p.headers['omadm-devid']))];
    // K-FLOW: every package carries the device's OMADM-DevID.
    t.check(ids.length === 1 && ids[0] === srv.devId, `the packages of the session carried OMADM-DevID [${ids.join(', ')}], not only "${srv.devId}"`, 'K');
    const values = [first, ...later].map((q) => srv.received(q)[0]?.entries[0]?.ClientURI.split('/').at(-1));
    t.check(values.join(',') === 'DevID,Man,DmV', `the three HPUTs delivered [${values.join(', ')}], not DevID, Man, DmV in order`);
    for (const q of [first, ...later]) statusOf(t, q);
  },
);

defineCase(
  {
    id: 'DMCTS-C-SESSION-003',
    title: 'A new session after a network change works from the new address',
    requirement:
      'A client MUST be manageable after it changed network: its next session, from the new address, runs as before (DM-HLF-007, DM-IOP-001; P-SESSION).',
    labels: ['DM-HLF-007', 'DM-IOP-001', 'DM-HLF-008'],
    rules: ['P-SESSION', 'K-FLOW'],
    level: 'MUST',
    utMethods: ['client.moveNetwork'],
  },
  async (t: CaseContext) => {
    const srv = await HarnessServer.bootstrapped(t);
    const [before] = await srv.run([['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]]);
    expectDone(t, before, 'HPUT before the move');
    t.step(`move the IUT to ${OTHER_NETWORK}`);
    await t.ut('client.moveNetwork', { localAddress: OTHER_NETWORK });
    const [after] = await srv.run([['HPUT', 'auto', `${MOID.DEVINFO}//DevID`]]);
    expectDone(t, after, 'HPUT after the move');
    const p1s = dmPosts(srv.wire).filter((p) => p.kind === 'package1');
    t.check(p1s.length === 2, `${p1s.length} sessions seen, expected 2`, 'K');
    const [p1a, p1b] = [t.need(p1s[0], 'no Package#1 before the move', 'K'), t.need(p1s[1], 'no Package#1 after the move', 'K')];
    // Leaving from the new address is what the upper tester's move (P-UT, P-SESSION) asked for.
    t.check(
      p1b.remoteAddress !== p1a.remoteAddress,
      `the session after the move to ${OTHER_NETWORK} came from ${p1b.remoteAddress}, the address of the session before it`,
    );
    t.check(p1b.headers['omadm-devid'] === p1a.headers['omadm-devid'], 'the device changed its OMADM-DevID with the network', 'K');
  },
);
