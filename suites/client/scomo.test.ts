/**
 * Software components over DM 2.0, client role (P-SCOMO, K-CMD; DM-IOP-002, DM-HLF-027): the harness,
 * as the IUT's DM server, writes a `Download/<x>` entry of the IUT's SCOMO instance (PkgID, Name, and
 * a PkgURL on the harness's package host) by HGET, and runs the SCOMO operations by EXEC with a
 * ServerURI: 202 now (K-CMD), the SCOMO result code later as `Data.sc` of the ExecResult alert (our
 * profile's choice, docs/protocol.md "P-SCOMO"; the public `urn:oma:at:scomo:1.0:OperationComplete`
 * alert is accepted in its place, its code in `Data.sc` or the DM 1.x `<ResultCode>` of `Data.DM1x`). The inventory is read back by HPUT of
 * `Inventory/Deployed`: the component a DownloadInstall made is the Deployed entry that was not there
 * before (its PkgIDRef, when the IUT gives one, the package's PkgID), with State 20 active / 10
 * inactive (public SCOMO values). Failures: a PkgURL that answers 404 and a package whose P-LO digest
 * does not match are 14xx and deploy nothing.
 */
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { dmPosts } from '../../harness/conformance/fixtures/client/dm-wire.ts';
import { expectSc } from '../../harness/conformance/fixtures/client/status.ts';
import { onlyInstance, readViaHput } from '../../harness/conformance/fixtures/client/tree-reads.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { LargeObjectHost, objectBytes } from '../../harness/conformance/fixtures/large-object-host.ts';
import { waitUntil } from '../../harness/conformance/fixtures/waits.ts';
import { ALERT, type GenericAlert } from '../../harness/protocol/packages.ts';
import { DELIVERED_STATE, DEPLOYED_STATE, isScomoFailure, SCOMO_ALERT, SCOMO_MOID, SCOMO_RESULT } from '../../harness/protocol/scomo.ts';

const RULES = ['P-SCOMO', 'K-CMD', 'P-DETAIL'] as const;
const LABELS = ['DM-IOP-002', 'DM-HLF-027'];

interface ScomoRig {
  srv: HarnessServer;
  host: LargeObjectHost;
  /** The IUT's SCOMO instance, `urn:oma:mo:oma-scomo:1.0/<MIID>`. */
  inst: string;
}

async function rig(t: CaseContext): Promise<ScomoRig> {
  const srv = await HarnessServer.bootstrapped(t, { perm: [{ moid: SCOMO_MOID, rights: 'RWE' }] });
  const inst = await onlyInstance(t, srv, SCOMO_MOID, 'P');
  const host = await LargeObjectHost.start(t);
  return { srv, host, inst };
}

/** Writes `Download/<name>` {PkgID, Name, PkgURL} by HGET (the device adds Operations and Status). */
async function offer(t: CaseContext, r: ScomoRig, name: string, pkgId: string, url: string): Promise<string> {
  const uri = `${r.inst}/Download/${name}`;
  const content = r.srv.publish([{ ClientURI: uri, MOData: { PkgID: pkgId, Name: name, PkgURL: url } }]);
  const [q] = await r.srv.run([['HGET', content.url, uri]]);
  expectSc(t, q, 200, `HGET of the Download entry ${uri} (PkgURL ${url})`, 'P');
  return uri;
}

/** The SCOMO result code an alert carries: `Data.sc` (ours), or the DM 1.x form `<ResultCode>n</ResultCode>` in `Data.DM1x`. */
function resultCodeOf(alert: GenericAlert): number | undefined {
  const data = alert.Data as { sc?: unknown; DM1x?: unknown } | undefined;
  if (typeof data?.sc === 'number') return data.sc;
  const m = typeof data?.DM1x === 'string' ? /<ResultCode>\s*(\d+)\s*<\/ResultCode>/.exec(data.DM1x) : null;
  return m ? Number(m[1]) : typeof data?.DM1x === 'number' ? data.DM1x : undefined;
}

/**
 * EXEC of a SCOMO operation node with a ServerURI: 202 now and an alert later to that ServerURI in a
 * new session (K-CMD); the alert is the ExecResult (P-DETAIL) or the public SCOMO OperationComplete
 * alert, either accepted (P-SCOMO). Returns the SCOMO result code it carries.
 */
