/**
 * How deep a decoded value nests. JSON and CBOR allow any depth, but every recursive walk of a value
 * (schema checks, comparison, redaction, JSON.stringify of a report) overflows the stack a few
 * thousand levels down: a peer could break whoever reads its body with a few KiB of `[[[[...`. Bodies
 * and upper-tester messages nested deeper than these limits are refused where they are decoded.
 */

/** The most levels of arrays and objects a DM body may nest (ours: docs/protocol.md, K-FLOW). */
export const MAX_BODY_NESTING = 256;

/**
 * Whether the value nests deeper than `max` levels of arrays and objects (the value itself being
 * level 1), found without recursion; byte strings (Uint8Array) count as leaves.
 */
export function nestsDeeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array) continue;
    if (depth > max) return true;
    const children = Array.isArray(v) ? v : v instanceof Map ? [...v.values()] : Object.values(v);
    for (const child of children) if (child !== null && typeof child === 'object') stack.push([child, depth + 1]);
  }
  return false;
}
