/**
 * A deliberately tiny deterministic CBOR encoder (RFC 8949 §4.2.1), written from the RFC and sharing
 * nothing with cbor-x, to check the codec's bytes against: shortest heads, definite lengths, map keys
 * sorted by the bytes of their encodings, no tags. Numbers: safe integers as major type 0/1, every
 * other number as float64 (the codec's documented deviation from the shortest-float rule).
 */

function head(major: number, n: number | bigint): number[] {
  const v = BigInt(n);
  const m = major << 5;
  if (v < 24n) return [m | Number(v)];
  if (v < 0x100n) return [m | 24, Number(v)];
  if (v < 0x10000n) return [m | 25, Number(v >> 8n), Number(v & 0xffn)];
  if (v < 0x100000000n) return [m | 26, ...bytesOf(v, 4)];
  return [m | 27, ...bytesOf(v, 8)];
}

function bytesOf(v: bigint, size: number): number[] {
  const out: number[] = [];
  for (let i = size - 1; i >= 0; i--) out.push(Number((v >> BigInt(8 * i)) & 0xffn));
  return out;
}

function compareBytes(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

function encodeItem(value: unknown): number[] {
  if (value === null) return [0xf6];
  if (value === true) return [0xf5];
  if (value === false) return [0xf4];
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return value >= 0 ? head(0, value) : head(1, -1n - BigInt(value));
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, value);
    return [0xfb, ...new Uint8Array(view.buffer)];
  }
  if (typeof value === 'string') {
    const utf8 = [...Buffer.from(value, 'utf8')];
    return [...head(3, utf8.length), ...utf8];
  }
  if (value instanceof Uint8Array) return [...head(2, value.length), ...value];
  if (Array.isArray(value)) return [...head(4, value.length), ...value.flatMap(encodeItem)];
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => ({ key: encodeItem(k), value: encodeItem(v) }))
      .sort((a, b) => compareBytes(a.key, b.key));
    return [...head(5, entries.length), ...entries.flatMap((e) => [...e.key, ...e.value])];
  }
  throw new TypeError(`no CBOR form for ${typeof value}`);
}

export function referenceCbor(value: unknown): Buffer {
  return Buffer.from(encodeItem(value));
}
