// Values read from CBOR may hold byte strings (format bin, K-TREE); the tree keeps JSON values, so a
// byte string is stored as its base64 text (the JSON form of bin).
import type { Json } from './tree.ts';

export function fromWire(v: unknown): Json {
  if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
  if (Array.isArray(v)) return v.map(fromWire);
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, Json> = {};
    for (const [k, x] of Object.entries(v)) out[k] = fromWire(x);
    return out;
  }
  return v as Json;
}
