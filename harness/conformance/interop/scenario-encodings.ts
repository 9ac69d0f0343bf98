/**
 * JSON and CBOR (K-FLOW, K-NEG, P-CBOR): a client-initiated session carrying a GET, every package
 * in one encoding — the client's Package#1 and #3 in it, the server's Package#2 in the encoding the
 * client's Accept puts first. A client chooses its encoding itself; the upper tester cannot ask it
 * for one, so a client that used the other one makes the cell INCONC (the in-process reference
 * client is set to prefer the scenario's encoding).
 */
import type { Encoding } from '../../protocol/media-types.ts';
import { MOID } from '../../protocol/moids.ts';
import { ALERT } from '../../protocol/packages.ts';
import type { CellRun } from './cell-run.ts';
import { accountFor, bootstrapClient } from './pair-context.ts';
import type { InteropScenario } from './scenario.ts';
import { needsFeature } from './scenario.ts';
import { checkSession } from './session-checks.ts';
import { clientSession } from './scenario-sessions.ts';

/** Queues a GET of DevInfo when the client claims GET; its commandId. */
export async function queueProbe(cell: CellRun): Promise<string | undefined> {
  if (cell.pair.client.ics.features.GET !== true) return undefined;
  const r = await cell.need('server', 'server.queue', { devId: cell.pair.devId, command: ['GET', `${MOID.DEVINFO}//`] });
  return String(r.commandId);
}

/** server.result of the probe GET: done with 200. */
export async function checkProbe(cell: CellRun, commandId: string | undefined): Promise<void> {
  if (!commandId) return;
  const deadline = Date.now() + cell.pair.client.ixit.timeouts.sessionMs;
  let r: Record<string, unknown> | undefined;
  do {
    r = await cell.call('server', 'server.result', { commandId }).catch(() => undefined);
    if (r?.state === 'done' || r?.state === 'lost') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  } while (Date.now() < deadline);
  const sc = (r?.status as { sc?: number } | undefined)?.sc;
  cell.check(
    r?.state === 'done' && sc === 200,
    `the GET in the session is reported done with sc 200 by the server (server.result: ${r?.state ?? 'no answer'}, sc ${sc ?? '-'})`,
  );
}

/** Re-bootstraps the client with its usual account (HTTP, no device credentials, JSON first) after a scenario that changed it. */
export async function restoreClient(cell: CellRun): Promise<void> {
  cell.pair.client.preferEncoding?.('json');
  await bootstrapClient(cell, accountFor(cell.pair)).catch((error: Error) => cell.note(`the client could not be bootstrapped back: ${error.message}`));
}

function encodingScenario(encoding: Encoding): InteropScenario {
  const name = encoding.toUpperCase();
  return {
    id: `encoding-${encoding}`,
    title: name,
    description: `A client-initiated session with a GET, every package in ${name}: Package#1 and #3 from the client, the Package#2 in the encoding the client's Accept asks first; the GET done with 200.`,
    rules: encoding === 'cbor' ? ['P-CBOR', 'K-NEG', 'K-FLOW'] : ['K-FLOW', 'K-NEG'],
    ...(encoding === 'cbor' ? { notApplicable: (pair) => needsFeature(pair, 'client', 'CBOR') ?? needsFeature(pair, 'server', 'CBOR') } : {}),
    async run(cell) {
      const { pair } = cell;
      try {
        if (pair.client.preferEncoding) {
          pair.client.preferEncoding(encoding);
          cell.note(`the harness set the in-process reference client to prefer ${name}`);
          await bootstrapClient(cell, accountFor(pair));
        }
        const probe = await queueProbe(cell);
        const s = await clientSession(cell);
        const p1 = s.messages.find((m) => m.direction === 'to-server' && m.kind === 'package1');
        if (p1?.encoding && p1.encoding !== encoding)
          cell.inconclusive(
            `the client sent its Package#1 in ${p1.encoding.toUpperCase()}: the upper tester has no way to ask a client for ${name}, so this pair's ${name} exchange was not seen`,
          );
        checkSession(cell, s, { alert: ALERT.CLIENT_INITIATED, what: `a ${name} session` });
        const accept = p1?.accept ?? '';
        const firstAsked = /\+cbor/.test(accept.split(',')[0] ?? '') ? 'cbor' : 'json';
        for (const m of s.messages.filter((x) => x.kind !== 'other')) {
          const who = m.direction === 'to-server' ? 'the client' : 'the server';
          const want = m.direction === 'to-server' ? encoding : firstAsked;
          cell.check(
            m.encoding === want,
            `${who} sent its ${m.kind} in ${m.encoding?.toUpperCase() ?? '?'} (expected ${want.toUpperCase()}${m.direction === 'to-client' ? `: the client's Accept asks ${accept || 'nothing'} first` : ''})`,
          );
        }
        await checkProbe(cell, probe);
      } finally {
        if (pair.client.preferEncoding) await restoreClient(cell);
      }
    },
  };
}

export const ENCODING_SCENARIOS: InteropScenario[] = [encodingScenario('json'), encodingScenario('cbor')];
