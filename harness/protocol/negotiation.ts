/**
 * Content negotiation (K-NEG, P-CBOR, P-SEL): Accept with q-values and wildcards, the `OMADM-Accept`
 * list a server answers for HPUT/HPOST/SUB, and HTTP content coding (gzip, br).
 */
import { essence, mediaType, parseMediaType, type BodyKind, type Encoding } from './media-types.ts';

export const OMADM_ACCEPT = 'omadm-accept';
export const OMADM_DEVID = 'omadm-devid';

interface AcceptItem {
  type: string;
  q: number;
  order: number;
}

export function parseAccept(header: string | undefined): AcceptItem[] {
  if (!header || header.trim() === '') return [];
  const items: AcceptItem[] = [];
  header.split(',').forEach((part, order) => {
    const [type, ...params] = part.split(';');
    const t = (type ?? '').trim().toLowerCase();
    if (!t) return;
    let q = 1;
    for (const p of params) {
      const [k, v] = p.split('=').map((s) => s.trim());
      if (k?.toLowerCase() === 'q') {
        const n = Number(v);
        q = Number.isFinite(n) && n >= 0 && n <= 1 ? n : 0;
      }
    }
    items.push({ type: t, q, order });
  });
  return items.sort((a, b) => b.q - a.q || a.order - b.order);
}

function matches(range: string, type: string): boolean {
  if (range === '*/*') return true;
  if (range.endsWith('/*')) return type.startsWith(range.slice(0, -1));
  return range === type;
}

/**
 * The encoding to answer in, for a body of `kind`, given the peer's Accept header and what we support
 * (preferred first). No Accept header: the first supported. Nothing acceptable: undefined (406).
 */
export function chooseEncoding(accept: string | undefined, kind: BodyKind, supported: readonly Encoding[] = ['json', 'cbor']): Encoding | undefined {
  const items = parseAccept(accept);
  if (items.length === 0) return supported[0];
  let best: { enc: Encoding; q: number; order: number; specific: boolean } | undefined;
  for (const enc of supported) {
    const type = mediaType(kind, enc);
    // The most specific matching range decides the q of a type (RFC 9110 §12.5.1).
    const match = items.filter((i) => matches(i.type, type)).sort((a, b) => specificity(b.type) - specificity(a.type))[0];
    if (!match || match.q === 0) continue;
    const candidate = { enc, q: match.q, order: match.order, specific: match.type === type };
    if (!best || candidate.q > best.q || (candidate.q === best.q && candidate.specific && !best.specific)) best = candidate;
  }
  return best?.enc;
}

function specificity(range: string): number {
  if (range === '*/*') return 0;
  if (range.endsWith('/*')) return 1;
  return 2;
}

/** The MO serialization encodings an `OMADM-Accept` header lists, in its order. */
export function parseOmadmAccept(header: string | undefined): Encoding[] {
  const out: Encoding[] = [];
  for (const item of parseAccept(header)) {
    if (item.q === 0) continue;
    const parsed = parseMediaType(item.type);
    if (parsed?.kind === 'mo' && !out.includes(parsed.encoding)) out.push(parsed.encoding);
  }
  return out;
}

/** Whether a Content-Type names a body of the expected kind; returns its encoding. */
export function contentEncodingOf(contentType: string | undefined, kind: BodyKind): Encoding | undefined {
  const parsed = parseMediaType(contentType);
  return parsed?.kind === kind ? parsed.encoding : undefined;
}

export type ContentCoding = 'br' | 'gzip' | 'identity';

/** The content coding to compress a body with, from Accept-Encoding (br preferred over gzip at equal q). */
export function chooseContentCoding(acceptEncoding: string | undefined): ContentCoding {
  const items = parseAccept(acceptEncoding);
  let best: { coding: ContentCoding; q: number } = { coding: 'identity', q: 0 };
  for (const coding of ['br', 'gzip'] as const) {
    const match = items.find((i) => i.type === coding) ?? items.find((i) => i.type === '*');
    if (match && match.q > best.q) best = { coding, q: match.q };
  }
  return best.coding;
}

export function acceptHeader(kind: BodyKind, preferred: Encoding, supported: readonly Encoding[] = ['json', 'cbor']): string {
  const others = supported.filter((e) => e !== preferred);
  return [mediaType(kind, preferred), ...others.map((e) => `${mediaType(kind, e)};q=0.5`)].join(', ');
}

export { essence };
