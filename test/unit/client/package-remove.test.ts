/**
 * A FUMO or SCOMO package dropped after its install (or with its entry) leaves the device's store —
 * unless a leaf of the tree holds a large object with the same bytes: the store names complete objects
 * by their SHA-256, so both name one file, and the leaf's object must stay readable.
 */
import { createHash } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildFactoryTree } from '../../../harness/client/factory-profile.ts';
import { largeObjectStoreFor } from '../../../harness/client/large-object-store.ts';
import { removePackage } from '../../../harness/client/package-download.ts';
import { DIAGNOSTICS_MOID } from '../../../harness/protocol/moids.ts';
import { reprDigestHeader } from '../../../harness/transport/ranged-object.ts';

function stored(devId: string, text: string): { sha256: Buffer; path: string } {
  const bytes = Buffer.from(text);
  const sha256 = createHash('sha256').update(bytes).digest();
  const path = largeObjectStoreFor(devId).objectPath(sha256);
  writeFileSync(path, bytes);
  return { sha256, path };
}

describe('removing a downloaded package', () => {
  it('deletes its file when no leaf of the tree holds the same object', () => {
    const devId = `pkg-remove-${process.pid}-a`;
    const tree = buildFactoryTree({ devId, servers: [] });
    const { sha256, path } = stored(devId, 'a firmware package');
    removePackage(devId, sha256, tree);
    expect(existsSync(path)).toBe(false);
  });

  it('keeps the file a leaf of the tree names by its Repr-Digest (a large object with the same bytes)', () => {
    const devId = `pkg-remove-${process.pid}-b`;
    const tree = buildFactoryTree({ devId, servers: [] });
    const { sha256, path } = stored(devId, 'bytes a leaf holds too');
    expect(tree.deviceWrite(DIAGNOSTICS_MOID, '1', ['Label'], reprDigestHeader(sha256)).ok).toBe(true);
    removePackage(devId, sha256, tree);
    expect(existsSync(path), "the leaf's object is still on disk").toBe(true);
  });
});
