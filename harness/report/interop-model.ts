/**
 * The result of `dmcts interop` (interop.json): every client against every server, one cell per
 * pair and scenario, each with its verdict, the reason, the checks made and the evidence — the
 * exchange the recording proxy saw and the upper-tester calls. The reports (interop-html.ts,
 * interop-markdown.ts, interop-junit.ts) are made from this only; its JSON Schema is
 * interop-schema.ts (copied to docs/interop.schema.json).
 */

export type InteropVerdict = 'PASS' | 'FAIL' | 'WARN' | 'INCONC' | 'N/A' | 'ERROR';
export const INTEROP_VERDICTS: readonly InteropVerdict[] = ['PASS', 'FAIL', 'WARN', 'INCONC', 'N/A', 'ERROR'];

export interface InteropParticipant {
  id: string;
  role: 'client' | 'server';
  product: { name: string; version: string; vendor?: string };
  /** The IXIT adapter kind (reference, process, container, remote). */
  adapter: string;
  ics: string;
  ixit: string;
  features: string[];
  transports: string[];
  description: string;
  /** Why it could not take part (it did not start): its pairs are ERROR. */
  error?: string;
}

export interface InteropScenarioInfo {
  id: string;
  title: string;
  /** What the scenario does and what its verdict rests on. */
  description: string;
  /** The protocol rules it exercises (docs/protocol.md). */
  rules: string[];
}

/** One recorded message of a cell's exchange (secrets redacted, bodies shown as text, bounded). */
export interface InteropExchange {
  /** Milliseconds since the cell started. */
  t: number;
  /** What crossed: `HTTP client → server`, `WS frame server → client`, `Package#0 server → client`, … */
  hop: string;
  summary: string;
  /** Request line or frame head, headers and body text (redacted, cut past a bound). */
  detail?: string;
}

export interface InteropUtCall {
  t: number;
  side: 'client' | 'server';
  /** The participant called, when not the pair's own client or server (a second server). */
  who?: string;
  method: string;
  params?: unknown;
  result?: unknown;
  error?: string;
}

export interface InteropCheck {
  ok: boolean;
  text: string;
}

export interface InteropCell {
  client: string;
  server: string;
  scenario: string;
  verdict: InteropVerdict;
  /** Why, for every verdict but PASS. */
  reason?: string;
  checks: InteropCheck[];
  durationMs: number;
  evidence: {
    exchanges: InteropExchange[];
    ut: InteropUtCall[];
    /** How the pair was set up for this cell (TLS at the proxy, what went around it). */
    notes: string[];
  };
}

export interface InteropResults {
  dmcts: 'interop/1';
  tool: { name: 'dmcts'; version: string };
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  scenarios: InteropScenarioInfo[];
  clients: InteropParticipant[];
  servers: InteropParticipant[];
  cells: InteropCell[];
  summary: Record<InteropVerdict, number>;
  /** all-pass: every cell run is PASS or WARN (N/A aside); failures: a FAIL or ERROR; not-demonstrated: otherwise. */
  outcome: 'all-pass' | 'failures' | 'not-demonstrated';
}

export function interopSummary(cells: readonly InteropCell[]): Record<InteropVerdict, number> {
  const out = Object.fromEntries(INTEROP_VERDICTS.map((v) => [v, 0])) as Record<InteropVerdict, number>;
  for (const c of cells) out[c.verdict] += 1;
  return out;
}

export function interopOutcome(cells: readonly InteropCell[]): InteropResults['outcome'] {
  if (cells.some((c) => c.verdict === 'FAIL' || c.verdict === 'ERROR')) return 'failures';
  const ran = cells.filter((c) => c.verdict !== 'N/A');
  if (ran.length === 0 || ran.some((c) => c.verdict === 'INCONC')) return 'not-demonstrated';
  return 'all-pass';
}

/** The exit code of an interop run: 0 all pass, 1 a FAIL or ERROR, 3 not demonstrated (2 is a bad invocation). */
export function interopExitCode(results: Pick<InteropResults, 'outcome'>): number {
  return results.outcome === 'all-pass' ? 0 : results.outcome === 'failures' ? 1 : 3;
}

export function cellOf(results: InteropResults, client: string, server: string, scenario: string): InteropCell | undefined {
  return results.cells.find((c) => c.client === client && c.server === server && c.scenario === scenario);
}
