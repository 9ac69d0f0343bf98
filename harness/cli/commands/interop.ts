/** `dmcts interop`: every client against every server, directly, through a recording proxy; a matrix of verdicts and its evidence. */
import { join, resolve } from 'node:path';
import { runInterop } from '../../conformance/interop/run-interop.ts';
import { parsePairArg } from '../../conformance/interop/participant.ts';
import { INTEROP_SCENARIOS, selectScenarios } from '../../conformance/interop/scenarios.ts';
import { interopExitCode } from '../../report/interop-model.ts';
import { writeInteropReports } from '../../report/interop-write.ts';
import { parseOptions } from '../parse-options.ts';
import { UsageError } from '../usage-error.ts';

export const INTEROP_HELP = `dmcts interop — run DM clients and servers against each other (a plugfest matrix)

Usage: dmcts interop [--client ICS:IXIT]... [--server ICS:IXIT]... [--scenario ID]... [--out DIR]

Every client runs against every server, directly: the harness sits between them as a recording
proxy that forwards every byte unchanged (HTTP(S) and WebSocket) and judges each pair from the wire
and from both upper testers. Each implementation is an ICS (what it claims) and an IXIT (how to
start and reach it: a process, a container, or a remote adapter — docs/adapters.md, docs/ics.md).
The reference client and server take part as one more client and server unless --no-reference.

Options:
  --client ICS:IXIT    a DM client: its ICS and IXIT files joined by a colon (repeatable)
  --server ICS:IXIT    a DM server, likewise (repeatable); its IXIT gives server.dmUrl, srvId, caFile
  --scenario ID        run only this scenario, or those starting with it (repeatable; cmd- selects
                       the twelve commands). Default: all of them:
                         ${INTEROP_SCENARIOS.map((s) => s.id).join(', ')}
  --with-reference     add the reference client and server (the default)
  --no-reference       leave them out (then give at least one --client and one --server)
  --out DIR            where the reports go (default reports/interop-<time>): interop.json (schema:
                       docs/interop.schema.json), interop.html (the matrix; each badge opens its
                       evidence), interop.md, interop-junit.xml
  --quiet              no progress lines
  -h, --help           this help

Verdicts per cell: PASS, FAIL (a check failed: the reason names it), INCONC (the pair could not be
driven to the point the scenario judges), N/A (one side does not claim the feature: the ICS item is
named), ERROR (the harness failed or an implementation did not start).

TLS: the client reaches the proxy over HTTPS with a certificate of the run's own CA (given to the
client as its trust anchor by client.bootstrap); the proxy verifies the server against the CA its
IXIT names. X.509 client certificates end at the proxy, so mutual-auth uses Basic or Digest.

Exit codes: 0 every cell run is PASS (N/A aside), 1 a FAIL or ERROR, 2 bad invocation or
configuration, 3 not demonstrated (an INCONC, or nothing ran).
`;

export async function interopCommand(args: string[]): Promise<number> {
  const { values } = parseOptions('interop', args, {
    client: { type: 'string', multiple: true, default: [] },
    server: { type: 'string', multiple: true, default: [] },
    scenario: { type: 'string', multiple: true, default: [] },
    'with-reference': { type: 'boolean', default: true },
    'no-reference': { type: 'boolean', default: false },
    out: { type: 'string' },
    quiet: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  });
  if (values.help) {
    process.stdout.write(INTEROP_HELP);
    return 0;
  }
  const clients = values.client.map((v) => parsePairArg('--client', v));
  const servers = values.server.map((v) => parsePairArg('--server', v));
  const withReference = !values['no-reference'];
  if (!withReference && (clients.length === 0 || servers.length === 0))
    throw new UsageError('with --no-reference, give at least one --client ICS:IXIT and one --server ICS:IXIT (see: dmcts interop --help)');
  const scenarios = selectScenarios(values.scenario);
  const out = resolve(values.out ?? join('reports', `interop-${new Date().toISOString().replace(/[:.]/g, '-')}`));
  const log = values.quiet ? () => undefined : (line: string) => process.stderr.write(`[interop] ${line}\n`);
  const results = await runInterop({ clients, servers, withReference, scenarios, log });
  const paths = writeInteropReports(out, results);
  const s = results.summary;
  process.stdout.write(
    `interop: ${results.outcome} — ${results.clients.length} client(s) × ${results.servers.length} server(s), ${results.cells.length} cells: ` +
      `${s.PASS} PASS, ${s.FAIL} FAIL, ${s.ERROR} ERROR, ${s.INCONC} INCONC, ${s['N/A']} N/A (${results.durationMs} ms)\n` +
      `reports: ${paths.html}\n`,
  );
  return interopExitCode(results);
}
