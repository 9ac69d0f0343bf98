// Package#0 (K-NOTI, P-NOTI): a 2-byte header (VER<<4 | OC>>1, (OC&1)<<7 | reserved) then CoAP-style
// options (4-bit delta, 4-bit length, 13 => +1 byte +13, 14 => +2 bytes +269).
// DOC GAP: protocol.md says "options 1-6" but does not number them; we number them in the order the
// "Value sizes" paragraph lists them (see FINDINGS.md).
import { createHash } from 'node:crypto';

export const OPT = { serverId: 1, preferredConType: 2, notificationId: 3, digest: 4, timestamp: 5, reqMos: 6 } as const;

export interface Package0 {
  serverId: string;
  preferredConType?: number;
  notificationId: number;
  digest: Uint8Array;
  timestamp: number;
  reqMos: boolean;
}

function nibble(v: number): { n: number; ext: number[] } {
  if (v < 13) return { n: v, ext: [] };
  if (v < 269) return { n: 13, ext: [v - 13] };
  const x = v - 269;
  return { n: 14, ext: [x >> 8, x & 0xff] };
}

export function encodePackage0(p: Omit<Package0, 'digest'> & { digest?: Uint8Array }): Buffer {
  const opts: [number, Buffer][] = [];
  opts.push([OPT.serverId, Buffer.from(p.serverId, 'utf8')]);
  if (p.preferredConType !== undefined) opts.push([OPT.preferredConType, Buffer.from([p.preferredConType])]);
  const nid = Buffer.alloc(2);
  nid.writeUInt16BE(p.notificationId & 0xffff);
  opts.push([OPT.notificationId, nid]);
  opts.push([OPT.digest, Buffer.from(p.digest ?? new Uint8Array(32))]);
  const ts = Buffer.alloc(4);
  ts.writeUInt32BE(p.timestamp >>> 0);
  opts.push([OPT.timestamp, ts]);
  if (p.reqMos) opts.push([OPT.reqMos, Buffer.alloc(0)]);
  const oc = opts.length;
  const parts: Buffer[] = [Buffer.from([(0 << 4) | (oc >> 1), (oc & 1) << 7])];
  let prev = 0;
  for (const [num, value] of opts) {
    const d = nibble(num - prev);
    const l = nibble(value.length);
    parts.push(Buffer.from([(d.n << 4) | l.n, ...d.ext, ...l.ext]), value);
    prev = num;
  }
  return Buffer.concat(parts);
}

export interface Decoded {
  pkg: Package0;
  digestOffset: number;
}

export function decodePackage0(buf: Uint8Array): Decoded {
  if (buf.length < 2) throw new Error('short header');
  const ver = buf[0]! >> 4;
  if (ver !== 0) throw new Error(`VER ${ver}`);
  const oc = ((buf[0]! & 0x0f) << 1) | (buf[1]! >> 7);
  let pos = 2;
  let num = 0;
  const seen = new Set<number>();
  const pkg: Partial<Package0> & { reqMos: boolean } = { reqMos: false };
  let digestOffset = -1;
  const ext = (n: number): number => {
    if (n < 13) return n;
    if (n === 13) {
      if (pos >= buf.length) throw new Error('truncated');
      return buf[pos++]! + 13;
    }
    if (n === 14) {
      if (pos + 1 >= buf.length) throw new Error('truncated');
      const v = (buf[pos]! << 8) | buf[pos + 1]!;
      pos += 2;
      return v + 269;
    }
    throw new Error('nibble 15');
  };
  for (let i = 0; i < oc; i++) {
    if (pos >= buf.length) throw new Error('option count does not match');
    const b = buf[pos++]!;
    const delta = ext(b >> 4);
    const len = ext(b & 0x0f);
    num += delta;
    if (seen.has(num)) throw new Error(`repeated option ${num}`);
    seen.add(num);
    if (pos + len > buf.length) throw new Error('truncated value');
    const v = Buffer.from(buf.subarray(pos, pos + len));
    const at = pos;
    pos += len;
    switch (num) {
      case OPT.serverId:
        if (len < 1 || len > 1024) throw new Error('SERVER-ID size');
        pkg.serverId = new TextDecoder('utf-8', { fatal: true }).decode(v);
        break;
      case OPT.preferredConType:
        if (len !== 1 || v[0]! > 3) throw new Error('PREFERRED-CON-TYPE');
        pkg.preferredConType = v[0]!;
        break;
      case OPT.notificationId:
        if (len !== 2) throw new Error('NOTIFICATION-ID size');
        pkg.notificationId = v.readUInt16BE(0);
        break;
      case OPT.digest:
        if (len !== 32) throw new Error('digest size');
        pkg.digest = v;
        digestOffset = at;
        break;
      case OPT.timestamp:
        if (len !== 4) throw new Error('TIMESTAMP size');
        pkg.timestamp = v.readUInt32BE(0);
        break;
      case OPT.reqMos:
        if (len !== 0) throw new Error('REQ-MOS size');
        pkg.reqMos = true;
        break;
      default:
        throw new Error(`unknown option ${num}`);
    }
  }
  if (pos !== buf.length) throw new Error('trailing bytes');
  if (pkg.serverId === undefined || pkg.notificationId === undefined || pkg.digest === undefined || pkg.timestamp === undefined) {
    throw new Error('missing option');
  }
  return { pkg: pkg as Package0, digestOffset };
}

/** SHA-256(secret ‖ notification with its digest bytes zeroed ‖ DevID) (P-NOTI). */
export function package0Digest(secret: string, zeroed: Uint8Array, devId: string): Buffer {
  return createHash('sha256').update(Buffer.from(secret, 'utf8')).update(zeroed).update(Buffer.from(devId, 'utf8')).digest();
}

/** Builds a signed Package#0. */
export function signedPackage0(p: Omit<Package0, 'digest'>, secret: string, devId: string): Buffer {
  const unsigned = encodePackage0(p);
  const { digestOffset } = decodePackage0(unsigned);
  const d = package0Digest(secret, unsigned, devId);
  d.copy(unsigned, digestOffset);
  return unsigned;
}
