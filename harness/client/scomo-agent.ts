/**
 * The reference device's SCOMO agent (P-SCOMO): what an EXEC of a SCOMO operation node does, on the
 * SCOMO MO instance the factory profile makes (harness/tree/scomo-mo.ts).
 * - `Download/<x>/Operations/Download`: GET of PkgURL as a P-LO large object
 *   (harness/client/scomo-download.ts); the package moves to `Inventory/Delivered/<x>` (State 10
 *   delivered) and the Download entry goes. The package stays in the device's large-object store on
 *   disk as long as its Delivered entry does (it goes with a Remove or a delete of that entry).
 * - `.../DownloadInstall` / `DownloadInstallInactive`: the same, then installed: `Delivered/<x>` State
 *   20 installed and the component `Inventory/Deployed/<x>` with State 20 active / 10 inactive.
 * - `Inventory/Delivered/<x>/Operations/Install` / `InstallInactive` / `Remove`.
 * - `Inventory/Deployed/<x>/Operations/Activate` / `Deactivate` / `Remove`.
 * Each returns a SCOMO result code (1200, 14xx): in the ExecResult alert of an asynchronous EXEC as
 * is, in the Status of a synchronous one mapped to a status code (scomoStatusCode). While a Download
 * entry downloads its Status is 30, then 40; a failed download leaves it with Status 20, a failed
 * install with 60. (ours) The Delivered and Deployed nodes take the Download entry's name; the
 * component's ID is the PkgID, its Version "1.0" (the package is opaque to this device).
 */
import { concreteUri } from '../protocol/client-uri.ts';
import {
  DELIVERED_STATE,
  DELIVERED_STATUS,
  DEPLOYED_STATE,
  DEPLOYED_STATUS,
  DOWNLOAD_STATUS,
  SCOMO_MOID,
  SCOMO_OPERATIONS,
  isScomoOperation,
  SCOMO_RESULT,
  scomoStatusCode,
} from '../protocol/scomo.ts';
import type { DeviceTree } from '../tree/device-tree.ts';
import { nodeAt, type TreeNode } from '../tree/tree-node.ts';
import type { ExecContext, ExecRegistry } from './exec-registry.ts';
import type { TransferContext } from './mo-transfer.ts';
import { removePackage } from './package-download.ts';
import { downloadScomoPackage } from './scomo-download.ts';

export interface ScomoOptions {
  /** How the device reaches a package URL now (its HTTP client, which changes with the network; DevID; encodings). */
  transfer: () => TransferContext;
  log?: (line: string) => void;
  /** The largest package taken (default MAX_PACKAGE_BYTES). */
  maxPackageBytes?: number;
}

const DEVICE = { kind: 'device' } as const;
const nulls = (names: readonly string[]) => Object.fromEntries(names.map((n) => [n, null]));

export class ScomoAgent {
  /** Entries with an operation under way (`<miid>/<path of the entry>`): a second one is 1413. */
  private readonly busy = new Set<string>();
  /** The SHA-256 of the package on disk of each Delivered entry (`<miid>/<name>`). */
  private readonly packages = new Map<string, Buffer>();
  private readonly log: (line: string) => void;

  constructor(
    private readonly tree: DeviceTree,
    private readonly exec: ExecRegistry,
    private readonly options: ScomoOptions,
  ) {
    this.log = options.log ?? (() => {});
  }

  /** Handles the operation nodes of every entry, and completes Download entries as they are written. */
  attach(): void {
    this.exec.registerMatching(SCOMO_MOID, isScomoOperation, (ctx) => this.run(ctx));
    this.tree.onChange((change) => {
      if (change.moid !== SCOMO_MOID) return;
      if (this.packages.size > 0) queueMicrotask(() => this.dropOrphanPackages());
      if (change.op === 'delete') return;
      if (change.path.length === 0 || change.path[0] === 'Download') queueMicrotask(() => this.completeDownloadEntries());
    });
  }

  /** (ours) A Download entry written without Operations or Status gets them from the device. */
  private completeDownloadEntries(): void {
    for (const inst of this.tree.allInstances()) {
      if (inst.moid !== SCOMO_MOID) continue;
      for (const pkg of this.names(inst.miid, ['Download'])) {
        const entry = this.node(inst.miid, ['Download', pkg]);
        if (entry?.kind !== 'interior') continue;
        if (!entry.children.has('Operations')) this.write(inst.miid, ['Download', pkg, 'Operations'], nulls(SCOMO_OPERATIONS.download));
        if (!entry.children.has('Status')) this.write(inst.miid, ['Download', pkg, 'Status'], DOWNLOAD_STATUS.IDLE);
      }
    }
  }

