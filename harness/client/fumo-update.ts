/**
 * Firmware update on the reference device (P-FUMO): the executable nodes of its FUMO instances.
 * - Download: State 30, the package at `Download/PkgURL` fetched by HTTP(S) GET as a large object
 *   (P-LO, harness/client/package-download.ts: streamed to disk, Range/If-Range resume, checked
 *   against its Repr-Digest sha-256), then State 40; on failure State 20.
 * - Update: State 60, the downloaded package "installed" — read back from disk as a stream and checked
 *   against its SHA-256, then DevInfo `FwV` becomes the instance's `PkgVersion` (or `sha256:<hex>` of
 *   the package) and the package is dropped: State 100; a package that fails the check: State 80.
 * - DownloadAndUpdate: both, State 30, 50 (Ready to Update), 60, then 100 (or 20 / 80).
 * Each returns a FUMO result code (harness/protocol/fumo.ts), which an asynchronous EXEC carries in its
 * ExecResult alert (P-DETAIL) and a synchronous one in its Status. One operation at a time per instance.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { FUMO_MOID, FUMO_RESULT, FUMO_STATE, type FumoOperation, type FumoState } from '../protocol/fumo.ts';
import { MOID } from '../protocol/moids.ts';
import { SC } from '../protocol/status-codes.ts';
import type { DeviceTree } from '../tree/device-tree.ts';
import { FUMO_DATA } from '../tree/fumo-mo.ts';
import type { ExecRegistry } from './exec-registry.ts';
import { largeObjectStoreFor } from './large-object-store.ts';
import type { TransferContext } from './mo-transfer.ts';
import { downloadPackage, type PackageFailure, removePackage } from './package-download.ts';

export interface FumoEnvironment {
  /** How the device reaches a package URL now (its HTTP client, DevID, encodings). */
  transfer: () => TransferContext;
  log?: (line: string) => void;
}

/** The FUMO operations of one device: downloaded packages by instance, and the instances busy now. */
export class FumoUpdater {
  private readonly packages = new Map<string, Buffer>();
  private readonly busy = new Set<string>();
  private readonly log: (line: string) => void;

  constructor(
    private readonly tree: DeviceTree,
    private readonly env: FumoEnvironment,
  ) {
    this.log = env.log ?? (() => {});
  }

  /** Registers the three operations; gives the device its FUMO instance `1` when its tree has the MO and no instance. */
  register(exec: ExecRegistry): void {
    if (this.tree.definition(FUMO_MOID) && [...this.tree.instancesOf(FUMO_MOID)].length === 0) {
      const made = this.tree.deviceWrite(FUMO_MOID, '1', [], FUMO_DATA);
      if (!made.ok) throw new Error(`the FUMO instance could not be made: ${made.error.message}`);
    }
    for (const op of ['Download', 'Update', 'DownloadAndUpdate'] as const) {
      exec.register(FUMO_MOID, [op], ({ miid }) => this.run(miid, op));
    }
  }

  /** Runs one operation on an instance; its FUMO result code. */
  async run(miid: string, op: FumoOperation): Promise<number> {
    if (this.busy.has(miid)) return FUMO_RESULT.NOT_ACCEPTABLE;
    this.busy.add(miid);
    try {
      if (op === 'Update') return await this.update(miid);
      const downloaded = await this.download(miid, op);
      if (downloaded !== FUMO_RESULT.SUCCESS || op === 'Download') return downloaded;
      return await this.update(miid);
    } finally {
      this.busy.delete(miid);
    }
  }

  state(miid: string): number | undefined {
    const v = this.leaf(miid, ['State']);
    return typeof v === 'number' ? v : undefined;
  }

  private async download(miid: string, op: 'Download' | 'DownloadAndUpdate'): Promise<number> {
    this.setState(miid, FUMO_STATE.DOWNLOAD_PROGRESSING);
    this.dropPackage(miid);
    const url = this.leaf(miid, [op, 'PkgURL']);
    const failed = (code: number, why: string) => {
      this.log(`FUMO ${miid} ${op}: ${why} (result ${code})`);
      this.setState(miid, FUMO_STATE.DOWNLOAD_FAILED);
      return code;
    };
    if (typeof url !== 'string') return failed(FUMO_RESULT.BAD_URL, `PkgURL ${JSON.stringify(url)} is not an http(s) URL`);
    const got = await downloadPackage(this.env.transfer(), url, { codeOf: fumoDownloadCode });
    if (!got.ok) return failed(got.code, got.reason);
    this.packages.set(miid, got.sha256);
    this.log(`FUMO ${miid} ${op}: package of ${got.size} bytes downloaded from ${url}, SHA-256 checked`);
    // Download ends at Download Complete; DownloadAndUpdate goes on to Ready to Update (public FUMO states).
    this.setState(miid, op === 'Download' ? FUMO_STATE.DOWNLOAD_COMPLETE : FUMO_STATE.READY_TO_UPDATE);
    return FUMO_RESULT.SUCCESS;
  }

