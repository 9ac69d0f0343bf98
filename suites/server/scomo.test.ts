/**
 * Software components over DM 2.0, server role (P-SCOMO, K-CMD; DM-IOP-002, DM-HLF-027): the harness
 * plays a SCOMO device (the reference device: its SCOMO instance, MIID 1, listed in its Package#1
 * MOS) and asks the IUT, through the upper tester, to install a component from a package the harness
 * hosts (server.scomoInstall) or to remove one (server.scomoRemove). Checked: the IUT writes the
 * Download entry — with the PkgURL it was given — before it EXECs its DownloadInstall (an EXEC before
 * the entry exists cannot work), runs the operation as an asynchronous EXEC (a ServerURI, 202 now),
 * answers the Package#1 carrying the device's ExecResult alert with HTTP 200, and reports the SCOMO
 * result code (1200) through server.result.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { HarnessDevice } from '../../harness/conformance/fixtures/harness-device.ts';
import { LargeObjectHost, objectBytes } from '../../harness/conformance/fixtures/large-object-host.ts';
import { show } from '../../harness/conformance/fixtures/verify.ts';
import type { RawCommand } from '../../harness/protocol/commands.ts';
import { ALERT } from '../../harness/protocol/packages.ts';
import { DEPLOYED_STATE, DEPLOYED_STATUS, SCOMO_MOID, SCOMO_RESULT } from '../../harness/protocol/scomo.ts';

const LABELS = ['DM-IOP-002', 'DM-HLF-027'];
const RULES = ['P-SCOMO', 'K-CMD', 'K-FLOW', 'P-DETAIL'] as const;
/** The harness device's SCOMO instance (the reference device's). */
const MIID = '1';
const INST = `${SCOMO_MOID}/${MIID}`;

/** A SCOMO device the IUT has seen once (its Package#1 listed the SCOMO instance). */
async function scomoDevice(t: CaseContext): Promise<HarnessDevice> {
  const dev = await HarnessDevice.start(t);
  const first = await dev.session();
  if (!first.ok) t.inconclusive(`precondition: the harness device's first session with the IUT failed: ${first.reason}`);
  return dev;
}

/** A plain-HTTP package host on the harness address (only the harness device fetches from it). */
async function packageHost(t: CaseContext): Promise<LargeObjectHost> {
  const host = await LargeObjectHost.listen({ host: t.ixit.harness.host, trace: t.recorder.sink('harness package host') });
  t.defer(() => host.close());
  return host;
}

/** Runs the session that should carry the IUT's commands; returns them and where the operation's EXEC is. */
async function operationSent(t: CaseContext, dev: HarnessDevice, exec: (c: RawCommand) => boolean, what: string) {
  const before = dev.commandsReceived().length;
  const outcome = await dev.session();
  t.check(outcome.ok, `the session that should carry the ${what} failed: ${outcome.reason}`, 'K');
  const got = dev.commandsReceived().slice(before);
  const at = got.findIndex(exec);
  const sent = t.need(got[at], `the IUT sent no EXEC for the ${what}; the device got ${show(got)}`);
  // P: a SCOMO operation is asynchronous, so its EXEC carries a ServerURI (K-CMD: then 202 and an alert later).
  t.check(
    typeof sent[2] === 'string' && /^https?:\/\//.test(sent[2]),
    `the EXEC for the ${what} has no ServerURI (${show(sent)}): its SCOMO result could not be reported`,
  );
  return { got, at };
}

/**
 * Waits for the device's ExecResult alert of the operation's EXEC: the Package#1 carrying it answered
 * HTTP 200 (K-FLOW), and server.result showing that alert with Data.sc 1200 (P-SCOMO).
 */
async function resultReported(t: CaseContext, dev: HarnessDevice, commandId: string, what: string): Promise<void> {
  const { exchange, alert, result } = await dev.execResult(commandId);
  if (!exchange || !alert) t.inconclusive(`the harness device sent no ExecResult alert for the ${what} within the session timeout`);
  t.check(
    exchange.response?.status === 200,
    `the Package#1 carrying the device's ExecResult alert was answered HTTP ${exchange.response?.status}, not 200`,
    'K',
  );
  const reported = t.need(result.asyncResult, `server.result shows no asyncResult after the device reported the ${what} (${show(alert)})`);
  const sc = (reported.Data as { sc?: unknown } | undefined)?.sc;
  t.check(
    reported.AlertType === ALERT.EXEC_RESULT && sc === SCOMO_RESULT.SUCCESS,
    `server.result reports ${show(reported)} for the ${what}, not the device's ExecResult with Data.sc 1200`,
  );
}