  /** Drops the package of every Delivered entry that is gone (a Remove, a delete, a replaced instance). */
  private dropOrphanPackages(): void {
    for (const [key, sha256] of this.packages) {
      const [miid, name] = key.split('/') as [string, string];
      if (this.node(miid, ['Inventory', 'Delivered', name])) continue;
      this.packages.delete(key);
      this.dropUnused(sha256);
    }
  }

  /** Removes a package file no Delivered entry holds any more (two entries may hold the same bytes). */
  private dropUnused(sha256: Buffer): void {
    if ([...this.packages.values()].some((held) => held.equals(sha256))) return;
    removePackage(this.options.transfer().devId, sha256, this.tree);
  }

  private async run(ctx: ExecContext): Promise<number> {
    const code = await this.operate(ctx.miid, ctx.path);
    this.log(`SCOMO ${concreteUri(SCOMO_MOID, ctx.miid, ctx.path)}: result ${code}`);
    return ctx.async ? code : scomoStatusCode(code);
  }

  private async operate(miid: string, path: readonly string[]): Promise<number> {
    const op = path[path.length - 1]!;
    const entryPath = path.slice(0, -2);
    const key = `${miid}/${entryPath.join('/')}`;
    if (this.busy.has(key)) return SCOMO_RESULT.OPERATION_REJECTED;
    this.busy.add(key);
    try {
      if (path[0] === 'Download') return await this.download(miid, entryPath[1]!, op);
      if (path[1] === 'Delivered') return this.delivered(miid, entryPath[2]!, op);
      return this.deployed(miid, entryPath[2]!, op);
    } catch (error) {
      this.log(`SCOMO ${key} ${op} failed: ${(error as Error).message}`);
      return SCOMO_RESULT.UNDEFINED_ERROR;
    } finally {
      this.busy.delete(key);
    }
  }

  private async download(miid: string, pkg: string, op: string): Promise<number> {
    const at = ['Download', pkg];
    const pkgId = this.text(miid, [...at, 'PkgID']);
    const url = this.text(miid, [...at, 'PkgURL']);
    if (pkgId === undefined || url === undefined) return SCOMO_RESULT.DOWNLOAD_FAILED;
    const name = this.text(miid, [...at, 'Name']);
    const install = op === 'DownloadInstall' ? DEPLOYED_STATE.ACTIVE : op === 'DownloadInstallInactive' ? DEPLOYED_STATE.INACTIVE : undefined;
    if (install !== undefined && this.node(miid, ['Inventory', 'Deployed', pkg])) {
      this.write(miid, [...at, 'Status'], DOWNLOAD_STATUS.INSTALL_FAILED_WITH_DATA);
      return SCOMO_RESULT.INSTALL_FAILED;
    }
    this.write(miid, [...at, 'Status'], DOWNLOAD_STATUS.DOWNLOAD_PROGRESSING);
    const fetched = await downloadScomoPackage(this.options.transfer(), url, this.options.maxPackageBytes);
    if (!fetched.ok) {
      this.log(`SCOMO download of ${pkgId}: ${fetched.reason}`);
      if (this.node(miid, at)) this.write(miid, [...at, 'Status'], DOWNLOAD_STATUS.DOWNLOAD_FAILED);
      return fetched.code;
    }
    this.write(miid, [...at, 'Status'], DOWNLOAD_STATUS.DOWNLOAD_COMPLETE);
    this.write(miid, ['Inventory', 'Delivered', pkg], {
      PkgID: pkgId,
      ...(name !== undefined ? { Name: name } : {}),
      Operations: nulls(SCOMO_OPERATIONS.delivered),
      Status: DELIVERED_STATUS.IDLE,
      State: install === undefined ? DELIVERED_STATE.DELIVERED : DELIVERED_STATE.INSTALLED,
    });
    const before = this.packages.get(`${miid}/${pkg}`);
    this.packages.set(`${miid}/${pkg}`, fetched.sha256);
    if (before && !before.equals(fetched.sha256)) this.dropUnused(before);
    this.log(`SCOMO download of ${pkgId}: ${fetched.size} bytes from ${url} in ${fetched.requests} request(s), SHA-256 checked`);
    if (install !== undefined) this.deploy(miid, pkg, pkgId, name, install);
    this.remove(miid, at);
    return SCOMO_RESULT.SUCCESS;
  }

