/**
 * An interop run: starts every client and server (their IXIT adapters; the reference peers when
 * asked), puts a recording proxy in front of each server, runs every client against every server
 * (pair-runner.ts) and returns the matrix (harness/report/interop-model.ts). Pairs run one after
 * the other: each participant is one running instance with one upper tester.
 */
import { fileURLToPath } from 'node:url';
import { DMCTS_VERSION } from '../../core/version.ts';
import { interopOutcome, interopSummary, type InteropCell, type InteropParticipant, type InteropResults } from '../../report/interop-model.ts';
import { createTestPki } from '../../security/test-pki.ts';
import { transportsOf } from '../ics.ts';
import { runPair } from './pair-runner.ts';
import { startParticipant, type Participant, type ParticipantSpec } from './participant.ts';
import type { InteropScenario } from './scenario.ts';
import { ServerUriHost } from './serveruri-host.ts';

export interface InteropOptions {
  clients: ParticipantSpec[];
  servers: ParticipantSpec[];
  /** Add the reference client and server as one more of each (default on in the CLI). */
  withReference: boolean;
  scenarios: readonly InteropScenario[];
  host?: string;
  log?: (line: string) => void;
}

const SELF_TEST = (file: string) => fileURLToPath(new URL(`../self-test/${file}`, import.meta.url));

export const REFERENCE_CLIENT: ParticipantSpec = { icsFile: SELF_TEST('reference-client.ics.json'), ixitFile: SELF_TEST('reference-client.ixit.json') };
export const REFERENCE_SERVER: ParticipantSpec = { icsFile: SELF_TEST('reference-server.ics.json'), ixitFile: SELF_TEST('reference-server.ixit.json') };

interface Entry {
  spec: ParticipantSpec;
  role: 'client' | 'server';
  id: string;
  started?: Participant;
  error?: string;
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'iut'
  );
}

function describe(e: Entry): InteropParticipant {
  const p = e.started;
  return {
    id: e.id,
    role: e.role,
    product: p?.ics.product ?? { name: e.id, version: '?' },
    adapter: p?.ixit.adapter.kind ?? '?',
    ics: e.spec.icsFile,
    ixit: e.spec.ixitFile,
    features: p
      ? Object.entries(p.ics.features)
          .filter(([, v]) => v === true)
          .map(([k]) => k)
      : [],
    transports: p ? transportsOf(p.ics) : [],
    description: p?.description ?? 'not started',
    ...(e.error ? { error: e.error } : {}),
  };
}

export async function runInterop(options: InteropOptions): Promise<InteropResults> {
  const started = Date.now();
  const host = options.host ?? '127.0.0.1';
  const log = options.log ?? (() => undefined);
  const pki = await createTestPki({ commonName: 'dmcts interop CA' });
  const uris = await ServerUriHost.start(host, pki);
  const used = new Set<string>();
  const entries: Entry[] = [];
  const add = (spec: ParticipantSpec, role: 'client' | 'server', name: string) => {
    let id = slug(name);
    for (let n = 2; used.has(id); n++) id = `${slug(name)}-${n}`;
    used.add(id);
    entries.push({ spec, role, id });
  };
  if (options.withReference) {
    add(REFERENCE_CLIENT, 'client', 'reference-client');
    add(REFERENCE_SERVER, 'server', 'reference-server');
  }
  for (const c of options.clients) add(c, 'client', idOf(c));
  for (const s of options.servers) add(s, 'server', idOf(s));
  const cells: InteropCell[] = [];
  try {
    for (const e of entries) {
      log(`starting ${e.role} ${e.id}`);
      try {
        e.started = await startParticipant({ ...e.spec, role: e.role, id: e.id }, { pki, host, log });
      } catch (error) {
        e.error = (error as Error).message;
        log(`${e.id} did not start: ${e.error}`);
      }
    }
    const clients = entries.filter((e) => e.role === 'client');
    const servers = entries.filter((e) => e.role === 'server');
    for (const c of clients)
      for (const s of servers) {
        if (!c.started || !s.started) {
          const why = `${!c.started ? c.id : s.id} did not start: ${(!c.started ? c.error : s.error) ?? 'unknown'}`;
          for (const sc of options.scenarios)
            cells.push({
              client: c.id,
              server: s.id,
              scenario: sc.id,
              verdict: 'ERROR',
              reason: why,
              checks: [],
              durationMs: 0,
              evidence: { exchanges: [], ut: [], notes: [] },
            });
          continue;
        }
        log(`pair ${c.id} × ${s.id}`);
        cells.push(
          ...(await runPair(c.started, s.started, options.scenarios, {
            host,
            pki,
            uris,
            log,
            servers: servers.flatMap((x) => (x.started ? [x.started] : [])),
          })),
        );
      }
  } finally {
    for (const e of entries) await e.started?.stop().catch(() => undefined);
    await uris.close();
  }
  const finished = Date.now();
  return {
    dmcts: 'interop/1',
    tool: { name: 'dmcts', version: DMCTS_VERSION },
    startedAt: new Date(started).toISOString(),
    finishedAt: new Date(finished).toISOString(),
    durationMs: finished - started,
    scenarios: options.scenarios.map((s) => ({ id: s.id, title: s.title, description: s.description, rules: [...s.rules] })),
    clients: entries.filter((e) => e.role === 'client').map(describe),
    servers: entries.filter((e) => e.role === 'server').map(describe),
    cells,
    summary: interopSummary(cells),
    outcome: interopOutcome(cells),
  };
}

/** A participant's name before it starts: its ICS file's name without .ics.json. */
function idOf(spec: ParticipantSpec): string {
  const base = spec.icsFile.split(/[\\/]/).pop() ?? spec.icsFile;
  return base.replace(/\.ics\.json$|\.json$/i, '');
}
