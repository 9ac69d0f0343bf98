/**
 * The twelve commands from the server side (K-CMD: a server MUST implement all of them): each one,
 * queued through the upper tester with valid parameters, reaches the harness device exactly as
 * queued, the device carries it out (observed on the device or at the harness's own ServerURIs),
 * and the IUT records the Status the device returned.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { HarnessDevice, type UtResult } from '../../harness/conformance/fixtures/harness-device.ts';
import { sameJson, show, sleep } from '../../harness/conformance/fixtures/server/checks.ts';
import { ContentHost } from '../../harness/conformance/fixtures/server/content-host.ts';
import { CONNMO, DIAG, RawDm, samplePackage1 } from '../../harness/conformance/fixtures/server/raw-dm.ts';
import type { RawCommand } from '../../harness/protocol/commands.ts';
import type { Package3, StatusEntry } from '../../harness/protocol/packages.ts';

const LABEL = `${DIAG}/1/Label`;

interface Ran {
  id: string;
  result: UtResult;
  /** The Status the device sent for the command. */
  sent: StatusEntry;
}

/**
 * Queues one command, runs a client-initiated session, and checks what every command case shares:
 * the device received exactly that command, once; the IUT recorded the Status the device sent.
 */
async function runOne(t: CaseContext, dev: HarnessDevice, command: RawCommand): Promise<Ran> {
  const id = await dev.queue(command);
  const before = dev.exchanges().length;
  const outcome = await dev.session();
  t.check(outcome.ok, `the session that should carry ${String(command[0])} failed: ${outcome.reason}`);
  const exchanges = dev.exchanges().slice(before);
  const received = exchanges.flatMap((e) => e.package2?.CMD ?? []);
  const copies = received.filter((c) => sameJson(c, command)).length;
  t.check(copies === 1, `the device received ${copies} copies of ${show(command)} (it got ${show(received)}); exactly one was due`);
  // The Status sits in the Package#3 that answers the Package#2 holding the command, at its position.
  const at = exchanges.findIndex((e) => e.package2?.CMD.some((c) => sameJson(c, command)));
  const p2 = exchanges[at]!.package2!;
  const position = p2.CMD.findIndex((c) => sameJson(c, command));
  const ended = p2.CMD.some((c) => c[0] === 'END');
  const p3 = ended ? undefined : (exchanges[at + 1]?.sent as Package3 | undefined);
  const sent = t.need(p3?.Status[position], `the device sent no Status for ${String(command[0])}`);
  const result = await dev.settle(id);
  t.check(result.state === 'done', `the IUT reports ${String(command[0])} as ${result.state}${result.reason ? ` (${result.reason})` : ''}, not done`);
  const got = t.need(result.status, `server.result has no Status for ${String(command[0])}`);
  t.check(got.sc === sent.sc && sameJson(got.URI, sent.URI) && sameJson(got.Data, sent.Data), `the IUT recorded ${show(got)} for ${String(command[0])}, but the device sent ${show(sent)}`);
  return { id, result, sent };
}

