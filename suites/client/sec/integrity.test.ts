/**
 * Integrity (K-NOTI, K-FLOW, P-SEC; DM-DI-001): a Package#0 altered after signing opens no session (stale
 * and replayed ones: noti.test.ts), a Package#2 that does not parse is not executed, a bit flipped
 * inside TLS aborts the session with nothing executed.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { writableMoid } from '../../../harness/conformance/fixtures/client/client-ixit.ts';
import { answeredPackage1s, dmPosts } from '../../../harness/conformance/fixtures/client/dm-wire.ts';
import { HarnessFront } from '../../../harness/conformance/fixtures/client/harness-front.ts';
import { craftedNotification, mustIgnoreNotification, notifiable } from '../../../harness/conformance/fixtures/client/notification-checks.ts';
import { controlRead, expectAbsent, offeredWrite } from '../../../harness/conformance/fixtures/client/refused-work.ts';
import { flipBits } from '../../../harness/conformance/fixtures/client/tampering.ts';
import { TcpRelay } from '../../../harness/conformance/fixtures/client/tls-front.ts';
import { HarnessServer } from '../../../harness/conformance/fixtures/harness-server.ts';
import { quiet, waitUntil } from '../../../harness/conformance/fixtures/waits.ts';
import { signNotification } from '../../../harness/protocol/package0-digest.ts';
import { decodePackage0Layout, PACKAGE0_OPTION } from '../../../harness/protocol/package0.ts';

defineCase(
  {
    id: 'DMCTS-C-SEC-013',
    title: 'A Package#0 altered after it was signed (one bit of its NOTIFICATION-ID) opens no session',
    requirement:
      'A client MUST verify the SHA256-DIGEST over the whole Package#0 and ignore one altered after signing, even where the altered value is itself valid (K-NOTI, P-NOTI; DM-DI-001, DM-HLF-015).',
    labels: ['DM-DI-001', 'DM-HLF-015'],
    rules: ['K-NOTI', 'P-NOTI'],
    level: 'MUST',
    features: ['NOTIFICATION'],
  },
  async (t: CaseContext) => {
    const { srv, url } = await notifiable(t);
    const bytes = signNotification(craftedNotification(t, srv, 11), srv.notificationSecret, srv.devId);
    const layout = decodePackage0Layout(bytes);
    if (!layout.ok) return t.inconclusive(`the harness's own Package#0 does not decode: ${layout.error.message}`);
    const id = layout.value.options.find((o) => o.number === PACKAGE0_OPTION.NOTIFICATION_ID);
    if (!id) return t.inconclusive("the harness's Package#0 has no NOTIFICATION-ID");
    const tampered = Uint8Array.from(bytes);
    flipBits(tampered, id.valueOffset + id.length - 1);
    // Catches an IUT that checks only the form of a Package#0 (or a digest over part of it).
    // K-NOTI: the client ignores a Package#0 whose digest does not match.
    await mustIgnoreNotification(t, srv, url, tampered, 'a Package#0 whose NOTIFICATION-ID was changed by one bit after signing', 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-014',
    title: 'A Package#2 that does not parse is not executed, not even its first commands',
    requirement:
      'A client MUST NOT execute any command of a Package#2 that does not parse (here: its last bytes altered in transit), and MUST abort the session without a Package#3 (K-FLOW; P-SEC; DM-DI-001, DM-HLF-015).',
    labels: ['DM-DI-001', 'DM-HLF-015'],
    rules: ['K-FLOW', 'P-SEC'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    let tampered: number | undefined;
    const front = await HarnessFront.start(t, {
      name: 'tampering front',
      hooks: {
        onResponse: (req, res) => {
          if (tampered !== undefined || req.method !== 'POST' || req.path.split('?')[0] !== '/dm' || res.status !== 200 || res.body.length < 2) return;
          // The HGET at the start of the CMD array stays intact; the end of the JSON (the CONT and the closing brackets) does not parse.
          const body = Buffer.from(res.body);
          flipBits(body, -1, 0x80);
          flipBits(body, -2, 0x80);
          tampered = req.index;
          return { status: res.status, headers: res.headers, body };
        },
      },
    });
    const srv = await HarnessServer.start(t, { publicUrl: front.url, encodings: ['json'] });
    front.upstream = srv.listenUrl;
    await srv.bootstrap();
    const offer = offeredWrite(t, srv, w);
    const q = srv.queue(offer.command);
    await srv.startSession();
    t.step('wait for the tampered Package#2 to be delivered');
    await waitUntil(() => tampered !== undefined, t.ixit.timeouts.sessionMs);
    const tamperedAt = tampered;
    if (tamperedAt === undefined) t.inconclusive('the IUT sent no Package#1 to the tampering front');
    await quiet(t);
    // The IUT runs on; the control session below comes after its handling of the tampered package.
    const sc = await controlRead(t, srv, offer.uri, `read ${offer.uri} back through ${srv.srvId} (nothing tampered)`);
    const after = front.requests.filter((r) => r.index > tamperedAt);
    const control = after.findIndex((r) => r.path.split('?')[0] === '/dm');
    const p3BeforeControl = (control < 0 ? after : after.slice(0, control)).filter((r) => r.path.startsWith('/dm/s/'));
    t.note(
      `requests after the tampered Package#2: ${after.map((r) => `${r.method} ${r.path.split('?')[0]}`).join(', ') || 'none'} (HGET ${q.state} at the server)`,
    );
    // Catches an IUT that executes commands as it reads a Package#2, before knowing it parses.
    t.check(
      offer.content.fetches() === 0,
      `the IUT fetched the content of the HGET of a Package#2 that does not parse (${offer.content.fetches()} times): it executed it`,
    );
    expectAbsent(t, sc, offer.uri, `${srv.srvId} (tampered Package#2)`);
    // Catches an IUT that answers a Package#2 it could not read as if it were fine.
    t.check(
      p3BeforeControl.length === 0,
      `the IUT sent ${p3BeforeControl.length} Package#3 after a Package#2 that does not parse, instead of aborting the session`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-C-SEC-015',
    title: 'A bit flipped inside TLS aborts the session: nothing of the Package#2 is executed',
    requirement:
      'A client MUST reject a TLS record that fails its integrity check and abort the session, executing nothing of the Package#2 it carried (P-SEC: TLS 1.2+; DM-DI-001).',
    labels: ['DM-DI-001', 'DM-SECCONF-001'],
    rules: ['K-SEC', 'P-SEC', 'K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const w = writableMoid(t);
    const relay = await TcpRelay.start(t, { name: 'tampering relay' });
    const srv = await HarnessServer.start(t, { publicUrl: relay.url('https') });
    relay.upstream = srv.address;
    await srv.bootstrap();
    const offer = offeredWrite(t, srv, w);
    const q = srv.queue(offer.command);
    // Armed once the server has answered the Package#1: the next application-data record to the IUT carries the Package#2.
    relay.tamper = { when: () => answeredPackage1s(srv.wire) > 0 };
    await srv.startSession();
    t.step('wait for the tampered TLS record and the end of that connection');
    if (!(await waitUntil(() => relay.tamper?.done !== undefined, t.ixit.timeouts.sessionMs)))
      t.inconclusive('no Package#2 went to the IUT through the relay (the IUT sent no Package#1)');
    await waitUntil(() => relay.open === 0, t.ixit.timeouts.sessionMs);
    await quiet(t);
    const p3 = dmPosts(srv.wire).filter((p) => p.kind === 'package3');
    t.note(`the HGET is ${q.state} at the server; ${p3.length} Package#3`);
    // Catches an IUT that would go on after a record that failed its MAC (or a TLS without integrity).
    t.check(p3.length === 0, `the IUT sent ${p3.length} Package#3 after the TLS record carrying its Package#2 was altered`);
    t.check(offer.content.fetches() === 0, `the IUT fetched the content of the HGET of a Package#2 altered in transit (${offer.content.fetches()} times)`);
    relay.tamper = undefined;
    const sc = await controlRead(t, srv, offer.uri, `read ${offer.uri} back through ${srv.srvId} (nothing tampered)`);
    expectAbsent(t, sc, offer.uri, `${srv.srvId} (TLS record altered)`);
  },
);
