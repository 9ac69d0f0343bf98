/**
 * The shape of a case's evidence, as results.json holds it and the reports show it: the messages
 * that crossed a socket (decoded, secrets redacted), the steps the case went through with their
 * times, notes, and how many records were left out. The engine records it
 * (harness/conformance/evidence.ts); the reports read it.
 */

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
