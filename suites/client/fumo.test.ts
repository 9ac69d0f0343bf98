/**
 * Firmware update, client role (P-FUMO; DM-IOP-002, DM-HLF-027): the harness, as the IUT's DM 2.0
 * server, drives the IUT's FUMO instance (urn:oma:mo:oma-fumo:1.0, found as `MOID//`): it writes
 * `PkgURL` by HGET, EXECs `DownloadAndUpdate` (or `Download`, then `Update`) with a ServerURI — 202
 * now, the FUMO result code later as the asynchronous EXEC's result alert — and reads `State` by HPUT
 * between steps. Packages come from the harness's large-object host (fixtures/large-object-host.ts),
 * which can hold a download halfway so the State under way is seen: a device that jumps straight to a
 * final State is caught. A bad URL, a corrupted package (its Repr-Digest names other bytes) and their
 * failed States are checked too.
 */
import { createHash } from 'node:crypto';
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { expectSc } from '../../harness/conformance/fixtures/client/status.ts';
import { onlyInstance, readViaHput } from '../../harness/conformance/fixtures/client/tree-reads.ts';
import { LargeObjectHost } from '../../harness/conformance/fixtures/large-object-host.ts';
import { HarnessServer } from '../../harness/conformance/fixtures/harness-server.ts';
import { waitUntil } from '../../harness/conformance/fixtures/waits.ts';
import { FUMO_ALERT, FUMO_MOID, FUMO_RESULT, FUMO_STATE, type FumoOperation, impossibleStep, isFumoSuccess, stateText } from '../../harness/protocol/fumo.ts';
import { MOID } from '../../harness/protocol/moids.ts';
import { ALERT, type GenericAlert } from '../../harness/protocol/packages.ts';

/** The self-test's packages: a few hundred KiB (the 64 MiB figure is bench:fumo's). */
const SIZE = 192 * 1024;
const META = { labels: ['DM-IOP-002', 'DM-HLF-027'], level: 'MUST', features: ['FUMO'] } as const;
const RESULT_ALERTS = new Set<string>([ALERT.EXEC_RESULT, ...Object.values(FUMO_ALERT)]);

function packageBytes(seed: number, size = SIZE): Buffer {
  const out = Buffer.alloc(size);
  for (let i = 0; i < size; i += 32) createHash('sha256').update(`${seed}:${i}`).digest().copy(out, i);
  return out;
}

interface Fumo {
  t: CaseContext;
  srv: HarnessServer;
  host: LargeObjectHost;
  /** The concrete ClientURI of the IUT's FUMO instance. */
  inst: string;
  /** Every State read, in order. */
  states: number[];
}

async function fumo(t: CaseContext): Promise<Fumo> {
  const srv = await HarnessServer.bootstrapped(t, { perm: [{ moid: FUMO_MOID, rights: 'RWE' }] });
  const inst = await onlyInstance(t, srv, FUMO_MOID);
  const host = await LargeObjectHost.start(t);
  const f: Fumo = { t, srv, host, inst, states: [] };
  await readState(f, 'before the update');
  return f;
}

/** Reads `<x>/State` by HPUT (a client MUST) and records it. */
async function readState(f: Fumo, when: string): Promise<number> {
  const read = await readViaHput(f.t, f.srv, [`${f.inst}/State`], `State ${when}`);
  const v = read.entries[0]?.MOData;
  if (typeof v !== 'number' || !Number.isInteger(v)) return f.t.fail(`State ${when} reads ${JSON.stringify(v)}, not an integer FUMO state`);
  f.t.note(`State ${when}: ${stateText(v)}`);
  f.states.push(v);
  return v;
}

/** Writes a leaf of the FUMO instance by HGET of an MO serialization the harness publishes (K-CMD). */
async function writeLeaf(f: Fumo, path: string, value: string): Promise<void> {
  const uri = `${f.inst}/${path}`;
  const content = f.srv.publish([{ ClientURI: uri, MOData: value }]);
  const [q] = await f.srv.run([['HGET', content.url, uri]]);
  expectSc(f.t, q, 200, `HGET writing ${uri}`);
}

/** EXECs an operation with a ServerURI: 202 now; returns a wait for its result alert. */
async function execAsync(f: Fumo, op: FumoOperation): Promise<() => Promise<GenericAlert>> {
  const node = `${f.inst}/${op}`;
  const [q] = await f.srv.run([['EXEC', node, 'auto']]);
  expectSc(f.t, q, 202, `EXEC ${node} with a ServerURI (asynchronous: 202 now, the result later)`);
  return async () => {
    f.t.step(`wait for the result alert of ${op}`);
    await waitUntil(() => q.asyncResult !== undefined, f.t.ixit.timeouts.sessionMs * 2);
    const alert = f.t.need(q.asyncResult, `EXEC ${node} answered 202 but no result alert came within ${f.t.ixit.timeouts.sessionMs * 2} ms`);
    f.t.check(RESULT_ALERTS.has(alert.AlertType), `the result of ${op} came as a ${alert.AlertType} alert, not ExecResult nor ${FUMO_ALERT[op]}`);
    f.t.check(alert.SourceURI === node, `the result alert of ${op} names SourceURI "${alert.SourceURI}", not the executed ${node}`);
    return alert;
  };
}

