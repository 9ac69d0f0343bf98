/** Byte-level mutations of a valid body: the malformed inputs a peer must refuse without crashing. */

export type Rng = () => number;

/** A small deterministic generator (mulberry32), so a fuzz run replays from its seed. */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(r: Rng, items: readonly T[]): T {
  return items[Math.floor(r() * items.length)]!;
}

function randomBytes(r: Rng, n: number): Buffer {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; i++) b[i] = Math.floor(r() * 256);
  return b;
}

export function mutate(r: Rng, input: Uint8Array): Buffer {
  const b = Buffer.from(input);
  switch (Math.floor(r() * 7)) {
    case 0: {
      // flip 1-8 bits
      for (let i = 0, n = 1 + Math.floor(r() * 8); i < n && b.length; i++) b[Math.floor(r() * b.length)]! ^= 1 << Math.floor(r() * 8);
      return b;
    }
    case 1:
      return b.subarray(0, Math.floor(r() * b.length));
    case 2: {
      const at = Math.floor(r() * (b.length + 1));
      return Buffer.concat([b.subarray(0, at), randomBytes(r, 1 + Math.floor(r() * 16)), b.subarray(at)]);
    }
    case 3:
      return randomBytes(r, Math.floor(r() * 64));
    case 4: {
      // duplicate a slice (nesting, repeated keys)
      const from = Math.floor(r() * b.length);
      const to = Math.min(b.length, from + 1 + Math.floor(r() * 32));
      return Buffer.concat([b.subarray(0, to), b.subarray(from, to), b.subarray(to)]);
    }
    case 5: {
      // replace a byte with a structural character
      if (b.length) b[Math.floor(r() * b.length)] = pick(r, [0x22, 0x7b, 0x7d, 0x5b, 0x5d, 0x3a, 0x2c, 0x00, 0xff, 0x9f]);
      return b;
    }
    default:
      return Buffer.concat([b, b]);
  }
}
