/** Media types of DM 2.0 packages (K-FLOW), their CBOR twins (P-CBOR) and the MO serialization (P-DETAIL). */

export type BodyKind = 'initiation' | 'request' | 'response' | 'mo';
export type Encoding = 'json' | 'cbor';

export const NOTIFICATION_MEDIA_TYPE = 'application/vnd.oma.dm.notification';

const PREFIX = 'application/vnd.oma.dm.';

export function mediaType(kind: BodyKind, encoding: Encoding): string {
  return `${PREFIX}${kind}+${encoding}`;
}

export interface ParsedMediaType {
  kind: BodyKind;
  encoding: Encoding;
}

const KINDS: readonly BodyKind[] = ['initiation', 'request', 'response', 'mo'];

/** Parses a Content-Type value (parameters ignored, case-insensitive); undefined when it is no DM body type. */
export function parseMediaType(value: string | undefined): ParsedMediaType | undefined {
  if (!value) return undefined;
  const essence = value.split(';')[0]!.trim().toLowerCase();
  if (!essence.startsWith(PREFIX)) return undefined;
  const [kind, encoding] = essence.slice(PREFIX.length).split('+');
  if (!KINDS.includes(kind as BodyKind)) return undefined;
  if (encoding !== 'json' && encoding !== 'cbor') return undefined;
  return { kind: kind as BodyKind, encoding };
}

/** The bare media type (no parameters, lower case) of a header value. */
export function essence(value: string | undefined): string {
  return (value ?? '').split(';')[0]!.trim().toLowerCase();
}