function resultCode(f: Fumo, alert: GenericAlert, op: string): number {
  const sc = (alert.Data as { sc?: unknown } | undefined)?.sc;
  if (typeof sc !== 'number' || !Number.isInteger(sc))
    return f.t.fail(`the result alert of ${op} carries ${JSON.stringify(alert.Data)}, not {"sc": <FUMO result code>}`);
  f.t.note(`${op} result: ${sc}`);
  return sc;
}

function checkNoSkip(f: Fumo): void {
  const bad = impossibleStep(f.states);
  f.t.check(bad === undefined, `States read ${f.states.join(' → ')}: ${bad ? `${stateText(bad.to)} cannot follow ${stateText(bad.from)}` : ''}`);
}

async function fwV(f: Fumo): Promise<unknown> {
  const read = await readViaHput(f.t, f.srv, [`${MOID.DEVINFO}//FwV`], 'DevInfo FwV');
  return read.entries[0]?.MOData;
}

defineCase(
  {
    id: 'DMCTS-C-FUMO-001',
    title: 'DownloadAndUpdate of a good package: State 30 while it downloads, then 100 (or 90) and result 200',
    requirement:
      'A client MUST, on EXEC of FUMO DownloadAndUpdate with a ServerURI, answer 202, download the package at PkgURL (State Download Progressing meanwhile), install it, end at State 100 or 90 and report result 200 in the asynchronous result alert (P-FUMO, K-CMD).',
    rules: ['P-FUMO', 'K-CMD', 'P-DETAIL', 'P-LO'],
    ...META,
  },
  async (t: CaseContext) => {
    const f = await fumo(t);
    const pkg = f.host.publish(packageBytes(t.seed), { hold: true });
    await writeLeaf(f, 'PkgVersion', `dmcts-${t.seed >>> 0}`);
    await writeLeaf(f, 'DownloadAndUpdate/PkgURL', pkg.url);
    const result = await execAsync(f, 'DownloadAndUpdate');
    t.step('wait for the IUT to fetch the package (held halfway by the harness)');
    const fetching = await waitUntil(() => pkg.holding, t.ixit.timeouts.sessionMs);
    if (!fetching) {
      pkg.release();
      t.fail(`the IUT did not fetch the package at PkgURL ${pkg.url} within ${t.ixit.timeouts.sessionMs} ms of the EXEC (${pkg.gets} GETs)`);
    }
    const during = await readState(f, 'while the package downloads');
    pkg.release();
    t.check(during === FUMO_STATE.DOWNLOAD_PROGRESSING, `State is ${stateText(during)} while the package is still downloading, not 30 (Download Progressing)`);
    const code = resultCode(f, await result(), 'DownloadAndUpdate');
    t.check(isFumoSuccess(code), `DownloadAndUpdate of a good package reported ${code}, not 200 (or 250-299)`);
    const after = await readState(f, 'after the result');
    t.check(
      after === FUMO_STATE.UPDATE_SUCCESSFUL_NO_DATA || after === FUMO_STATE.UPDATE_SUCCESSFUL_HAVE_DATA,
      `State after a successful update is ${stateText(after)}, not 100 or 90`,
    );
    checkNoSkip(f);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FUMO-002',
    title: 'Download, then Update: State 40 after the download, 100 (or 90) after the update, each result 200',
    requirement:
      'A client MUST, on EXEC of FUMO Download, download the package (State 40 Download Complete, result 200) without installing it, and on a later EXEC of Update install it (State 100 or 90, result 200) (P-FUMO, K-CMD).',
    rules: ['P-FUMO', 'K-CMD', 'P-DETAIL', 'P-LO'],
    ...META,
  },
  async (t: CaseContext) => {
    const f = await fumo(t);
    const pkg = f.host.publish(packageBytes(t.seed + 1));
    await writeLeaf(f, 'Download/PkgURL', pkg.url);
    const downloaded = resultCode(f, await (await execAsync(f, 'Download'))(), 'Download');
    t.check(isFumoSuccess(downloaded), `Download of a good package reported ${downloaded}, not 200`);
    t.check(pkg.gets > 0, `Download reported ${downloaded} but the IUT never fetched ${pkg.url}`);
    const between = await readState(f, 'after Download');
    t.check(between === FUMO_STATE.DOWNLOAD_COMPLETE, `State after Download is ${stateText(between)}, not 40 (Download Complete)`);
    const updated = resultCode(f, await (await execAsync(f, 'Update'))(), 'Update');
    t.check(isFumoSuccess(updated), `Update of the downloaded package reported ${updated}, not 200`);
    const after = await readState(f, 'after Update');
    t.check(
      after === FUMO_STATE.UPDATE_SUCCESSFUL_NO_DATA || after === FUMO_STATE.UPDATE_SUCCESSFUL_HAVE_DATA,
      `State after Update is ${stateText(after)}, not 100 or 90`,
    );
    checkNoSkip(f);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FUMO-003',
    title: 'A malformed PkgURL is result 411 and State 20; a URL with no package is a failure and State 20',
    requirement:
      'A client MUST report a malformed package URL with FUMO result 411 and State 20 (Download Failed), and a URL where no package is found with a failure result and State 20, never success (P-FUMO).',
    rules: ['P-FUMO', 'K-CMD'],
    ...META,
  },
  async (t: CaseContext) => {
    const f = await fumo(t);
    await writeLeaf(f, 'DownloadAndUpdate/PkgURL', 'https://bad host name/firmware.bin');
    const malformed = resultCode(f, await (await execAsync(f, 'DownloadAndUpdate'))(), 'DownloadAndUpdate of a malformed URL');
    t.check(malformed === FUMO_RESULT.BAD_URL, `a malformed PkgURL reported ${malformed}, not 411 (Malformed or Bad URL)`);
    const s1 = await readState(f, 'after the malformed URL');
    t.check(s1 === FUMO_STATE.DOWNLOAD_FAILED, `State after a malformed PkgURL is ${stateText(s1)}, not 20 (Download Failed)`);
    await writeLeaf(f, 'DownloadAndUpdate/PkgURL', f.host.missingUrl);
    const missing = resultCode(f, await (await execAsync(f, 'DownloadAndUpdate'))(), 'DownloadAndUpdate of a URL with nothing there');
    t.check(!isFumoSuccess(missing) && missing >= 400 && missing <= 599, `a PkgURL the host answers 404 reported ${missing}, not a failure code`);
    if (missing !== FUMO_RESULT.BAD_URL) t.note(`a PkgURL answered 404 reported ${missing} (411 Bad URL expected by the reference device)`);
    const s2 = await readState(f, 'after the URL with no package');
    t.check(s2 === FUMO_STATE.DOWNLOAD_FAILED, `State after a URL with no package is ${stateText(s2)}, not 20 (Download Failed)`);
    checkNoSkip(f);
  },
);