async function operate(t: CaseContext, r: ScomoRig, node: string): Promise<number> {
  const [q] = await r.srv.run([['EXEC', node, 'auto']]);
  expectSc(t, q, 202, `EXEC ${node} with a ServerURI (asynchronous: 202 now, the result later)`, 'K');
  t.step(`wait for the result of ${node.slice(node.indexOf('/') + 1)}`);
  const alertPath = new URL(String(q.command[2])).pathname;
  const RESULT_TYPES = new Set<string>([ALERT.EXEC_RESULT, SCOMO_ALERT.OPERATION_COMPLETE]);
  const found = () =>
    q.asyncResult ??
    dmPosts(r.srv.wire)
      .filter((p) => p.kind === 'package1' && p.path === alertPath)
      .flatMap((p) => p.package1?.Alert ?? [])
      .find((a) => RESULT_TYPES.has(a.AlertType));
  await waitUntil(() => found() !== undefined, t.ixit.timeouts.sessionMs);
  const alert = t.need(found(), `EXEC ${node} answered 202 but no alert with its result came to its ServerURI within ${t.ixit.timeouts.sessionMs} ms`, 'K');
  t.check(alert.SourceURI === undefined || alert.SourceURI === node, `the result alert of ${node} names SourceURI ${alert.SourceURI}, not the executed node`);
  return t.need(resultCodeOf(alert), `the ${alert.AlertType} alert of ${node} carries Data ${JSON.stringify(alert.Data)}, no SCOMO result code`);
}

type Inventory = Record<string, Record<string, unknown>>;

/** `Inventory/Deployed` as the IUT sends it by HPUT: component node name -> its leaves. */
async function deployed(t: CaseContext, r: ScomoRig, what: string): Promise<Inventory> {
  const read = await readViaHput(t, r.srv, [`${r.inst}/Inventory/Deployed`], what, 'P');
  const data = read.entries[0]?.MOData;
  return typeof data === 'object' && data !== null ? (data as Inventory) : {};
}

/** The component a package made: the Deployed entry new since `before`, its PkgIDRef the PkgID when given. */
function componentOf(before: Inventory, after: Inventory, pkgId: string): [string, Record<string, unknown>] | undefined {
  const fresh = Object.entries(after).filter(([name]) => !(name in before));
  return fresh.find(([, c]) => c.PkgIDRef === pkgId) ?? fresh.find(([, c]) => c.PkgIDRef === undefined);
}

/** DownloadInstall(Inactive) of a fresh package; checks 1200 and returns the component's node name. */
async function install(t: CaseContext, r: ScomoRig, op: 'DownloadInstall' | 'DownloadInstallInactive'): Promise<{ name: string; state: unknown }> {
  const pkgId = t.uniqueName('pkg');
  const object = r.host.publish(objectBytes(8 * 1024, t.seed));
  const before = await deployed(t, r, 'the inventory before the install');
  const entry = await offer(t, r, t.uniqueName('dl'), pkgId, object.url);
  const code = await operate(t, r, `${entry}/Operations/${op}`);
  t.check(code === SCOMO_RESULT.SUCCESS, `${op} of ${pkgId} reported ${code}, not 1200`);
  t.check(
    object.requests.some((q) => q.method === 'GET' && q.status < 300),
    `the IUT reported ${code} for ${op} but never fetched the package from its PkgURL`,
  );
  const after = await deployed(t, r, `the inventory after ${op}`);
  const [name, component] = t.need(
    componentOf(before, after, pkgId),
    `after ${op} of ${pkgId} reported ${code}, Inventory/Deployed lists no new component with PkgIDRef ${pkgId} (it holds ${Object.keys(after).join(', ') || 'nothing'})`,
  );
  return { name, state: component.State };
}

