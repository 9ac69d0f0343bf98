/**
 * Where the reference device keeps large objects (P-LO): on disk, never whole in memory. A download
 * under way is a partial file per ServerURI with what is known of the object (its ETag, size and
 * Repr-Digest); a complete object is a file named by its SHA-256, which the tree's leaf names by its
 * `Repr-Digest` text. Files live under the device's directory in the temp dir (keyed by DevID), so a
 * partial survives a network move, a suspend and a restart of the device with the same DevID.
 * Bounded: at most MAX_OBJECTS complete objects and MAX_PARTIALS partials are kept (oldest go first).
 */
import { createHash } from 'node:crypto';
import { createReadStream, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PartialMeta {
  serverUri: string;
  /** The strong validator the stored bytes belong to (sent back in If-Range). */
  etag?: string;
  /** The object's size, from Content-Range or Content-Length. */
  size?: number;
  /** The whole object's `Repr-Digest` as the server sent it. */
  digest?: string;
}

const MAX_OBJECTS = 32;
const MAX_PARTIALS = 32;
const stores = new Map<string, LargeObjectStore>();

/** The store of a device (one per DevID and process). */
export function largeObjectStoreFor(devId: string): LargeObjectStore {
  let store = stores.get(devId);
  if (!store) {
    store = new LargeObjectStore(join(tmpdir(), 'dmcts-large-objects', createHash('sha256').update(devId).digest('hex').slice(0, 24)));
    stores.set(devId, store);
  }
  return store;
}

export class LargeObjectStore {
  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true });
  }

  private key(serverUri: string): string {
    return createHash('sha256').update(serverUri).digest('hex').slice(0, 32);
  }

  /** The partial file a download of that ServerURI appends to. */
  partialPath(serverUri: string): string {
    return join(this.dir, `partial-${this.key(serverUri)}.bin`);
  }

  private metaPath(serverUri: string): string {
    return join(this.dir, `partial-${this.key(serverUri)}.json`);
  }

  /** What is stored of that ServerURI: its meta and the bytes on disk (0 when nothing, or no validator to resume with). */
  partial(serverUri: string): { meta: PartialMeta; stored: number } {
    try {
      const meta = JSON.parse(readFileSync(this.metaPath(serverUri), 'utf8')) as PartialMeta;
      if (meta.serverUri !== serverUri) return { meta: { serverUri }, stored: 0 };
      return { meta, stored: statSync(this.partialPath(serverUri)).size };
    } catch {
      return { meta: { serverUri }, stored: 0 };
    }
  }

  /** Starts the partial over (empty file) with what a 200 or a first 206 said of the object. */
  restart(meta: PartialMeta): void {
    this.prunePartials();
    writeFileSync(this.partialPath(meta.serverUri), new Uint8Array());
    this.saveMeta(meta);
  }

  saveMeta(meta: PartialMeta): void {
    writeFileSync(this.metaPath(meta.serverUri), JSON.stringify(meta));
  }

  /** Forgets a partial (a digest mismatch, an object that changed). */
  drop(serverUri: string): void {
    rmSync(this.partialPath(serverUri), { force: true });
    rmSync(this.metaPath(serverUri), { force: true });
  }

  /** The SHA-256 of the partial file, read as a stream. */
  async sha256(serverUri: string): Promise<Buffer> {
    const hash = createHash('sha256');
    for await (const chunk of createReadStream(this.partialPath(serverUri), { highWaterMark: 256 * 1024 })) hash.update(chunk as Buffer);
    return hash.digest();
  }

  /** Makes the partial a complete object named by its SHA-256; returns its path. */
  complete(serverUri: string, sha256: Buffer): string {
    const path = this.objectPath(sha256);
    renameSync(this.partialPath(serverUri), path);
    rmSync(this.metaPath(serverUri), { force: true });
    this.prune('obj-', MAX_OBJECTS);
    return path;
  }

  /** Stores bytes as a complete object (a device that made or was given it); returns its SHA-256. */
  putObject(bytes: Uint8Array): Buffer {
    const sha256 = createHash('sha256').update(bytes).digest();
    writeFileSync(this.objectPath(sha256), bytes);
    this.prune('obj-', MAX_OBJECTS);
    return sha256;
  }

  /** The file of a complete object, by its SHA-256. */
  objectPath(sha256: Buffer): string {
    return join(this.dir, `obj-${sha256.toString('hex')}.bin`);
  }

  /** The complete object with that SHA-256 and its size, if stored. */
  object(sha256: Buffer): { path: string; size: number } | undefined {
    const path = this.objectPath(sha256);
    try {
      return { path, size: statSync(path).size };
    } catch {
      return undefined;
    }
  }

  private prunePartials(): void {
    this.prune('partial-', MAX_PARTIALS * 2);
  }

  private prune(prefix: string, keep: number): void {
    const files = readdirSync(this.dir)
      .filter((f) => f.startsWith(prefix))
      .map((f) => ({ f, at: statSync(join(this.dir, f)).mtimeMs }))
      .sort((a, b) => b.at - a.at);
    for (const { f } of files.slice(keep)) rmSync(join(this.dir, f), { force: true });
  }
}
