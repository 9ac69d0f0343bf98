/**
 * P-MAP (ours): the instance number a DM MO instance gets in a multi-instance LwM2M object or TR-181
 * table. A MIID that is a decimal number in range keeps it; any other MIID takes the lowest number
 * free, in the order the instances come. The translators record each choice (a binding), so the way
 * back finds the MIID again.
 */

const DECIMAL = /^(0|[1-9]\d{0,5})$/;

/** The number a MIID names when it is a plain decimal in [min, max], else undefined. */
export function numericMiid(miid: string, min: number, max: number): number | undefined {
  if (!DECIMAL.test(miid)) return undefined;
  const n = Number(miid);
  return n >= min && n <= max ? n : undefined;
}

/** Instance numbers for MIIDs: their own number when they are one, else the lowest free; undefined once the range is full. */
export function assignInstanceIds(miids: readonly string[], min: number, max: number): Map<string, number | undefined> {
  const out = new Map<string, number | undefined>();
  const taken = new Set<number>();
  for (const miid of miids) {
    const n = numericMiid(miid, min, max);
    if (n !== undefined) {
      out.set(miid, n);
      taken.add(n);
    }
  }
  let next = min;
  for (const miid of miids) {
    if (out.has(miid)) continue;
    while (taken.has(next)) next++;
    if (next > max) {
      out.set(miid, undefined);
      continue;
    }
    out.set(miid, next);
    taken.add(next);
  }
  return out;
}