defineCase(
  {
    id: 'DMCTS-C-SCOMO-001',
    title: 'DownloadInstall of a package: 202, result 1200, the component active in Inventory/Deployed',
    requirement:
      'A client MUST carry out a SCOMO DownloadInstall EXEC: fetch the package from PkgURL, report 1200 in the ExecResult of the asynchronous EXEC, and list the installed component in Inventory/Deployed with State 20 (active) (P-SCOMO, K-CMD).',
    labels: LABELS,
    rules: [...RULES],
    level: 'MUST',
    features: ['SCOMO'],
  },
  async (t: CaseContext) => {
    const r = await rig(t);
    const { name, state } = await install(t, r, 'DownloadInstall');
    t.check(state === DEPLOYED_STATE.ACTIVE, `the component ${name} installed by DownloadInstall has State ${JSON.stringify(state)}, not 20 (active)`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-SCOMO-002',
    title: 'DownloadInstallInactive, then Activate and Deactivate: 1200 each, State 10 -> 20 -> 10',
    requirement:
      'A client MUST install a component inactive (State 10) on DownloadInstallInactive and change its State on Activate (20) and Deactivate (10) of Inventory/Deployed/<x>/Operations, each reported 1200 (P-SCOMO, K-CMD).',
    labels: LABELS,
    rules: [...RULES],
    level: 'MUST',
    features: ['SCOMO'],
  },
  async (t: CaseContext) => {
    const r = await rig(t);
    const { name, state } = await install(t, r, 'DownloadInstallInactive');
    t.check(
      state === DEPLOYED_STATE.INACTIVE,
      `the component ${name} installed by DownloadInstallInactive has State ${JSON.stringify(state)}, not 10 (inactive)`,
    );
    const ops = `${r.inst}/Inventory/Deployed/${name}/Operations`;
    for (const [op, want] of [
      ['Activate', DEPLOYED_STATE.ACTIVE],
      ['Deactivate', DEPLOYED_STATE.INACTIVE],
    ] as const) {
      const code = await operate(t, r, `${ops}/${op}`);
      t.check(code === SCOMO_RESULT.SUCCESS, `${op} of ${name} reported ${code}, not 1200`);
      const now = (await deployed(t, r, `the inventory after ${op}`))[name];
      t.check(now?.State === want, `after ${op} the component ${name} has State ${JSON.stringify(now?.State)}, not ${want}`);
    }
  },
);

defineCase(
  {
    id: 'DMCTS-C-SCOMO-003',
    title: 'Remove of a deployed component: 1200, and it leaves Inventory/Deployed',
    requirement:
      'A client MUST remove a deployed component on EXEC of Inventory/Deployed/<x>/Operations/Remove, report 1200, and no longer list it in Inventory/Deployed (P-SCOMO, K-CMD).',
    labels: LABELS,
    rules: [...RULES],
    level: 'MUST',
    features: ['SCOMO'],
  },
  async (t: CaseContext) => {
    const r = await rig(t);
    const { name } = await install(t, r, 'DownloadInstall');
    const code = await operate(t, r, `${r.inst}/Inventory/Deployed/${name}/Operations/Remove`);
    t.check(code === SCOMO_RESULT.SUCCESS, `Remove of ${name} reported ${code}, not 1200`);
    const after = await deployed(t, r, 'the inventory after Remove');
    t.check(!(name in after), `Remove of ${name} reported ${code}, yet Inventory/Deployed still lists it: ${JSON.stringify(after[name])}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-SCOMO-004',
    title: 'DownloadInstall from a PkgURL that answers 404: a 14xx failure (1402 download failed), nothing deployed',
    requirement:
      'A client MUST report a failed download as a SCOMO failure code (1400-1499; 1402 download failed) in the ExecResult, and install nothing (P-SCOMO, K-CMD).',
    labels: LABELS,
    rules: [...RULES],
    level: 'MUST',
    features: ['SCOMO'],
  },
  async (t: CaseContext) => {
    const r = await rig(t);
    const object = r.host.publish(objectBytes(1024, t.seed));
    const missing = `${object.url}-${t.uniqueName('missing')}`;
    const pkgId = t.uniqueName('pkg');
    const before = await deployed(t, r, 'the inventory before the download');
    const entry = await offer(t, r, t.uniqueName('dl'), pkgId, missing);
    const code = await operate(t, r, `${entry}/Operations/DownloadInstall`);
    t.check(isScomoFailure(code), `DownloadInstall from ${missing} (HTTP 404) reported ${code}, not a SCOMO failure code 1400-1499`);
    t.note(`the IUT reported ${code} for a PkgURL answering 404 (1402 expected of the reference device)`);
    const after = await deployed(t, r, 'the inventory after the failed download');
    const fresh = Object.keys(after).filter((n) => !(n in before));
    t.check(fresh.length === 0, `after a failed download Inventory/Deployed lists new components: ${fresh.join(', ')}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-SCOMO-005',
    title: 'DownloadInstall of a package whose Repr-Digest names other bytes: 1407 failed validation, nothing deployed',
    requirement:
      'A client MUST check a package against the sha-256 Repr-Digest its download carries (P-LO) and report a mismatch as 1407 (failed package validation), installing nothing (P-SCOMO, P-LO).',
    labels: LABELS,
    rules: ['P-SCOMO', 'P-LO', 'K-CMD'],
    level: 'MUST',
    features: ['SCOMO'],
  },
  async (t: CaseContext) => {
    const r = await rig(t);
    const object = r.host.publish(objectBytes(4 * 1024, t.seed), { wrongDigest: true });
    const before = await deployed(t, r, 'the inventory before the download');
    const entry = await offer(t, r, t.uniqueName('dl'), t.uniqueName('pkg'), object.url);
    const code = await operate(t, r, `${entry}/Operations/DownloadInstall`);
    t.check(code === SCOMO_RESULT.PACKAGE_VALIDATION_FAILED, `DownloadInstall of a package whose digest does not match reported ${code}, not 1407`);
    const after = await deployed(t, r, 'the inventory after the refused package');
    const fresh = Object.keys(after).filter((n) => !(n in before));
    t.check(fresh.length === 0, `a package that failed its digest check was installed: Inventory/Deployed lists ${fresh.join(', ')}`);
  },
);

defineCase(
  {
    id: 'DMCTS-C-SCOMO-006',
    title: 'Download, then Install of the delivered package: Inventory/Delivered lists it, Install deploys it active',
    requirement:
      'A client MUST, on a SCOMO Download EXEC, fetch the package into Inventory/Delivered (State 10 delivered) without installing it, and on Install of that delivered package deploy the component active (State 20), each reported 1200 (P-SCOMO, K-CMD).',
    labels: LABELS,
    rules: [...RULES],
    level: 'MUST',
    features: ['SCOMO'],
  },
  async (t: CaseContext) => {
    const r = await rig(t);
    const pkgId = t.uniqueName('pkg');
    const object = r.host.publish(objectBytes(4 * 1024, t.seed));
    const before = await deployed(t, r, 'the inventory before the download');
    const entry = await offer(t, r, t.uniqueName('dl'), pkgId, object.url);
    const code = await operate(t, r, `${entry}/Operations/Download`);
    t.check(code === SCOMO_RESULT.SUCCESS, `Download of ${pkgId} reported ${code}, not 1200`);
    const read = await readViaHput(t, r.srv, [`${r.inst}/Inventory/Delivered`], 'the delivered packages after Download', 'P');
    const delivered = (read.entries[0]?.MOData ?? {}) as Inventory;
    const [name, pkg] = t.need(
      Object.entries(delivered).find(([, p]) => p.PkgID === pkgId),
      `after Download of ${pkgId} reported ${code}, Inventory/Delivered lists no package with that PkgID (it holds ${Object.keys(delivered).join(', ') || 'nothing'})`,
    );
    t.check(pkg.State === DELIVERED_STATE.DELIVERED, `the delivered package ${name} has State ${JSON.stringify(pkg.State)}, not 10 (delivered)`);
    const early = componentOf(before, await deployed(t, r, 'the inventory after Download'), pkgId);
    t.check(early === undefined, `Download (not DownloadInstall) of ${pkgId} installed it: Inventory/Deployed lists ${early?.[0]}`);
    const installed = await operate(t, r, `${r.inst}/Inventory/Delivered/${name}/Operations/Install`);
    t.check(installed === SCOMO_RESULT.SUCCESS, `Install of the delivered ${name} reported ${installed}, not 1200`);
    const component = t.need(
      componentOf(before, await deployed(t, r, 'the inventory after Install'), pkgId),
      `after Install of ${name} reported ${installed}, Inventory/Deployed lists no new component with PkgIDRef ${pkgId}`,
    );
    t.check(
      component[1].State === DEPLOYED_STATE.ACTIVE,
      `the component ${component[0]} installed by Install has State ${JSON.stringify(component[1].State)}, not 20 (active)`,
    );
  },
);
