/**
 * P-MAP: DM tree data -> TR-181 parameters (full path -> text, as a USP agent reports them), by the
 * table of vectors/mappings/tr181.json. A multi-instance object (`{i}`) gets one instance per MO
 * instance; a single-instance object takes the first MO instance only. Every node that does not map
 * is listed with its reason, never dropped silently.
 */
import { type DmTreeData, leavesOf, nodeUri, type Unmapped } from './dm-data.ts';
import { assignInstanceIds } from './instance-ids.ts';
import { knownUnmapped, type Tr181Table, tr181Table } from './mapping-table.ts';
import { isMultiInstance, MAX_TR181_INSTANCE, type Tr181Binding, type Tr181Params, type Tr181View } from './tr181-model.ts';
import { toTr181Value } from './tr181-values.ts';
import { moMapOf } from './to-lwm2m.ts';

export function toTr181(data: DmTreeData, table: Tr181Table = tr181Table()): Tr181View {
  const params: Tr181Params = {};
  const bindings: Tr181Binding[] = [];
  const unmapped: Unmapped[] = [];
  const defaultReason = `no TR-181 parameter for this node in the P-MAP table ${table.version}`;

  for (const [moid, byMiid] of Object.entries(data)) {
    const map = moMapOf(table.mos, moid);
    const miids = Object.keys(byMiid);
    if (!map) {
      for (const miid of miids) {
        for (const leaf of leavesOf(byMiid[miid]))
          unmapped.push({ uri: nodeUri(moid, miid, leaf.node), reason: `no TR-181 object for ${moid} in the P-MAP table ${table.version}`, kind: 'table' });
      }
      continue;
    }
    const numbers = assignInstanceIds(miids, 1, MAX_TR181_INSTANCE);
    const bound = new Set<number>();
    const bind = (instance: number, miid: string) => {
      if (bound.has(instance)) return;
      bound.add(instance);
      bindings.push({ moid: map.moid, instance, miid });
    };
    miids.forEach((miid, index) => {
      for (const leaf of leavesOf(byMiid[miid])) {
        const uri = nodeUri(moid, miid, leaf.node);
        const entry = map.parameters.find((p) => p.node === leaf.node);
        if (!entry) {
          unmapped.push({ uri, reason: knownUnmapped(map.unmapped, leaf.node) ?? defaultReason, kind: 'table' });
          continue;
        }
        const multi = isMultiInstance(entry.path);
        const n = multi ? numbers.get(miid) : 0;
        if (n === undefined) {
          unmapped.push({ uri, reason: `no instance number left for ${entry.path} (1..${MAX_TR181_INSTANCE})`, kind: 'instance' });
          continue;
        }
        if (!multi && index > 0) {
          unmapped.push({
            uri,
            reason: `${entry.path} is one parameter of a single-instance object: ${nodeUri(moid, miids[0] ?? '')} maps to it`,
            kind: 'instance',
          });
          continue;
        }
        const value = toTr181Value(entry, leaf.value);
        if (!value.ok) {
          unmapped.push({ uri, reason: value.error.message, kind: 'value' });
          continue;
        }
        params[entry.path.replace('{i}', String(n))] = value.value;
        bind(n, miid);
      }
    });
  }
  return { version: table.version, params, bindings, unmapped };
}
