/**
 * A case's evidence: every message that crossed a socket between the harness and the IUT, decoded
 * (JSON and CBOR bodies as JSON, Package#0 as its fields) with secrets redacted, the upper-tester
 * calls, notes, the steps the case went through and their times. Bounded so a chatty IUT cannot
 * make a report unreadable.
 */
import { decodeCbor } from '../protocol/cbor-codec.ts';
import { essence, NOTIFICATION_MEDIA_TYPE, parseMediaType } from '../protocol/media-types.ts';
import { decodePackage0 } from '../protocol/package0.ts';
import { redact, redactHeaders } from '../security/redact.ts';
import type { TraceEvent } from '../transport/trace.ts';
import type { UtTraceEvent } from './ut-hub.ts';

export interface WireRecord {
  t: number;
  /** Who reported it: the harness's server, device or HTTP client, or the upper tester. */
  by: string;
  direction: 'out' | 'in';
  kind: 'request' | 'response' | 'frame' | 'ut';
  method?: string;
  url?: string;
  status?: number;
  headers?: Record<string, string>;
  /** The body decoded (JSON, CBOR as JSON, Package#0 fields), or text, or a hex preview. */
  body?: unknown;
  bytes?: number;
}

export interface StepRecord {
  t: number;
  name: string;
}

export interface Evidence {
  wire: WireRecord[];
  steps: StepRecord[];
  notes: string[];
  truncated: number;
}

const MAX_RECORDS = 400;
const MAX_TEXT = 8_192;

function decodeBody(headers: Record<string, string>, body: Uint8Array): unknown {
  if (body.length === 0) return undefined;
  const type = headers['content-type'];
  if (essence(type) === NOTIFICATION_MEDIA_TYPE) {
    const n = decodePackage0(body);
    return n.ok ? { package0: { ...n.value, digest: n.value.digest ? Buffer.from(n.value.digest).toString('hex') : undefined } } : { package0Error: n.error };
  }
  const parsed = parseMediaType(type);
  if (parsed?.encoding === 'cbor') {
    const d = decodeCbor(body);
    return d.ok ? { cbor: toJsonFriendly(d.value) } : { cborError: d.error.message, hex: Buffer.from(body.subarray(0, 64)).toString('hex') };
  }
  const text = Buffer.from(body).toString('utf8');
  if (parsed?.encoding === 'json' || /json/i.test(type ?? '')) {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      // fall through to text
    }
  }
  if (/^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(text)) return text.length > MAX_TEXT ? `${text.slice(0, MAX_TEXT)}... (${text.length} chars)` : text;
  return { hex: Buffer.from(body.subarray(0, 256)).toString('hex'), bytes: body.length };
}

function toJsonFriendly(value: unknown): unknown {
  if (value instanceof Uint8Array) return { base64: Buffer.from(value).toString('base64') };
  if (Array.isArray(value)) return value.map(toJsonFriendly);
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonFriendly(v)]));
  return value;
}

export class EvidenceRecorder {
  readonly evidence: Evidence = { wire: [], steps: [], notes: [], truncated: 0 };
  private readonly start = Date.now();

  private push(record: WireRecord): void {
    if (this.evidence.wire.length >= MAX_RECORDS) {
      this.evidence.truncated += 1;
      return;
    }
    this.evidence.wire.push(record);
  }

  /** A TraceSink for the harness's peers and HTTP clients. */
  sink(by: string): (event: TraceEvent) => void {
    return (event) => {
      const headers = redactHeaders(event.headers) as Record<string, string>;
      this.push({
        t: event.at - this.start,
        by,
        direction: event.direction,
        kind: event.kind,
        ...(event.method ? { method: event.method } : {}),
        ...(event.url ? { url: event.url } : {}),
        ...(event.status !== undefined ? { status: event.status } : {}),
        headers,
        body: redact(decodeBody(event.headers, event.body)),
        bytes: event.wireBytes,
      });
    };
  }

  ut(event: UtTraceEvent): void {
    this.push({ t: event.at - this.start, by: 'upper-tester', direction: event.direction, kind: 'ut', body: redact(event.message) });
  }

  step(name: string): void {
    this.evidence.steps.push({ t: Date.now() - this.start, name });
  }

  note(text: string): void {
    this.evidence.notes.push(text);
  }

  get currentStep(): string | undefined {
    return this.evidence.steps[this.evidence.steps.length - 1]?.name;
  }
}