  private delivered(miid: string, pkg: string, op: string): number {
    const at = ['Inventory', 'Delivered', pkg];
    if (!this.node(miid, at)) return op === 'Remove' ? SCOMO_RESULT.REMOVE_FAILED : SCOMO_RESULT.INSTALL_FAILED;
    if (op === 'Remove') {
      this.remove(miid, at);
      return SCOMO_RESULT.SUCCESS;
    }
    if (this.node(miid, ['Inventory', 'Deployed', pkg])) return SCOMO_RESULT.INSTALL_FAILED;
    const pkgId = this.text(miid, [...at, 'PkgID']) ?? pkg;
    this.deploy(miid, pkg, pkgId, this.text(miid, [...at, 'Name']), op === 'Install' ? DEPLOYED_STATE.ACTIVE : DEPLOYED_STATE.INACTIVE);
    this.write(miid, [...at, 'State'], DELIVERED_STATE.INSTALLED);
    return SCOMO_RESULT.SUCCESS;
  }

  private deployed(miid: string, component: string, op: string): number {
    const at = ['Inventory', 'Deployed', component];
    const state = this.node(miid, [...at, 'State']);
    if (state?.kind !== 'leaf') {
      return op === 'Remove' ? SCOMO_RESULT.REMOVE_FAILED : op === 'Activate' ? SCOMO_RESULT.ACTIVATE_FAILED : SCOMO_RESULT.DEACTIVATE_FAILED;
    }
    if (op === 'Remove') {
      this.remove(miid, at);
      const delivered = ['Inventory', 'Delivered', component];
      if (this.node(miid, delivered)) this.write(miid, [...delivered, 'State'], DELIVERED_STATE.DELIVERED);
      return SCOMO_RESULT.SUCCESS;
    }
    const want = op === 'Activate' ? DEPLOYED_STATE.ACTIVE : DEPLOYED_STATE.INACTIVE;
    // (ours) Activating an active component or deactivating an inactive one fails: 1409 / 1410.
    if (state.value === want) return op === 'Activate' ? SCOMO_RESULT.ACTIVATE_FAILED : SCOMO_RESULT.DEACTIVATE_FAILED;
    this.write(miid, [...at, 'State'], want);
    return SCOMO_RESULT.SUCCESS;
  }

  private deploy(miid: string, name: string, pkgId: string, displayName: string | undefined, state: number): void {
    this.write(miid, ['Inventory', 'Deployed', name], {
      ID: pkgId,
      PkgIDRef: pkgId,
      Name: displayName ?? pkgId,
      Version: '1.0',
      Status: DEPLOYED_STATUS.IDLE,
      State: state,
      Operations: nulls(SCOMO_OPERATIONS.deployed),
    });
  }

  private names(miid: string, path: readonly string[]): string[] {
    const node = this.node(miid, path);
    return node?.kind === 'interior' ? [...node.children.keys()] : [];
  }

  private node(miid: string, path: readonly string[]): TreeNode | undefined {
    const inst = this.tree.instance(SCOMO_MOID, miid);
    return inst ? nodeAt(inst.root, path) : undefined;
  }

  private text(miid: string, path: readonly string[]): string | undefined {
    const node = this.node(miid, path);
    return node?.kind === 'leaf' && typeof node.value === 'string' ? node.value : undefined;
  }

  private write(miid: string, path: readonly string[], data: unknown): void {
    const result = this.tree.deviceWrite(SCOMO_MOID, miid, path, data);
    if (!result.ok) throw new Error(`${concreteUri(SCOMO_MOID, miid, path)}: ${result.error.message}`);
  }

  private remove(miid: string, path: readonly string[]): void {
    const result = this.tree.remove(DEVICE, { moid: SCOMO_MOID, miid, path: [...path] });
    if (!result.ok) throw new Error(`${concreteUri(SCOMO_MOID, miid, path)}: ${result.error.message}`);
  }
}

/** Gives the device its SCOMO operations (called once by the device, like registerDiagnostics). */
export function registerScomo(tree: DeviceTree, exec: ExecRegistry, options: ScomoOptions): ScomoAgent {
  const agent = new ScomoAgent(tree, exec, options);
  agent.attach();
  return agent;
}
