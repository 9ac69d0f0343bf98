/**
 * Delegation between two servers (P-DELEG, K-ACL) where the client and both servers claim it: the
 * client holds accounts for the pair's server (A) and another server of the run (B), each through
 * its own recording proxy. A makes an instance (HGET), grants B shared R on it (server.delegate:
 * the grant as HGET of a Delegation MO instance), B reads it (GET: 200) but may not delete it (403),
 * A revokes the grant (DELETE of the grant instance), and B's read is then 403. Every step is judged
 * on the Status the client gave and on what each server's upper tester reports.
 */
import type { RawCommand } from '../../protocol/commands.ts';
import { CONNMO } from '../../protocol/moids.ts';
import type { CellRun } from './cell-run.ts';
import { dmMessages } from './dm-messages.ts';
import { accountFor, bootstrapClient, type PairContext } from './pair-context.ts';
import type { Participant } from './participant.ts';
import type { InteropScenario } from './scenario.ts';
import { needsFeature } from './scenario.ts';
import { restoreClient } from './scenario-encodings.ts';
import { watchSession } from './session-watch.ts';

type Outcome = { sc?: number; uri?: string[] };

/** The run's other server that claims DELEGATION and can take part (a proxy in front, an SrvID of its own). */
function grantee(pair: PairContext): Participant | undefined {
  return pair.otherServers.find((s) => s.ics.features.DELEGATION === true && s.proxy && s.server?.srvId !== pair.server.server?.srvId);
}

/** Queues on one server (or has it delegate), runs a session of the client with it, and returns what became of the command. */
async function step(cell: CellRun, server: Participant, what: { command?: RawCommand; grant?: Record<string, unknown> }): Promise<Outcome> {
  const devId = cell.pair.devId;
  const own = server === cell.pair.server ? undefined : server;
  const q = what.grant
    ? await cell.need('server', 'server.delegate', { devId, grant: what.grant }, own)
    : await cell.need('server', 'server.queue', { devId, command: what.command }, own);
  const from = dmMessages(cell.serverRecords()).length;
  await cell.need('client', 'client.startSession', { srvId: server.server!.srvId });
  const t = cell.pair.client.ixit.timeouts;
  await watchSession(cell, { timeoutMs: t.sessionMs, quietMs: 100, from });
  const deadline = Date.now() + t.sessionMs;
  for (;;) {
    const r = await cell.call('server', 'server.result', { commandId: q.commandId }, own).catch(() => undefined);
    const status = r?.status as { sc?: number; URI?: string[] } | undefined;
    if (r?.state === 'done' || r?.state === 'lost' || Date.now() > deadline)
      return { ...(status?.sc !== undefined ? { sc: status.sc } : {}), ...(status?.URI ? { uri: status.URI } : {}) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const DELEGATION: InteropScenario = {
  id: 'delegation',
  title: 'Delegation between two servers',
  description:
    "With a second server of the run (B) that claims DELEGATION: the pair's server (A) makes an instance, grants B shared R (server.delegate), B reads it (200) and cannot delete it (403), A revokes the grant, B's read is 403.",
  rules: ['P-DELEG', 'K-ACL'],
  notApplicable: (pair) =>
    needsFeature(pair, 'client', 'DELEGATION') ??
    needsFeature(pair, 'server', 'DELEGATION') ??
    (grantee(pair) ? undefined : 'no second server of the run claims DELEGATION (give one more --server that does)'),
  async run(cell) {
    const { pair } = cell;
    const b = grantee(pair)!;
    cell.alsoRecord(b.proxy!);
    cell.note(`the grantee is ${b.id} (SrvID ${b.server!.srvId}), reached through its own recording proxy ${b.proxy!.origin}`);
    const writable = pair.client.ixit.client?.writableMoid ?? CONNMO;
    try {
      await bootstrapClient(cell, [accountFor(pair), accountFor({ client: pair.client, server: b, pki: pair.pki })]);
      const content = pair.uris.publish([{ ClientURI: writable, MOData: { Name: 'dmcts-interop-delegated' } }]);
      const made = await step(cell, pair.server, { command: ['HGET', content.url] });
      const target = made.uri?.[0];
      if (made.sc !== 200 || !target?.startsWith(`${writable}/`))
        cell.inconclusive(`${pair.server.id} could not make an instance to delegate (HGET: sc ${made.sc ?? 'none'}, URI ${JSON.stringify(made.uri)})`);
      const grant = await step(cell, pair.server, { grant: { Target: target, Grantee: b.server!.srvId, Rights: 'R', Kind: 'shared' } });
      const grantUri = grant.uri?.[0];
      if (
        !cell.check(
          grant.sc === 200 && grantUri !== undefined,
          `the client took ${pair.server.id}'s grant to ${b.id} (sc ${grant.sc ?? 'none'}, URI ${JSON.stringify(grant.uri)})`,
        )
      )
        return;
      const read = await step(cell, b, { command: ['GET', target] });
      cell.check(read.sc === 200, `${b.id} reads the delegated instance (GET: sc ${read.sc ?? 'none'}; P-DELEG: 200)`);
      const del = await step(cell, b, { command: ['DELETE', target] });
      cell.check(del.sc === 403, `${b.id} may not delete it with R only (DELETE: sc ${del.sc ?? 'none'}; K-ACL: 403)`);
      const revoke = await step(cell, pair.server, { command: ['DELETE', grantUri!] });
      cell.check(revoke.sc === 200, `${pair.server.id} revokes its grant (DELETE of the grant: sc ${revoke.sc ?? 'none'})`);
      const after = await step(cell, b, { command: ['GET', target] });
      cell.check(after.sc === 403, `after the revocation ${b.id} may not read the instance (GET: sc ${after.sc ?? 'none'}; P-DELEG: 403)`);
    } finally {
      await restoreClient(cell);
    }
  },
};
