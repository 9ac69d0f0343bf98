/**
 * Firmware update, server role (P-FUMO; DM-IOP-002, DM-HLF-027): the harness plays a device with a
 * FUMO instance (urn:oma:mo:oma-fumo:1.0/1) and asks the IUT server through the upper tester to update
 * its firmware (`server.fumoUpdate`, a package the harness hosts). Checked: the IUT writes PkgURL
 * before it EXECs the operation (DownloadAndUpdate, or Download then Update), the device fetches the
 * package from that URL and reports its result as the asynchronous EXEC's result alert, the IUT answers
 * that Package#1, and `server.result` reports the result code the device sent — 200 for a good package,
 * 402 for a corrupted one.
 */
import { createHash } from 'node:crypto';
import type { CaseContext } from '../../harness/conformance/case-context.ts';
import { defineCase } from '../../harness/conformance/define-case.ts';
import { LargeObjectHost } from '../../harness/conformance/fixtures/large-object-host.ts';
import { HarnessDevice } from '../../harness/conformance/fixtures/harness-device.ts';
import { show } from '../../harness/conformance/fixtures/verify.ts';
import type { RawCommand } from '../../harness/protocol/commands.ts';
import { FUMO_MOID, FUMO_RESULT, FUMO_STATE, stateText } from '../../harness/protocol/fumo.ts';
import { MOID } from '../../harness/protocol/moids.ts';

const SIZE = 128 * 1024;
const META = { labels: ['DM-IOP-002', 'DM-HLF-027'], level: 'MUST', features: ['FUMO'], utMethods: ['server.fumoUpdate'] } as const;

function packageBytes(seed: number): Buffer {
  const out = Buffer.alloc(SIZE);
  for (let i = 0; i < SIZE; i += 32) createHash('sha256').update(`fw:${seed}:${i}`).digest().copy(out, i);
  return out;
}

const isFumo = (uri: unknown) => typeof uri === 'string' && uri.toLowerCase().startsWith(`${FUMO_MOID}/`);
const opOf = (cmd: RawCommand) => (cmd[0] === 'EXEC' && isFumo(cmd[1]) ? /\/(Download|Update|DownloadAndUpdate)$/.exec(String(cmd[1]))?.[1] : undefined);
/** An HGET writing the package URL: its ClientURI names a PkgURL leaf, or an operation node or the instance holding one. */
const writesPkgUrl = (cmd: RawCommand) => cmd[0] === 'HGET' && isFumo(cmd[2]) && !/\/(State|PkgName|PkgVersion|Ext(\/.*)?)$/.test(String(cmd[2]));

interface Update {
  dev: HarnessDevice;
  pkgUrl: string;
  gets: () => number;
  version: string;
  exchange?: Awaited<ReturnType<HarnessDevice['execResult']>>['exchange'];
  sent?: Awaited<ReturnType<HarnessDevice['execResult']>>['alert'];
  result: Awaited<ReturnType<HarnessDevice['execResult']>>['result'];
}

/** Asks the IUT to update the harness device with a package (corrupted on demand), runs the session, waits for the result alert. */
async function update(t: CaseContext, corrupted: boolean): Promise<Update> {
  const dev = await HarnessDevice.start(t);
  // Plain HTTP on the harness's loopback address: the package comes from the harness, not the IUT, and the
  // harness device trusts only the IUT's CA.
  const host = await LargeObjectHost.start(t, { plain: true });
  const pkg = host.publish(packageBytes(t.seed), { wrongDigest: corrupted });
  const version = `dmcts-fw-${t.seed >>> 0}`;
  t.step(`ask the IUT to update ${dev.devId} to ${version} from ${pkg.url}`);
  const r = await t.ut('server.fumoUpdate', { devId: dev.devId, pkgUrl: pkg.url, pkgVersion: version });
  const commandId = String(r.commandId);
  await dev.session();
  const { exchange, alert, result } = await dev.execResult(commandId);
  return { dev, pkgUrl: pkg.url, gets: () => pkg.gets, version, ...(exchange ? { exchange } : {}), ...(alert ? { sent: alert } : {}), result };
}

