/**
 * Mutants of the P-MAP interoperability cases (DM-IOP-003): a reference device that changes the
 * type of a value it stores (a number or boolean written to it is kept, and read back, as text), and
 * at unit level a translator that drops a type (an LwM2M Boolean sent as a String), which the
 * round-trip property (test/property/mapping-roundtrip.property.test.ts) must catch.
 */
import type { DmDevice } from '../../harness/client/dm-device.ts';
import type { DmTreeData } from '../../harness/tree/mapping/dm-data.ts';
import type { Lwm2mView } from '../../harness/tree/mapping/lwm2m-model.ts';
import { toLwm2m } from '../../harness/tree/mapping/to-lwm2m.ts';
import type { Mutant } from './mutant.ts';

/** Numbers and booleans as text, all through MOData. */
function asText(data: unknown): unknown {
  if (typeof data === 'number' || typeof data === 'boolean') return String(data);
  if (data !== null && typeof data === 'object' && !(data instanceof Uint8Array) && !Array.isArray(data)) {
    return Object.fromEntries(Object.entries(data).map(([k, v]) => [k, asText(v)]));
  }
  return data;
}

/** Every server write (HGET into a ClientURI, HGET creating an instance) stores int, float and bool values as chr. */
function storesValuesAsText(device: DmDevice): void {
  const tree = device.tree;
  const write = tree.write.bind(tree);
  const create = tree.create.bind(tree);
  tree.write = (principal, moid, miid, path, data) => write(principal, moid, miid, path, asText(data));
  tree.create = (principal, moid, data) => create(principal, moid, asText(data));
}

export const IOP_CLIENT_MUTANTS: Mutant[] = [
  {
    name: 'client-iop-values-as-text',
    role: 'client',
    rule: 'P-MAP',
    label: 'DM-IOP-003',
    cases: ['DMCTS-C-IOP-001', 'DMCTS-C-IOP-002'],
    fault: 'keeps every int, float and bool a server writes as chr text (8081 becomes "8081", true becomes "true") and reads it back so',
    started: storesValuesAsText,
  },
];

/** Unit-level mutant: DM -> LwM2M that sends every Boolean resource as a String ("true"/"false"). */
export function typeDroppingToLwm2m(data: DmTreeData): Lwm2mView {
  const view = toLwm2m(data);
  for (const inst of view.instances) {
    for (const r of inst.resources) {
      if (r.type === 'Boolean') Object.assign(r, { type: 'String', value: String(r.value) });
    }
  }
  return view;
}
