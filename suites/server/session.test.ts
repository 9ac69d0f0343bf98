/**
 * Session continuity and session URIs (P-SESSION, K-FLOW, seeds DM-HLF-008, DM-HLF-007, DM-HLF-002):
 * every Package#2 that is not the last ends with a CONT to a session URI carrying an unguessable
 * token; a Package#3 is matched by that token — not by the address it comes from, and only for the
 * session's own device and with one Status per command.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../harness/conformance/fixtures/harness-device.ts';
import { expectHttp, expectHttpRefusal, expectNothing, sameJson, show } from '../../harness/conformance/fixtures/verify.ts';
import { deliver } from '../../harness/conformance/fixtures/server/deliver.ts';
import { queueFor, resultOf } from '../../harness/conformance/fixtures/server/operator.ts';
import { RawDm } from '../../harness/conformance/fixtures/server/raw-dm.ts';
import { DIAGNOSTICS_MOID as DIAG, MOID } from '../../harness/protocol/moids.ts';
import type { RawCommand } from '../../harness/protocol/commands.ts';
import type { Package2 } from '../../harness/protocol/packages.ts';

interface RawSession {
  devId: string;
  commandId: string;
  p2: Package2;
  cont: string;
}

/** Queues `command` for a fresh raw device and opens its session with a raw Package#1: the Package#2 must carry it and a CONT. */
async function openRaw(t: CaseContext, raw: RawDm, command: RawCommand = ['GET', `${MOID.DEVINFO}/1/DevID`]): Promise<RawSession> {
  const devId = t.uniqueName('dmcts-raw');
  const commandId = await queueFor(t, devId, command);
  t.step(`open a session for ${devId} with a raw Package#1`);
  const reply = await raw.package1(devId);
  if (reply.status !== 200) t.inconclusive(`precondition: the Package#1 of ${devId} was answered HTTP ${reply.status}, not 200`);
  const p2 = RawDm.package2(reply);
  const cont = RawDm.contOf(p2);
  if (!p2) t.inconclusive(`precondition: the answer to the Package#1 of ${devId} (Content-Type ${reply.headers['content-type'] ?? 'none'}) is not a valid Package#2`);
  if (!cont) t.inconclusive(`precondition: the Package#2 ${show(p2.CMD)} does not end with a CONT to a session URI`);
  if (!URL.canParse(cont)) t.inconclusive(`precondition: the Package#2 ends with a CONT to ${JSON.stringify(cont)}, which is not a URL`);
  return { devId, commandId, p2, cont };
}

/** The Package#3 that answers every command of a raw session's Package#2 with sc 200. */
function okStatuses(s: RawSession, data?: unknown): { Status: Array<Record<string, unknown>> } {
  return {
    Status: s.p2.CMD.map((c, i) =>
      i === 0 && c[0] === 'GET' ? { sc: 200, URI: [String(c[1])], Data: [{ ClientURI: String(c[1]), MOData: data ?? s.devId }] } : { sc: 200, URI: [] },
    ),
  };
}

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

/** What varies between the URIs (the tokens): each without what they all share at both ends. */
function varyingParts(uris: readonly string[]): string[] {
  const [first = ''] = uris;
  let prefix = 0;
  while (uris.every((c) => c[prefix] === first[prefix]) && prefix < first.length) prefix++;
  let suffix = 0;
  while (uris.every((c) => c.length - suffix > prefix && c[c.length - 1 - suffix] === first[first.length - 1 - suffix]) && suffix < first.length) suffix++;
  return uris.map((c) => c.slice(prefix, c.length - suffix));
}

