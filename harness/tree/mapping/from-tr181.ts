/**
 * P-MAP: TR-181 parameters -> DM tree data, by the table of vectors/mappings/tr181.json. An
 * instance number's MO instance is the one its binding names, else the MIID is the number (and the
 * single-instance objects go to MIID "1"; ours). Every parameter that does not map back is listed.
 */
import { type DmTreeData, ownChild, setLeaf, type Unmapped } from './dm-data.ts';
import { type Tr181MoMap, type Tr181ParameterMap, type Tr181Table, tr181Table } from './mapping-table.ts';
import type { Tr181Binding, Tr181Params } from './tr181-model.ts';
import { fromTr181Value } from './tr181-values.ts';

export interface FromTr181 {
  data: DmTreeData;
  unmapped: Unmapped[];
}

interface Matcher {
  mo: Tr181MoMap;
  map: Tr181ParameterMap;
  pattern: RegExp;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

function matchers(table: Tr181Table): Matcher[] {
  return table.mos.flatMap((mo) =>
    mo.parameters.map((map) => ({ mo, map, pattern: new RegExp(`^${escapeRegExp(map.path).replace('\\{i\\}', '{i}').replace('{i}', '([1-9]\\d{0,5})')}$`) })),
  );
}

export function fromTr181(params: Tr181Params, bindings: readonly Tr181Binding[] = [], table: Tr181Table = tr181Table()): FromTr181 {
  const data: DmTreeData = {};
  const unmapped: Unmapped[] = [];
  const all = matchers(table);
  for (const [path, text] of Object.entries(params)) {
    let found: { m: Matcher; instance: number } | undefined;
    for (const m of all) {
      const hit = m.pattern.exec(path);
      if (hit) {
        found = { m, instance: hit[1] === undefined ? 0 : Number(hit[1]) };
        break;
      }
    }
    if (!found) {
      unmapped.push({ uri: path, reason: `no DM node for ${path} in the P-MAP table ${table.version}`, kind: 'table' });
      continue;
    }
    const { m, instance } = found;
    if (typeof text !== 'string') {
      unmapped.push({ uri: path, reason: 'a TR-181 value is text', kind: 'value' });
      continue;
    }
    const value = fromTr181Value(m.map, text);
    if (!value.ok) {
      unmapped.push({ uri: path, reason: value.error.message, kind: 'value' });
      continue;
    }
    const miid = bindings.find((b) => b.moid === m.mo.moid && b.instance === instance)?.miid ?? (instance === 0 ? '1' : String(instance));
    const moData = ownChild(ownChild(data, m.mo.moid), miid);
    if (!setLeaf(moData, m.map.node, value.value))
      unmapped.push({ uri: path, reason: `${m.mo.moid}/${miid}/${m.map.node} is set already (two parameters for one node)`, kind: 'instance' });
  }
  return { data, unmapped };
}
