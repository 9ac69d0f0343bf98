/**
 * P-MAP: DM tree data -> LwM2M object instances, by the table of vectors/mappings/lwm2m.json. Every
 * node that does not map is listed with its reason (the table's, or why the translator could not),
 * never dropped silently.
 */
import { canonicalMoid } from '../standard-mos.ts';
import { type DmTreeData, leavesOf, nodeUri, type Unmapped } from './dm-data.ts';
import { assignInstanceIds } from './instance-ids.ts';
import type { Lwm2mBinding, Lwm2mInstance, Lwm2mView } from './lwm2m-model.ts';
import { toLwm2mValue } from './lwm2m-values.ts';
import { knownUnmapped, type Lwm2mMoMap, type Lwm2mTable, lwm2mTable } from './mapping-table.ts';

/** Instance IDs stop one short of 65534 so that the Short Server ID (ours: instance ID + 1) stays in 1..65534. */
export const MAX_LWM2M_INSTANCE = 65533;

export function moMapOf<T extends { moid: string }>(mos: readonly T[], moid: string): T | undefined {
  const canonical = canonicalMoid(moid);
  return mos.find((m) => m.moid === canonical);
}

/** The objects an MO maps to, in the table's order. */
function objectsOf(map: Lwm2mMoMap): number[] {
  return [...new Set([...map.resources.map((r) => r.object), ...(map.shortServerId ?? []).map((s) => s.object)])];
}

export function toLwm2m(data: DmTreeData, table: Lwm2mTable = lwm2mTable()): Lwm2mView {
  const instances = new Map<string, Lwm2mInstance>();
  const bindings: Lwm2mBinding[] = [];
  const unmapped: Unmapped[] = [];
  const defaultReason = `no LwM2M resource for this node in the P-MAP table ${table.version}`;

  for (const [moid, byMiid] of Object.entries(data)) {
    const map = moMapOf(table.mos, moid);
    const miids = Object.keys(byMiid);
    if (!map) {
      for (const miid of miids) {
        for (const leaf of leavesOf(byMiid[miid]))
          unmapped.push({ uri: nodeUri(moid, miid, leaf.node), reason: `no LwM2M object for ${moid} in the P-MAP table ${table.version}`, kind: 'table' });
      }
      continue;
    }
    // Per object: the instance ID of each MIID (undefined: this MIID cannot have one).
    const ids = new Map<number, Map<string, number | undefined>>();
    const blocked = new Map<number, string>();
    for (const object of objectsOf(map)) {
      const def = table.objects.find((o) => o.id === object)!;
      if (def.multiInstance) ids.set(object, assignInstanceIds(miids, 0, MAX_LWM2M_INSTANCE));
      else {
        // A single-instance object: the first MO instance is /object/0; the others have no place.
        ids.set(object, new Map(miids.map((m, i) => [m, i === 0 ? 0 : undefined])));
        blocked.set(object, `object ${object} (${def.name}) is single-instance: ${nodeUri(moid, miids[0] ?? '')} already maps to /${object}/0`);
      }
    }
    const instanceOf = (object: number, miid: string): Lwm2mInstance | undefined => {
      const id = ids.get(object)?.get(miid);
      if (id === undefined) return undefined;
      const key = `${object}/${id}`;
      let inst = instances.get(key);
      if (!inst) {
        inst = { object, instance: id, resources: [] };
        instances.set(key, inst);
        bindings.push({ object, instance: id, moid: map.moid, miid });
      }
      return inst;
    };
    for (const miid of miids) {
      const leaves = leavesOf(byMiid[miid]);
      let mapped = 0;
      for (const leaf of leaves) {
        const uri = nodeUri(moid, miid, leaf.node);
        const entry = map.resources.find((r) => r.node === leaf.node);
        if (!entry) {
          unmapped.push({ uri, reason: knownUnmapped(map.unmapped, leaf.node) ?? defaultReason, kind: 'table' });
          continue;
        }
        if (ids.get(entry.object)?.get(miid) === undefined) {
          unmapped.push({
            uri,
            reason: blocked.get(entry.object) ?? `object ${entry.object} has no free instance ID left (0..${MAX_LWM2M_INSTANCE})`,
            kind: 'instance',
          });
          continue;
        }
        const value = toLwm2mValue(entry, leaf.value);
        if (!value.ok) {
          unmapped.push({ uri, reason: value.error.message, kind: 'value' });
          continue;
        }
        instanceOf(entry.object, miid)!.resources.push({ id: entry.resource, type: entry.type, value: value.value });
        mapped++;
      }
      if (mapped === 0) continue;
      for (const ssid of map.shortServerId ?? []) {
        const inst = instanceOf(ssid.object, miid);
        if (inst) inst.resources.push({ id: ssid.resource, type: 'Integer', value: inst.instance + 1 });
      }
    }
  }
  const sorted = [...instances.values()].sort((a, b) => a.object - b.object || a.instance - b.instance);
  for (const inst of sorted) inst.resources.sort((a, b) => a.id - b.id);
  return { version: table.version, instances: sorted, bindings, unmapped };
}