/** The order of the IUT's FUMO commands: PkgURL written before the first operation EXEC'd; DownloadAndUpdate, or Download then Update. */
function checkOrder(t: CaseContext, u: Update): void {
  const cmds = u.dev.commandsReceived();
  t.note(`the IUT sent: ${cmds.map((c) => `${String(c[0])} ${String(c[c[0] === 'HGET' ? 2 : 1] ?? '')}`).join('; ')}`);
  const firstExec = cmds.findIndex((c) => opOf(c) !== undefined);
  const ops = cmds.map(opOf).filter((o) => o !== undefined);
  t.need(firstExec >= 0 ? firstExec : undefined, `the IUT sent no EXEC of a FUMO operation (Download, Update, DownloadAndUpdate) of ${FUMO_MOID}`);
  const write = cmds.findIndex(writesPkgUrl);
  t.check(write >= 0, 'the IUT never wrote the FUMO PkgURL (no HGET into the FUMO instance)');
  t.check(write < 0 || write < firstExec, `the IUT EXECed ${ops[0]} (command ${firstExec + 1}) before it wrote PkgURL (command ${write + 1})`);
  t.check(
    ops[0] === 'DownloadAndUpdate' || (ops[0] === 'Download' && ops.includes('Update')),
    `the IUT's FUMO operations were ${ops.join(', ')}: neither DownloadAndUpdate nor Download then Update`,
  );
  const held = [u.dev.local(FUMO_MOID, '1', ['DownloadAndUpdate', 'PkgURL']).value, u.dev.local(FUMO_MOID, '1', ['Download', 'PkgURL']).value];
  t.check(held.includes(u.pkgUrl), `the device's PkgURL holds ${show(held)}, not the package URL ${u.pkgUrl} the IUT was given`);
}

/** The device's result alert reached the IUT, which answered it and shows the code in server.result. */
function checkResultReported(t: CaseContext, u: Update): number {
  if (!u.exchange || !u.sent) return t.inconclusive('the harness device sent no result alert within the session timeout');
  const sentSc = (u.sent.Data as { sc?: unknown } | undefined)?.sc;
  t.check(
    u.exchange.response?.status === 200,
    `the Package#1 carrying the device's FUMO result was answered HTTP ${u.exchange.response?.status}, not 200`,
    'K',
  );
  const reported = (u.result.asyncResult as { Data?: { sc?: unknown } } | undefined)?.Data?.sc;
  t.check(u.result.asyncResult !== undefined, `the device sent ${show(u.sent)}, yet server.result shows no asyncResult for the update`);
  t.check(reported === sentSc, `server.result reports result ${show(reported)}, not the ${show(sentSc)} the device sent`);
  return typeof sentSc === 'number' ? sentSc : -1;
}

defineCase(
  {
    id: 'DMCTS-S-FUMO-001',
    title: 'A firmware update: the IUT writes PkgURL, then EXECs DownloadAndUpdate; the device updates and the IUT reports result 200',
    requirement:
      "A server MUST, asked to update a device's firmware, write the FUMO PkgURL before it EXECs DownloadAndUpdate (or Download, then Update) with a ServerURI, answer the device's result alert, and report the result code the device sent (P-FUMO, K-CMD).",
    rules: ['P-FUMO', 'K-CMD', 'P-DETAIL'],
    ...META,
  },
  async (t: CaseContext) => {
    const u = await update(t, false);
    checkOrder(t, u);
    t.check(u.gets() > 0, `the device never fetched the package at ${u.pkgUrl}`);
    const sc = checkResultReported(t, u);
    t.check(
      sc === FUMO_RESULT.SUCCESS,
      `the device's update ended with result ${sc}, not 200 (State ${stateText(u.dev.local(FUMO_MOID, '1', ['State']).value)})`,
    );
    const fwV = u.dev.local(MOID.DEVINFO, '1', ['FwV']).value;
    t.check(fwV === u.version, `the device's firmware is ${show(fwV)} after the update, not ${u.version} (the PkgVersion the IUT was given)`, 'P');
    t.check(u.dev.local(FUMO_MOID, '1', ['State']).value === FUMO_STATE.UPDATE_SUCCESSFUL_NO_DATA, 'the device did not end at State 100');
  },
);

defineCase(
  {
    id: 'DMCTS-S-FUMO-002',
    title: 'A corrupted package: the device reports 402 and the IUT reports 402, not success',
    requirement:
      'A server MUST report the FUMO result code a device sent for a failed update (402 for a corrupted package) as it was sent, not as success (P-FUMO).',
    rules: ['P-FUMO', 'K-CMD', 'P-DETAIL'],
    ...META,
  },
  async (t: CaseContext) => {
    const u = await update(t, true);
    checkOrder(t, u);
    const sc = checkResultReported(t, u);
    if (sc !== FUMO_RESULT.CORRUPTED_PACKAGE) t.inconclusive(`precondition: the harness device reported ${sc} for the corrupted package, not 402`);
    const reported = (u.result.asyncResult as { Data?: { sc?: unknown } } | undefined)?.Data?.sc;
    t.check(reported === FUMO_RESULT.CORRUPTED_PACKAGE, `server.result reports ${show(reported)} for a corrupted package, not 402`);
  },
);
