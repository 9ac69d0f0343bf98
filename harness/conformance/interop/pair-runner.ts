/**
 * Runs one client against one server through the selected scenarios: bootstraps the client with
 * an account for the server through the recording proxy, then each scenario in order — N/A with
 * its reason when the pair cannot do it, otherwise a cell judged from the wire and the upper
 * testers. A cell is bounded in time; a harness failure is ERROR, never a hang.
 */
import type { InteropCell } from '../../report/interop-model.ts';
import type { TestPki } from '../../security/test-pki.ts';
import { CellRun, CellStop } from './cell-run.ts';
import type { Participant } from './participant.ts';
import { accountFor, bootstrapClient, type PairContext } from './pair-context.ts';
import type { InteropScenario } from './scenario.ts';
import type { ServerUriHost } from './serveruri-host.ts';

export interface PairRunContext {
  host: string;
  pki: TestPki;
  uris: ServerUriHost;
  log: (line: string) => void;
  /** Every server of the run (the pair's own included). */
  servers: Participant[];
}

/** The longest a cell may take (the command rounds, two sessions, run in the first command cell). */
const cellBudgetMs = (pair: PairContext) => Math.max(60_000, pair.client.ixit.timeouts.caseMs, pair.client.ixit.timeouts.sessionMs * 6);

function setupNotes(pair: PairContext): string[] {
  const proxy = pair.server.proxy!;
  const tls = proxy.origin.startsWith('https')
    ? `TLS: the client reaches the recording proxy at ${proxy.origin} (certificate of the run's CA, given to the client as its trust anchor); the proxy opens its own TLS to the server at ${new URL(pair.server.server!.dmUrl).origin}, verified against the server's IXIT CA`
    : `plain HTTP: the server's IXIT DM URL is http, so the pair ran without TLS through the proxy at ${proxy.origin}`;
  return [tls, 'the proxy forwards every request and answer unchanged (method, target, headers, body) and records it'];
}

export async function runPair(client: Participant, server: Participant, scenarios: readonly InteropScenario[], ctx: PairRunContext): Promise<InteropCell[]> {
  const pair: PairContext = {
    client,
    server,
    host: ctx.host,
    pki: ctx.pki,
    uris: ctx.uris,
    devId: '',
    notes: [],
    memo: new Map(),
    otherServers: ctx.servers.filter((s) => s !== server),
  };
  pair.notes.push(...setupNotes(pair));
  const cells: InteropCell[] = [];
  let setupProblem: string | undefined;
  const setup = new CellRun(pair, 'setup');
  try {
    await bootstrapClient(setup, accountFor(pair));
  } catch (error) {
    setupProblem = `the client could not be bootstrapped with an account for the server: ${(error as Error).message}`;
  }
  try {
    for (const s of scenarios) {
      const na = s.notApplicable?.(pair);
      const cell = new CellRun(pair, s.id);
      if (na) {
        cells.push(cell.finish(pair.notes, { verdict: 'N/A', reason: na }));
        continue;
      }
      if (setupProblem) {
        cells.push(cell.finish(pair.notes, { verdict: 'INCONC', reason: setupProblem }));
        continue;
      }
      ctx.log(`${client.id} × ${server.id}: ${s.id}`);
      let timer: NodeJS.Timeout | undefined;
      try {
        await Promise.race([
          s.run(cell),
          new Promise<never>((_, reject) => {
            timer = setTimeout(() => reject(new CellStop('ERROR', `the scenario did not end within ${cellBudgetMs(pair)} ms`)), cellBudgetMs(pair));
          }),
        ]);
        cells.push(cell.finish(pair.notes));
      } catch (error) {
        const stop =
          error instanceof CellStop
            ? { verdict: error.verdict, reason: error.message }
            : { verdict: 'ERROR' as const, reason: `the harness failed: ${(error as Error).stack ?? String(error)}` };
        cells.push(cell.finish(pair.notes, stop));
      } finally {
        clearTimeout(timer);
      }
    }
  } finally {
    await pair.notiProxy?.close();
  }
  return cells;
}
