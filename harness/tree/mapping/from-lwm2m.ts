/**
 * P-MAP: LwM2M object instances -> DM tree data, by the table of vectors/mappings/lwm2m.json. An
 * instance's MO instance is the one its binding names, else the MIID is its instance ID (ours).
 * Every resource that does not map back is listed with its reason.
 */
import { type DmTreeData, ownChild, setLeaf, type Unmapped } from './dm-data.ts';
import type { Lwm2mBinding, Lwm2mInstance } from './lwm2m-model.ts';
import { lwm2mPath } from './lwm2m-model.ts';
import { fromLwm2mValue } from './lwm2m-values.ts';
import { type Lwm2mMoMap, type Lwm2mTable, lwm2mTable } from './mapping-table.ts';

export interface FromLwm2m {
  data: DmTreeData;
  unmapped: Unmapped[];
}

export function fromLwm2m(instances: readonly Lwm2mInstance[], bindings: readonly Lwm2mBinding[] = [], table: Lwm2mTable = lwm2mTable()): FromLwm2m {
  const data: DmTreeData = {};
  const unmapped: Unmapped[] = [];
  const moOfObject = new Map<number, Lwm2mMoMap>();
  for (const mo of table.mos) for (const r of [...mo.resources, ...(mo.shortServerId ?? [])]) moOfObject.set(r.object, mo);

  for (const inst of instances) {
    const mo = moOfObject.get(inst.object);
    if (!mo) {
      unmapped.push({
        uri: lwm2mPath(inst.object, inst.instance),
        reason: `no DM MO for object ${inst.object} in the P-MAP table ${table.version}`,
        kind: 'table',
      });
      continue;
    }
    const miid = bindings.find((b) => b.object === inst.object && b.instance === inst.instance)?.miid ?? String(inst.instance);
    for (const res of inst.resources) {
      const uri = lwm2mPath(inst.object, inst.instance, res.id);
      if (mo.shortServerId?.some((s) => s.object === inst.object && s.resource === res.id)) {
        if (res.value !== inst.instance + 1)
          unmapped.push({
            uri,
            reason: `Short Server ID ${String(res.value)} is not instance ID + 1 (${inst.instance + 1}), as P-MAP assigns it`,
            kind: 'value',
          });
        continue;
      }
      const map = mo.resources.find((r) => r.object === inst.object && r.resource === res.id);
      if (!map) {
        unmapped.push({ uri, reason: `no DM node for resource ${uri} in the P-MAP table ${table.version}`, kind: 'table' });
        continue;
      }
      const value = fromLwm2mValue(map, res.type, res.value);
      if (!value.ok) {
        unmapped.push({ uri, reason: value.error.message, kind: 'value' });
        continue;
      }
      const moData = ownChild(ownChild(data, mo.moid), miid);
      if (!setLeaf(moData, map.node, value.value))
        unmapped.push({ uri, reason: `${mo.moid}/${miid}/${map.node} is set already (two resources for one node)`, kind: 'instance' });
    }
  }
  return { data, unmapped };
}
