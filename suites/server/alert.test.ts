/**
 * Alerts the IUT server receives (K-FLOW generic alert, P-DETAIL ExecResult): whatever alert a device
 * sends — in a Package#1 or a Package#3 — the server records it as sent, and server.device lists it.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../harness/conformance/fixtures/harness-device.ts';
import { sameJson, show } from '../../harness/conformance/fixtures/verify.ts';
import { deviceInfo, type UtDeviceInfo } from '../../harness/conformance/fixtures/server/operator.ts';
import { RawDm, samplePackage1 } from '../../harness/conformance/fixtures/server/raw-dm.ts';
import { DIAGNOSTICS_MOID as DIAG, MOID } from '../../harness/protocol/moids.ts';
import { ALERT, type GenericAlert } from '../../harness/protocol/packages.ts';

/** What the IUT knows of the device (server.device), at a step of its own. */
async function infoOf(t: CaseContext, devId: string): Promise<UtDeviceInfo> {
  t.step(`server.device ${devId}`);
  return deviceInfo(t, devId);
}

function count(alerts: Array<Record<string, unknown>>, alert: GenericAlert): number {
  return alerts.filter((a) => sameJson(a, alert)).length;
}

defineCase(
  {
    id: 'DMCTS-S-ALERT-001',
    title: 'The ExecResult alert of an asynchronous EXEC is recorded: server.device lists it',
    requirement:
      'A server MUST record the generic ExecResult alert a device sends in a Package#1 after an asynchronous EXEC, with its SourceURI and Data (K-FLOW, P-DETAIL).',
    labels: [],
    rules: ['K-FLOW', 'P-DETAIL', 'K-CMD'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const node = `${DIAG}/1/Slow`;
    const id = await dev.queue(['EXEC', node, dev.iut.dmUrl]);
    const outcome = await dev.session();
    t.check(outcome.ok, `the session failed: ${outcome.reason}`, 'K');
    const { alert } = await dev.execResult(id);
    if (!alert) t.inconclusive('precondition: the harness device sent no ExecResult alert within the session timeout');
    const sentAlert = alert;
    const info = await infoOf(t, dev.devId);
    // K: a generic alert of a Package#1 is recorded as sent (K-FLOW), whatever its type; the ExecResult type is the device's (P-DETAIL).
    t.check(
      count(info.alerts, sentAlert) === 1,
      `server.device lists ${show(info.alerts)}, not once the ExecResult alert ${show(sentAlert)} the device sent`,
      'K',
    );
  },
);

defineCase(
  {
    id: 'DMCTS-S-ALERT-002',
    title: 'A generic alert with every member is recorded exactly as sent',
    requirement:
      'A server MUST record a generic alert of a Package#1 with all its members (AlertType, SourceURI, TargetURI, Mark, DataType, Data) unchanged (K-FLOW).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const alert: GenericAlert = {
      AlertType: 'urn:dmcts:test:FirmwareUpdateDone',
      SourceURI: `${DIAG}/1/Run`,
      TargetURI: `${MOID.DEVINFO}/1/FwV`,
      Mark: 'critical',
      DataType: 'application/json',
      Data: { result: 'ok', seed: t.seed >>> 0, nested: [1, 'two', { three: 3 }] },
    };
    const reply = await raw.package1(devId, samplePackage1([alert]));
    t.check(reply.status === 200, `the Package#1 with the alert was answered HTTP ${reply.status}`);
    const info = await infoOf(t, devId);
    t.check(info.known, 'server.device does not know the device that sent the alert');
    t.check(count(info.alerts, alert) === 1, `server.device lists ${show(info.alerts)}, not once the alert ${show(alert)}`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-ALERT-003',
    title: 'Several alerts in one Package#1 are all recorded, in order',
    requirement: 'A server MUST record every alert of a Package#1, in the order sent (K-FLOW).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    const alerts: GenericAlert[] = [
      { AlertType: ALERT.CLIENT_INITIATED },
      { AlertType: 'urn:dmcts:test:First', Mark: 'minor', Data: 1 },
      { AlertType: 'urn:dmcts:test:Second', Mark: 'warning', Data: 2 },
      { AlertType: 'urn:dmcts:test:Third', Mark: 'harmless', Data: 3 },
    ];
    const reply = await raw.package1(devId, samplePackage1(alerts));
    t.check(reply.status === 200, `the Package#1 with four alerts was answered HTTP ${reply.status}`);
    const info = await infoOf(t, devId);
    const missing = alerts.filter((a) => !info.alerts.some((b) => sameJson(a, b)));
    t.check(missing.length === 0, `server.device lists ${show(info.alerts)}; missing: ${show(missing)}`);
    const positions = alerts.map((a) => info.alerts.findIndex((b) => sameJson(a, b)));
    t.check(
      positions.every((p, i) => positions.slice(0, i).every((earlier) => earlier < p)),
      `server.device lists the alerts out of the order they were sent: ${show(info.alerts)}`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-S-ALERT-004',
    title: 'An alert in a Package#3 is recorded too',
    requirement: 'A server MUST record an alert a device sends in a Package#3 alongside its Status entries (K-FLOW).',
    labels: [],
    rules: ['K-FLOW'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const raw = RawDm.start(t);
    const devId = t.uniqueName('dmcts-raw');
    t.step('queue a GET so the session has a Package#3');
    await t.ut('server.queue', { devId, command: ['GET', `${MOID.DEVINFO}/1/DevID`] });
    const p1 = await raw.package1(devId);
    const p2 = RawDm.package2(p1);
    const cont = RawDm.contOf(p2);
    if (!p2 || !cont) t.inconclusive(`precondition: the Package#1 got HTTP ${p1.status} ${show(p2?.CMD)}, not a Package#2 with a CONT`);
    const alert: GenericAlert = { AlertType: 'urn:dmcts:test:InPackage3', SourceURI: `${MOID.DEVINFO}/1/DevID`, Mark: 'informational', Data: { seen: true } };
    const body = {
      Status: p2.CMD.map((_command, i) =>
        i === 0 ? { sc: 200, URI: [`${MOID.DEVINFO}/1/DevID`], Data: [{ ClientURI: `${MOID.DEVINFO}/1/DevID`, MOData: devId }] } : { sc: 200, URI: [] },
      ),
      Alert: [alert],
    };
    const p3 = await raw.package3(cont, devId, body);
    t.check(p3.status === 200, `the Package#3 with an alert was answered HTTP ${p3.status}`);
    const info = await infoOf(t, devId);
    t.check(count(info.alerts, alert) === 1, `server.device lists ${show(info.alerts)}, not once the alert ${show(alert)} of the Package#3`);
  },
);

defineCase(
  {
    id: 'DMCTS-S-ALERT-005',
    title: 'Session alerts and sessions are counted: server.device after two client-initiated sessions',
    requirement: "A server MUST record the ClientInitiatedMgmt alert that opens each session, with its SourceURI, and count the device's sessions (K-FLOW).",
    labels: [],
    rules: ['K-FLOW', 'P-NOTI'],
    level: 'MUST',
  },
  async (t: CaseContext) => {
    const dev = await HarnessDevice.start(t);
    const before = await infoOf(t, dev.devId);
    for (let i = 0; i < 2; i++) {
      const outcome = await dev.session();
      t.check(outcome.ok, `session ${i + 1} failed: ${outcome.reason}`, 'K');
    }
    const sent = dev.exchanges().flatMap((e) => (e.kind === 'initiation' ? (e.sent?.Alert ?? []) : []));
    const opening = sent[0];
    if (!opening || sent.length !== 2 || !sent.every((a) => a.AlertType === ALERT.CLIENT_INITIATED))
      t.inconclusive(`precondition: the harness device's two Package#1s carried ${show(sent)}, not one ClientInitiatedMgmt alert each`);
    const info = await infoOf(t, dev.devId);
    // K: the sessions and the alerts that opened them are recorded as sent (the SourceURI in them is the device's, P-NOTI).
    t.check(
      info.sessions === before.sessions + 2,
      `server.device counts ${info.sessions} sessions after two more than the ${before.sessions} it counted before`,
      'K',
    );
    t.check(
      count(info.alerts, opening) === count(before.alerts, opening) + 2,
      `server.device lists ${show(info.alerts)}, not the two ClientInitiatedMgmt alerts ${show(opening)} more`,
      'K',
    );
  },
);
