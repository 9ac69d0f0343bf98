/**
 * Matching a Package#3 to its session (P-SESSION, K-FLOW; DM-HLF-008, DM-HLF-007): by the token of the
 * session URI — not by the address it comes from — and only for the session's own device: an unknown
 * or ended token is 404, another DevID is refused, interleaved sessions each get their own Package#3.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { resultOf } from '../../../harness/conformance/fixtures/server/operator.ts';
import { RawDm } from '../../../harness/conformance/fixtures/server/raw-dm.ts';
import { okStatuses, openRaw } from '../../../harness/conformance/fixtures/server/raw-session.ts';
import { expectHttp, sameJson, show } from '../../../harness/conformance/fixtures/verify.ts';
import { DIAGNOSTICS_MOID as DIAG, MOID } from '../../../harness/protocol/moids.ts';

/** The URI with its longest run of token characters replaced by different characters of the same kinds. */
function forgeToken(uri: string): string {
  const u = new URL(uri);
  const where = `${u.pathname}${u.search}`;
  const runs = where.match(/[A-Za-z0-9_-]+/g) ?? [];
  const token = runs.reduce((a, b) => (b.length > a.length ? b : a), '');
  const swap = (c: string) => {
    if (/[0-9]/.test(c)) return String((Number(c) + 5) % 10);
    if (/[a-z]/.test(c)) return String.fromCharCode(((c.charCodeAt(0) - 97 + 13) % 26) + 97);
    if (/[A-Z]/.test(c)) return String.fromCharCode(((c.charCodeAt(0) - 65 + 13) % 26) + 65);
    return c === '_' ? '-' : '_';
  };
  const forged = [...token].map(swap).join('');
  return `${u.origin}${where.replace(token, forged)}${u.hash}`;
}