defineCase(
  {
    id: 'DMCTS-S-CMD-001',
    title: 'GET: the device\'s data comes back in the Status and is recorded',
    requirement: 'A server MUST send GET with its ClientURI and record the data the device returns in the Status entry (K-CMD, P-GET).',
    labels: ['DM-HLF-004'],
    rules: ['K-CMD', 'P-GET'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const { result } = await runOne(t, dev, ['GET', `${DIAG}/1?fields=Label,SlowMs`]);
    const data = result.status?.Data?.[0];
    t.check(result.status?.sc === 200 && data?.ClientURI === `${DIAG}/1`, `GET is recorded as ${show(result.status)}`);
    t.check(sameJson(data?.MOData, { Label: 'diagnostics', SlowMs: 200 }), `the recorded GET data ${show(data?.MOData)} is not what the device holds`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-002',
    title: 'HGET with a ClientURI: the device fetches the ServerURI and stores the data there',
    requirement: 'A server MUST send HGET ServerURI ClientURI with both parameters as queued and record the device\'s Status (K-CMD).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    const value = `hget-${t.seed >>> 0}`;
    const content = host.publish([{ ClientURI: LABEL, MOData: value }]);
    const { result } = await runOne(t, dev, ['HGET', content.url, LABEL]);
    t.check(host.fetches(content.id).length === 1, `the device fetched the HGET ServerURI ${host.fetches(content.id).length} times, not once`);
    t.check(dev.local(DIAG, '1', ['Label']).value === value, `the device holds Label ${show(dev.local(DIAG, '1', ['Label']).value)}, not the fetched "${value}"`);
    t.check(result.status?.sc === 200 && sameJson(result.status.URI, [LABEL]), `HGET is recorded as ${show(result.status)}, not sc 200 for ${LABEL}`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-003',
    title: 'HGET without a ClientURI: the device creates the instance and the server records its URI',
    requirement: 'A server MUST send HGET with only a ServerURI and record the URIs of the instances the device created, from its Status (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    const name = `apn-${t.seed >>> 0}`;
    const content = host.publish([{ ClientURI: CONNMO, MOData: { Name: name } }]);
    const { result } = await runOne(t, dev, ['HGET', content.url]);
    const uri = result.status?.URI[0] ?? '';
    const miid = decodeURIComponent(uri.slice(CONNMO.length + 1));
    t.check(result.status?.sc === 200 && uri.startsWith(`${CONNMO}/`) && result.status.URI.length === 1, `HGET is recorded as ${show(result.status)}, not sc 200 naming one new ConnMO instance`);
    t.check(dev.local(CONNMO, miid, ['Name']).value === name, `the device has no ConnMO instance ${miid} named "${name}"`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-004',
    title: 'HPUT: the device PUTs the named data to the ServerURI',
    requirement: 'A server MUST send HPUT ServerURI ClientURI as queued and record the device\'s Status (K-CMD).',
    labels: ['DM-HLF-004'],
    rules: ['K-CMD', 'K-TREE'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    const recv = host.receiver();
    const { result } = await runOne(t, dev, ['HPUT', recv.url, LABEL]);
    const got = host.received(recv.id);
    t.check(got.length === 1 && got[0]!.method === 'PUT', `the ServerURI received ${show(got.map((g) => g.method))}, not one PUT`);
    t.check(sameJson(got[0]!.entries?.map((e) => [e.ClientURI, e.MOData]), [[LABEL, 'diagnostics']]), `the PUT carried ${show(got[0]!.entries)}, not the Label node`);
    t.check(result.status?.sc === 200 && sameJson(result.status.URI, [LABEL]), `HPUT is recorded as ${show(result.status)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-005',
    title: 'HPOST with two ClientURIs: the device POSTs both, the parameters stay in order',
    requirement: 'A server MUST send HPOST ServerURI ClientURI... with every ClientURI in the queued order and record the device\'s Status (K-CMD).',
    labels: ['DM-HLF-004'],
    rules: ['K-CMD', 'K-TREE'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    const recv = host.receiver();
    const uris = [`${DIAG}/1/SlowMs`, LABEL];
    const { result } = await runOne(t, dev, ['HPOST', recv.url, ...uris]);
    const got = host.received(recv.id);
    t.check(got.length === 1 && got[0]!.method === 'POST', `the ServerURI received ${show(got.map((g) => g.method))}, not one POST`);
    t.check(sameJson(got[0]!.entries?.map((e) => [e.ClientURI, e.MOData]), [[uris[0], 200], [uris[1], 'diagnostics']]), `the POST carried ${show(got[0]!.entries)}, not SlowMs then Label`);
    t.check(result.status?.sc === 200 && sameJson(result.status.URI, uris), `HPOST is recorded as ${show(result.status)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-006',
    title: 'DELETE: the device removes the instance and the server records it',
    requirement: 'A server MUST send DELETE ClientURI as queued and record the device\'s Status (K-CMD).',
    labels: [],
    rules: ['K-CMD', 'K-TREE'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    // The server creates the instance first (HGET), so it owns it and may delete it (K-ACL).
    const created = await runOne(t, dev, ['HGET', host.publish([{ ClientURI: CONNMO, MOData: { Name: 'to-delete' } }]).url]);
    const uri = t.need(created.result.status?.URI[0], 'precondition: the HGET created no instance');
    const miid = decodeURIComponent(uri.slice(CONNMO.length + 1));
    t.check(dev.local(CONNMO, miid).exists, `precondition: the device has no ${uri}`);
    const { result } = await runOne(t, dev, ['DELETE', uri]);
    t.check(!dev.local(CONNMO, miid).exists, `${uri} is still on the device after DELETE`);
    t.check(result.status?.sc === 200 && sameJson(result.status.URI, [uri]), `DELETE is recorded as ${show(result.status)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-007',
    title: 'EXEC without a ServerURI: the device runs the node and returns its result',
    requirement: 'A server MUST send EXEC ClientURI as queued and record the result the device returns in the Status (K-CMD).',
    labels: [],
    rules: ['K-CMD'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const { result } = await runOne(t, dev, ['EXEC', `${DIAG}/1/Run`]);
    t.check(dev.local(DIAG, '1', ['RunCount']).value === 1, `RunCount is ${show(dev.local(DIAG, '1', ['RunCount']).value)} after EXEC, not 1`);
    t.check(result.status?.sc === 200 && sameJson(result.status.URI, [`${DIAG}/1/Run`]), `EXEC is recorded as ${show(result.status)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-008',
    title: 'EXEC with a ServerURI: 202 now, the ExecResult alert later reaches server.result',
    requirement: 'A server MUST send EXEC ClientURI ServerURI as queued, record the 202, and attach the ExecResult alert the device later sends to that ServerURI to the command (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL', 'K-FLOW'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    // The ServerURI is the IUT's own DM URL: the alert comes as the Package#1 of a new session there.
    const node = `${DIAG}/1/Slow`;
    const { id, result } = await runOne(t, dev, ['EXEC', node, dev.iut.dmUrl]);
    t.check(result.status?.sc === 202 && sameJson(result.status.URI, [node]), `asynchronous EXEC is recorded as ${show(result.status)}, not 202`);
    const { exchange, result: r } = await dev.execResult(id);
    if (!exchange) t.inconclusive('the harness device sent no ExecResult alert within the session timeout');
    t.check(exchange.url === dev.iut.dmUrl, `precondition: the device sent its ExecResult alert to ${exchange.url}, not the ServerURI`);
    t.check(exchange.response?.status === 200, `the Package#1 carrying the ExecResult alert was answered HTTP ${exchange.response?.status}`);
    const alert = t.need(r.asyncResult, 'server.result shows no asyncResult after the device sent its ExecResult alert');
    t.check(alert.AlertType === 'urn:oma:at:dm:2.0:ExecResult' && alert.SourceURI === node && sameJson(alert.Data, { sc: 200 }), `the asyncResult is ${show(alert)}, not the ExecResult alert for ${node} with sc 200`);
    t.check(dev.local(DIAG, '1', ['SlowCount']).value === 1, 'the device did not run the asynchronous EXEC');
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-009',
    title: 'SHOW: the device displays the ServerURI',
    requirement: 'A server MUST send SHOW ServerURI as queued and record the device\'s Status (K-CMD).',
    labels: [],
    rules: ['K-CMD'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t, { ui: true });
    const url = `https://help.example.com/dmcts/${t.seed >>> 0}?page=1`;
    const { result } = await runOne(t, dev, ['SHOW', url]);
    t.check(sameJson(dev.device.shown, [url]), `the device displayed ${show(dev.device.shown)}, not ${url}`);
    t.check(result.status?.sc === 200 && result.status.URI.length === 0, `SHOW is recorded as ${show(result.status)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-010',
    title: 'SHOW to a device without a UI: the 501 is recorded as such',
    requirement: 'A server MUST record the 501 a device without a UI returns for SHOW, not a success (K-CMD, P-DETAIL).',
    labels: ['DM-HLF-003'],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t, { ui: false });
    const { result } = await runOne(t, dev, ['SHOW', 'https://help.example.com/dmcts/no-ui']);
    t.check(dev.device.shown.length === 0, 'precondition: a device without UI displayed something');
    t.check(result.status?.sc === 501, `SHOW on a device without UI is recorded with sc ${result.status?.sc}, but the device answered 501`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-011',
    title: 'DEFAULT: the device records where a missing MO comes from',
    requirement: 'A server MUST send DEFAULT MOID ServerURI as queued and record the device\'s Status (K-CMD).',
    labels: ['DM-HLF-005'],
    rules: ['K-CMD'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    const content = host.publish([{ ClientURI: CONNMO, MOData: { Name: 'default-apn' } }]);
    const { result } = await runOne(t, dev, ['DEFAULT', CONNMO, content.url]);
    const source = dev.device.defaults.get(CONNMO);
    t.check(source?.serverUri === content.url, `the device's default source for ${CONNMO} is ${show(source)}, not ${content.url}`);
    t.check(result.status?.sc === 200, `DEFAULT is recorded as ${show(result.status)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-012',
    title: 'SUB: the device subscribes and PUTs the subtree to the ServerURI on change',
    requirement: 'A server MUST send SUB ClientURI ServerURI as queued and record the device\'s Status (K-CMD).',
    labels: ['DM-HLF-004'],
    rules: ['K-CMD'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    const recv = host.receiver();
    const { result } = await runOne(t, dev, ['SUB', LABEL, recv.url]);
    t.check(result.status?.sc === 200 && sameJson(result.status.URI, [LABEL]), `SUB is recorded as ${show(result.status)}`);
    t.step('change the subscribed node on the device');
    dev.device.tree.deviceWrite(DIAG, '1', ['Label'], 'changed-after-sub');
    const got = await host.waitFor(recv.id, 1);
    t.check(got.length === 1 && got[0]!.method === 'PUT', `the subscription's ServerURI received ${got.length} deliveries, not one PUT`);
    t.check(sameJson(got[0]!.entries?.map((e) => e.MOData), ['changed-after-sub']), `the delivery carried ${show(got[0]!.entries)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-013',
    title: 'UNSUB: the subscription ends; an UNSUB without SUB is recorded as 404',
    requirement: 'A server MUST send UNSUB ClientURI as queued and record the device\'s Status, 200 for a matching SUB and 404 otherwise (K-CMD).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    const recv = host.receiver();
    await runOne(t, dev, ['SUB', LABEL, recv.url]);
    t.check(dev.device.subscriptions.list().length === 1, 'precondition: the SUB did not subscribe the device');
    const { result } = await runOne(t, dev, ['UNSUB', LABEL]);
    t.check(result.status?.sc === 200 && dev.device.subscriptions.list().length === 0, `UNSUB is recorded as ${show(result.status)}; the device holds ${dev.device.subscriptions.list().length} subscriptions`);
    const unmatched = await runOne(t, dev, ['UNSUB', `${DIAG}/1/RunCount`]);
    t.check(unmatched.result.status?.sc === 404, `an UNSUB without SUB is recorded with sc ${unmatched.result.status?.sc}, but the device answered 404`);
    t.step('change the node: nothing may be delivered');
    dev.device.tree.deviceWrite(DIAG, '1', ['Label'], 'changed-after-unsub');
    await dev.idle('subscription deliveries');
    await sleep(50);
    t.check(host.received(recv.id).length === 0, `${host.received(recv.id).length} deliveries after UNSUB`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-014',
    title: 'CONT queued: the device gets it as queued, and the session still goes on at the session URI',
    requirement: 'A server MUST send a queued CONT ServerURI as queued, record its Status, and still end the Package#2 with the CONT to its session URI (K-CMD, P-SESSION).',
    labels: [],
    rules: ['K-CMD', 'P-SESSION'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const host = await ContentHost.start(t);
    const dev = await HarnessDevice.start(t);
    const elsewhere = host.receiver();
    const { result } = await runOne(t, dev, ['CONT', elsewhere.url]);
    t.check(result.status?.sc === 200 && result.status.URI.length === 0, `CONT is recorded as ${show(result.status)}`);
    t.check(host.received(elsewhere.id).length === 0, 'the Package#3 went to the queued CONT URI: the server did not end the Package#2 with its own CONT');
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-015',
    title: 'END queued: the session ends with that Package#2, no Package#3, and nothing is sent twice',
    requirement: 'A server MUST send a queued END as queued, expect no Package#3 after it, and not send the commands of that Package#2 again in a later session (K-CMD, K-FLOW).',
    labels: [],
    rules: ['K-CMD', 'K-FLOW'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const exec: RawCommand = ['EXEC', `${DIAG}/1/Run`];
    const execId = await dev.queue(exec);
    const endId = await dev.queue(['END']);
    const outcome = await dev.session();
    t.check(outcome.ok, `the session failed: ${outcome.reason}`);
    const [first, ...rest] = dev.exchanges();
    const p2 = t.need(first?.package2, 'the Package#1 was not answered with a Package#2');
    t.check(sameJson(p2.CMD.slice(0, 2), [exec, ['END']]), `the Package#2 is ${show(p2.CMD)}, not the queued EXEC then END`);
    t.check(!p2.CMD.slice(p2.CMD.findIndex((c) => c[0] === 'END')).some((c) => c[0] === 'CONT'), `the Package#2 ${show(p2.CMD)} asks for a Package#3 after END`);
    t.check(rest.length === 0 && outcome.packagesSent === 1, 'the device sent a Package#3 after a Package#2 with END');
    t.check(dev.local(DIAG, '1', ['RunCount']).value === 1, 'the EXEC before END did not run');
    for (const [what, id] of [
      ['END', endId],
      ['EXEC', execId],
    ] as const) {
      const r = await dev.result(id);
      t.check(r.state === 'done', `the ${what} sent with END is ${r.state}${r.reason ? ` (${r.reason})` : ''}, not done`);
    }
    const again = await dev.session();
    t.check(again.ok, `the next session failed: ${again.reason}`);
    const resent = dev.exchanges().slice(1).flatMap((e) => e.package2?.CMD ?? []).filter((c) => c[0] !== 'END');
    t.check(resent.length === 0, `the next session sent ${show(resent)} again`);
    t.check(dev.local(DIAG, '1', ['RunCount']).value === 1, 'the EXEC ran again in the next session');
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-016',
    title: 'EXEC of MOID//node with a ServerURI: the ExecResult alert for the concrete node reaches server.result',
    requirement: 'A server MUST attach the ExecResult alert to an asynchronous EXEC whose ClientURI used the only-instance form (MOID//path), the alert naming the concrete node the device reported in the 202 Status (K-CMD, K-ADDR, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'K-ADDR', 'P-DETAIL'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const { id, result } = await runOne(t, dev, ['EXEC', `${DIAG}//Slow`, dev.iut.dmUrl]);
    const concrete = `${DIAG}/1/Slow`;
    t.check(result.status?.sc === 202 && sameJson(result.status.URI, [concrete]), `asynchronous EXEC is recorded as ${show(result.status)}, not 202 for ${concrete}`);
    const { exchange, alert: sent, result: r } = await dev.execResult(id);
    if (!exchange || !sent) t.inconclusive('the harness device sent no ExecResult alert within the session timeout');
    t.check(sent.SourceURI === concrete, `precondition: the device's ExecResult alert names ${show(sent.SourceURI)}`);
    t.check(exchange.response?.status === 200, `the Package#1 carrying the ExecResult alert was answered HTTP ${exchange.response?.status}`);
    t.check(r.asyncResult !== undefined, `the device sent ${show(sent)} to the ServerURI, yet server.result shows no asyncResult for the EXEC of ${DIAG}//Slow whose Status named ${concrete}`);
    t.check(sameJson(r.asyncResult, sent), `the asyncResult is ${show(r.asyncResult)}, not the alert the device sent`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-017',
    title: 'An ExecResult alert sent by another device is not taken as the EXEC\'s result',
    requirement: 'A server MUST attach an ExecResult alert only to an asynchronous EXEC of the device that sent it (its OMADM-DevID), wherever the alert arrives (P-DETAIL, K-SEC).',
    labels: [],
    rules: ['P-DETAIL', 'K-SEC', 'K-CMD'],
    level: 'MUST',
    role: 'server',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const node = `${DIAG}/1/Slow`;
    const forged = { AlertType: 'urn:oma:at:dm:2.0:ExecResult', SourceURI: node, Data: { sc: 500 } };
    const intrude = async (url: string) => {
      t.step(`another device sends an ExecResult alert to ${url}`);
      return raw.send({ url, headers: raw.headers('initiation', t.uniqueName('dmcts-intruder')), body: Buffer.from(JSON.stringify(samplePackage1([forged]))) });
    };
    // The device takes its time, so the forged alert arrives before the genuine one.
    const check = async (dev: HarnessDevice, id: string, where: string) => {
      const mid = await dev.result(id);
      t.check(!sameJson(mid.asyncResult, forged), `an ExecResult alert another device sent to ${where} was recorded as the result of ${dev.devId}'s EXEC: ${show(mid.asyncResult)}`);
      const { exchange, result: r } = await dev.execResult(id);
      if (!exchange) t.inconclusive('the harness device sent no ExecResult alert within the session timeout');
      t.check(sameJson(r.asyncResult?.Data, { sc: 200 }), `after the device's own alert the EXEC's asyncResult is ${show(r.asyncResult)}, not its sc 200`);
    };

    // 1. At the DM URL (the ServerURI any server has).
    const a = await HarnessDevice.start(t);
    a.device.tree.deviceWrite(DIAG, '1', ['SlowMs'], 600);
    const first = await runOne(t, a, ['EXEC', node, a.iut.dmUrl]);
    t.check(first.result.status?.sc === 202, `precondition: the EXEC is recorded as ${show(first.result.status)}, not 202`);
    await intrude(a.iut.dmUrl);
    await check(a, first.id, 'the DM URL');

    // 2. At the alert URL the server itself chose (the reference server's `auto`), when it offers one.
    const b = await HarnessDevice.start(t);
    b.device.tree.deviceWrite(DIAG, '1', ['SlowMs'], 600);
    t.step('queue EXEC with a server-chosen ServerURI (auto)');
    let id: string;
    try {
      id = String(((await t.session.hub.call('server.queue', { devId: b.devId, command: ['EXEC', node, 'auto'] }, t.ixit.timeouts.utCallMs)) as { commandId: string }).commandId);
    } catch (error) {
      t.note(`the IUT does not choose an alert URL itself (server.queue of EXEC with ServerURI "auto": ${(error as Error).message}): only the DM URL was checked`);
      return;
    }
    const outcome = await b.session();
    t.check(outcome.ok, `the session failed: ${outcome.reason}`);
    const exec = b.commandsReceived().find((c) => c[0] === 'EXEC');
    const alertUrl = typeof exec?.[2] === 'string' && /^https?:\/\//.test(exec[2]) ? exec[2] : undefined;
    if (!alertUrl) {
      t.note(`the EXEC queued with "auto" reached the device as ${show(exec)}: no server-chosen alert URL to check`);
      return;
    }
    await intrude(alertUrl);
    await check(b, id, `the alert URL ${alertUrl}`);
  },
);