  private async update(miid: string): Promise<number> {
    const sha256 = this.packages.get(miid);
    const state = this.state(miid);
    const store = largeObjectStoreFor(this.env.transfer().devId);
    const object = sha256 ? store.object(sha256) : undefined;
    const ready = state === FUMO_STATE.DOWNLOAD_COMPLETE || state === FUMO_STATE.READY_TO_UPDATE || state === FUMO_STATE.UPDATE_FAILED_HAVE_DATA;
    if (!sha256 || !object || !ready) {
      this.log(`FUMO ${miid} Update: no downloaded package to install (State ${String(state)})`);
      return FUMO_RESULT.UPDATE_FAILED;
    }
    this.setState(miid, FUMO_STATE.UPDATE_PROGRESSING);
    const hash = createHash('sha256');
    try {
      for await (const chunk of createReadStream(object.path, { highWaterMark: 1024 * 1024 })) hash.update(chunk as Buffer);
    } catch (error) {
      this.log(`FUMO ${miid} Update: the package could not be read: ${(error as Error).message}`);
      this.dropPackage(miid);
      this.setState(miid, FUMO_STATE.UPDATE_FAILED_NO_DATA);
      return FUMO_RESULT.UPDATE_FAILED;
    }
    if (!hash.digest().equals(sha256)) {
      this.dropPackage(miid);
      this.setState(miid, FUMO_STATE.UPDATE_FAILED_NO_DATA);
      return FUMO_RESULT.FAILED_VALIDATION;
    }
    const version = this.leaf(miid, ['PkgVersion']);
    const fwV = typeof version === 'string' && version !== '' ? version : `sha256:${sha256.toString('hex').slice(0, 16)}`;
    const devInfo = [...this.tree.instancesOf(MOID.DEVINFO)][0];
    if (devInfo) this.tree.deviceWrite(MOID.DEVINFO, devInfo.miid, ['FwV'], fwV);
    this.log(`FUMO ${miid} Update: firmware ${fwV} installed (${object.size} bytes)`);
    this.dropPackage(miid);
    this.setState(miid, FUMO_STATE.UPDATE_SUCCESSFUL_NO_DATA);
    return FUMO_RESULT.SUCCESS;
  }

  private dropPackage(miid: string): void {
    const sha256 = this.packages.get(miid);
    this.packages.delete(miid);
    if (sha256) removePackage(this.env.transfer().devId, sha256, this.tree);
  }

  private setState(miid: string, state: FumoState): void {
    this.tree.deviceWrite(FUMO_MOID, miid, ['State'], state);
  }

  private leaf(miid: string, path: readonly string[]): unknown {
    let node = this.tree.instance(FUMO_MOID, miid)?.root as { kind: string; value?: unknown; children?: Map<string, unknown> } | undefined;
    for (const name of path) node = node?.kind === 'interior' ? (node.children?.get(name) as typeof node) : undefined;
    return node?.kind === 'leaf' ? node.value : undefined;
  }
}

/** The FUMO result code of a failed package download. */
function fumoDownloadCode(failure: PackageFailure): number {
  switch (failure.kind) {
    case 'bad-url':
      return FUMO_RESULT.BAD_URL;
    case 'refused':
      return refusedCode(failure.status ?? 0);
    case 'not-a-package':
      return FUMO_RESULT.NOT_ACCEPTABLE;
    case 'corrupted':
      return FUMO_RESULT.CORRUPTED_PACKAGE;
    case 'unchecked':
      return FUMO_RESULT.FAILED_VALIDATION;
    case 'too-large':
      return FUMO_RESULT.DOWNLOAD_OUT_OF_MEMORY;
    case 'cannot-stream':
      return FUMO_RESULT.NOT_IMPLEMENTED;
    default:
      return FUMO_RESULT.NETWORK_ERROR;
  }
}

/** The FUMO result code of an HTTP error answer of the package server. */
function refusedCode(sc: number): number {
  if (sc === SC.BAD_GATEWAY) return FUMO_RESULT.NETWORK_ERROR;
  if (sc === 404 || sc === 410) return FUMO_RESULT.BAD_URL;
  if (sc === 401 || sc === 403) return FUMO_RESULT.DOWNLOAD_AUTH_FAILURE;
  if (sc === 408 || sc === 504) return FUMO_RESULT.DOWNLOAD_TIMEOUT;
  if (sc === 503) return FUMO_RESULT.DOWNLOAD_SERVER_UNAVAILABLE;
  if (sc >= 500) return FUMO_RESULT.DOWNLOAD_SERVER_ERROR;
  return FUMO_RESULT.CLIENT_ERROR;
}

/** Gives a device FUMO (its instance and its three operations). */
export function registerFumo(tree: DeviceTree, exec: ExecRegistry, env: FumoEnvironment): FumoUpdater {
  const updater = new FumoUpdater(tree, env);
  updater.register(exec);
  return updater;
}