defineCase(
  {
    id: 'DMCTS-S-SESSION-003',
    title: 'A device that moves from 127.0.0.1 to 127.0.0.2 between packages goes on in the same session',
    requirement:
      'A server MUST match a Package#3 to its session by the token of the session URI, never by the source address, so a device that changed network mid-session goes on (P-SESSION, DM-HLF-008).',
    labels: ['DM-HLF-008', 'DM-HLF-007', 'DM-HLF-001'],
    rules: ['P-SESSION', 'K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const id = await dev.queue(['GET', `${MOID.DEVINFO}/1/DevID`]);
    const sessionsBefore = (await dev.info()).sessions;
    let moved = false;
    const off = dev.onWire((e) => {
      if (!moved && e.direction === 'in' && e.kind === 'response' && /dm\.request/.test(e.headers['content-type'] ?? '')) {
        moved = true;
        dev.moveTo('127.0.0.2');
      }
    });
    const outcome = await dev.session();
    off();
    if (!moved) t.inconclusive(`precondition: no Package#2 arrived, so the device never moved (${outcome.ok ? 'the session ended' : outcome.reason})`);
    const exchanges = dev.exchanges();
    const second = exchanges[1];
    if (!outcome.ok && outcome.httpStatus === undefined && second && !second.response) {
      t.inconclusive(`the device could not reach the IUT from 127.0.0.2: ${outcome.reason}`);
    }
    t.check(outcome.ok, `after the move, the session broke: ${outcome.reason}`);
    expectHttp(t, second?.response?.status, 200, 'the Package#3 sent from the new address');
    const r = await dev.settle(id);
    t.check(
      r.state === 'done' && r.status?.Data?.[0]?.MOData === dev.devId,
      `the GET answered from the new address is recorded ${r.state} with ${show(r.status)}`,
    );
    const info = await dev.info();
    t.check(
      info.sessions === sessionsBefore + 1,
      `the IUT counts ${info.sessions - sessionsBefore} new sessions for the device, not 1: the move must not have started a new one`,
    );
    if (info.lastAddress !== undefined && info.lastAddress !== '127.0.0.2' && !info.lastAddress.endsWith(':127.0.0.2'))
      t.note(`the IUT saw the device last at ${info.lastAddress} (NAT in between?)`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-SESSION-004',
    title: 'A Package#3 to an unknown session token is answered 404',
    requirement:
      'A server MUST answer a Package#3 sent to a session URI whose token it never issued with HTTP 404, and go on serving the real session (P-SESSION).',
    labels: ['DM-HLF-008'],
    rules: ['P-SESSION', 'K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const s = await openRaw(t, raw);
    const forged = forgeToken(s.cont);
    t.note(`session URI ${s.cont}, forged ${forged}`);
    t.step('send the Package#3 to a forged token');
    const wrong = await raw.package3(forged, s.devId, okStatuses(s));
    expectHttp(t, wrong.status, 404, 'a Package#3 to an unknown session token');
    t.step('send the same Package#3 to the real session URI');
    const right = await raw.package3(s.cont, s.devId, okStatuses(s));
    // K: the session's own Package#3 is served and its Status recorded.
    expectHttp(t, right.status, 200, 'the same Package#3 at the real session URI', 'K');
    const r = await resultOf(t, s.commandId);
    t.check(r.state === 'done' && r.status?.sc === 200, `the command is recorded ${r.state} (sc ${r.status?.sc}) after the real Package#3`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-S-SESSION-005',
    title: 'The session URI of an ended session is answered 404',
    requirement: 'A server MUST answer a Package#3 sent to the session URI of a session that ended with END with HTTP 404 (P-SESSION).',
    labels: ['DM-HLF-008'],
    rules: ['P-SESSION', 'K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const id = await dev.queue(['GET', `${DIAG}/1/Label`]);
    const outcome = await dev.session();
    t.check(outcome.ok, `the session failed: ${outcome.reason}`, 'K');
    const cont = t.need(RawDm.contOf(dev.exchanges()[0]?.package2), 'the first Package#2, which carried a command, had no CONT', 'P');
    if (
      !dev
        .exchanges()
        .at(-1)
        ?.package2?.CMD.some((c) => c[0] === 'END')
    )
      t.inconclusive('precondition: the session did not end with END');
    const raw = RawDm.start(t);
    t.step('replay a Package#3 to the ended session');
    const first = dev.exchanges()[0]?.package2?.CMD.length ?? 2;
    const late = await raw.package3(cont, dev.devId, { Status: Array.from({ length: first }, (_, i) => ({ sc: i === 0 ? 500 : 200, URI: [] })) });
    expectHttp(t, late.status, 404, 'a Package#3 to the ended session');
    const r = await dev.result(id);
    // K: a Package#3 after the session ended with END is no part of it (K-FLOW): the Status recorded stays the session's.
    t.check(r.status?.sc === 200, `after the late Package#3 the command shows sc ${r.status?.sc}, not the 200 of the real session`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-S-SESSION-006',
    title: "A Package#3 with another device's OMADM-DevID is refused and does not touch the session",
    requirement:
      'A server MUST refuse (HTTP 4xx) a Package#3 whose OMADM-DevID is not the device of the session its URI names, and keep that session for its device (P-SESSION).',
    labels: ['DM-HLF-008'],
    rules: ['P-SESSION', 'K-FLOW', 'K-SEC'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const s = await openRaw(t, raw);
    const intruder = t.uniqueName('dmcts-intruder');
    t.step('send a Package#3 for the session with another device ID');
    const foreign = await raw.package3(s.cont, intruder, { Status: s.p2.CMD.map(() => ({ sc: 500, URI: [`${MOID.DEVINFO}/9`] })) });
    t.check(foreign.status >= 400 && foreign.status < 500, `a Package#3 from another device ID was answered HTTP ${foreign.status}, not a 4xx refusal`);
    const mid = await resultOf(t, s.commandId);
    t.check(mid.status?.sc !== 500, 'the Status sent under another device ID was recorded for the command');
    t.step('the real device answers');
    const right = await raw.package3(s.cont, s.devId, okStatuses(s));
    t.check(right.status === 200, `the real device's Package#3 was answered HTTP ${right.status} after the refused one, not 200`, 'K');
    const r = await resultOf(t, s.commandId);
    t.check(r.state === 'done' && r.status?.sc === 200, `the command is recorded ${r.state} with sc ${r.status?.sc}, not done with the real device's 200`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-S-SESSION-010',
    title: 'Interleaved sessions of two devices: each Package#3 lands on its own session',
    requirement: 'A server MUST match each Package#3 to the session its URI names even when sessions of several devices are open at once (P-SESSION).',
    labels: ['DM-HLF-008'],
    rules: ['P-SESSION', 'K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const a = await openRaw(t, raw);
    const b = await openRaw(t, raw);
    t.check(a.cont !== b.cont, `two open sessions share the session URI ${a.cont}`);
    t.step('answer the second session first, then the first');
    const rb = await raw.package3(b.cont, b.devId, okStatuses(b, 'answer-of-b'));
    const ra = await raw.package3(a.cont, a.devId, okStatuses(a, 'answer-of-a'));
    // K: each device's own Package#3 is served and recorded for its own command (the GET data is P-GET).
    t.check(ra.status === 200 && rb.status === 200, `the Package#3s were answered HTTP ${ra.status} and ${rb.status}, not 200`, 'K');
    for (const [s, expected] of [
      [a, 'answer-of-a'],
      [b, 'answer-of-b'],
    ] as const) {
      const r = await resultOf(t, s.commandId);
      const got = r.status?.Data?.[0]?.MOData;
      t.check(r.state === 'done', `the command of ${s.devId} is recorded ${r.state}, not done from its own Package#3`, 'K');
      t.check(sameJson(got, expected), `the command of ${s.devId} is recorded with ${show(got)}, not "${expected}" from its own Package#3`);
    }
  },
);
