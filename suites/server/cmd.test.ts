/**
 * The twelve commands from the server side (K-CMD: a server MUST implement all of them): each one,
 * queued through the upper tester with valid parameters, reaches the harness device exactly as
 * queued, the device carries it out (observed on the device or at the harness's own ServerURIs),
 * and the IUT records the Status the device returned.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { HarnessDevice, type UtResult } from '../../harness/conformance/fixtures/harness-device.ts';
import { expectNothing, sameJson, show } from '../../harness/conformance/fixtures/verify.ts';
import { sleep } from '../../harness/conformance/fixtures/waits.ts';
import { ContentHost } from '../../harness/conformance/fixtures/server/content-host.ts';
import { deliver, deliveriesOf } from '../../harness/conformance/fixtures/server/deliver.ts';
import { RawDm, samplePackage1 } from '../../harness/conformance/fixtures/server/raw-dm.ts';
import { percentDecoded } from '../../harness/conformance/fixtures/uri-text.ts';
import type { RawCommand } from '../../harness/protocol/commands.ts';
import { ALERT, type Package3, type StatusEntry } from '../../harness/protocol/packages.ts';
import type { Basis } from '../../harness/conformance/verdict.ts';
import { CONNMO, DIAGNOSTICS_MOID as DIAG } from '../../harness/protocol/moids.ts';

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
 * All of these rest on public facts (K): the server sends what it was asked to, one Status comes
 * back per command (K-FLOW), and the server records it as the device sent it.
 */