defineCase(
  {
    id: 'DMCTS-S-SESSION-001',
    title: 'Every Package#2 that is not END ends with a CONT to a session URI, which the next Package#3 uses',
    requirement: 'A server MUST end every Package#2 that does not hold END with a CONT to a session URI other than its DM URL (P-SESSION, K-FLOW).',
    labels: ['DM-HLF-008'],
    rules: ['P-SESSION', 'K-FLOW', 'K-CMD'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    // Two commands in the first Package#2, and one more queued while the device works on them.
    await dev.queue(['EXEC', `${DIAG}/1/Slow`]);
    await dev.queue(['GET', `${DIAG}/1/Label`]);
    let queued: Promise<string> | undefined;
    const off = dev.onWire((e) => {
      if (!queued && e.direction === 'in' && e.kind === 'response' && /dm\.request/.test(e.headers['content-type'] ?? '')) {
        queued = dev.queue(['GET', `${DIAG}/1/SlowCount`]);
        queued.catch(() => undefined);
      }
    });
    const outcome = await dev.session();
    off();
    await queued;
    t.check(outcome.ok, `the session failed: ${outcome.reason}`, 'K');
    const exchanges = dev.exchanges();
    let open = 0;
    for (const [i, e] of exchanges.entries()) {
      const p2 = t.need(e.package2, `package ${i + 1} of the session was not answered with a Package#2 (HTTP ${e.response?.status})`, 'K');
      if (p2.CMD.some((c) => c[0] === 'END')) {
        t.check(i === exchanges.length - 1, `Package#2 number ${i + 1} holds END, yet the device went on`, 'K');
        continue;
      }
      open += 1;
      // P-SESSION: a CONT to a session URI ends every Package#2 that is not END; (ours) every ServerURI is absolute.
      const cont = t.need(RawDm.contOf(p2), `Package#2 number ${i + 1} ${show(p2.CMD)} neither holds END nor ends with a CONT`, 'P');
      t.check(/^https?:\/\//i.test(cont), `the CONT of Package#2 number ${i + 1} names "${cont}", not an absolute http(s) URI`, 'P');
      t.check(cont !== dev.iut.dmUrl, `the CONT of Package#2 number ${i + 1} names the DM URL itself, not a session URI`, 'P');
      t.check(exchanges[i + 1]?.url === cont, `the Package#3 after Package#2 number ${i + 1} went to ${exchanges[i + 1]?.url}, not to its CONT URI ${cont}`, 'P');
    }
    if (open < 1) t.inconclusive(`precondition: no Package#2 of the session needed a CONT (the queued commands came as ${show(dev.package2s().map((p) => p.CMD))})`);
    t.check(exchanges.at(-1)?.package2?.CMD.some((c) => c[0] === 'END'), 'the last Package#2 of the session does not hold END', 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-S-SESSION-002',
    title: 'The session URI carries a long token that differs between sessions and devices',
    requirement: 'A server MUST put an unguessable session token (at least 128 bits, never repeated) in the CONT URI of each session (P-SESSION).',
    labels: ['DM-HLF-008'],
    rules: ['P-SESSION', 'K-SEC'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const conts: string[] = [];
    for (const dev of [await HarnessDevice.start(t), await HarnessDevice.start(t)]) {
      for (let i = 0; i < 2; i++) {
        await dev.queue(['GET', `${DIAG}/1/Label`]);
        const before = dev.exchanges().length;
        const outcome = await dev.session();
        t.check(outcome.ok, `a session of ${dev.devId} failed: ${outcome.reason}`, 'K');
        const cont = t.need(RawDm.contOf(dev.exchanges()[before]?.package2), `the first Package#2 of a session of ${dev.devId}, which carried a command, does not end with a CONT`, 'P');
        conts.push(cont);
      }
    }
    t.check(new Set(conts).size === conts.length, `session URIs repeat across sessions and devices: ${show(conts)}`);
    const tokens = varyingParts(conts);
    t.note(`session URIs: ${conts.join(' ')}`);
    const shortest = Math.min(...tokens.map((x) => x.length));
    t.check(shortest >= 22, `the session URIs differ in only ${shortest} characters (${show(tokens)}): too short for a 128-bit unguessable token`);
    const alphabet = new Set(tokens.join(''));
    t.check(alphabet.size >= 12, `the varying parts of the session URIs use only ${alphabet.size} distinct characters (${show(tokens)}): not random`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-SESSION-003',
    title: 'A device that moves from 127.0.0.1 to 127.0.0.2 between packages goes on in the same session',
    requirement: 'A server MUST match a Package#3 to its session by the token of the session URI, never by the source address, so a device that changed network mid-session goes on (P-SESSION, DM-HLF-008).',
    labels: ['DM-HLF-008', 'DM-HLF-007', 'DM-HLF-001'],
    rules: ['P-SESSION', 'K-FLOW'],
    level: 'MUST',
    role: 'server',
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
    t.check(r.state === 'done' && r.status?.Data?.[0]?.MOData === dev.devId, `the GET answered from the new address is recorded ${r.state} with ${show(r.status)}`);
    const info = await dev.info();
    t.check(info.sessions === sessionsBefore + 1, `the IUT counts ${info.sessions - sessionsBefore} new sessions for the device, not 1: the move must not have started a new one`);
    if (info.lastAddress !== undefined && info.lastAddress !== '127.0.0.2' && !info.lastAddress.endsWith(':127.0.0.2')) t.note(`the IUT saw the device last at ${info.lastAddress} (NAT in between?)`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-SESSION-004',
    title: 'A Package#3 to an unknown session token is answered 404',
    requirement: 'A server MUST answer a Package#3 sent to a session URI whose token it never issued with HTTP 404, and go on serving the real session (P-SESSION).',
    labels: ['DM-HLF-008'],
    rules: ['P-SESSION', 'K-FLOW'],
    level: 'MUST',
    role: 'server',
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
    role: 'server',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const id = await dev.queue(['GET', `${DIAG}/1/Label`]);
    const outcome = await dev.session();
    t.check(outcome.ok, `the session failed: ${outcome.reason}`, 'K');
    const cont = t.need(RawDm.contOf(dev.exchanges()[0]?.package2), 'the first Package#2, which carried a command, had no CONT', 'P');
    if (!dev.exchanges().at(-1)?.package2?.CMD.some((c) => c[0] === 'END')) t.inconclusive('precondition: the session did not end with END');
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
    title: 'A Package#3 with another device\'s OMADM-DevID is refused and does not touch the session',
    requirement: 'A server MUST refuse (HTTP 4xx) a Package#3 whose OMADM-DevID is not the device of the session its URI names, and keep that session for its device (P-SESSION).',
    labels: ['DM-HLF-008'],
    rules: ['P-SESSION', 'K-FLOW', 'K-SEC'],
    level: 'MUST',
    role: 'server',
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
    id: 'DMCTS-S-SESSION-007',
    title: 'A Package#3 with the wrong number of Status entries is refused (400) and its commands are lost',
    requirement: 'A server MUST refuse with HTTP 400 a Package#3 whose number of Status entries differs from the commands of its Package#2, and record those commands as lost, not done (K-FLOW; our clarification).',
    labels: [],
    rules: ['K-FLOW', 'P-SESSION'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    for (const [what, delta] of [
      ['too few', -1],
      ['too many', 1],
    ] as const) {
      const s = await openRaw(t, raw);
      const body = okStatuses(s);
      if (delta < 0) body.Status.pop();
      else body.Status.push({ sc: 200, URI: [] });
      t.step(`send a Package#3 with ${what} Status entries`);
      const reply = await raw.package3(s.cont, s.devId, body);
      // K: one Status per command (K-FLOW): a Package#3 that breaks it is refused (a client error) and cannot be
      // matched to the commands; (ours) the 400, and the commands recorded as lost.
      expectHttpRefusal(t, reply.status, `a Package#3 with ${body.Status.length} Status entries for ${s.p2.CMD.length} commands`, 400);
      const r = await resultOf(t, s.commandId);
      t.check(r.state !== 'done', `after a Package#3 with ${what} Status entries the command is done${r.status ? ` with ${show(r.status)}` : ''}: a Status was taken from it`, 'K');
      t.check(r.state === 'lost', `after a Package#3 with ${what} Status entries the command is ${r.state}${r.status ? ` with ${show(r.status)}` : ''}, not lost`, 'P');
    }
  },
);

defineCase(
  {
    id: 'DMCTS-S-SESSION-008',
    title: 'A Package#3 without OMADM-DevID is answered 400',
    requirement: 'A server MUST answer a Package#3 without the OMADM-DevID header with HTTP 400 and record nothing from it (K-FLOW; our clarification).',
    labels: [],
    rules: ['K-FLOW', 'P-SESSION'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const s = await openRaw(t, raw);
    const reply = await raw.package3(s.cont, undefined, { Status: s.p2.CMD.map(() => ({ sc: 500, URI: [] })) });
    // K: OMADM-DevID is part of every Package#3 (K-FLOW), so one without it is refused (a client error); 400 is ours.
    expectHttpRefusal(t, reply.status, 'a Package#3 without OMADM-DevID', 400);
    const r = await resultOf(t, s.commandId);
    t.check(r.state !== 'done', `the Status of a Package#3 without OMADM-DevID was recorded (${show(r.status)})`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-S-SESSION-009',
    title: 'A whole session runs on the device\'s own requests: the server never connects to the device',
    requirement: 'A server MUST run a management session entirely on the requests the device opens, so that a device behind NAT or a firewall can be managed (K-FLOW, DM-HLF-002).',
    labels: ['DM-HLF-002', 'DM-HLF-004'],
    rules: ['K-FLOW'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const get = await dev.queue(['GET', `${DIAG}/1/RunCount`]);
    const exec = await dev.queue(['EXEC', `${DIAG}/1/Run`]);
    // Queued separately, the two may leave in several Package#2s or sessions, all opened by the device.
    const [g, e] = await deliver(t, dev, [get, exec], 'the GET and the EXEC');
    t.check(g?.status?.sc === 200 && e?.status?.sc === 200, `the results are ${show(g?.status)} and ${show(e?.status)}, not two 200s`);
    const inbound = dev.inbound();
    expectNothing(t, inbound, `the IUT opened ${inbound.length} connection(s) to the device during a client-initiated session: ${show(inbound.map((i) => `${i.method} ${i.url}`))}`);
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
    role: 'server',
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
