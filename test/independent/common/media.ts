// Media types of DM 2.0 packages and MO serializations (K-FLOW, P-DETAIL, P-CBOR).
import { decodeCbor, encodeCbor } from './cbor.ts';
export const MT = {
  initiation: 'application/vnd.oma.dm.initiation+json',
  request: 'application/vnd.oma.dm.request+json',
  response: 'application/vnd.oma.dm.response+json',
  mo: 'application/vnd.oma.dm.mo+json',
  notification: 'application/vnd.oma.dm.notification',
} as const;

/** The CBOR twin of a JSON media type (P-CBOR). */
export const cborOf = (jsonType: string): string => jsonType.replace(/\+json$/, '+cbor');

/** Decodes a JSON or CBOR body by its media type (the JSON one or its twin). */
export function decodeBody(type: string, jsonType: string, body: Buffer): unknown {
  if (type === cborOf(jsonType)) return decodeCbor(body);
  if (type === jsonType) return JSON.parse(body.toString('utf8'));
  throw new Error(`unexpected media type ${type}`);
}

export function encodeBody(type: string, value: unknown): Buffer {
  return type.endsWith('+cbor') ? encodeCbor(value) : Buffer.from(JSON.stringify(value), 'utf8');
}

/** The q value an Accept header gives a type (1 when Accept is absent, 0 when it is not allowed). */
export function quality(accept: string | undefined, type: string): number {
  if (accept === undefined || accept.trim() === '') return 1;
  const [major] = type.split('/');
  let best = 0;
  let bestSpecificity = -1;
  for (const part of accept.split(',')) {
    const [rangeRaw, ...paramsRaw] = part.split(';');
    const range = (rangeRaw ?? '').trim().toLowerCase();
    let q = 1;
    for (const p of paramsRaw) {
      const [k, v] = p.split('=').map((s) => s.trim());
      if (k === 'q' && v !== undefined) q = Number(v);
    }
    const specificity = range === type ? 2 : range === `${major}/*` ? 1 : range === '*/*' ? 0 : -1;
    if (specificity > bestSpecificity) {
      bestSpecificity = specificity;
      best = Number.isFinite(q) ? q : 0;
    }
  }
  return best;
}

export const ALERT = {
  clientInitiated: 'urn:oma:at:dm:2.0:ClientInitiatedMgmt',
  serverInitiated: 'urn:oma:at:dm:2.0:ServerInitiatedMgmt',
  execResult: 'urn:oma:at:dm:2.0:ExecResult',
} as const;

/** The bare media type of a Content-Type header, lower case. */
export function mediaType(header: string | undefined): string {
  return (header ?? '').split(';')[0]!.trim().toLowerCase();
}

/** Whether an Accept header admits the given type with q > 0 (absent Accept admits anything). */
export function accepts(accept: string | undefined, type: string): boolean {
  return quality(accept, type) > 0;
}
