/**
 * EXEC from the server side (K-CMD, P-DETAIL): without a ServerURI the result comes in the Status;
 * with one, a 202 now and the ExecResult alert later, which the IUT attaches to that EXEC — the
 * alert of this device only, for the concrete node even when the EXEC named the only instance.
 */
import type { CaseContext } from '../../../harness/conformance/case-context.ts';
import { defineCase } from '../../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../../harness/conformance/fixtures/harness-device.ts';
import { runOne } from '../../../harness/conformance/fixtures/server/command-run.ts';
import { RawDm, samplePackage1 } from '../../../harness/conformance/fixtures/server/raw-dm.ts';
import { sameJson, show } from '../../../harness/conformance/fixtures/verify.ts';
import { DIAGNOSTICS_MOID as DIAG } from '../../../harness/protocol/moids.ts';
import { ALERT } from '../../../harness/protocol/packages.ts';

defineCase(
  {
    id: 'DMCTS-S-CMD-007',
    title: 'EXEC without a ServerURI: the device runs the node and returns its result',
    requirement: 'A server MUST send EXEC ClientURI as queued and record the result the device returns in the Status (K-CMD).',
    labels: [],
    rules: ['K-CMD'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const { result } = await runOne(t, dev, ['EXEC', `${DIAG}/1/Run`]);
    t.check(dev.local(DIAG, '1', ['RunCount']).value === 1, `RunCount is ${show(dev.local(DIAG, '1', ['RunCount']).value)} after EXEC, not 1`);
    t.check(result.status?.sc === 200, `EXEC is recorded as ${show(result.status)}, not sc 200`);
    t.check(
      sameJson(result.status?.URI, [`${DIAG}/1/Run`]),
      `EXEC is recorded with URI ${show(result.status?.URI)}, not [${DIAG}/1/Run] (Status URI contents: P-DETAIL)`,
      'P',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-008',
    title: 'EXEC with a ServerURI: 202 now, the ExecResult alert later reaches server.result',
    requirement:
      'A server MUST send EXEC ClientURI ServerURI as queued, record the 202, and attach the ExecResult alert the device later sends to that ServerURI to the command (K-CMD, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'P-DETAIL', 'K-FLOW'],
    level: 'MUST',
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
    if (exchange.url !== dev.iut.dmUrl)
      t.inconclusive(`precondition: the harness device sent its ExecResult alert to ${exchange.url}, not the ServerURI ${dev.iut.dmUrl}`);
    t.check(exchange.response?.status === 200, `the Package#1 carrying the ExecResult alert was answered HTTP ${exchange.response?.status}`, 'K');
    // K: the alert comes later to that ServerURI in a new session; the server attaches it to the EXEC.
    const alert = t.need(r.asyncResult, 'server.result shows no asyncResult after the device sent its ExecResult alert', 'K');
    t.check(
      alert.AlertType === ALERT.EXEC_RESULT && alert.SourceURI === node && sameJson(alert.Data, { sc: 200 }),
      `the asyncResult is ${show(alert)}, not the ExecResult alert for ${node} with sc 200`,
      'P',
    );
    t.check(dev.local(DIAG, '1', ['SlowCount']).value === 1, 'the device did not run the asynchronous EXEC', 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-016',
    title: 'EXEC of MOID//node with a ServerURI: the ExecResult alert for the concrete node reaches server.result',
    requirement:
      'A server MUST attach the ExecResult alert to an asynchronous EXEC whose ClientURI used the only-instance form (MOID//path), the alert naming the concrete node the device reported in the 202 Status (K-CMD, K-ADDR, P-DETAIL).',
    labels: [],
    rules: ['K-CMD', 'K-ADDR', 'P-DETAIL'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const { id, result } = await runOne(t, dev, ['EXEC', `${DIAG}//Slow`, dev.iut.dmUrl]);
    const concrete = `${DIAG}/1/Slow`;
    t.check(result.status?.sc === 202, `asynchronous EXEC is recorded as ${show(result.status)}, not 202`, 'K');
    t.check(
      sameJson(result.status?.URI, [concrete]),
      `asynchronous EXEC is recorded with URI ${show(result.status?.URI)}, not [${concrete}] (Status URI contents: P-DETAIL)`,
      'P',
    );
    const { exchange, alert: sent, result: r } = await dev.execResult(id);
    if (!exchange || !sent) t.inconclusive('the harness device sent no ExecResult alert within the session timeout');
    if (sent.SourceURI !== concrete) t.inconclusive(`precondition: the harness device's ExecResult alert names ${show(sent.SourceURI)}, not ${concrete}`);
    t.check(exchange.response?.status === 200, `the Package#1 carrying the ExecResult alert was answered HTTP ${exchange.response?.status}`, 'K');
    // K: the alert reaches the EXEC's ServerURI later, in a new session; the server attaches it to that EXEC as sent.
    t.check(
      r.asyncResult !== undefined,
      `the device sent ${show(sent)} to the ServerURI, yet server.result shows no asyncResult for the EXEC of ${DIAG}//Slow whose Status named ${concrete}`,
      'K',
    );
    t.check(sameJson(r.asyncResult, sent), `the asyncResult is ${show(r.asyncResult)}, not the alert the device sent`, 'K');
  },
);

defineCase(
  {
    id: 'DMCTS-S-CMD-017',
    title: "An ExecResult alert sent by another device is not taken as the EXEC's result",
    requirement:
      'A server MUST attach an ExecResult alert only to an asynchronous EXEC of the device that sent it (its OMADM-DevID), wherever the alert arrives (P-DETAIL, K-SEC).',
    labels: [],
    rules: ['P-DETAIL', 'K-SEC', 'K-CMD'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const node = `${DIAG}/1/Slow`;
    const forged = { AlertType: ALERT.EXEC_RESULT, SourceURI: node, Data: { sc: 500 } };
    const intrude = async (url: string) => {
      t.step(`another device sends an ExecResult alert to ${url}`);
      return raw.send({ url, headers: raw.headers('initiation', t.uniqueName('dmcts-intruder')), body: Buffer.from(JSON.stringify(samplePackage1([forged]))) });
    };
    // The device holds its EXEC until the forged alert was delivered, so the forged one arrives first.
    const check = async (dev: HarnessDevice, release: () => void, id: string, where: string) => {
      const mid = await dev.result(id);
      release();
      t.check(
        !sameJson(mid.asyncResult, forged),
        `an ExecResult alert another device sent to ${where} was recorded as the result of ${dev.devId}'s EXEC: ${show(mid.asyncResult)}`,
      );
      const { exchange, result: r } = await dev.execResult(id);
      if (!exchange) t.inconclusive('the harness device sent no ExecResult alert within the session timeout');
      t.check(sameJson(r.asyncResult?.Data, { sc: 200 }), `after the device's own alert the EXEC's asyncResult is ${show(r.asyncResult)}, not its sc 200`);
    };

    // 1. At the DM URL (the ServerURI any server has).
    const a = await HarnessDevice.start(t);
    a.localWrite(DIAG, '1', ['SlowMs'], 0);
    const releaseA = a.holdSlowExec();
    const first = await runOne(t, a, ['EXEC', node, a.iut.dmUrl]);
    if (first.result.status?.sc !== 202) t.inconclusive(`precondition: the EXEC is recorded as ${show(first.result.status)}, not 202`);
    await intrude(a.iut.dmUrl);
    await check(a, releaseA, first.id, 'the DM URL');

    // 2. At the alert URL the server itself chose (the reference server's `auto`), when it offers one.
    const b = await HarnessDevice.start(t);
    b.localWrite(DIAG, '1', ['SlowMs'], 0);
    const releaseB = b.holdSlowExec();
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
    await check(b, releaseB, queued.commandId, `the alert URL ${alertUrl}`);
  },
);