defineCase(
  {
    id: 'DMCTS-C-FUMO-004',
    title: 'A corrupted package (its Repr-Digest names other bytes) is result 402 or 404, a failed State, and no new firmware',
    requirement:
      'A client MUST refuse a package whose bytes do not match its Repr-Digest: FUMO result 402 (corrupted) or 404 (failed validation), State 20, 70 or 80, and the firmware version unchanged (P-FUMO, P-LO).',
    rules: ['P-FUMO', 'P-LO', 'K-CMD'],
    ...META,
  },
  async (t: CaseContext) => {
    const f = await fumo(t);
    const before = await fwV(f);
    const pkg = f.host.publish(packageBytes(t.seed + 2), { wrongDigest: true });
    await writeLeaf(f, 'PkgVersion', `corrupt-${t.seed >>> 0}`);
    await writeLeaf(f, 'DownloadAndUpdate/PkgURL', pkg.url);
    const code = resultCode(f, await (await execAsync(f, 'DownloadAndUpdate'))(), 'DownloadAndUpdate of a corrupted package');
    t.check(
      code === FUMO_RESULT.CORRUPTED_PACKAGE || code === FUMO_RESULT.FAILED_VALIDATION,
      `a package whose bytes do not match its Repr-Digest reported ${code}, not 402 (corrupted) or 404 (failed validation)`,
    );
    const after = await readState(f, 'after the corrupted package');
    const failed: number[] = [FUMO_STATE.DOWNLOAD_FAILED, FUMO_STATE.UPDATE_FAILED_HAVE_DATA, FUMO_STATE.UPDATE_FAILED_NO_DATA];
    t.check(failed.includes(after), `State after a corrupted package is ${stateText(after)}, not a failed state (20, 70 or 80)`);
    const now = await fwV(f);
    t.check(
      JSON.stringify(now) === JSON.stringify(before),
      `DevInfo FwV went from ${JSON.stringify(before)} to ${JSON.stringify(now)}: the corrupted package was installed`,
    );
    checkNoSkip(f);
  },
);