async function runOne(t: CaseContext, dev: HarnessDevice, command: RawCommand, basis: Basis = 'K'): Promise<Ran> {
  const id = await dev.queue(command);
  const before = dev.exchanges().length;
  const outcome = await dev.session();
  t.check(outcome.ok, `the session that should carry ${String(command[0])} failed: ${outcome.reason}`, basis);
  const exchanges = dev.exchanges().slice(before);
  const received = exchanges.flatMap((e) => e.package2?.CMD ?? []);
  const copies = received.filter((c) => sameJson(c, command)).length;
  t.check(copies === 1, `the device received ${copies} copies of ${show(command)} (it got ${show(received)}); exactly one was due`, basis);
  // The Status sits in the Package#3 that answers the Package#2 holding the command, at its position.
  const at = exchanges.findIndex((e) => e.package2?.CMD.some((c) => sameJson(c, command)));
  const p2 = t.need(exchanges[at]?.package2, `no Package#2 of the session carried ${show(command)}`, basis);
  const position = p2.CMD.findIndex((c) => sameJson(c, command));
  const ended = p2.CMD.some((c) => c[0] === 'END');
  const p3 = ended ? undefined : (exchanges[at + 1]?.sent as Package3 | undefined);
  const sent = t.need(p3?.Status[position], `the device sent no Status for ${String(command[0])}${ended ? ': the IUT put it in a Package#2 holding END, so no Package#3 could carry its Status' : ''}`, basis);
  const result = await dev.settle(id);
  t.check(result.state === 'done', `the IUT reports ${String(command[0])} as ${result.state}${result.reason ? ` (${result.reason})` : ''}, not done`, basis);
  const got = t.need(result.status, `server.result has no Status for ${String(command[0])}`, basis);
  t.check(got.sc === sent.sc && sameJson(got.URI, sent.URI) && sameJson(got.Data, sent.Data), `the IUT recorded ${show(got)} for ${String(command[0])}, but the device sent ${show(sent)}`, basis);
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
    t.check(host.fetches(content.id).length === 1, `the device fetched the HGET ServerURI ${host.fetches(content.id).length} times, not once`, 'K');
    t.check(dev.local(DIAG, '1', ['Label']).value === value, `the device holds Label ${show(dev.local(DIAG, '1', ['Label']).value)}, not the fetched "${value}"`, 'K');
    t.check(result.status?.sc === 200, `HGET is recorded as ${show(result.status)}, not sc 200`, 'K');
    // The Status URI contents are the profile's (P-DETAIL).
    t.check(sameJson(result.status?.URI, [LABEL]), `HGET is recorded with URI ${show(result.status?.URI)}, not [${LABEL}]`, 'P');
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
    // K: HGET fetches and stores — the device made an instance of the fetched data, whatever its Status names.
    const made = dev.instancesOf(CONNMO).filter((m) => dev.local(CONNMO, m, ['Name']).value === name);
    t.check(made.length === 1, `the device holds ${made.length} ConnMO instances named "${name}" after the HGET, not one`, 'K');
    t.check(result.status?.sc === 200, `HGET is recorded as ${show(result.status)}, not sc 200`, 'K');
    const uri = result.status?.URI[0] ?? '';
    // undefined when the URI the IUT recorded is not valid percent-encoding.
    const miid = percentDecoded(uri.slice(CONNMO.length + 1));
    // P-DETAIL: the Status URI names the instance made.
    t.check(uri.startsWith(`${CONNMO}/`) && result.status?.URI.length === 1 && miid !== undefined && dev.local(CONNMO, miid, ['Name']).value === name, `HGET is recorded with URI ${show(result.status?.URI)}, not the one new ConnMO instance named "${name}"`, 'P');
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
    const put = t.need(got.length === 1 && got[0]?.method === 'PUT' ? got[0] : undefined, `the ServerURI received ${show(got.map((g) => g.method))}, not one PUT`);
    t.check(sameJson(put.entries?.map((e) => [e.ClientURI, e.MOData]), [[LABEL, 'diagnostics']]), `the PUT carried ${show(put.entries)}, not the Label node`);
    t.check(result.status?.sc === 200, `HPUT is recorded as ${show(result.status)}, not sc 200`);
    t.check(sameJson(result.status?.URI, [LABEL]), `HPUT is recorded with URI ${show(result.status?.URI)}, not [${LABEL}] (Status URI contents: P-DETAIL)`, 'P');
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
    const post = t.need(got.length === 1 && got[0]?.method === 'POST' ? got[0] : undefined, `the ServerURI received ${show(got.map((g) => g.method))}, not one POST`);
    t.check(sameJson(post.entries?.map((e) => [e.ClientURI, e.MOData]), [[uris[0], 200], [uris[1], 'diagnostics']]), `the POST carried ${show(post.entries)}, not SlowMs then Label`);
    t.check(result.status?.sc === 200, `HPOST is recorded as ${show(result.status)}, not sc 200`);
    t.check(sameJson(result.status?.URI, uris), `HPOST is recorded with URI ${show(result.status?.URI)}, not ${show(uris)} (Status URI contents: P-DETAIL)`, 'P');
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
    const uri = created.result.status?.URI[0];
    if (!uri) t.inconclusive(`precondition: the IUT's HGET that should make the instance to delete is recorded as ${show(created.result.status)}, naming no instance`);
    const miid = percentDecoded(uri.slice(CONNMO.length + 1));
    if (miid === undefined) t.inconclusive(`precondition: the IUT recorded its HGET with URI ${uri}, which is not valid percent-encoding: no instance it names can be deleted`);
    if (!dev.local(CONNMO, miid).exists) t.inconclusive(`precondition: the device has no ${uri}, the instance the IUT's HGET should have made`);
    const { result } = await runOne(t, dev, ['DELETE', uri]);
    t.check(!dev.local(CONNMO, miid).exists, `${uri} is still on the device after DELETE`);
    t.check(result.status?.sc === 200, `DELETE is recorded as ${show(result.status)}, not sc 200`);
    t.check(sameJson(result.status?.URI, [uri]), `DELETE is recorded with URI ${show(result.status?.URI)}, not [${uri}] (Status URI contents: P-DETAIL)`, 'P');
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
    t.check(result.status?.sc === 200, `EXEC is recorded as ${show(result.status)}, not sc 200`);
    t.check(sameJson(result.status?.URI, [`${DIAG}/1/Run`]), `EXEC is recorded with URI ${show(result.status?.URI)}, not [${DIAG}/1/Run] (Status URI contents: P-DETAIL)`, 'P');
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
    // K: an EXEC with a ServerURI is asynchronous, 202 now; the URI list is the profile's (P-DETAIL).
    t.check(result.status?.sc === 202, `asynchronous EXEC is recorded as ${show(result.status)}, not 202`, 'K');
    t.check(sameJson(result.status?.URI, [node]), `asynchronous EXEC is recorded with URI ${show(result.status?.URI)}, not [${node}]`, 'P');
    const { exchange, result: r } = await dev.execResult(id);
    if (!exchange) t.inconclusive('the harness device sent no ExecResult alert within the session timeout');
    if (exchange.url !== dev.iut.dmUrl) t.inconclusive(`precondition: the harness device sent its ExecResult alert to ${exchange.url}, not the ServerURI ${dev.iut.dmUrl}`);
    t.check(exchange.response?.status === 200, `the Package#1 carrying the ExecResult alert was answered HTTP ${exchange.response?.status}`, 'K');
    // K: the alert comes later to that ServerURI in a new session; the server attaches it to the EXEC.
    const alert = t.need(r.asyncResult, 'server.result shows no asyncResult after the device sent its ExecResult alert', 'K');
    t.check(alert.AlertType === ALERT.EXEC_RESULT && alert.SourceURI === node && sameJson(alert.Data, { sc: 200 }), `the asyncResult is ${show(alert)}, not the ExecResult alert for ${node} with sc 200`, 'P');
    t.check(dev.local(DIAG, '1', ['SlowCount']).value === 1, 'the device did not run the asynchronous EXEC', 'K');
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
    t.check(sameJson(dev.shown(), [url]), `the device displayed ${show(dev.shown())}, not ${url}`);
    t.check(result.status?.sc === 200, `SHOW is recorded as ${show(result.status)}, not sc 200`);
    t.check(result.status?.URI.length === 0, `SHOW is recorded with URI ${show(result.status?.URI)}, not [] (Status URI contents: P-DETAIL)`, 'P');
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
    if (dev.shown().length !== 0) t.inconclusive('precondition: the harness device, set up without a UI, displayed something');
    // K: the server records the Status the device sent (the 501 itself is the device's, P-DETAIL).
    t.check(result.status?.sc === 501, `SHOW on a device without UI is recorded with sc ${result.status?.sc}, but the device answered 501`, 'K');
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
    const source = dev.defaultsOf(CONNMO);
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
    t.check(result.status?.sc === 200, `SUB is recorded as ${show(result.status)}, not sc 200`);
    t.check(sameJson(result.status?.URI, [LABEL]), `SUB is recorded with URI ${show(result.status?.URI)}, not [${LABEL}] (Status URI contents: P-DETAIL)`, 'P');
    t.step('change the subscribed node on the device');
    dev.localWrite(DIAG, '1', ['Label'], 'changed-after-sub');
    const got = await host.waitFor(recv.id, 1);
    const put = t.need(got.length === 1 && got[0]?.method === 'PUT' ? got[0] : undefined, `the subscription's ServerURI received ${got.length} deliveries, not one PUT`);
    t.check(sameJson(put.entries?.map((e) => e.MOData), ['changed-after-sub']), `the delivery carried ${show(put.entries)}`);
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
    if (dev.subscriptions().length !== 1) t.inconclusive(`precondition: the IUT's SUB left the harness device with ${dev.subscriptions().length} subscriptions, not 1`);
    const { result } = await runOne(t, dev, ['UNSUB', LABEL]);
    // K: UNSUB ends the subscription; UNSUB without a matching SUB is 404.
    t.check(result.status?.sc === 200 && dev.subscriptions().length === 0, `UNSUB is recorded as ${show(result.status)}; the device holds ${dev.subscriptions().length} subscriptions`, 'K');
    const unmatched = await runOne(t, dev, ['UNSUB', `${DIAG}/1/RunCount`]);
    t.check(unmatched.result.status?.sc === 404, `an UNSUB without SUB is recorded with sc ${unmatched.result.status?.sc}, but the device answered 404`, 'K');
    t.step('change the node: nothing may be delivered');
    dev.localWrite(DIAG, '1', ['Label'], 'changed-after-unsub');
    await dev.idle('subscription deliveries');
    await sleep(50);
    expectNothing(t, host.received(recv.id), (got) => `${got.length} deliveries after UNSUB`, 'K');
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
    // A server that relays the queued CONT last sends the device elsewhere (K-CMD lets it): the session
    // going on at the server is P-SESSION (its own CONT last), so runOne's checks rest on the profile here.
    const { result } = await runOne(t, dev, ['CONT', elsewhere.url], 'P');
    t.check(result.status?.sc === 200, `CONT is recorded as ${show(result.status)}, not sc 200`, 'K');
    t.check(result.status?.URI.length === 0, `CONT is recorded with URI ${show(result.status?.URI)}, not [] (Status URI contents: P-DETAIL)`, 'P');
    expectNothing(t, host.received(elsewhere.id), 'the Package#3 went to the queued CONT URI: the server did not end the Package#2 with its own CONT (P-SESSION)', 'P');
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
    // Commands queued separately need not share a Package#2 (nor a session): run sessions until both
    // are delivered, then require each once, in the queued order, and nothing asked after END.
    const [execResult, endResult] = await deliver(t, dev, [execId, endId], 'the queued EXEC and END');
    const withEnd = dev.exchanges().flatMap((e, i) => (e.package2?.CMD.some((c) => c[0] === 'END') ? [{ i, p2: e.package2 }] : []));
    const execs = deliveriesOf(dev, exec);
    const e = t.need(execs.length === 1 ? execs[0] : undefined, `the device received the queued EXEC ${execs.length} times, not once`);
    const ends = dev.exchanges().flatMap((e, i) => (e.package2?.CMD ?? []).flatMap((c, position) => (sameJson(c, ['END']) ? [{ exchange: i, position }] : [])));
    t.check(ends.length >= 1, `the queued END never reached the device (it got ${show(dev.commandsReceived())})`);
    const end = ends.find((x) => x.exchange > e.exchange || (x.exchange === e.exchange && x.position > e.position));
    t.check(end !== undefined, `the queued END reached the device before the EXEC queued ahead of it (${show(dev.package2s().map((p) => p.CMD))})`);
    for (const { i, p2 } of withEnd) {
      t.check(!p2.CMD.slice(p2.CMD.findIndex((c) => c[0] === 'END')).some((c) => c[0] === 'CONT'), `the Package#2 ${show(p2.CMD)} asks for a Package#3 after END`);
      t.check(dev.exchanges()[i + 1]?.kind !== 'response', `the device sent a Package#3 after the Package#2 ${show(p2.CMD)} that holds END`);
    }
    t.check(dev.local(DIAG, '1', ['RunCount']).value === 1, 'the EXEC queued before END did not run');
    for (const [what, r] of [
      ['END', endResult],
      ['EXEC', execResult],
    ] as const) {
      t.check(r.state === 'done', `the queued ${what} is ${r.state}${r.reason ? ` (${r.reason})` : ''} after it reached the device, not done`);
    }
    const from = dev.exchanges().length;
    const again = await dev.session();
    t.check(again.ok, `the next session failed: ${again.reason}`);
    const resent = dev.exchanges().slice(from).flatMap((x) => x.package2?.CMD ?? []).filter((c) => c[0] !== 'END');
    expectNothing(t, resent, `the next session sent ${show(resent)} again`);
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
    t.check(result.status?.sc === 202, `asynchronous EXEC is recorded as ${show(result.status)}, not 202`, 'K');
    t.check(sameJson(result.status?.URI, [concrete]), `asynchronous EXEC is recorded with URI ${show(result.status?.URI)}, not [${concrete}] (Status URI contents: P-DETAIL)`, 'P');
    const { exchange, alert: sent, result: r } = await dev.execResult(id);
    if (!exchange || !sent) t.inconclusive('the harness device sent no ExecResult alert within the session timeout');
    if (sent.SourceURI !== concrete) t.inconclusive(`precondition: the harness device's ExecResult alert names ${show(sent.SourceURI)}, not ${concrete}`);
    t.check(exchange.response?.status === 200, `the Package#1 carrying the ExecResult alert was answered HTTP ${exchange.response?.status}`, 'K');
    // K: the alert reaches the EXEC's ServerURI later, in a new session; the server attaches it to that EXEC as sent.
    t.check(r.asyncResult !== undefined, `the device sent ${show(sent)} to the ServerURI, yet server.result shows no asyncResult for the EXEC of ${DIAG}//Slow whose Status named ${concrete}`, 'K');
    t.check(sameJson(r.asyncResult, sent), `the asyncResult is ${show(r.asyncResult)}, not the alert the device sent`, 'K');
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
    const forged = { AlertType: ALERT.EXEC_RESULT, SourceURI: node, Data: { sc: 500 } };
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
    a.localWrite(DIAG, '1', ['SlowMs'], 600);
    const first = await runOne(t, a, ['EXEC', node, a.iut.dmUrl]);
    if (first.result.status?.sc !== 202) t.inconclusive(`precondition: the EXEC is recorded as ${show(first.result.status)}, not 202`);
    await intrude(a.iut.dmUrl);
    await check(a, first.id, 'the DM URL');

    // 2. At the alert URL the server itself chose (the reference server's `auto`), when it offers one.
    const b = await HarnessDevice.start(t);
    b.localWrite(DIAG, '1', ['SlowMs'], 600);
    t.step('queue EXEC with a server-chosen ServerURI (auto)');
    const queued = await b.tryQueue(['EXEC', node, 'auto']);
    if ('error' in queued) {
      t.note(`the IUT does not choose an alert URL itself (server.queue of EXEC with ServerURI "auto": ${queued.error}): only the DM URL was checked`);
      return;
    }
    const outcome = await b.session();
    t.check(outcome.ok, `the session failed: ${outcome.reason}`, 'K');
    const exec = b.commandsReceived().find((c) => c[0] === 'EXEC');
    const alertUrl = typeof exec?.[2] === 'string' && /^https?:\/\//.test(exec[2]) ? exec[2] : undefined;
    if (!alertUrl) {
      t.note(`the EXEC queued with "auto" reached the device as ${show(exec)}: no server-chosen alert URL to check`);
      return;
    }
    await intrude(alertUrl);
    await check(b, queued.commandId, `the alert URL ${alertUrl}`);
  },
);
