/** Shared by the tree tests: the B.1 device (bench/b1-device-tree.json) loaded into a DeviceTree. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseClientUri } from '../../../harness/protocol/client-uri.ts';
import type { MoEntry } from '../../../harness/protocol/packages.ts';
import type { Right } from '../../../harness/tree/access-rights.ts';
import { DeviceTree } from '../../../harness/tree/device-tree.ts';
import type { Principal } from '../../../harness/tree/principal.ts';

export type Obj = Record<string, unknown>;

export const BENCH = JSON.parse(readFileSync(join(import.meta.dirname, '../../../bench/b1-device-tree.json'), 'utf8')) as Record<string, Record<string, Obj>>;

export const CONNMO = 'urn:oma:mo:oma-dm-connmo:1.0';
/** The server the B.1 device has an account for. */
export const OPERATOR = 'dm.operator.example';

export function benchDevice(): DeviceTree {
  const tree = new DeviceTree();
  for (const [moid, instances] of Object.entries(BENCH)) {
    for (const [miid, data] of Object.entries(instances)) {
      const r = tree.deviceWrite(moid, miid, [], data);
      if (!r.ok) throw new Error(`${moid}/${miid}: ${r.error.message}`);
    }
  }
  return tree;
}

/** What a GET of `text` returns to `who`: the MO serialization, or the error code of resolution. */
export function read(tree: DeviceTree, who: Principal, text: string, right: Right = 'R'): MoEntry[] | string {
  const uri = parseClientUri(text);
  if (!uri.ok) return uri.error.code;
  const nodes = tree.resolve(who, uri.value, right);
  if (!nodes.ok) return nodes.error.code;
  const options = {
    ...(uri.value.query.depth !== undefined ? { depth: uri.value.query.depth } : {}),
    ...(uri.value.query.fields ? { fields: uri.value.query.fields } : {}),
  };
  return nodes.value.flatMap((n) => tree.entry(n, options) ?? []);
}

/** The MOData of the single entry a GET returns. */
export function data(tree: DeviceTree, who: Principal, text: string): unknown {
  const entries = read(tree, who, text);
  if (typeof entries === 'string') throw new Error(`${text}: ${entries}`);
  if (entries.length !== 1) throw new Error(`${text}: ${entries.length} entries`);
  return entries[0]!.MOData;
}