defineCase(
  {
    id: 'DMCTS-S-SCOMO-001',
    title: 'server.scomoInstall: the IUT writes Download/<x> with the PkgURL, then EXECs DownloadInstall; the result 1200 reaches server.result',
    requirement:
      "A server asked to install a software component MUST write the device's SCOMO Download/<x> entry (PkgID, PkgURL) before it EXECs its Operations/DownloadInstall with a ServerURI, answer the device's result alert with 200, and report the SCOMO result code (P-SCOMO, K-CMD, K-FLOW).",
    labels: LABELS,
    rules: [...RULES],
    level: 'MUST',
    features: ['SCOMO'],
    utMethods: ['server.scomoInstall'],
  },
  async (t: CaseContext) => {
    const dev = await scomoDevice(t);
    const host = await packageHost(t);
    const object = host.publish(objectBytes(8 * 1024, t.seed));
    const pkgId = t.uniqueName('pkg');
    t.step('server.scomoInstall: the IUT is to install a component from the harness package host');
    const r = await t.ut('server.scomoInstall', { devId: dev.devId, pkgUrl: object.url, pkgId });
    const commandId = String(r.commandId);
    const isInstall = (c: RawCommand) => c[0] === 'EXEC' && typeof c[1] === 'string' && /\/Download\/[^/]+\/Operations\/DownloadInstall$/.test(c[1]);
    const { got, at } = await operationSent(t, dev, isInstall, `install of ${pkgId}`);
    // The order: the HGET that wrote the Download entry (its PkgURL) came before the EXEC of its operation.
    const entry = String(got[at]?.[1]).replace(/\/Operations\/DownloadInstall$/, '');
    const writeAt = got.findIndex(
      (c) => c[0] === 'HGET' && typeof c[2] === 'string' && (c[2] === entry || entry.startsWith(`${c[2]}/`) || c[2].startsWith(`${entry}/`)),
    );
    if (writeAt < 0 || writeAt > at) {
      t.fail(
        `the IUT sent ${show(got.map((c) => c.slice(0, 3)))}: the EXEC of ${entry}/Operations/DownloadInstall does not follow an HGET writing ${entry} (its PkgURL)`,
      );
    }
    await resultReported(t, dev, commandId, `install of ${pkgId}`);
    t.check(
      object.requests.some((q) => q.method === 'GET'),
      `the device never fetched the package: the PkgURL the IUT wrote is not ${object.url}`,
    );
    const components = dev.local(SCOMO_MOID, MIID, ['Inventory', 'Deployed']).children ?? [];
    const mine = components.find((c) => dev.local(SCOMO_MOID, MIID, ['Inventory', 'Deployed', c, 'PkgIDRef']).value === pkgId);
    t.check(
      mine !== undefined,
      `the harness device deployed no component of ${pkgId} (it holds ${components.join(', ') || 'none'}): the IUT's PkgID did not reach it`,
    );
    t.check(
      dev.local(SCOMO_MOID, MIID, ['Inventory', 'Deployed', mine, 'State']).value === DEPLOYED_STATE.ACTIVE,
      `the component of ${pkgId} is not active after DownloadInstall`,
    );
  },
);

defineCase(
  {
    id: 'DMCTS-S-SCOMO-002',
    title: 'server.scomoRemove: the IUT EXECs Inventory/Deployed/<x>/Operations/Remove; the result 1200 reaches server.result',
    requirement:
      "A server asked to remove a deployed software component MUST EXEC that component's Operations/Remove with a ServerURI, answer the device's result alert with 200, and report the SCOMO result code (P-SCOMO, K-CMD, K-FLOW).",
    labels: LABELS,
    rules: [...RULES],
    level: 'MUST',
    features: ['SCOMO'],
    utMethods: ['server.scomoRemove'],
  },
  async (t: CaseContext) => {
    const dev = await scomoDevice(t);
    const component = t.uniqueName('comp');
    dev.localWrite(SCOMO_MOID, MIID, ['Inventory', 'Deployed', component], {
      ID: component,
      Name: component,
      Version: '1.0',
      Status: DEPLOYED_STATUS.IDLE,
      State: DEPLOYED_STATE.ACTIVE,
      Operations: { Activate: null, Deactivate: null, Remove: null },
    });
    t.step(`server.scomoRemove: the IUT is to remove ${component}`);
    const r = await t.ut('server.scomoRemove', { devId: dev.devId, component });
    const isRemove = (c: RawCommand) => c[0] === 'EXEC' && c[1] === `${INST}/Inventory/Deployed/${component}/Operations/Remove`;
    await operationSent(t, dev, isRemove, `removal of ${component}`);
    await resultReported(t, dev, String(r.commandId), `removal of ${component}`);
    t.check(!dev.local(SCOMO_MOID, MIID, ['Inventory', 'Deployed', component]).exists, `${component} is still deployed on the harness device`);
  },
);
