/**
 * Records a case's evidence (its shape: harness/core/evidence-model.ts): every message that crossed
 * a socket between the harness and the IUT, decoded (JSON and CBOR bodies as JSON, Package#0 as its
 * fields) with secrets redacted, the upper-tester calls, notes, the steps the case went through and
 * their times. Bounded so a chatty IUT cannot make a report unreadable, nor the run's memory grow
 * with what it sends: at most MAX_RECORDS messages, a body over MAX_DECODED_BYTES is kept as a short
 * preview and its size, and once a case's bodies reach MAX_CASE_BODY_BYTES later ones keep only
 * their size; notes are bounded likewise.
 */
import { decodeCbor } from '../protocol/cbor-codec.ts';
import { essence, NOTIFICATION_MEDIA_TYPE, parseMediaType } from '../protocol/media-types.ts';
import { MAX_BODY_NESTING, nestsDeeperThan } from '../protocol/nesting.ts';
import { decodePackage0 } from '../protocol/package0.ts';
import { redact, redactHeaders } from '../security/redact.ts';
import type { TraceEvent } from '../transport/trace.ts';
import type { UtTraceEvent } from './ut-hub.ts';
import type { Evidence, WireRecord } from '../core/evidence-model.ts';

const MAX_RECORDS = 400;
const MAX_TEXT = 8_192;
/** A body larger than this is not decoded: a preview and its size are kept. */
const MAX_DECODED_BYTES = 64 * 1024;
/** Body bytes one case's evidence decodes in all; later bodies keep only their size. */
const MAX_CASE_BODY_BYTES = 256 * 1024;
const PREVIEW_BYTES = 1_024;
const MAX_NOTES = 200;
const MAX_NOTE_CHARS = 2_000;

/** A body too large to decode into the evidence: its size and its first bytes (text or hex). */
function preview(body: Uint8Array, why: string): unknown {
  const head = Buffer.from(body.subarray(0, PREVIEW_BYTES));
  const text = head.toString('utf8');
  const printable = /^[\x09\x0a\x0d\x20-\x7e\u00a0-\uffff]*$/.test(text);
  return { bytes: body.length, truncated: why, ...(printable ? { preview: text } : { hex: head.subarray(0, 256).toString('hex') }) };
}

/** A UT message bigger than this (as JSON) keeps only a preview of it. */
const MAX_UT_CHARS = 16 * 1024;

function boundedUt(message: unknown): unknown {
  if (nestsDeeperThan(message, MAX_BODY_NESTING)) return { truncated: `nested deeper than ${MAX_BODY_NESTING} levels of arrays and objects` };
  let text: string;
  try {
    text = JSON.stringify(message) ?? '';
  } catch {
    return { unserializable: true };
  }
  return text.length > MAX_UT_CHARS ? { chars: text.length, truncated: `over ${MAX_UT_CHARS} characters`, preview: text.slice(0, PREVIEW_BYTES) } : message;
}

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
    let value: unknown;
    try {
      value = JSON.parse(text) as unknown;
    } catch {
      // fall through to text
    }
    // Redaction and the report walk what is kept: a body nested deeper than a DM body may be keeps a preview.
    if (value !== undefined)
      return nestsDeeperThan(value, MAX_BODY_NESTING) ? preview(body, `nested deeper than ${MAX_BODY_NESTING} levels: not decoded`) : value;
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
  private bodyBytes = 0;

  /** The body as evidence: decoded while small and within the case's budget, else its size and a preview. */
  private body(headers: Record<string, string>, body: Uint8Array): unknown {
    if (body.length > MAX_DECODED_BYTES) return preview(body, `over ${MAX_DECODED_BYTES} bytes: not decoded`);
    if (this.bodyBytes + body.length > MAX_CASE_BODY_BYTES)
      return { bytes: body.length, truncated: `the case's evidence already holds ${MAX_CASE_BODY_BYTES} bytes of bodies` };
    this.bodyBytes += body.length;
    return redact(decodeBody(headers, body));
  }

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
      if (event.problem) this.note(`${by}: ${event.problem}`);
      if (this.evidence.wire.length >= MAX_RECORDS) {
        this.evidence.truncated += 1;
        return;
      }
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
        body: this.body(event.headers, event.body),
        bytes: event.wireBytes,
      });
    };
  }

  ut(event: UtTraceEvent): void {
    if (this.evidence.wire.length >= MAX_RECORDS) {
      this.evidence.truncated += 1;
      return;
    }
    this.push({ t: event.at - this.start, by: 'upper-tester', direction: event.direction, kind: 'ut', body: redact(boundedUt(event.message)) });
  }

  step(name: string): void {
    this.evidence.steps.push({ t: Date.now() - this.start, name });
  }

  note(text: string): void {
    if (this.evidence.notes.length >= MAX_NOTES) return;
    this.evidence.notes.push(text.length > MAX_NOTE_CHARS ? `${text.slice(0, MAX_NOTE_CHARS)}... (${text.length} characters)` : text);
  }

  get currentStep(): string | undefined {
    return this.evidence.steps[this.evidence.steps.length - 1]?.name;
  }
}
